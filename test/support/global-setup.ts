/**
 * One throw-away PostgreSQL cluster per test run (unless DATABASE_URL points at a server). Test files get
 * their own database from `createTestDatabase()`; the cluster's URL reaches them through the environment.
 * Meanwhile the workflow bundles the suites share are built (workflow-bundles.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../libs/embedded-postgres/src';
import { buildSharedWorkflowBundles } from './workflow-bundles';

export default async function globalSetup(): Promise<void> {
  const run = `${process.pid}-${Date.now()}`;
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), `netral-test-bundles-${run}-`));
  (globalThis as { __NETRAL_BUNDLES__?: string }).__NETRAL_BUNDLES__ = bundleDir;
  const bundles = buildSharedWorkflowBundles(bundleDir);
  if (process.env.DATABASE_URL) {
    process.env.NETRAL_TEST_ADMIN_URL = process.env.DATABASE_URL;
    await bundles;
    return;
  }
  const dataDir = path.join(os.tmpdir(), `netral-test-pg-${run}`);
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  process.env.NETRAL_TEST_ADMIN_URL = pg.url;
  (globalThis as { __NETRAL_PG__?: unknown }).__NETRAL_PG__ = pg;
  await bundles.catch(async (error: unknown) => {
    await pg.stop();
    throw error;
  });
}

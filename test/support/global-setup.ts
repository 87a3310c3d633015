/**
 * One throw-away PostgreSQL cluster per test run (unless DATABASE_URL points at a server). Test files get
 * their own database from `createTestDatabase()`; the cluster's URL reaches them through the environment.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../libs/embedded-postgres/src';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.NETRAL_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = path.join(os.tmpdir(), `netral-test-pg-${process.pid}-${Date.now()}`);
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
  process.env.NETRAL_TEST_ADMIN_URL = pg.url;
  (globalThis as { __NETRAL_PG__?: unknown }).__NETRAL_PG__ = pg;
}

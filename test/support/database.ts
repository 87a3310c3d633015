import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh, empty database on the test run's cluster, named after the test file so that a failing run can
 * be inspected. Returns its connection URL.
 */
export async function createTestDatabase(label: string): Promise<string> {
  const adminUrl = process.env.NETRAL_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('NETRAL_TEST_ADMIN_URL is not set: run tests through jest (globalSetup)');
  const name = `t_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

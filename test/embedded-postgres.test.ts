import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from './support/database';

const run = promisify(execFile);
const script = path.join(__dirname, 'support/bin/embedded-postgres-once.ts');
const tsx = path.join(__dirname, '../node_modules/.bin/tsx');

/** As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder. */
async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.chmod(dir, 0o755);
  return dir;
}

describe('embedded PostgreSQL', () => {
  it('gives each test file its own database on the run cluster', async () => {
    const url = await createTestDatabase('embedded_pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0].db).toMatch(/^t_embedded_pg_/);
  });

  it('keeps data across restarts of a persistent cluster', async () => {
    const dir = await tempDir('netral-pg-persist-');
    try {
      const dataDir = path.join(dir, 'pg');
      await run(tsx, [script, dataDir, 'CREATE TABLE t (v int); INSERT INTO t VALUES (42)']);
      const { stdout } = await run(tsx, [script, dataDir, 'SELECT v FROM t']);
      expect(JSON.parse(stdout)).toEqual([{ v: 42 }]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as net.AddressInfo;
    const dir = await tempDir('netral-pg-port-');
    try {
      await expect(run(tsx, [script, path.join(dir, 'pg'), 'SELECT 1', String(port)])).rejects.toMatchObject({
        stderr: `Port ${port} is already in use; choose another with PGPORT or set DATABASE_URL.`,
      });
    } finally {
      blocker.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a data folder that a live server holds, and clears a stale lock', async () => {
    const dir = await tempDir('netral-pg-lock-');
    try {
      const dataDir = path.join(dir, 'pg');
      await run(tsx, [script, dataDir, 'SELECT 1']);
      // A lock naming a live process (this test runner) belongs to someone else.
      await fs.writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
      await expect(run(tsx, [script, dataDir, 'SELECT 1'])).rejects.toMatchObject({
        stderr: expect.stringContaining(`Another PostgreSQL (pid ${process.pid}) is already running on`),
      });
      // A lock naming a dead process is what a crash leaves behind: removed, and the cluster starts.
      await fs.writeFile(path.join(dataDir, 'postmaster.pid'), `2147483646\n${dataDir}\n`);
      const { stdout } = await run(tsx, [script, dataDir, 'SELECT 7 AS v']);
      expect(JSON.parse(stdout)).toEqual([{ v: 7 }]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

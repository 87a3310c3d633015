import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from './support/database';
import { waitFor } from './support/wait';

const run = promisify(execFile);
const script = path.join(__dirname, 'support/bin/embedded-postgres-once.ts');
const tsx = path.join(__dirname, '../node_modules/.bin/tsx');
const holdScript = path.join(__dirname, 'support/bin/embedded-postgres-hold.ts');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  pid: number;
  port: number;
  postmaster: number;
  watchdog: number;
  kill(): Promise<void>;
}

/** A process that owns a cluster on `dataDir` until it is killed with SIGKILL (plain node, no tsx parent). */
function holdCluster(dataDir: string): Promise<Holder> {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', holdScript, dataDir], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      const info = JSON.parse(out) as Omit<Holder, 'pid' | 'kill'>;
      resolve({
        pid: proc.pid!,
        ...info,
        kill: () =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return r();
            proc.once('exit', () => r());
            proc.kill('SIGKILL');
          }),
      });
    });
    proc.once('exit', (code) => reject(new Error(`holder exited (${code}): ${err}`)));
  });
}

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

  it('makes a durable cluster sync its folder with one syncfs before crash recovery (Linux 5.8 and later)', async () => {
    const dir = await tempDir('netral-pg-syncfs-');
    try {
      const { stdout } = await run(tsx, [
        script,
        path.join(dir, 'pg'),
        'SHOW recovery_init_sync_method',
        '0',
        'durable',
      ]);
      const [major, minor] = os.release().split('.').map(Number);
      const syncfs = process.platform === 'linux' && (major > 5 || (major === 5 && minor >= 8));
      expect(JSON.parse(stdout)).toEqual([{ recovery_init_sync_method: syncfs ? 'syncfs' : 'fsync' }]);
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

  it('stops PostgreSQL when its owner is killed with SIGKILL, and starts again on the same folder', async () => {
    const dir = await tempDir('netral-pg-watchdog-');
    const dataDir = path.join(dir, 'pg');
    let holder: Holder | undefined;
    try {
      holder = await holdCluster(dataDir);
      expect(alive(holder.postmaster)).toBe(true);
      await holder.kill();
      // The watchdog notices within a fraction of a second and fast-stops the orphan, then exits itself.
      await waitFor(async () => !alive(holder!.postmaster) && !alive(holder!.watchdog), 30_000);
      const { stdout } = await run(tsx, [script, dataDir, 'SELECT 3 AS v']);
      expect(JSON.parse(stdout)).toEqual([{ v: 3 }]);
    } finally {
      await holder?.kill();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('recovers an orphaned instance of its own folder, and never touches one whose owner lives', async () => {
    const dir = await tempDir('netral-pg-orphan-');
    const dataDir = path.join(dir, 'pg');
    let holder: Holder | undefined;
    try {
      holder = await holdCluster(dataDir);
      // Owner alive: a second starter must refuse, and the first instance keeps running.
      await expect(run(tsx, [script, dataDir, 'SELECT 1'])).rejects.toMatchObject({
        stderr: expect.stringContaining(`started by the live process ${holder.pid}`),
      });
      expect(alive(holder.postmaster)).toBe(true);

      // Owner and watchdog both killed (as by `kill -9` of the process group): PostgreSQL is orphaned.
      process.kill(holder.watchdog, 'SIGKILL');
      await holder.kill();
      await waitFor(async () => !alive(holder!.watchdog));
      expect(alive(holder.postmaster)).toBe(true);
      const password = (await fs.readFile(`${dataDir}.password`, 'utf8')).trim();
      const url = (db: string) => `postgres://postgres:${password}@127.0.0.1:${holder!.port}/${db}`;
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE netral_check');
      await admin.end();
      const client = new Client({ connectionString: url('netral_check') });
      await client.connect();
      await client.query(
        'CREATE TABLE written_before_crash (v int); INSERT INTO written_before_crash VALUES (5)',
      );
      await client.end();

      // The next start stops the orphan cleanly (its committed data kept) and runs alone on the folder.
      const { stdout } = await run(tsx, [script, dataDir, 'SELECT v FROM written_before_crash']);
      expect(JSON.parse(stdout)).toEqual([{ v: 5 }]);
      expect(alive(holder.postmaster)).toBe(false);
    } finally {
      await holder?.kill();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

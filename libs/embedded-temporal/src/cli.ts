/**
 * `netral-temporal server start-dev [flags]`: the embedded server as a drop-in for Temporal CLI's
 * `temporal server start-dev`, so that `TestWorkflowEnvironment.createLocal({ server: { executable:
 * { type: 'existing-path', path } } })` can launch it. `netral-temporal <port> [--enable-time-skipping]`
 * is the drop-in for Temporal's time-skipping test server (`TestWorkflowEnvironment.createTimeSkipping`).
 *
 * Storage: `--database-url` (an external PostgreSQL), else an embedded PostgreSQL cluster: throw-away
 * without `--db-filename`, persistent in the folder named by `--db-filename` (like start-dev's SQLite file).
 * The port opens at once (the SDK allows 5 s); RPCs wait until storage is ready.
 *
 * The SDK stops the server with SIGKILL, which no process can intercept; a small watchdog process
 * (bin/watchdog.js) therefore stops the embedded PostgreSQL and removes a throw-away cluster when this
 * process disappears.
 */
import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '@netral/embedded-postgres';
import { type CliOptions, parseArgs } from './cli-args';
import { parseLogLevel, streamLogger } from './logger';
import { startTemporalServer } from './server';

export interface MainOptions {
  /** Path of bin/watchdog.js (the launcher knows it; compiled code does not live beside bin/). */
  watchdogPath?: string;
}

export { CliUsageError, parseArgs } from './cli-args';

export async function main(argv: string[], mainOptions: MainOptions = {}): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const logger = streamLogger(parseLogLevel(options.logLevel), options.logFormat, (line) =>
    process.stderr.write(line + '\n'),
  );
  let pg: RunningPostgres | undefined;
  let throwAwayDir: string | undefined;
  // Detached: a signal to our process group must not take the watchdog down with us.
  const watchdogPath = mainOptions.watchdogPath ?? path.join(__dirname, '../bin/watchdog.js');
  const watchdog = fork(watchdogPath, [], { stdio: 'ignore', detached: true });
  watchdog.unref();
  watchdog.on('error', (e) => logger.warn('watchdog could not start', { error: e.message }));

  const databaseUrl = options.databaseUrl
    ? options.databaseUrl
    : async () => {
        let dataDir: string;
        if (options.dbFilename) {
          dataDir = path.resolve(options.dbFilename);
        } else {
          throwAwayDir = await fs.mkdtemp(path.join(os.tmpdir(), 'netral-temporal-'));
          // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
          await fs.chmod(throwAwayDir, 0o755);
          dataDir = path.join(throwAwayDir, 'pg');
        }
        watchdog.send({ dataDir, removeDir: throwAwayDir });
        pg = await startEmbeddedPostgres({
          dataDir,
          persistent: !!options.dbFilename,
          fast: !options.dbFilename,
          onLog: (line) => logger.debug(`postgres: ${line.trim()}`),
        });
        return pg.createDatabase('temporal');
      };

  const server = await startTemporalServer({
    databaseUrl,
    port: options.port,
    httpPort: options.httpPort,
    host: options.ip,
    namespaces: options.namespaces,
    logger,
    timeSkipping: options.timeSkipping,
    activityEagerExecution: options.activityEagerExecution,
  });
  const mode = options.timeSkipping ? ', time skipping' : '';
  process.stdout.write(
    `Temporal Server: ${server.address} (netral embedded${mode}, namespaces: ${['default', ...options.namespaces].join(', ')}, HTTP API: ${server.httpAddress})\n`,
  );
  server.ready.catch((e: Error) => {
    process.stderr.write(`storage failed to start: ${e.message}\n`);
    void shutdown(1);
  });

  let stopping = false;
  async function shutdown(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    try {
      await server.stop();
      await pg?.stop();
      if (throwAwayDir) await fs.rm(throwAwayDir, { recursive: true, force: true });
    } catch (e) {
      process.stderr.write(`error while stopping: ${String(e)}\n`);
      code = code || 1;
    }
    watchdog.disconnect();
    process.exit(code);
  }
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
}

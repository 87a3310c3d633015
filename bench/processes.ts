/**
 * The service as production runs it, for the HTTP benchmark: the embedded Temporal server and the case worker
 * in one process, the HTTP API in another (as `deploy/` runs `apps/worker` and `apps/api`), and the load
 * generator (the benchmark itself) in a third. So a request's latency is the API's own, not time spent
 * behind the worker's workflow thread, the engine's transactions or the load generator on one event loop.
 * Each part is bench/service-process.ts, compiled by `npm run build`, forked under plain node.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import type * as PlatformModule from '../apps/api/src/platform';
import type { ApiRequestTrace, GcPause } from './http-trace';
import { BENCH_SECRET, fromDist, nodeFlagsFrom, officerAndSupervisor } from './support';

/** What a part sends to the benchmark. */
export type ChildMessage =
  | { type: 'ready'; url?: string; temporalAddress?: string }
  | { type: 'failed'; message: string }
  | { type: 'captured'; statements: { sql: string; params?: unknown[] }[] }
  | { type: 'loop'; p99Ms: number }
  | { type: 'heap'; heap: MainIsolateMemory }
  | { type: 'trace'; requests: ApiRequestTrace[]; gcs: GcPause[] };

/** A part's `process.memoryUsage()` in MiB: its main isolate's heap and external memory, and its RSS. */
export interface MainIsolateMemory {
  rssMiB: number;
  heapTotalMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  /**
   * V8's compiled code (`code_and_metadata_size`, bytecode not included): it grows while the optimizing
   * compiler still tiers up the request path, so a warm-up can wait until it stops growing.
   */
  codeKiB: number;
}

/** What the benchmark asks of a part. */
export type ParentMessage =
  | { type: 'stop' }
  | { type: 'capture' }
  | { type: 'captured' }
  | { type: 'loop-start' }
  | { type: 'loop-stop' }
  | { type: 'heap' }
  | { type: 'trace' };

export interface ServiceProcesses {
  url: string;
  /** Process ids: the API, and the embedded Temporal server with the worker. */
  pids: { api: number; engineWorker: number };
  /** CPU time (user + system) each part has used so far, in ms (Linux /proc; 10 ms resolution). */
  cpuMs(): { api: number; engineWorker: number };
  /** The SQL the API sends while `request` runs. */
  statementsOf(request: () => Promise<unknown>): Promise<{ sql: string; params?: unknown[] }[]>;
  /** The p99 of the API process's event-loop delay while `work` runs, in ms. */
  apiLoopDelayOf<T>(work: () => Promise<T>): Promise<{ result: T; p99Ms: number }>;
  /** Each part's main isolate memory now (the workflow thread's isolate and native memory are the RSS's rest). */
  heapOf(): Promise<{ api: MainIsolateMemory; engineWorker: MainIsolateMemory }>;
  /** BENCH_TRACE=1: the API's notes of the requests it served since the last call (bench/http-trace.ts). */
  traceOf(): Promise<{ requests: ApiRequestTrace[]; gcs: GcPause[] }>;
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  databaseUrl: string;
  /** The local signing secret of the API's tokens. */
  secret: string;
  /** Extra node flags for the API process, e.g. `--cpu-prof --cpu-prof-dir=…` (BENCH_API_NODE_OPTIONS). */
  apiExecArgv?: string[];
  /** The same for the engine+worker process (BENCH_ENGINE_NODE_OPTIONS). */
  engineWorkerExecArgv?: string[];
}

/**
 * The node flags production runs each part with (deploy/kubernetes/api.yaml and worker.yaml): the old
 * generation capped at 75 % of the pod's memory limit (512 MiB for the API, 1 GiB for the worker), as the
 * Temporal SDK recommends in a container. Node sizes its heap from the machine's memory, not the container's:
 * without the cap, V8 on this 24 GiB machine may let the old generation grow 4x past what survived the last
 * collection before collecting again (under a 2 GiB cap the factor is 1.3-2), so the benchmark measured a heap
 * policy production does not run. Flags given in BENCH_*_NODE_OPTIONS come after these and win.
 */
export const PRODUCTION_NODE_FLAGS = {
  // --single-threaded-gc: V8's GC helper threads, descheduled on busy cores, stretched young-generation
  // pauses to 30-130 ms (bench/notes/s09-perf-query.md); deploy/ starts the API with it too.
  api: ['--max-old-space-size=384', '--single-threaded-gc'],
  engineWorker: ['--max-old-space-size=768'],
};

export async function startServiceProcesses(options: ServiceProcessOptions): Promise<ServiceProcesses> {
  const env = { ...process.env, DATABASE_URL: options.databaseUrl, BENCH_SECRET: options.secret };
  const engineWorker = forkPart({ ...env, BENCH_PART: 'engine-worker' }, [
    ...PRODUCTION_NODE_FLAGS.engineWorker,
    ...(options.engineWorkerExecArgv ?? []),
  ]);
  let api: ChildProcess | undefined;
  try {
    const { temporalAddress } = await nextMessage(engineWorker, 'ready', 120_000);
    api = forkPart({ ...env, BENCH_PART: 'api', TEMPORAL_ADDRESS: temporalAddress }, [
      ...PRODUCTION_NODE_FLAGS.api,
      ...(options.apiExecArgv ?? []),
    ]);
    const { url } = await nextMessage(api, 'ready', 120_000);
    const apiProcess = api;
    return {
      url: url!,
      pids: { api: apiProcess.pid!, engineWorker: engineWorker.pid! },
      cpuMs: () => ({ api: cpuMsOf(apiProcess.pid!), engineWorker: cpuMsOf(engineWorker.pid!) }),
      async statementsOf(request) {
        apiProcess.send({ type: 'capture' } satisfies ParentMessage);
        await request();
        const answer = nextMessage(apiProcess, 'captured', 10_000);
        apiProcess.send({ type: 'captured' } satisfies ParentMessage);
        return (await answer).statements;
      },
      async apiLoopDelayOf(work) {
        apiProcess.send({ type: 'loop-start' } satisfies ParentMessage);
        const result = await work();
        const answer = nextMessage(apiProcess, 'loop', 10_000);
        apiProcess.send({ type: 'loop-stop' } satisfies ParentMessage);
        return { result, p99Ms: (await answer).p99Ms };
      },
      async heapOf() {
        const ask = async (child: ChildProcess) => {
          const answer = nextMessage(child, 'heap', 10_000);
          child.send({ type: 'heap' } satisfies ParentMessage);
          return (await answer).heap;
        };
        return { api: await ask(apiProcess), engineWorker: await ask(engineWorker) };
      },
      async traceOf() {
        const answer = nextMessage(apiProcess, 'trace', 10_000);
        apiProcess.send({ type: 'trace' } satisfies ParentMessage);
        const { requests, gcs } = await answer;
        return { requests, gcs };
      },
      // The API first (no request in flight reaches a stopped worker), then the worker and the engine.
      stop: async () => {
        await stopPart(apiProcess);
        await stopPart(engineWorker);
      },
    };
  } catch (error) {
    if (api) await stopPart(api);
    await stopPart(engineWorker);
    throw error;
  }
}

/** The service of the traces (command-trace, registration-cost) on a PostgreSQL of its own. */
export interface MeasuredService {
  /** The cluster's data folder (proc-cpu's postgresCpu finds its processes by it). */
  dataDir: string;
  databaseUrl: string;
  service: ServiceProcesses;
  /** Tokens of kota-bekasi's officer and supervisor. */
  officer: string;
  supervisor: string;
  /** Stops PostgreSQL: after `service.stop()` and the caller's last query. */
  stopPostgres(): Promise<void>;
}

/**
 * A throw-away PostgreSQL with pg_stat_statements, the service's two processes on one database of it (the
 * compiled code: `npm run build` first), and the callers' tokens. Node flags from BENCH_API_NODE_OPTIONS and
 * BENCH_ENGINE_NODE_OPTIONS come after `execArgv`'s (e.g. a `--require` hook).
 */
export async function startMeasuredService(
  label: string,
  execArgv: { api?: string[]; engineWorker?: string[] } = {},
): Promise<MeasuredService> {
  const { mintLocalToken } = await fromDist<typeof PlatformModule>('apps/api/src/platform/index.js');
  const dataDir = path.join(os.tmpdir(), `netral-${label}-${process.pid}`);
  const pg = await startEmbeddedPostgres({
    dataDir,
    persistent: false,
    settings: { shared_preload_libraries: 'pg_stat_statements' },
  });
  try {
    const databaseUrl = await pg.createDatabase(`bench_${label.replace(/-/g, '_')}`);
    const service = await startServiceProcesses({
      databaseUrl,
      secret: BENCH_SECRET,
      apiExecArgv: [...(execArgv.api ?? []), ...nodeFlagsFrom('BENCH_API_NODE_OPTIONS')],
      engineWorkerExecArgv: [...(execArgv.engineWorker ?? []), ...nodeFlagsFrom('BENCH_ENGINE_NODE_OPTIONS')],
    });
    try {
      const { officer, supervisor } = await officerAndSupervisor(mintLocalToken);
      return { dataDir, databaseUrl, service, officer, supervisor, stopPostgres: () => pg.stop() };
    } catch (e) {
      await service.stop();
      throw e;
    }
  } catch (e) {
    await pg.stop();
    throw e;
  }
}

function forkPart(env: NodeJS.ProcessEnv, extraExecArgv: string[] = []): ChildProcess {
  const compiled = path.join(__dirname, '..', 'dist', 'bench', 'service-process.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` first`);
  return fork(compiled, [], {
    env,
    execArgv: extraExecArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') {
        done();
        reject(new Error(`service process ${child.pid} failed: ${message.message}`));
      } else if (message.type === type) {
        done();
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`service process ${child.pid} exited (${code}) before '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`service process ${child.pid}: no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopPart(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies ParentMessage);
  // A part that does not stop in time is ended, so the benchmark never hangs on its teardown.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

/** utime + stime of a process, from /proc/<pid>/stat (clock ticks, 100 per second on Linux). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5), counted from the state field (3rd) here.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

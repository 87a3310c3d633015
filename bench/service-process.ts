/**
 * One part of the service in its own process, as `deploy/` runs them: forked by bench/processes.ts with
 * `BENCH_PART=engine-worker` (the embedded Temporal server and the case worker, as `apps/worker` beside a
 * Temporal cluster) or `BENCH_PART=api` (the HTTP API alone, as `apps/api/src/main.ts`). It runs compiled, as
 * `dist/bench/service-process.js` under plain node (no tsx loader or source maps, as in production), and
 * loads the service from `dist/` beside it. Talks to its parent over IPC only:
 * `ready` once serving, the API's event-loop delay on request, and the SQL a request ran (for its plan).
 */
import { writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { getHeapCodeStatistics } from 'node:v8';
import type { Server } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type * as AppModuleFile from '../apps/api/src/app.module';
import type * as InfrastructureModule from '../apps/api/src/infrastructure';
import type * as PlatformModule from '../apps/api/src/platform';
import type * as WorkerModuleFile from '../apps/worker/src/worker.module';
import type { WorkerTuning } from '../apps/worker/src/case-worker';
import type * as EmbeddedTemporal from '@netral/embedded-temporal';
import { type ApiRequestTrace, type GcPause, monotonicMs, performanceToMonotonic } from './http-trace';
import type { ChildMessage, MainIsolateMemory, ParentMessage } from './processes';

const send = (message: ChildMessage) => process.send?.(message);

/** `file` under dist/, this file being dist/bench/service-process.js. */
async function fromDist<T>(file: string): Promise<T> {
  return (await import(path.join(__dirname, '..', file))) as T;
}

/** The embedded Temporal server and the case worker, as `startService` starts them. */
async function startEngineAndWorker(databaseUrl: string): Promise<() => Promise<void>> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const { startTemporalServer } = await fromDist<typeof EmbeddedTemporal>(
    'libs/embedded-temporal/src/index.js',
  );
  const { WorkerModule } = await fromDist<typeof WorkerModuleFile>('apps/worker/src/worker.module.js');
  const temporal = await startTemporalServer({
    databaseUrl,
    port: 0,
    activityEagerExecution: true,
    // EMBEDDED_TEMPORAL_CONNECTIONS of apps/api/src/service.ts (not imported: it would load the API's modules here).
    maxConnections: 10,
  });
  await temporal.ready;
  let worker: INestApplicationContext | undefined;
  try {
    worker = await NestFactory.createApplicationContext(
      WorkerModule.register(
        {
          databaseUrl,
          temporalAddress: temporal.address,
          // Another process on this machine, as in `startService`: compressing would only cost CPU.
          temporalGrpcCompression: 'none',
          temporalNamespace: 'default',
          taskQueue: 'netral-cases',
          webhook: null,
          email: null,
          maxConcurrentActivityTaskExecutions: 100,
          // A/B runs: BENCH_INITIAL_WFT_SLOTS=40 is the SDK's fixed 40 workflow task slots (case-worker.ts).
          ...(process.env.BENCH_INITIAL_WFT_SLOTS
            ? { initialWorkflowTaskSlots: Number(process.env.BENCH_INITIAL_WFT_SLOTS) }
            : {}),
          ...(process.env.BENCH_MAX_CACHED_WORKFLOWS
            ? { maxCachedWorkflows: Number(process.env.BENCH_MAX_CACHED_WORKFLOWS) }
            : {}),
          digestSchedule: true,
          payloadCodec: null,
          // A/B runs: more SDK worker settings as JSON ('{"nonStickyToStickyPollRatio":1}'), another bundle.
          ...(process.env.BENCH_WORKER_OPTIONS
            ? { tuning: JSON.parse(process.env.BENCH_WORKER_OPTIONS) as WorkerTuning }
            : {}),
          ...(process.env.BENCH_WORKFLOW_BUNDLE
            ? { workflowBundlePath: process.env.BENCH_WORKFLOW_BUNDLE }
            : {}),
        },
        { log: { info: () => {} } },
      ),
      { logger: false },
    );
    await worker.init();
  } catch (error) {
    await temporal.stop();
    throw error;
  }
  send({ type: 'ready', temporalAddress: temporal.address });
  return async () => {
    await worker?.close();
    await temporal.stop();
  };
}

/** The HTTP API alone, against the Temporal address the engine process announced. */
async function startApi(databaseUrl: string, temporalAddress: string): Promise<() => Promise<void>> {
  const { AppModule } = await fromDist<typeof AppModuleFile>('apps/api/src/app.module.js');
  const { createApiApp, platformConfig, RequestContext } = await fromDist<typeof PlatformModule>(
    'apps/api/src/platform/index.js',
  );
  const { DATA_SOURCE } = await fromDist<typeof InfrastructureModule>('apps/api/src/infrastructure/index.js');
  const api = await createApiApp(
    AppModule.register({
      config: platformConfig(
        {
          mode: 'local',
          secret: process.env.BENCH_SECRET!,
          issuer: 'netral-local',
          audience: 'netral-api',
          clockToleranceSeconds: 5,
        },
        { rateLimit: { limit: 1_000_000, windowMs: 60_000 }, logLevel: 'warn' },
      ),
      logger: pino({ level: 'warn' }),
      infrastructure: {
        databaseUrl,
        temporal: {
          address: temporalAddress,
          namespace: 'default',
          taskQueue: 'netral-cases',
          payloadCodec: null,
        },
      },
    }),
  );
  await api.listen(0, '127.0.0.1');
  const url = (await api.getUrl()).replace('[::1]', '127.0.0.1');

  // The SQL each request sends, while the parent asks for it (bench instrumentation of this process only).
  const dataSource = api.get<DataSource>(DATA_SOURCE, { strict: false });
  const original = dataSource.query.bind(dataSource);
  let captured: { sql: string; params?: unknown[] }[] | undefined;
  const tracer = process.env.BENCH_TRACE ? traceRequests(api.getHttpServer() as Server) : undefined;
  dataSource.query = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
    captured?.push({ sql, params });
    const done = tracer?.statement(RequestContext.current()?.requestId);
    const result = (original as (...args: unknown[]) => Promise<unknown>)(sql, params, ...rest);
    return done ? result.finally(done) : result;
  }) as DataSource['query'];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const heapSampler = process.env.BENCH_API_HEAP_SAMPLE
    ? sampleSurvivors(process.env.BENCH_API_HEAP_SAMPLE)
    : undefined;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'loop-start') heapSampler?.start();
    if (message.type === 'loop-stop') heapSampler?.stop();
    if (message.type === 'capture') captured = [];
    if (message.type === 'captured') {
      send({ type: 'captured', statements: captured ?? [] });
      captured = undefined;
    }
    if (message.type === 'loop-start') {
      loop.reset();
      loop.enable();
    }
    if (message.type === 'trace') send({ type: 'trace', ...(tracer?.take() ?? { requests: [], gcs: [] }) });
    if (message.type === 'loop-stop') {
      loop.disable();
      send({ type: 'loop', p99Ms: Math.round(loop.percentile(99) / 1e4) / 100 });
    }
  });
  send({ type: 'ready', url });
  return () => api.close();
}

/**
 * BENCH_TRACE=1 (bench/http-trace.ts): each request's arrival and finish, keyed by its `X-Request-Id`, the
 * statements it sent, and the process's GC pauses.
 */
function traceRequests(server: Server) {
  let requests = new Map<string, ApiRequestTrace>();
  let gcs: GcPause[] = [];
  server.prependListener('request', (req, res) => {
    const id = req.headers['x-request-id'];
    if (typeof id !== 'string') return;
    const trace: ApiRequestTrace = { id, arrive: monotonicMs(), sql: [] };
    requests.set(id, trace);
    res.once('finish', () => (trace.finish = monotonicMs()));
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs.push({
        start: performanceToMonotonic(e.startTime),
        ms: e.duration,
        kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0,
      });
    }
  }).observe({ entryTypes: ['gc'] });
  return {
    statement(requestId: string | undefined): (() => void) | undefined {
      const trace = requestId === undefined ? undefined : requests.get(requestId);
      if (!trace) return undefined;
      const sql = { start: monotonicMs(), end: 0 };
      trace.sql.push(sql);
      return () => (sql.end = monotonicMs());
    },
    take() {
      const taken = { requests: [...requests.values()], gcs };
      requests = new Map();
      gcs = [];
      return taken;
    },
  };
}

/**
 * BENCH_API_HEAP_SAMPLE=<dir>: V8's sampling heap profile of each measured run (from `loop-start` to
 * `loop-stop`), keeping the samples of objects a scavenge did not free (promoted, then freed by a
 * mark-compact, or still live): where the allocations that reach the old generation come from, as
 * `<dir>/api-<n>.heapprofile` (Chrome DevTools reads it).
 */
function sampleSurvivors(dir: string) {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  let n = 0;
  let running: Promise<unknown> = Promise.resolve();
  return {
    start() {
      running = running.then(() =>
        post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: false,
        }),
      );
    },
    stop() {
      const file = path.join(dir, `api-${n++}.heapprofile`);
      running = running
        .then(() => post('HeapProfiler.stopSampling'))
        .then((result) => writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile)))
        .catch((e: unknown) => console.error('heap sample', e));
    },
  };
}

function mainIsolateMemory(): MainIsolateMemory {
  const usage = process.memoryUsage();
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;
  return {
    rssMiB: mib(usage.rss),
    heapTotalMiB: mib(usage.heapTotal),
    heapUsedMiB: mib(usage.heapUsed),
    externalMiB: mib(usage.external),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    codeKiB: Math.round(getHeapCodeStatistics().code_and_metadata_size / 1024),
  };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL!;
  const stop =
    process.env.BENCH_PART === 'api'
      ? await startApi(databaseUrl, process.env.TEMPORAL_ADDRESS!)
      : await startEngineAndWorker(databaseUrl);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'heap') send({ type: 'heap', heap: mainIsolateMemory() });
    if (message.type !== 'stop') return;
    void stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
  // The parent gone (killed, crashed): nothing left to serve.
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}

main().catch((e: unknown) => {
  console.error(e);
  send({ type: 'failed', message: String(e) });
  process.exit(1);
});

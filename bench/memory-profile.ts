/**
 * `npx tsx bench/memory-profile.ts` (after the build `npm run bench` makes): where the whole service's memory
 * goes under the 50-officer command load of the HTTP benchmark (issue #15: under 1 GiB). Starts a
 * throw-away embedded PostgreSQL and the service in this process as `npm start` does, runs the load while
 * sampling every 500 ms, and prints at the peak: proportional set size of this process and of PostgreSQL,
 * the main isolate's heap by space, external memory, and, after the load, the engine's caches (entries and
 * serialized bytes) and what clearing each one frees from the main heap (with `--expose-gc`).
 *
 * Settings: PROFILE_OFFICERS (50), BENCH_COMMANDS_PER_OFFICER (30), BENCH_MAX_CACHED_WORKFLOWS (the
 * worker's default), PROFILE_WORKER_SNAPSHOT=1 (heap snapshot of the workflow thread's isolate, summed by
 * constructor), PROFILE_MAIN_SNAPSHOT=1 (the same for the main isolate), PROFILE_PG_SETTINGS='name=value,…' (PostgreSQL settings to compare).
 * PROFILE_LABEL names the result file (bench/results/memory-profile-<label>.json).
 * Example: `npx tsx --expose-gc bench/memory-profile.ts`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import type * as workerThreads from 'node:worker_threads';
import { createRequire } from 'node:module';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import type * as ServiceModule from '../apps/api/src/service';
import type * as PlatformModule from '../apps/api/src/platform';
import type * as StateCacheModule from '../libs/embedded-temporal/src/engine/state-cache';
import type * as EventTailModule from '../libs/embedded-temporal/src/engine/event-tail';
import { commandOf, pssKb, processTree } from './memory';
import { BENCH_SECRET, measure, officerAndSupervisor, round, writeResult } from './support';
import { poster, registerBody } from './http.bench';

const OFFICERS = Number(process.env.PROFILE_OFFICERS ?? 50);
const COMMANDS_PER_OFFICER = Number(process.env.BENCH_COMMANDS_PER_OFFICER ?? 30);
const MiB = 1024 * 1024;
const mib = (bytes: number) => round(bytes / MiB);

const dist = (file: string) => path.join(__dirname, '..', 'dist', file);

/** The workflow threads the SDK starts (it builds them with `new worker_threads.Worker`). */
const workflowThreads: workerThreads.Worker[] = [];
// The module object itself (an `import * as` namespace is read-only), as the SDK's compiled code uses it.
const load = createRequire(__filename);
const threadsModule = load('node:worker_threads') as { Worker: typeof workerThreads.Worker };
const OriginalWorker = threadsModule.Worker;
threadsModule.Worker = class extends OriginalWorker {
  constructor(...args: ConstructorParameters<typeof workerThreads.Worker>) {
    super(...args);
    workflowThreads.push(this);
  }
};

/** The engine's caches, found by patching their classes in the compiled engine the service loads. */
function watchEngineCaches() {
  const { StateCache } = load(
    dist('libs/embedded-temporal/src/engine/state-cache.js'),
  ) as typeof StateCacheModule;
  const { EventTail } = load(
    dist('libs/embedded-temporal/src/engine/event-tail.js'),
  ) as typeof EventTailModule;
  const caches = new Set<object>();
  for (const klass of [StateCache, EventTail]) {
    const methods = klass.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['put', 'committed']) {
      const original = methods[name];
      if (!original) continue;
      methods[name] = function (this: object, ...args: unknown[]) {
        caches.add(this);
        return original.apply(this, args);
      };
    }
  }
  return caches;
}

interface Sample {
  totalMiB: number;
  nodeMiB: number;
  postgresMiB: number;
  /** The postmaster, its helpers and one backend per open connection. */
  postgresProcesses: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  spaces: Record<string, number>;
}

function sample(): Sample {
  const node = pssKb(process.pid);
  // PostgreSQL only: the embedded cluster's watchdog (a `node -e` child) is not the service.
  const postgresPids = processTree(process.pid)
    .map((p) => p.pid)
    .filter((pid) => pid !== process.pid && commandOf(pid) === 'postgres');
  const postgres = postgresPids.reduce((sum, pid) => sum + pssKb(pid), 0);
  const usage = process.memoryUsage();
  return {
    totalMiB: round((node + postgres) / 1024),
    nodeMiB: round(node / 1024),
    postgresMiB: round(postgres / 1024),
    postgresProcesses: postgresPids.length,
    heapUsedMiB: mib(usage.heapUsed),
    heapTotalMiB: mib(usage.heapTotal),
    externalMiB: mib(usage.external),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    spaces: Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, mib(s.space_used_size)] as const),
    ),
  };
}

function gc(): boolean {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return false;
  collect();
  collect();
  return true;
}

/** Bytes of what a cache holds (its values serialized), and what clearing it frees from the main heap. */
function cacheFigures(caches: Set<object>) {
  const figures: Record<string, unknown>[] = [];
  for (const cache of caches) {
    const maps = Object.entries(cache).filter(
      (e): e is [string, Map<string, unknown>] => e[1] instanceof Map,
    );
    const entry: Record<string, unknown> = { cache: cache.constructor.name };
    for (const [name, map] of maps) {
      let bytes = 0;
      for (const value of map.values()) bytes += v8.serialize(value).length;
      entry[name] = { entries: map.size, serializedMiB: mib(bytes) };
    }
    if (gc()) {
      const before = process.memoryUsage();
      for (const [, map] of maps) map.clear();
      gc();
      const after = process.memoryUsage();
      entry.freedHeapMiB = mib(before.heapUsed - after.heapUsed);
      entry.freedExternalMiB = mib(before.external - after.external);
    }
    figures.push(entry);
  }
  return figures;
}

/** An isolate's heap (a snapshot stream): its objects' own sizes summed by constructor. */
async function heapByConstructor(stream: NodeJS.ReadableStream) {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  const snapshot = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = snapshot.snapshot.meta.node_types[0];
  const byName = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const size = snapshot.nodes[i + sizeAt];
    total += size;
    const type = types[snapshot.nodes[i + typeAt]];
    const key =
      type === 'object' || type === 'closure'
        ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]]}`
        : type;
    byName.set(key, (byName.get(key) ?? 0) + size);
  }
  return {
    snapshotMiB: mib(text.length),
    selfSizeMiB: mib(total),
    top: [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, size]) => `${name}: ${mib(size)} MiB`),
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const caches = watchEngineCaches();
  const settings = Object.fromEntries(
    (process.env.PROFILE_PG_SETTINGS ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => s.split('=') as [string, string]),
  );
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-memory-${process.pid}`),
    persistent: false,
    settings,
  });
  const { startService } = (await import(dist('apps/api/src/service.js'))) as typeof ServiceModule;
  const { platformConfig, mintLocalToken } = (await import(
    dist('apps/api/src/platform/index.js')
  )) as typeof PlatformModule;
  const idle: Sample[] = [];
  try {
    const service = await startService({
      databaseUrl: await pg.createDatabase('memory_profile'),
      platform: platformConfig(
        {
          mode: 'local',
          secret: BENCH_SECRET,
          issuer: 'netral-local',
          audience: 'netral-api',
          clockToleranceSeconds: 5,
        },
        { rateLimit: { limit: 1_000_000, windowMs: 60_000 }, logLevel: 'warn' },
      ),
      logger: pino({ level: 'warn' }),
      temporalPort: 0,
      port: 0,
      host: '127.0.0.1',
      worker: {
        maxConcurrentActivityTaskExecutions: 100,
        ...(process.env.BENCH_MAX_CACHED_WORKFLOWS
          ? { maxCachedWorkflows: Number(process.env.BENCH_MAX_CACHED_WORKFLOWS) }
          : {}),
        activityOptions: { log: { info: () => {} } },
      },
    });
    try {
      idle.push(sample());
      const { officer, supervisor } = await officerAndSupervisor(mintLocalToken);
      const post = poster(service.url);
      let peak: Sample = sample();
      let samples = 0;
      const timer = setInterval(() => {
        const now = sample();
        samples++;
        if (now.totalMiB > peak.totalMiB) peak = now;
      }, 500);
      // Time the main isolate spends collecting garbage: what a tighter heap costs.
      const gcMs = { total: 0, count: 0 };
      const gcWatch = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          gcMs.total += entry.duration;
          gcMs.count += 1;
        }
      });
      gcWatch.observe({ entryTypes: ['gc'] });
      const current: { caseId: string; step: number }[] = [];
      let serial = 0;
      let failed = 0;
      let cases = 0;
      const run = await measure(OFFICERS, OFFICERS * COMMANDS_PER_OFFICER, async (worker) => {
        const mine = current[worker];
        try {
          if (!mine || mine.step === 2) {
            const response = await post('/cases', officer, registerBody(serial++));
            current[worker] = { caseId: response.location!.split('/').pop()!, step: 0 };
            cases++;
          } else if (mine.step === 0) {
            await post(`/cases/${mine.caseId}/assignment`, supervisor, { officerId: 'officer-kota-bekasi' });
            mine.step = 1;
          } else {
            await post(`/cases/${mine.caseId}/clarification/start`, officer, { by: 'inspektorat' });
            mine.step = 2;
          }
        } catch {
          failed++;
          if (mine) current[worker] = { ...mine, step: 2 };
        }
      });
      clearInterval(timer);
      gcWatch.disconnect();
      const after = sample();
      const report: Record<string, unknown> = {
        load: os.loadavg().map(round),
        officers: OFFICERS,
        commands: run.operations,
        cases,
        failed,
        perSecond: run.perSecond,
        p50Ms: run.p50Ms,
        cpuMsPerCommand: run.cpuMsPerOperation,
        eventLoopDelayP99Ms: run.eventLoopDelayP99Ms,
        mainGcMsPerCommand: round(gcMs.total / run.operations),
        mainGcs: gcMs.count,
        mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? 'default',
        execArgv: process.execArgv,
        maxCachedWorkflows: process.env.BENCH_MAX_CACHED_WORKFLOWS ?? 'default',
        postgresSettings: settings,
        samples,
        idle: idle[0],
        peak,
        afterLoad: after,
      };
      if (process.env.PROFILE_WORKER_SNAPSHOT)
        report.workflowThreads = await Promise.all(
          workflowThreads.map(async (t) => heapByConstructor(await t.getHeapSnapshot())),
        );
      if (gc()) report.afterFullGc = sample();
      if (process.env.PROFILE_MAIN_SNAPSHOT) report.mainHeap = await heapByConstructor(v8.getHeapSnapshot());
      report.engineCaches = cacheFigures(caches);
      // The SDK's core logs to stdout too: the report goes to its own file.
      const label = process.env.PROFILE_LABEL ? `-${process.env.PROFILE_LABEL}` : '';
      console.error(`wrote ${await writeResult(`memory-profile${label}`, report)}`);
      post.close();
    } finally {
      await service.stop();
    }
  } finally {
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npx tsx bench/temporal-update-trace.ts`: where one update's round trip goes (`handle.executeUpdate('bump')`
 * on one workflow, as embedded-temporal.bench.ts measures it), in one process: embedded PostgreSQL, the
 * server, the SDK worker (no gRPC compression) and a grpc-js client, as temporal-env.ts starts them.
 *
 * Notes on the monotonic clock: the client's call, each RPC the server serves (arrival → answer), each pg
 * query. Per update, the milliseconds from the client's call to: the Update RPC's arrival, the sticky poll's
 * answer (the task handed over), the completion's arrival, the engine write's start and end, the
 * completion's answer, the Update RPC's answer, the client's result; and whether a poll was already waiting
 * when the update arrived. Rounds of UPDATE_TRACE_UPDATES (200) updates, UPDATE_TRACE_ROUNDS (3) of them,
 * p50 of each phase per round; also RPCs and pg queries per update, the main thread's and the other threads'
 * CPU per update, and PostgreSQL's view of the engine's write (pg_stat_statements).
 *
 * Diagnoses: UPDATE_TRACE_PROFILE=<file> (the main thread's CPU profile over the rounds and the notes, to map
 * samples to phases), `globalThis.__mark?.(label)` calls put in the engine for a session (each mark's median
 * offset is printed), UPDATE_TRACE_SQL=1 (one write's SQL and parameters), UPDATE_TRACE_NODELAY=1 (the server's
 * sockets without Nagle), UPDATE_TRACE_PG_SETTINGS='{"synchronous_commit":"off"}' (e.g. the fsync's share).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Client as PgClient, Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { round } from './support';
import { startBenchTemporal } from './temporal-env';
import { threadCpu } from './temporal-threads';

const UPDATES = Number(process.env.UPDATE_TRACE_UPDATES ?? 200);
const ROUNDS = Number(process.env.UPDATE_TRACE_ROUNDS ?? 3);

/** [kind, name, start ms, end ms]: c gRPC call made, s gRPC call served, q pg query. */
type Note = [kind: 'c' | 's' | 'q' | 'm', name: string, start: number, end: number];
const notes: Note[] = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;
type AnyFunction = (...args: unknown[]) => unknown;

function withDone(args: unknown[], done: () => void): boolean {
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback !== 'function') return false;
  args[last] = function (this: unknown, ...results: unknown[]) {
    done();
    return (callback as AnyFunction).apply(this, results);
  };
  return true;
}

/** UPDATE_TRACE_SQL=1: prints one engine write during the rounds (its SQL and parameter sizes). */
let writes = 0;
const showWrite = process.env.UPDATE_TRACE_SQL
  ? (text: string, config: { values?: unknown[] }) => {
      if (writes++ !== 100) return;
      console.log(`SQL (${text.length} chars): ${text}`);
      for (const v of config.values ?? [])
        console.log(
          '  param',
          Buffer.isBuffer(v)
            ? `bytea ${v.length} bytes`
            : `${JSON.stringify(v).length} chars: ${JSON.stringify(v)}`,
        );
    }
  : undefined;

function install(): void {
  // Marks left in the engine for a diagnosis (`globalThis.__mark?.(label)`), none in committed code.
  (globalThis as { __mark?: (label: string) => void }).__mark = (label) => {
    const t = now();
    notes.push(['m', label, t, t]);
  };
  // UPDATE_TRACE_NODELAY=1 (a diagnosis): the server's accepted sockets without Nagle's algorithm.
  if (process.env.UPDATE_TRACE_NODELAY) {
    const createServer = http2.createServer;
    (http2 as { createServer: unknown }).createServer = (...args: unknown[]) => {
      const server = (createServer as AnyFunction)(...args) as http2.Http2Server;
      server.on('connection', (socket: Socket) => socket.setNoDelay(true));
      return server;
    };
  }
  const unary = grpc.Client.prototype.makeUnaryRequest;
  grpc.Client.prototype.makeUnaryRequest = function (this: grpc.Client, method: string, ...rest: unknown[]) {
    const start = now();
    withDone(rest, () => notes.push(['c', method.slice(method.lastIndexOf('/') + 1), start, now()]));
    return (unary as AnyFunction).call(this, method, ...rest);
  } as typeof unary;
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (
    this: grpc.Server,
    service: grpc.ServiceDefinition,
    implementation: grpc.UntypedServiceImplementation,
  ) {
    const wrapped: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(implementation)) {
      wrapped[name] = function (this: unknown, ...args: unknown[]) {
        const start = now();
        withDone(args, () => notes.push(['s', name, start, now()]));
        return (handler as AnyFunction).apply(this, args);
      } as never;
    }
    return addService.call(this, service, wrapped);
  };
  const query = PgClient.prototype.query as AnyFunction;
  PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
    const config = args[0] as
      { submit?: unknown; text?: string; name?: string; values?: unknown[] } | string | undefined;
    if (config && typeof config === 'object' && typeof config.submit === 'function')
      return query.apply(this, args);
    const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
    if (showWrite && text.startsWith('WITH') && typeof config === 'object') showWrite(text, config);
    const start = now();
    const done = () => notes.push(['q', text.slice(0, 60).replace(/\s+/g, ' '), start, now()]);
    if (withDone(args, done)) return query.apply(this, args);
    const result = query.apply(this, args);
    if (result instanceof Promise) result.then(done, done);
    return result;
  } as never;
}

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round(s[Math.floor(s.length / 2)]) : NaN;
};

/** The phases of one update from the notes made between its call's start and end. */
function phases(own: Note[], t0: number, t1: number, before: Note[]) {
  const served = (name: string) => own.filter((n) => n[0] === 's' && n[1] === name);
  const upd = served('UpdateWorkflowExecution')[0];
  const poll = own.find((n) => n[0] === 's' && n[1] === 'PollWorkflowTaskQueue' && n[3] >= (upd?.[2] ?? t0));
  const done = served('RespondWorkflowTaskCompleted')[0];
  const write = own.find((n) => n[0] === 'q' && n[1].startsWith('WITH') && n[2] >= (done?.[2] ?? t1));
  // Was a poll waiting at the update's arrival (started before it, answered after)?
  const waiting = [...before, ...own].some(
    (n) =>
      n[0] === 's' && n[1] === 'PollWorkflowTaskQueue' && n[2] < (upd?.[2] ?? 0) && n[3] > (upd?.[2] ?? 0),
  );
  const at = (t: number | undefined) => (t === undefined ? NaN : t - t0);
  return {
    updateArrives: at(upd?.[2]),
    pollAnswered: at(poll?.[3]),
    completionArrives: at(done?.[2]),
    writeStarts: at(write?.[2]),
    writeEnds: at(write?.[3]),
    completionAnswered: at(done?.[3]),
    updateAnswered: at(upd?.[3]),
    clientHasResult: t1 - t0,
    pollWaiting: waiting ? 1 : 0,
    rpcs: own.filter((n) => n[0] === 's').length,
    queries: own.filter((n) => n[0] === 'q').length,
  };
}

/**
 * Encodes and decodes of history events and update requests, counted by wrapping those protobufjs types
 * (one instance for the server, the SDK client and the bench): a load-independent measure of the codec work
 * one update makes in this process (the worker's Rust core does its own).
 */
const codecCalls = new Map<string, number>();
function countCodec(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require('@temporalio/proto') as import('protobufjs').Root;
  for (const name of ['temporal.api.history.v1.HistoryEvent', 'temporal.api.update.v1.Request']) {
    const type = root.lookupType(name).setup();
    for (const method of ['encode', 'decode'] as const) {
      const original = type[method] as AnyFunction;
      const key = `${name.slice(name.lastIndexOf('.') + 1)}.${method}`;
      (type as unknown as Record<string, AnyFunction>)[method] = function (
        this: unknown,
        ...args: unknown[]
      ) {
        codecCalls.set(key, (codecCalls.get(key) ?? 0) + 1);
        return original.apply(this, args);
      };
    }
  }
}

async function main(): Promise<void> {
  install();
  countCodec();
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-update-trace-${process.pid}`),
    persistent: false,
    // For a diagnosis only, e.g. UPDATE_TRACE_PG_SETTINGS='{"synchronous_commit":"off"}' (the fsync's share).
    settings: {
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track_planning': 'on',
      ...(JSON.parse(process.env.UPDATE_TRACE_PG_SETTINGS ?? '{}') as Record<string, string>),
    },
  });
  const databaseUrl = await pg.createDatabase('bench_update_trace');
  const { client, worker, taskQueue, close } = await startBenchTemporal(databaseUrl);
  try {
    await worker.runUntil(async () => {
      const handle = await client.workflow.start('counter', {
        taskQueue,
        workflowId: `counter-${Date.now()}`,
      });
      for (let i = 0; i < 30; i++) await handle.executeUpdate('bump', { args: [1] });
      // UPDATE_TRACE_PROFILE=<file>: the main thread's CPU profile over the rounds (100 µs samples), with the
      // notes beside it (<file>.notes.json): V8's timestamps and these notes share the monotonic clock.
      const profileFile = process.env.UPDATE_TRACE_PROFILE;
      const session = profileFile ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
      }
      const traceStart = notes.length;
      const updates: [number, number][] = [];
      const statements = new Pool({ connectionString: databaseUrl, max: 1 });
      await statements.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await statements.query('SELECT pg_stat_statements_reset()');
      for (let r = 0; r < ROUNDS; r++) {
        const rows: ReturnType<typeof phases>[] = [];
        codecCalls.clear();
        const cpu0 = threadCpu();
        const load = os.loadavg()[0];
        for (let i = 0; i < UPDATES; i++) {
          const mark = notes.length;
          const t0 = now();
          await handle.executeUpdate('bump', { args: [1] });
          const t1 = now();
          updates.push([t0, t1]);
          rows.push(phases(notes.slice(mark), t0, t1, notes.slice(Math.max(0, mark - 20), mark)));
        }
        const cpu1 = threadCpu();
        const summary = Object.fromEntries(
          Object.keys(rows[0]).map((k) => [k, p50(rows.map((row) => row[k as keyof typeof row]))]),
        );
        console.log(
          JSON.stringify({
            round: r,
            load: [round(load), round(os.loadavg()[0])],
            cpuMsPerUpdate: {
              main: round((cpu1.main - cpu0.main) / UPDATES),
              others: round((cpu1.others - cpu0.others) / UPDATES),
            },
            p50: summary,
            clientP90: round(
              [...rows.map((row) => row.clientHasResult)].sort((a, b) => a - b)[
                Math.floor(rows.length * 0.9)
              ],
            ),
            clientMax: round(Math.max(...rows.map((row) => row.clientHasResult))),
            over20ms: rows.filter((row) => row.clientHasResult > 20).length,
            codecCallsPerUpdate: Object.fromEntries([...codecCalls].map(([k, n]) => [k, round(n / UPDATES)])),
            pollWaitingShare: round(rows.reduce((a, row) => a + row.pollWaiting, 0) / rows.length),
          }),
        );
      }
      // The engine's writes as PostgreSQL saw them: executor and planning ms per call, WAL bytes, rows.
      const { rows: top } = await statements.query(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 50) AS query, calls, round((total_exec_time / calls)::numeric, 3) AS exec_ms,
                round((total_plan_time / calls)::numeric, 3) AS plan_ms, round(wal_bytes / calls) AS wal_bytes,
                round(shared_blks_hit::numeric / calls, 1) AS blks_hit
           FROM pg_stat_statements WHERE calls > 0 ORDER BY total_exec_time DESC LIMIT 4`,
      );
      console.log('statements:', JSON.stringify(top));
      await statements.end();
      if (session && profileFile) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(profileFile, JSON.stringify(profile));
        writeFileSync(
          `${profileFile}.notes.json`,
          JSON.stringify({ notes: notes.slice(traceStart), updates }),
        );
        session.disconnect();
      }
      // Each note's median time from the client's call, by its name and its rank among same-named notes.
      const offsets = new Map<string, number[]>();
      for (const [t0, t1] of updates.slice(UPDATES)) {
        const seen = new Map<string, number>();
        for (const n of notes) {
          if (n[2] < t0 || n[2] > t1) continue;
          const rank = (seen.get(n[1]) ?? 0) + 1;
          seen.set(n[1], rank);
          const key = `${n[0]} ${n[1].slice(0, 40)} #${rank}`;
          offsets.set(key, [...(offsets.get(key) ?? []), n[2] - t0]);
          if (n[0] !== 'm') offsets.set(`${key} end`, [...(offsets.get(`${key} end`) ?? []), n[3] - t0]);
        }
      }
      for (const [key, xs] of [...offsets].sort((a, b) => p50(a[1]) - p50(b[1])))
        if (xs.length > updates.length / 4) console.log('at', p50(xs).toFixed(3), key);
      if (process.env.UPDATE_TRACE_DUMP) {
        const mark = notes.length;
        const t0 = now();
        await handle.executeUpdate('bump', { args: [1] });
        for (const n of notes.slice(mark))
          console.log(n[0], n[1].padEnd(40), round(n[2] - t0), round(n[3] - t0));
      }
      await handle.signal('finish');
      await handle.result();
    });
  } finally {
    await close();
    await pg.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

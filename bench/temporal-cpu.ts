/**
 * `npx tsx bench/temporal-cpu.ts`: the embedded Temporal bench's two headline shapes alone, with CPU per
 * operation by thread and by process, so that an engine change can be judged on a shared machine (where the
 * rates swing with the other sessions' load and CPU per operation does not, much).
 *
 * One process as `embedded-temporal.bench.ts` runs it (embedded PostgreSQL, the server with eager activity
 * dispatch, the SDK worker without gRPC compression, a grpc-js client): warm-up, then
 * BENCH_TEMPORAL_WORKFLOWS (600) one-activity workflows at 100 in flight, then BENCH_TEMPORAL_UPDATES (300)
 * sequential `bump` updates. Reports, per operation: the main thread's CPU, the other threads' (workflow
 * threads, V8 helpers, the SDK's Rust core), the embedded PostgreSQL's processes', and PostgreSQL round trips
 * and commits. `node --cpu-prof` works on it (`npx tsx --cpu-prof --cpu-prof-dir=… bench/temporal-cpu.ts`).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { measure, round, writeResult } from './support';
import { installRoundTripCounter, roundTripsPer } from './round-trips';
import { startBenchTemporal } from './temporal-env';
import { busiestThreads, cpuByThread, threadCpu, treeCpu } from './temporal-threads';

const WORKFLOWS = Number(process.env.BENCH_TEMPORAL_WORKFLOWS ?? 600);
const UPDATES = Number(process.env.BENCH_TEMPORAL_UPDATES ?? 300);
async function perOperation<T>(
  count: number,
  postmaster: number,
  rpcs: Map<string, number>,
  run: () => Promise<T>,
) {
  rpcs.clear();
  const threads0 = threadCpu();
  const byThread0 = cpuByThread();
  const pg0 = treeCpu(postmaster);
  const load0 = os.loadavg()[0];
  const result = await run();
  const threads1 = threadCpu();
  const byThread1 = cpuByThread();
  const pg1 = treeCpu(postmaster);
  const per = (ms: number) => round(ms / count);
  const sum = (byKind: Record<string, number>) =>
    Object.entries(byKind).reduce((a, [kind, ms]) => (kind.endsWith(', system') ? a : a + ms), 0);
  const postgresByKind = Object.fromEntries(
    Object.keys(pg1).map((kind) => [kind, per(pg1[kind] - (pg0[kind] ?? 0))]),
  );
  return {
    result,
    cpuMsPerOperation: {
      mainThread: per(threads1.main - threads0.main),
      otherThreads: per(threads1.others - threads0.others),
      postgres: per(sum(pg1) - sum(pg0)),
    },
    threadsMsPerOperation: busiestThreads(byThread0, byThread1, count),
    postgresByKind,
    rpcsPerOperation: Object.fromEntries([...rpcs].map(([method, n]) => [method, round(n / count)])),
    loadAverage: [round(load0), round(os.loadavg()[0])],
  };
}

/** pg_stat_statements' heaviest statements, per operation: calls, executor ms, WAL bytes. */
async function topStatements(pool: Pool, count: number) {
  const { rows } = await pool.query<{
    query: string;
    calls: string;
    ms: number;
    planMs: number;
    wal: string;
  }>(
    `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, calls, total_exec_time AS ms,
            total_plan_time AS "planMs", wal_bytes AS wal
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8`,
  );
  return rows.map((r) => ({
    query: r.query,
    calls: round(Number(r.calls) / count),
    ms: round(r.ms / count),
    planMs: round(r.planMs / count),
    walBytes: Math.round(Number(r.wal) / count),
  }));
}

/** The engine's write statements (one each per commit) per operation: calls, executor and planning ms. */
async function writeTotals(pool: Pool, count: number) {
  const { rows } = await pool.query<{
    calls: string;
    plans: string;
    shapes: string;
    ms: number;
    planMs: number;
  }>(
    `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(plans), 0) AS plans, count(*) AS shapes,
            coalesce(sum(total_exec_time), 0) AS ms, coalesce(sum(total_plan_time), 0) AS "planMs"
       FROM pg_stat_statements WHERE query LIKE 'WITH %' OR query LIKE 'INSERT INTO temporal.tasks%'`,
  );
  const r = rows[0];
  return {
    statements: round(Number(r.calls) / count),
    // Plans made per workflow (a prepared statement on its generic plan makes none) and distinct shapes seen.
    plans: round(Number(r.plans) / count),
    shapes: Number(r.shapes),
    ms: round(r.ms / count),
    planMs: round(r.planMs / count),
  };
}

/** What a run's row and its updates cost PostgreSQL: state size (text, stored), HOT share of updates. */
async function tableStats(pool: Pool) {
  const state = await pool.query(
    `SELECT round(avg(octet_length(state::text))) AS state_text_bytes, round(avg(pg_column_size(state))) AS state_stored_bytes
       FROM temporal.executions`,
  );
  const tables = await pool.query(
    `SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
      WHERE schemaname = 'temporal' AND (n_tup_ins + n_tup_upd + n_tup_del) > 0 ORDER BY relname`,
  );
  return { ...state.rows[0], tables: tables.rows };
}

async function main(): Promise<void> {
  installRoundTripCounter();
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-temporal-cpu-${process.pid}`),
    persistent: false,
    settings: {
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track_planning': 'on',
      // More server settings for an A/B run, e.g. BENCH_PG_SETTINGS='{"plan_cache_mode":"force_generic_plan"}'.
      ...(JSON.parse(process.env.BENCH_PG_SETTINGS ?? '{}') as Record<string, string>),
    },
  });
  const postmaster = pg.processes.postmaster!;
  const tcpUrl = await pg.createDatabase('bench_temporal_cpu');
  // BENCH_PG_SOCKET_DIR (with BENCH_PG_SETTINGS='{"unix_socket_directories":"<dir>"}'): the server reaches
  // PostgreSQL over its Unix socket instead of loopback TCP, for an A/B of the driver's socket writes.
  const socketDir = process.env.BENCH_PG_SOCKET_DIR;
  const databaseUrl = socketDir
    ? `${tcpUrl.replace(/@127\.0\.0\.1:\d+/, '@')}?host=${encodeURIComponent(socketDir)}&port=${pg.port}`
    : tcpUrl;
  // RPCs answered, by method (the server's `rpc` debug line), to tell each operation's RPC mix.
  const rpcs = new Map<string, number>();
  const count = (message: string, meta?: Record<string, unknown>) => {
    if (message === 'rpc' || message === 'rpc error') {
      const method = `${String(meta?.method)}${message === 'rpc error' ? ` (error ${String(meta?.code)})` : ''}`;
      rpcs.set(method, (rpcs.get(method) ?? 0) + 1);
    }
  };
  const logger = { debug: count, info: () => undefined, warn: () => undefined, error: console.error };
  const { client, worker, taskQueue, close } = await startBenchTemporal(databaseUrl, {
    logger,
    // BENCH_TEMPORAL_GROUP_COMMIT=0: without group commit, for an A/B.
    groupCommit: process.env.BENCH_TEMPORAL_GROUP_COMMIT !== '0',
  });
  const results: Record<string, unknown> = {};
  const statements = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await worker.runUntil(async () => {
      const run = Date.now();
      const oneActivity = (prefix: string) => (_: number, i: number) =>
        client.workflow.execute('oneActivity', {
          taskQueue,
          workflowId: `${prefix}-${run}-${i}`,
          args: [`pegawai ${i}`],
        });
      await measure(100, 200, oneActivity('warm'));
      await statements.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await statements.query('SELECT pg_stat_statements_reset()');
      results.in_flight_100 = await perOperation(WORKFLOWS, postmaster, rpcs, () =>
        measure(100, WORKFLOWS, oneActivity('wf')),
      );
      results.statementsPerWorkflow = await topStatements(statements, WORKFLOWS);
      results.tables = await tableStats(statements);
      results.writesPerWorkflow = await writeTotals(statements, WORKFLOWS);
      console.log('100 in flight:', JSON.stringify(results.in_flight_100));
      const handle = await client.workflow.start('counter', { taskQueue, workflowId: `counter-${run}` });
      await measure(1, 20, () => handle.executeUpdate('bump', { args: [1] }));
      results.updateRoundTrip = await perOperation(UPDATES, postmaster, rpcs, () =>
        measure(1, UPDATES, () => handle.executeUpdate('bump', { args: [1] })),
      );
      console.log('update round trip:', JSON.stringify(results.updateRoundTrip));
      results.roundTripsPerUpdate = await roundTripsPer(20, () =>
        handle.executeUpdate('bump', { args: [1] }),
      );
      await handle.signal('finish');
      await handle.result();
      results.roundTripsPerWorkflow = await roundTripsPer(20, (i) => oneActivity('rt')(0, i));
      console.log(
        'round trips per update / workflow:',
        results.roundTripsPerUpdate,
        results.roundTripsPerWorkflow,
      );
    });
  } finally {
    await statements.end();
    await close();
    await pg.stop();
  }
  console.log(
    `wrote ${await writeResult('temporal-cpu', { workflows: WORKFLOWS, updates: UPDATES, results })}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npx tsx bench/registration-cost.ts` (after `npm run build`): what a registration (POST /cases) costs
 * against an assignment, per process, and what its configuration weighs (#15,
 * bench/notes/s15-registration.md). The service runs as the http bench runs it (bench/processes.ts); one officer sends
 * REGISTRATION_COST_ROUNDS (6) rounds of REGISTRATION_COST_BATCH (20) registrations, then the same number of
 * assignments of the cases just registered, after REGISTRATION_COST_WARMUP (10) register+assign pairs. Per
 * kind, summed over its batches: /proc CPU of the API, the engine+worker and PostgreSQL's backends per
 * command; pg_stat_statements deltas (round trips, execution ms, WAL bytes) per command; client p50. Then the
 * stored size of one registered case's history, event by event. Written to bench/results/registration-cost.json.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Pool } from 'pg';
import { poster, registerBody } from './http.bench';
import { startMeasuredService } from './processes';
import { postgresCpu, threadsCpu } from './proc-cpu';
import { round, writeResult } from './support';

const ROUNDS = Number(process.env.REGISTRATION_COST_ROUNDS ?? 6);
const BATCH = Number(process.env.REGISTRATION_COST_BATCH ?? 20);
const WARMUP = Number(process.env.REGISTRATION_COST_WARMUP ?? 10);
type Kind = 'register' | 'assign';

interface StatementRow {
  queryid: string;
  query: string;
  calls: number;
  ms: number;
  walBytes: number;
}

async function statementSnapshot(pool: Pool): Promise<Map<string, StatementRow>> {
  const { rows } = await pool.query<{
    queryid: string;
    query: string;
    calls: string;
    ms: number;
    wal_bytes: string;
  }>(
    `SELECT queryid::text, query, calls, total_exec_time AS ms, wal_bytes
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel
       AND query NOT ILIKE '%pg_stat_statements%'`,
  );
  return new Map(
    rows.map((r) => [
      r.queryid,
      { queryid: r.queryid, query: r.query, calls: Number(r.calls), ms: r.ms, walBytes: Number(r.wal_bytes) },
    ]),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const measured = await startMeasuredService('registration-cost');
  const { dataDir, databaseUrl, service, officer, supervisor } = measured;
  try {
    const stats = new Pool({ connectionString: databaseUrl, max: 1 });
    const post = poster(service.url);
    const cpu = {
      register: { api: 0, engineWorker: 0, postgres: 0 },
      assign: { api: 0, engineWorker: 0, postgres: 0 },
    };
    const sql = { register: new Map<string, StatementRow>(), assign: new Map<string, StatementRow>() };
    const latencies: Record<Kind, number[]> = { register: [], assign: [] };
    /** The engine+worker process's CPU by thread name (main: engine, SDK bridge, activities). */
    const threads: Record<Kind, Record<string, number>> = { register: {}, assign: {} };
    const loads: string[] = [];
    let serial = 0;
    let sampleCase = '';
    try {
      await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      const register = async () => {
        const answer = await post('/cases', officer, registerBody(serial++), {
          'idempotency-key': randomUUID(),
        });
        return answer.location!.split('/').pop()!;
      };
      const assign = (caseId: string) =>
        post(
          `/cases/${caseId}/assignment`,
          supervisor,
          { officerId: 'officer-kota-bekasi' },
          {
            'idempotency-key': randomUUID(),
          },
        );
      for (let i = 0; i < WARMUP; i++) await assign(await register());
      /** Runs `work` as one batch of `kind`, adding its CPU and statements to the kind's sums. */
      const phase = async (kind: Kind, work: () => Promise<void>) => {
        const s0 = await statementSnapshot(stats);
        const c0 = { ...service.cpuMs(), postgres: postgresCpu(dataDir) };
        const t0 = threadsCpu(service.pids.engineWorker);
        await work();
        const c1 = { ...service.cpuMs(), postgres: postgresCpu(dataDir) };
        for (const [name, ms] of Object.entries(threadsCpu(service.pids.engineWorker)))
          threads[kind][name] = (threads[kind][name] ?? 0) + ms - (t0[name] ?? 0);
        const s1 = await statementSnapshot(stats);
        for (const k of ['api', 'engineWorker', 'postgres'] as const) cpu[kind][k] += c1[k] - c0[k];
        for (const [id, row] of s1) {
          const before = s0.get(id);
          const sum = sql[kind].get(id) ?? { ...row, calls: 0, ms: 0, walBytes: 0 };
          sum.calls += row.calls - (before?.calls ?? 0);
          sum.ms += row.ms - (before?.ms ?? 0);
          sum.walBytes += row.walBytes - (before?.walBytes ?? 0);
          sql[kind].set(id, sum);
        }
      };
      const timed = async (kind: Kind, f: () => Promise<unknown>) => {
        const t0 = performance.now();
        const r = await f();
        latencies[kind].push(performance.now() - t0);
        return r;
      };
      for (let r = 0; r < ROUNDS; r++) {
        loads.push(os.loadavg()[0].toFixed(1));
        const cases: string[] = [];
        await phase('register', async () => {
          for (let i = 0; i < BATCH; i++) cases.push((await timed('register', register)) as string);
        });
        await phase('assign', async () => {
          for (const c of cases) await timed('assign', () => assign(c));
        });
        sampleCase = cases[0];
      }
    } finally {
      post.close();
      await service.stop();
    }
    const n = ROUNDS * BATCH;
    const perKind = (kind: Kind) => {
      const rows = [...sql[kind].values()].filter((r) => r.calls > 0);
      const top = rows.sort((a, b) => b.ms - a.ms).slice(0, 8);
      return {
        commands: n,
        p50Ms: round(median(latencies[kind])),
        cpuMsPerCommand: Object.fromEntries(Object.entries(cpu[kind]).map(([k, v]) => [k, round(v / n)])),
        engineWorkerThreadsCpuMsPerCommand: Object.fromEntries(
          Object.entries(threads[kind])
            .filter(([, v]) => v > 0)
            .map(([k, v]) => [k, round(v / n)]),
        ),
        roundTripsPerCommand: round(rows.reduce((s, r) => s + r.calls, 0) / n),
        sqlMsPerCommand: round(rows.reduce((s, r) => s + r.ms, 0) / n),
        walBytesPerCommand: Math.round(rows.reduce((s, r) => s + r.walBytes, 0) / n),
        statements: top.map((r) => ({
          query: r.query.replace(/\s+/g, ' ').slice(0, 120),
          perCommand: round(r.calls / n),
          meanMs: round((r.ms / r.calls) * 1000) / 1000,
          walBytesPerCall: Math.round(r.walBytes / r.calls),
        })),
      };
    };
    const { rows: history } = await stats.query<{ event_id: number; raw: number; stored: number }>(
      `SELECT event_id, octet_length(data) AS raw, pg_column_size(data) AS stored
       FROM temporal.history_events
       WHERE run_id = (SELECT run_id FROM temporal.current_executions WHERE workflow_id = $1)
       ORDER BY event_id`,
      [sampleCase],
    );
    const { rows: compression } = await stats.query<{ attcompression: string }>(
      `SELECT attcompression::text FROM pg_attribute
       WHERE attrelid = 'temporal.history_events'::regclass AND attname = 'data'`,
    );
    await stats.end();
    const result = {
      rounds: ROUNDS,
      batch: BATCH,
      loadAtRounds: loads.join(' '),
      register: perKind('register'),
      assign: perKind('assign'),
      historyOfOneCase: history,
      historyDataCompression: compression[0]?.attcompression || '(default_toast_compression)',
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${await writeResult('registration-cost', result)}`);
  } finally {
    await measured.stopPostgres();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

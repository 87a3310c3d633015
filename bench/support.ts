import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Pool } from 'pg';

export interface LatencySummary {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * CPU time of this whole process (every thread: API, worker, engine, load generator) per operation: less
   * sensitive to the other sessions on the machine than wall time.
   */
  cpuMsPerOperation: number;
  /** How long the event loop was blocked at worst (p99 of its delay): what every request waits behind. */
  eventLoopDelayP99Ms: number;
}

/** Runs `operation` from `concurrency` workers until `total` operations are done; times each one. */
export async function measure(
  concurrency: number,
  total: number,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        await operation(worker, i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  loop.disable();
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
  return {
    operations: total,
    seconds: round(seconds),
    perSecond: round(total / seconds),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    cpuMsPerOperation: round((used.user + used.system) / 1000 / total),
    eventLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
  };
}

/** The benchmarks' one-event append: an officer's note, as the event-store bench and its diagnostics send it. */
export function benchNote(worker: number, version: number) {
  return {
    id: randomUUID(),
    type: 'NoteAdded',
    data: { text: 'Klarifikasi dijadwalkan', worker, version },
    metadata: { actorId: 'bench', role: 'officer', agency: 'kota-bekasi' },
    occurredAt: new Date().toISOString(),
  };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export async function writeResult(name: string, result: unknown): Promise<string> {
  const file = path.join(__dirname, 'results', `${name}.json`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(
    file,
    JSON.stringify(
      { benchmark: name, at: new Date().toISOString(), machine: machine(), ...(result as object) },
      null,
      2,
    ) + '\n',
  );
  return file;
}

/** Raw single-row INSERT + COMMIT (autocommit) from `writers` connections: the reference of every ratio. */
export async function measureRawInsertCommit(
  pool: Pool,
  writers: number,
  total: number,
): Promise<LatencySummary> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, stream text, data jsonb)`,
  );
  return measure(writers, total, (worker, i) =>
    pool.query(`INSERT INTO bench_baseline (id, stream, data) VALUES ($1, $2, $3)`, [
      randomUUID(),
      `bench-${worker}`,
      JSON.stringify({ text: 'Klarifikasi dijadwalkan', worker, i }),
    ]),
  );
}

export interface StatementStats {
  /** Statements the clients sent (each one round trip), over the operations measured. */
  roundTripsPerOperation: number;
  /** COMMIT statements; a statement sent outside BEGIN commits by itself and is not counted here. */
  explicitCommitsPerOperation: number;
  /**
   * `maxMs`: the slowest call's execution time, as PostgreSQL measured it; against the client's p99 it tells
   * a slow statement from time spent outside the database (#15).
   */
  statements: {
    query: string;
    calls: number;
    perOperation: number;
    meanMs: number;
    maxMs: number;
    totalMs: number;
  }[];
}

/**
 * PostgreSQL's statement statistics (pg_stat_statements, loaded by `npm run bench`) of what runs inside
 * `work`, for one database: top-level statements only, so each call is one client round trip.
 */
export async function withStatementStats<T>(
  pool: Pool,
  operations: number,
  work: () => Promise<T>,
): Promise<{ result: T; stats: StatementStats | null }> {
  const available = await pool
    .query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`)
    .then(() => pool.query(`SELECT pg_stat_statements_reset()`))
    .then(() => true)
    .catch(() => false);
  const result = await work();
  if (!available) return { result, stats: null };
  const { rows } = await pool.query<{
    query: string;
    calls: string;
    mean: number;
    max: number;
    total: number;
  }>(
    `SELECT query, calls, mean_exec_time AS mean, max_exec_time AS max, total_exec_time AS total
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel
       AND query NOT ILIKE '%pg_stat_statements%'
     ORDER BY total_exec_time DESC`,
  );
  const calls = (match: (q: string) => boolean) =>
    rows.filter((r) => match(r.query)).reduce((sum, r) => sum + Number(r.calls), 0);
  return {
    result,
    stats: {
      roundTripsPerOperation: round(calls(() => true) / operations),
      explicitCommitsPerOperation: round(calls((q) => /^\s*commit/i.test(q)) / operations),
      statements: rows.slice(0, 15).map((r) => ({
        query: r.query.replace(/\s+/g, ' ').slice(0, 240),
        calls: Number(r.calls),
        perOperation: round(Number(r.calls) / operations),
        meanMs: round(r.mean * 1000) / 1000,
        maxMs: round(r.max),
        totalMs: round(r.total),
      })),
    },
  };
}

/** The local-mode signing secret the bench's service processes share with its load generators. */
/** Node flags for one of the service's processes from an environment variable (BENCH_API_NODE_OPTIONS,
 * BENCH_ENGINE_NODE_OPTIONS), e.g. `--cpu-prof --cpu-prof-dir=…`. */
export const nodeFlagsFrom = (name: string): string[] =>
  process.env[name]?.split(/\s+/).filter(Boolean) ?? [];

export const BENCH_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

type MintLocalToken = (claims: {
  secret: string;
  role: string;
  agency: string;
  ttl: string;
}) => Promise<string>;

/** Tokens of kota-bekasi's officer and supervisor, the two callers of the command runs. */
export async function officerAndSupervisor(mint: MintLocalToken) {
  const token = (role: string) => mint({ secret: BENCH_SECRET, role, agency: 'kota-bekasi', ttl: '2h' });
  return { officer: await token('officer'), supervisor: await token('supervisor') };
}

/**
 * A module of the compiled service (`file` under dist/, as `npm run build` writes it), for the benches that
 * run the service as production runs it; a missing or stale build says so.
 */
export async function fromDist<T>(file: string): Promise<T> {
  const compiled = path.join(__dirname, '..', 'dist', file);
  try {
    return (await import(compiled)) as T;
  } catch (cause) {
    throw new Error(`${compiled} is missing or broken: run \`npm run build\` first`, { cause });
  }
}

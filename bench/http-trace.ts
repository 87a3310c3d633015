/**
 * BENCH_TRACE=1: where a GET /cases's time goes, request by request (#15: its p99 was 3-10× its p50 with
 * the SQL under 3 ms). The load generator names each request (`X-Request-Id`) and notes when it sent it and
 * when the answer was read; the API process notes when the request reached it (the HTTP server's `request`
 * event), when each of its statements started and ended, when the response was finished, and its GC pauses.
 * All on the machine's monotonic clock (`process.hrtime`, CLOCK_MONOTONIC, one clock for every process;
 * `performance.timeOrigin` is not: it is sampled once per process and was off by up to 26 ms between two),
 * so the processes' notes line up; each request also keeps its wall-clock start to find it in PostgreSQL's
 * log. The split of the slowest requests then tells waiting for the API (its loop busy or the thread
 * descheduled) from the API's own work and from PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { round } from './support';

/** The monotonic clock in milliseconds, the same for every process of the machine. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** A `performance` timestamp of this process (a GC entry's `startTime`) on `monotonicMs`'s clock. */
export const performanceToMonotonic = (at: number) => at + (monotonicMs() - performance.now());

/** What the API process noted of one request. */
export interface ApiRequestTrace {
  id: string;
  arrive: number;
  finish?: number;
  /** Each statement the request sent: from the call to its result. */
  sql: { start: number; end: number }[];
}

export interface GcPause {
  start: number;
  ms: number;
  kind: number;
}

/** The load generator's side of one request. */
interface ClientTrace {
  id: string;
  /** Wall clock, ISO (as PostgreSQL's log prints its timestamps, in UTC). */
  at: string;
  start: number;
  end: number;
}

/** One request's time, split at the points both processes noted (ms). */
export interface RequestSplit {
  id: string;
  at: string;
  totalMs: number;
  /** Sent → the API's HTTP server read it: the API's loop busy, or its thread not running. */
  beforeApiMs: number;
  /** Read → its first statement sent: auth, validation, interceptors, the handler. */
  apiBeforeSqlMs: number;
  /** The statements, each from the call to its result (round trip and execution). */
  sqlMs: number;
  /** Last statement's result → response finished: rows to items, JSON, the access-log interceptor. */
  apiAfterSqlMs: number;
  /** Response finished → the load generator read and parsed it. */
  afterApiMs: number;
  /** GC pauses of the API process within the request's time in the API. */
  gcMs: number;
}

export class RequestTracer {
  private readonly client: ClientTrace[] = [];
  private next = 0;

  /** The id to send with a request; `done` notes its end. */
  begin(): { id: string; done: () => void } {
    const trace = {
      id: `bq-${process.pid}-${this.next++}`,
      at: new Date().toISOString(),
      start: monotonicMs(),
      end: 0,
    };
    return {
      id: trace.id,
      done: () => {
        trace.end = monotonicMs();
        this.client.push(trace);
      },
    };
  }

  /** Joins the requests noted since the last call with the API's notes, and summarises the slowest. */
  collect(api: { requests: ApiRequestTrace[]; gcs: GcPause[] }): {
    summary: ReturnType<typeof summarise> & { gc: ReturnType<typeof gcSummary> };
    requests: RequestSplit[];
  } {
    const byId = new Map(api.requests.map((r) => [r.id, r]));
    const requests: RequestSplit[] = [];
    for (const c of this.client.splice(0)) {
      const a = byId.get(c.id);
      if (!a || a.finish === undefined) continue;
      const firstSql = a.sql[0]?.start ?? a.finish;
      const lastSql = a.sql.at(-1)?.end ?? firstSql;
      requests.push({
        id: c.id,
        at: c.at,
        totalMs: round(c.end - c.start),
        beforeApiMs: round(a.arrive - c.start),
        apiBeforeSqlMs: round(firstSql - a.arrive),
        sqlMs: round(a.sql.reduce((sum, s) => sum + s.end - s.start, 0)),
        apiAfterSqlMs: round(a.finish - lastSql),
        afterApiMs: round(c.end - a.finish),
        gcMs: round(
          api.gcs
            .filter((g) => g.start < a.finish! && g.start + g.ms > a.arrive)
            .reduce((sum, g) => sum + g.ms, 0),
        ),
      });
    }
    return { summary: { ...summarise(requests), gc: gcSummary(api.gcs) }, requests };
  }
}

/** GC pauses by kind (perf_hooks' `kind`: 1 scavenge, 2 minor mark-sweep, 4 mark-compact, 8 incremental marking, 16 weak callbacks). */
function gcSummary(gcs: GcPause[]) {
  const kinds = new Map<number, number[]>();
  for (const g of gcs) kinds.set(g.kind, [...(kinds.get(g.kind) ?? []), g.ms]);
  return Object.fromEntries(
    [...kinds].map(([kind, ms]) => [
      `kind${kind}`,
      { count: ms.length, maxMs: round(Math.max(...ms)), totalMs: round(ms.reduce((a, b) => a + b, 0)) },
    ]),
  );
}

const PARTS = ['beforeApiMs', 'apiBeforeSqlMs', 'sqlMs', 'apiAfterSqlMs', 'afterApiMs', 'gcMs'] as const;

/** Mean split of the slowest 1 % (at least 2 requests) against the median request's. */
function summarise(requests: RequestSplit[]) {
  const sorted = [...requests].sort((a, b) => a.totalMs - b.totalMs);
  const mean = (rows: RequestSplit[]) =>
    Object.fromEntries(
      (['totalMs', ...PARTS] as const).map((k) => [
        k,
        round(rows.reduce((sum, r) => sum + r[k], 0) / Math.max(1, rows.length)),
      ]),
    );
  const slowest = sorted.slice(-Math.max(2, Math.ceil(sorted.length / 100)));
  return {
    requests: sorted.length,
    median: sorted[Math.floor(sorted.length / 2)],
    slowestMean: mean(slowest),
    slowest: slowest.reverse(),
  };
}

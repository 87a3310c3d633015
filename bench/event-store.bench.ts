/**
 * Event-store append throughput and latency at 1 and 16 concurrent writers (each on its own stream), next
 * to plain single-row INSERT + COMMIT on the same database measured right after: the ratio is the price of
 * the concurrency check, the hash chain and the stream row. PostgreSQL's statement statistics give the
 * round trips and commits of one append and where the database's time goes. The CPU time of the database's
 * client backends per operation (Linux /proc) is next to the client's: on a shared machine the rates move
 * with the other load (at 1 writer, with the disk's flush time), CPU per operation much less.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { EventStore, openDataSource } from '@netral/event-store';
import { RAW_1, RAW_16, RAW_1_P50, recordFigure } from './figures';
import {
  benchNote,
  measure,
  measureRawInsertCommit,
  round,
  withStatementStats,
  writeResult,
} from './support';

export async function benchEventStore(url: string, appendsPerRun = 2000): Promise<string> {
  const dataSource = await openDataSource({ url, poolSize: 20 });
  const store = new EventStore(dataSource);
  const pool = new Pool({ connectionString: url, max: 20 });
  const results: Record<string, unknown> = {};
  const appendNote = (run: string, worker: number, versions: Map<number, number>) => async () => {
    const version = versions.get(worker) ?? 0;
    await store.append(`bench-${run}-${worker}`, version, [benchNote(worker, version)]);
    versions.set(worker, version + 1);
  };
  try {
    // Both sides warmed up alike, unmeasured: each pool's 16 connections opened, the function compiled and
    // the statements prepared in each backend, the JavaScript of both paths compiled. Without this the
    // first (1-writer) append run paid all of that and the raw INSERT run after it almost none.
    const warmUp = new Map<number, number>();
    const warmUpRun = `warm-${randomUUID().slice(0, 8)}`;
    await measure(16, WARM_UP_OPERATIONS, (worker) => appendNote(warmUpRun, worker, warmUp)());
    await measureRawInsertCommit(pool, 16, WARM_UP_OPERATIONS);
    for (const writers of [1, 16]) {
      const versions = new Map<number, number>();
      const run = randomUUID().slice(0, 8);
      const appendCpu = await databaseCpu(pool);
      const { result: eventStore, stats } = await withStatementStats(pool, appendsPerRun, () =>
        measure(writers, appendsPerRun, (worker) => appendNote(run, worker, versions)()),
      );
      const databaseCpuMsPerAppend = await appendCpu.perOperation(appendsPerRun);
      const rawCpu = await databaseCpu(pool);
      const baseline = await measureRawInsertCommit(pool, writers, appendsPerRun);
      const databaseCpuMsPerRawInsert = await rawCpu.perOperation(appendsPerRun);
      const ratio = round(eventStore.perSecond / baseline.perSecond);
      results[`writers_${writers}`] = {
        eventStore,
        baselineInsertCommit: baseline,
        throughputRatio: ratio,
        databaseCpuMsPerAppend,
        databaseCpuMsPerRawInsert,
        statements: stats,
      };
      recordFigure(writers === 1 ? 'event_append_1_writer' : 'event_append_16_writers', eventStore.perSecond);
      recordFigure(writers === 1 ? RAW_1 : RAW_16, baseline.perSecond);
      if (writers === 1) recordFigure(RAW_1_P50, baseline.p50Ms);
      console.log(
        `event store, ${writers} writer(s): ${eventStore.perSecond}/s p50 ${eventStore.p50Ms} ms p99 ${eventStore.p99Ms} ms; ` +
          `baseline ${baseline.perSecond}/s; ratio ${ratio}; ` +
          `CPU ms per append: client ${eventStore.cpuMsPerOperation}, database ${databaseCpuMsPerAppend ?? '?'} ` +
          `(raw INSERT: ${baseline.cpuMsPerOperation}, ${databaseCpuMsPerRawInsert ?? '?'}); ` +
          `round trips per append ${stats?.roundTripsPerOperation ?? '?'}, explicit COMMITs ${stats?.explicitCommitsPerOperation ?? '?'}`,
      );
    }
  } finally {
    await pool.end();
    await dataSource.destroy();
  }
  return writeResult('event-store', {
    appendsPerRun,
    eventsPerAppend: 1,
    warmUpOperations: WARM_UP_OPERATIONS,
    results,
  });
}

/** Appends (and raw INSERTs) before the measured runs: 20 per connection at 16 writers. */
const WARM_UP_OPERATIONS = 320;

/**
 * CPU time (user + system) of the database's client backends from now until `perOperation` is called, per
 * operation; null where /proc is not readable. Counted per backend: one that opened in between counts from
 * zero, one that ended in between (an idle pool connection closed after its timeout) is left out rather
 * than subtracted (before, a sum over the backends of each moment went negative when one ended: raw
 * INSERT's figure read -0.07 to -0.36 ms). The WAL writer and other background processes are not counted.
 */
async function databaseCpu(pool: Pool): Promise<{ perOperation(ops: number): Promise<number | null> }> {
  const ticksByBackend = async (): Promise<Map<number, number> | null> => {
    if (!existsSync('/proc/self/stat')) return null; // not Linux
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'`,
    );
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        // Fields after the command name: utime and stime are the 14th and 15th of the line.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        ticks.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // The backend just ended; if none is readable, the database runs on another machine.
      }
    }
    if (rows.length > 0 && ticks.size === 0) return null;
    return ticks;
  };
  const start = await ticksByBackend();
  return {
    async perOperation(ops) {
      const end = await ticksByBackend();
      if (start === null || end === null) return null;
      let ticks = 0;
      for (const [pid, t] of end) ticks += t - (start.get(pid) ?? 0);
      return round((ticks * (1000 / CLOCK_TICKS_PER_SECOND)) / ops);
    },
  };
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times (100 on every common architecture). */
const CLOCK_TICKS_PER_SECOND = 100;

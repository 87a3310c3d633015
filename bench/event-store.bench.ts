/**
 * Event-store append throughput and latency at 1 and 16 concurrent writers (each on its own stream), next
 * to plain single-row INSERT + COMMIT on the same database measured right after: the ratio is the price of
 * the concurrency check, the hash chain and the stream row. PostgreSQL's statement statistics give the
 * round trips and commits of one append and where the database's time goes.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore, openDataSource } from '@netral/event-store';
import { RAW_1, RAW_16, RAW_1_P50, recordFigure } from './figures';
import { measure, measureRawInsertCommit, round, withStatementStats, writeResult } from './support';

export async function benchEventStore(url: string, appendsPerRun = 2000): Promise<string> {
  const dataSource = await openDataSource({ url, poolSize: 20 });
  const store = new EventStore(dataSource);
  const pool = new Pool({ connectionString: url, max: 20 });
  const results: Record<string, unknown> = {};
  try {
    for (const writers of [1, 16]) {
      const versions = new Map<number, number>();
      const run = randomUUID().slice(0, 8);
      const { result: eventStore, stats } = await withStatementStats(pool, appendsPerRun, () =>
        measure(writers, appendsPerRun, async (worker) => {
          const version = versions.get(worker) ?? 0;
          await store.append(`bench-${run}-${worker}`, version, [
            {
              id: randomUUID(),
              type: 'NoteAdded',
              data: { text: 'Klarifikasi dijadwalkan', worker, version },
              metadata: { actorId: 'bench', role: 'officer', agency: 'kota-bekasi' },
              occurredAt: new Date().toISOString(),
            },
          ]);
          versions.set(worker, version + 1);
        }),
      );
      const baseline = await measureRawInsertCommit(pool, writers, appendsPerRun);
      const ratio = round(eventStore.perSecond / baseline.perSecond);
      results[`writers_${writers}`] = {
        eventStore,
        baselineInsertCommit: baseline,
        throughputRatio: ratio,
        statements: stats,
      };
      recordFigure(writers === 1 ? 'event_append_1_writer' : 'event_append_16_writers', eventStore.perSecond);
      recordFigure(writers === 1 ? RAW_1 : RAW_16, baseline.perSecond);
      if (writers === 1) recordFigure(RAW_1_P50, baseline.p50Ms);
      console.log(
        `event store, ${writers} writer(s): ${eventStore.perSecond}/s p50 ${eventStore.p50Ms} ms p99 ${eventStore.p99Ms} ms; ` +
          `baseline ${baseline.perSecond}/s; ratio ${ratio}; ` +
          `round trips per append ${stats?.roundTripsPerOperation ?? '?'}, explicit COMMITs ${stats?.explicitCommitsPerOperation ?? '?'}`,
      );
    }
  } finally {
    await pool.end();
    await dataSource.destroy();
  }
  return writeResult('event-store', { appendsPerRun, eventsPerAppend: 1, results });
}

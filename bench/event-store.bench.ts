/**
 * Event-store append throughput and latency at 1 and 16 concurrent writers, next to a baseline of plain
 * single-row INSERT + COMMIT on the same database: the ratio is the price of concurrency checks, hashing,
 * the global order lock and the stream row.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore, openDataSource } from '@netral/event-store';
import { measure, round, writeResult } from './support';

export async function benchEventStore(url: string, appendsPerRun = 2000): Promise<string> {
  const dataSource = await openDataSource({ url, poolSize: 20 });
  const store = new EventStore(dataSource);
  const pool = new Pool({ connectionString: url, max: 20 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, stream text, data jsonb)`,
  );
  const results: Record<string, unknown> = {};
  try {
    for (const writers of [1, 16]) {
      const versions = new Map<number, number>();
      const run = randomUUID().slice(0, 8);
      const eventStore = await measure(writers, appendsPerRun, async (worker) => {
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
      });
      const baseline = await measure(writers, appendsPerRun, async (worker, i) => {
        // Autocommit: one INSERT, one COMMIT.
        await pool.query(`INSERT INTO bench_baseline (id, stream, data) VALUES ($1, $2, $3)`, [
          randomUUID(),
          `bench-${run}-${worker}`,
          JSON.stringify({ text: 'Klarifikasi dijadwalkan', worker, i }),
        ]);
      });
      results[`writers_${writers}`] = {
        eventStore,
        baselineInsertCommit: baseline,
        throughputRatio: round(eventStore.perSecond / baseline.perSecond),
      };
      console.log(
        `event store, ${writers} writer(s): ${eventStore.perSecond}/s p50 ${eventStore.p50Ms} ms p99 ${eventStore.p99Ms} ms; ` +
          `baseline ${baseline.perSecond}/s; ratio ${round(eventStore.perSecond / baseline.perSecond)}`,
      );
    }
  } finally {
    await pool.end();
    await dataSource.destroy();
  }
  return writeResult('event-store', { appendsPerRun, eventsPerAppend: 1, results });
}

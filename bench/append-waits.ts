/**
 * What 16 concurrent writers' appends wait on: `npx tsx bench/append-waits.ts [appends]` runs the event-store
 * benchmark's 16-writer loop (each writer its own stream) against a throw-away embedded PostgreSQL with
 * production's durability, samples pg_stat_activity every few milliseconds from another connection, and
 * prints how often an append's backend was seen in each state / wait event, and any lock it waited for.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { EventStore, openDataSource } from '@netral/event-store';
import { benchNote, measure } from './support';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 8000);
  const writers = Number(process.env.WRITERS ?? 16);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-append-waits-${process.pid}`),
    persistent: false,
  });
  const url = await pg.createDatabase('waits');
  const dataSource = await openDataSource({ url, poolSize: 20 });
  const store = new EventStore(dataSource);
  const sampler = new Pool({ connectionString: url, max: 1 });
  const versions = new Map<number, number>();
  const run = randomUUID().slice(0, 8);
  const append = async (worker: number) => {
    const version = versions.get(worker) ?? 0;
    await store.append(`waits-${run}-${worker}`, version, [benchNote(worker, version)]);
    versions.set(worker, version + 1);
  };
  try {
    await measure(writers, 640, append); // warm-up
    const seen = new Map<string, number>();
    const locks = new Map<string, number>();
    let samples = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const { rows } = await sampler.query<{ state: string; w: string | null; lock: string | null }>(
          `SELECT a.state, a.wait_event_type || ':' || a.wait_event AS w,
             (SELECT l.locktype || ' ' || l.mode || coalesce(' ' || l.relation::regclass::text, '')
                FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) AS lock
           FROM pg_stat_activity a
           WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.query LIKE '%append_event%'`,
        );
        samples++;
        for (const r of rows) {
          const k = `${r.state} ${r.w ?? 'on CPU'}`;
          seen.set(k, (seen.get(k) ?? 0) + 1);
          if (r.lock) locks.set(r.lock, (locks.get(r.lock) ?? 0) + 1);
        }
      }
    })();
    const result = await measure(writers, total, append);
    done = true;
    await sampling;
    console.log(`${writers} writers: ${result.perSecond}/s p50 ${result.p50Ms} ms; ${samples} samples`);
    for (const [k, n] of [...seen].sort((a, b) => b[1] - a[1]))
      console.log(`  ${k}: ${(n / samples).toFixed(2)} backends per sample`);
    for (const [k, n] of [...locks].sort((a, b) => b[1] - a[1])) console.log(`  waiting for ${k}: ${n}`);
  } finally {
    await sampler.end();
    await dataSource.destroy();
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npm run bench`: every benchmark against a throw-away embedded PostgreSQL (or DATABASE_URL), results as
 * JSON in bench/results/. Durability settings are PostgreSQL's defaults, as in production.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { benchEmbeddedTemporal } from './embedded-temporal.bench';
import { benchEventStore } from './event-store.bench';

async function main(): Promise<void> {
  const external = process.env.DATABASE_URL;
  const pg = external
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(os.tmpdir(), `netral-bench-${process.pid}`),
        persistent: false,
      });
  try {
    const database = (name: string) => (external ? Promise.resolve(external) : pg!.createDatabase(name));
    console.log(`wrote ${await benchEventStore(await database('bench_event_store'))}`);
    console.log(`wrote ${await benchEmbeddedTemporal(await database('bench_temporal'))}`);
  } finally {
    await pg?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

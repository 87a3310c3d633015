/**
 * `npm run bench [-- name...]`: every benchmark (or the named ones) against a throw-away embedded PostgreSQL (or DATABASE_URL), results as
 * JSON in bench/results/. Durability settings are PostgreSQL's defaults, as in production.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { benchConsole } from './console.bench';
import { benchEmbeddedTemporal } from './embedded-temporal.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';

const BENCHMARKS: Record<string, (databaseUrl: string) => Promise<string>> = {
  'event-store': benchEventStore,
  'embedded-temporal': (url) => benchEmbeddedTemporal(url),
  http: benchHttp,
  // Starts its own service (as npm start does) and Chromium; the database argument is not used.
  console: () => benchConsole(),
};

async function main(): Promise<void> {
  // `npm run bench -- http` runs only the named benchmarks.
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in BENCHMARKS));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const external = process.env.DATABASE_URL;
  const pg = external
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(os.tmpdir(), `netral-bench-${process.pid}`),
        persistent: false,
      });
  try {
    const database = (name: string) => (external ? Promise.resolve(external) : pg!.createDatabase(name));
    for (const [name, bench] of Object.entries(BENCHMARKS)) {
      if (only.length && !only.includes(name)) continue;
      console.log(`wrote ${await bench(await database(`bench_${name.replace('-', '_')}`))}`);
    }
  } finally {
    await pg?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

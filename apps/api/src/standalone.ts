/**
 * `npm start`: the whole service in one process for one machine. PostgreSQL is embedded unless
 * DATABASE_URL is set, Temporal is embedded unless TEMPORAL_ADDRESS is set; migrations run at start.
 * Stops cleanly on SIGINT/SIGTERM.
 */
import pino from 'pino';
import { startEmbeddedPostgres, type RunningPostgres } from '@netral/embedded-postgres';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { databaseSettingsFromEnv, openDataSource } from '@netral/event-store';

const log = pino({ name: 'netral', level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const settings = databaseSettingsFromEnv();
  let embedded: RunningPostgres | undefined;
  let url = settings.url;
  if (!url) {
    log.info({ dataDir: settings.embeddedDataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: settings.embeddedDataDir,
      port: settings.embeddedPort,
    });
    url = await embedded.createDatabase('netral');
  }
  const dataSource = await openDataSource({ url });
  log.info(
    { database: embedded ? `embedded on port ${embedded.port}` : 'DATABASE_URL' },
    'migrations applied',
  );

  let temporal: RunningTemporalServer | undefined;
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    // The embedded server keeps its state in the `temporal` schema of the same database.
    temporal = await startTemporalServer({
      databaseUrl: url,
      port: Number(process.env.TEMPORAL_PORT ?? 7233),
    });
    await temporal.ready;
    temporalAddress = temporal.address;
    log.info({ address: temporalAddress }, 'embedded Temporal server started');
  }
  log.info({ temporal: temporalAddress }, 'Netral is ready. Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await temporal?.stop();
    await dataSource.destroy();
    await embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  log.fatal({ err: e }, e instanceof Error ? e.message : String(e));
  process.exit(1);
});

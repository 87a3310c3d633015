/**
 * `npm start`: the whole service in one process for one machine. PostgreSQL is embedded unless
 * DATABASE_URL is set; migrations run at start. Stops cleanly on SIGINT/SIGTERM.
 */
import pino from 'pino';
import { startEmbeddedPostgres, type RunningPostgres } from '@netral/embedded-postgres';
import { databaseSettingsFromEnv, openDataSource } from '@netral/event-store';

const log = pino({ name: 'netral', level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const settings = databaseSettingsFromEnv();
  let embedded: RunningPostgres | undefined;
  let url = settings.url;
  if (!url) {
    log.info({ dataDir: settings.embeddedDataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: settings.embeddedDataDir, port: settings.embeddedPort });
    url = await embedded.createDatabase('netral');
  }
  const dataSource = await openDataSource({ url });
  log.info({ database: embedded ? `embedded on port ${embedded.port}` : 'DATABASE_URL' }, 'migrations applied');
  log.info('Netral is ready (database and migrations). Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
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

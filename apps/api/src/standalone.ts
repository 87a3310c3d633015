/**
 * `npm start`: the whole service in one process for one machine. PostgreSQL is embedded unless
 * DATABASE_URL is set, Temporal is embedded unless TEMPORAL_ADDRESS is set; migrations run at start; then
 * the case worker and the HTTP API on PORT (default 3000). Stops cleanly on SIGINT/SIGTERM.
 */
import 'reflect-metadata';
import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { startEmbeddedPostgres, type RunningPostgres } from '@netral/embedded-postgres';
import { databaseSettingsFromEnv } from '@netral/event-store';
import { ConfigError, createPinoLogger, platformConfigFromEnv } from './platform';
import { startService, type RunningService } from './service';
import { EmailConfigError, emailSettingsFromEnv } from '../../worker/src/notifications/email/email.config';

async function main(): Promise<void> {
  const dataDir = process.env.NETRAL_DATA_DIR ?? '.data';
  const platform = await platformConfigFromEnv(process.env, { embeddedDataDir: dataDir });
  const log = createPinoLogger(platform.logLevel);
  // The Temporal SDK's own lines (worker state, task failures) go to the same JSON log.
  const sdkLog = log.child({ component: 'temporal-sdk' });
  const forward = (level: LogLevel) => (message: string, meta?: LogMetadata) =>
    sdkLog[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')](
      meta ?? {},
      message,
    );
  Runtime.install({
    // This process stops its parts itself, in order (API, then worker, then the servers): the SDK must not
    // shut the worker down on its own on the same signal.
    shutdownSignals: [],
    logger: {
      log: (level, message, meta) => forward(level)(message, meta),
      trace: forward('TRACE'),
      debug: forward('DEBUG'),
      info: forward('INFO'),
      warn: forward('WARN'),
      error: forward('ERROR'),
    },
  });

  const settings = databaseSettingsFromEnv();
  // Filled in as parts start, so a signal during start-up stops what is already running.
  const running: { postgres?: RunningPostgres; service?: RunningService } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    running.service = service;
    if (stopping) return void (await service.stop());
    stopping = true;
    log.info({ signal }, 'stopping');
    await running.service?.stop();
    await running.postgres?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let databaseUrl = settings.url;
  if (!databaseUrl) {
    log.info({ dataDir: settings.embeddedDataDir }, 'starting embedded PostgreSQL');
    running.postgres = await startEmbeddedPostgres({
      dataDir: settings.embeddedDataDir,
      port: settings.embeddedPort,
      stopOnSignals: false, // stopped last, by stop() above
    });
    databaseUrl = await running.postgres.createDatabase('netral');
  }
  const service = await startService({
    databaseUrl,
    platform,
    logger: log,
    temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    namespace: process.env.TEMPORAL_NAMESPACE || undefined,
    taskQueue: process.env.TEMPORAL_TASK_QUEUE || undefined,
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '0.0.0.0',
    worker: {
      digestSchedule: process.env.NETRAL_DIGEST_SCHEDULE !== 'off',
      webhook:
        process.env.NOTIFY_WEBHOOK_URL && process.env.NOTIFY_WEBHOOK_SECRET
          ? { url: process.env.NOTIFY_WEBHOOK_URL, secret: process.env.NOTIFY_WEBHOOK_SECRET }
          : null,
      // Links in e-mails point at this service's console unless PUBLIC_URL says where users reach it.
      email: emailSettingsFromEnv({
        ...process.env,
        PUBLIC_URL: process.env.PUBLIC_URL || `http://localhost:${process.env.PORT ?? 3000}`,
      }),
    },
  });
  running.service = service;
  if (stopping) return void (await service.stop());
  const tokenHint =
    platform.auth.mode === 'local'
      ? 'npm run -s token -- --role officer --agency kota-bekasi'
      : 'use a token from your identity provider';
  log.info(
    {
      api: service.url,
      console: `${service.url}/console/`,
      docs: platform.apiDocs ? `${service.url}/docs` : 'off',
      temporal: service.temporalAddress,
      database: running.postgres ? `embedded PostgreSQL on port ${running.postgres.port}` : 'DATABASE_URL',
    },
    'Netral is ready. Press Ctrl+C to stop.',
  );
  // A human starting the service wants these two lines more than the JSON above.
  process.stderr.write(
    `\n  Netral API:  ${service.url}\n  Console:     ${service.url}/console/\n` +
      `  API docs:    ${platform.apiDocs ? `${service.url}/docs` : '(off)'}\n` +
      `  A token:     TOKEN=$(${tokenHint})\n\n`,
  );
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof EmailConfigError)
    console.error(`Configuration error: ${e.message}`);
  else console.error(e);
  process.exit(1);
});

/**
 * `npm run start:api`: the HTTP API alone, for deployments where PostgreSQL and Temporal run elsewhere.
 * Needs DATABASE_URL and TEMPORAL_ADDRESS; authentication must be configured explicitly (AUTH_JWKS_URL… or
 * AUTH_LOCAL_SECRET).
 */
import 'reflect-metadata';
import { AppModule } from './app.module';
import { infrastructureOptionsFromEnv } from './infrastructure';
import { ConfigError, createApiApp, createPinoLogger, platformConfigFromEnv } from './platform';

async function main(): Promise<void> {
  const config = await platformConfigFromEnv(process.env);
  const infrastructure = infrastructureOptionsFromEnv(process.env);
  const logger = createPinoLogger(config.logLevel);
  const app = await createApiApp(AppModule.register({ config, logger, infrastructure }));
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '0.0.0.0';
  await app.listen(port, host);
  logger.info({ url: await app.getUrl(), auth: config.auth.mode }, 'Netral API listening');
}

main().catch((e: unknown) => {
  // A ConfigError's message says what to set; anything else is a bug worth a stack trace.
  if (e instanceof ConfigError) console.error(`Configuration error: ${e.message}`);
  else console.error(e);
  process.exit(1);
});

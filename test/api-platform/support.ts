/**
 * Starting the API platform for e2e tests: a real HTTP server on port 0, configured by the same
 * `createApiApp` as production, with the test's own controllers next to the platform.
 */
import 'reflect-metadata';
import { Module, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino, { type Logger } from 'pino';
import {
  createApiApp,
  mintLocalToken,
  platformConfig,
  PlatformModule,
  type AuthConfig,
  type PlatformConfig,
  type ReadinessCheck,
} from '../../apps/api/src/platform';

export const LOCAL_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export const localAuth: AuthConfig = {
  mode: 'local',
  secret: LOCAL_SECRET,
  issuer: 'netral-local',
  audience: 'netral-api',
  clockToleranceSeconds: 0,
};

/** Log lines the app wrote, parsed. */
export interface CapturedLogs {
  lines: Record<string, unknown>[];
  logger: Logger;
}

export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info', redact: ['req.headers.authorization'] },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { lines, logger };
}

export interface RunningApi {
  app: NestExpressApplication;
  url: string;
  logs: CapturedLogs;
  close(): Promise<void>;
}

export async function startApi(options: {
  config?: Partial<PlatformConfig>;
  auth?: AuthConfig;
  controllers?: Type<unknown>[];
  readinessChecks?: ReadinessCheck[];
}): Promise<RunningApi> {
  const logs = captureLogs();
  const config = { ...platformConfig(options.auth ?? localAuth), ...options.config };

  @Module({
    imports: [
      PlatformModule.forRoot({ config, logger: logs.logger, readinessChecks: options.readinessChecks }),
    ],
    controllers: options.controllers ?? [],
  })
  class TestApiModule {}

  const app = await createApiApp(TestApiModule);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, logs, close: () => app.close() };
}

export function token(
  role: string,
  agency: string,
  extra: { sub?: string; name?: string; ttl?: string; issuedAt?: number; secret?: string } = {},
): Promise<string> {
  return mintLocalToken({ secret: extra.secret ?? LOCAL_SECRET, role, agency, ...extra });
}

export const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

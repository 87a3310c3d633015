/**
 * The whole Netral service for end-to-end tests: a throw-away database, the embedded Temporal server, the
 * case worker and the HTTP API on a free port, started by the same `startService` as `npm start`. Tokens
 * are minted with the test's local secret.
 */
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkingCalendar } from '@netral/domain';
import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import type { DocumentsConfig } from '@netral/documents';
import { caseReadModelMigrations, openDataSource } from '@netral/event-store';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { mintLocalToken, platformConfig, type PlatformConfig } from '../../apps/api/src/platform';
import { startService, type RunningService } from '../../apps/api/src/service';
import type { EmailSettings } from '../../apps/worker/src/notifications/email/email.config';
import { compressingPlanner } from '../case-workflow/support';
import { createTestDatabase } from './database';
import { sharedCaseWorkflowBundle } from './workflow-bundles';

export const TEST_SECRET = 'e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface TestService {
  url: string;
  /** The throw-away database, e.g. for a second API instance on it. */
  databaseUrl: string;
  service: RunningService;
  /** Direct access for assertions (and for tampering tests): the same database the service uses. */
  dataSource: DataSource;
  client: Client;
  /** Log lines the API wrote, parsed. */
  logs: Record<string, unknown>[];
  /** A bearer token for this role and agency (sub defaults to `<role>-<agency>`, or `<role>-national`). */
  token(role: string, agency: string, extra?: { sub?: string; name?: string; ttl?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestService(
  label: string,
  options: {
    platform?: Partial<PlatformConfig>;
    email?: EmailSettings;
    /** The worker's working calendar (default TEST_CALENDAR). */
    calendar?: WorkingCalendar;
    /** Document storage and upload limit (default: PostgreSQL, 20 MB). */
    documents?: DocumentsConfig;
    payloadCodec?: PayloadCodec;
    /** The worker's deadline planner (default compressingPlanner). */
    planner?: typeof compressingPlanner;
  } = {},
): Promise<TestService> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const databaseUrl = await createTestDatabase(label);
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const platform: PlatformConfig = {
    ...platformConfig({
      mode: 'local',
      secret: TEST_SECRET,
      issuer: 'netral-local',
      audience: 'netral-api',
      clockToleranceSeconds: 0,
    }),
    // e2e tests send many requests as one user
    rateLimit: { limit: 100_000, windowMs: 60_000 },
    ...options.platform,
  };
  const service = await startService({
    databaseUrl,
    platform,
    logger,
    temporalPort: 0,
    port: 0,
    host: '127.0.0.1',
    taskQueue: `cases-${label}`,
    ...(options.documents ? { documents: options.documents } : {}),
    payloadCodec: options.payloadCodec,
    worker: {
      digestSchedule: false,
      email: options.email ?? null,
      workflowBundlePath: sharedCaseWorkflowBundle(),
      // Cases whose id starts with "late-" get deadlines seconds away (see compressingPlanner).
      activityOptions: {
        planner: options.planner ?? compressingPlanner,
        calendar: () => options.calendar ?? TEST_CALENDAR,
        log: { info: () => {} },
      },
    },
  });
  const dataSource = await openDataSource({
    url: databaseUrl,
    migrations: caseReadModelMigrations,
    poolSize: 3,
  });
  const connection = await Connection.connect({ address: service.temporalAddress });
  const client = new Client({ connection });
  return {
    url: service.url,
    databaseUrl,
    service,
    dataSource,
    client,
    logs,
    token: (role, agency, extra = {}) => mintLocalToken({ secret: TEST_SECRET, role, agency, ...extra }),
    async stop() {
      await connection.close();
      await dataSource.destroy();
      await service.stop();
    },
  };
}

/**
 * The whole service in one process, given a database: the embedded Temporal server (unless a Temporal
 * address is given), the case worker and the HTTP API. `npm start` (standalone.ts) calls this after it has
 * a database; the end-to-end tests call it with a throw-away database.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { DEFAULT_TASK_QUEUE } from '@netral/workflows';
import type { DocumentsConfig } from '@netral/documents';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from 'pino';
import { CaseWorkerService, WorkerModule } from '../../worker/src/worker.module';
import type { WorkerConfig } from '../../worker/src/worker.config';
import { AppModule } from './app.module';
import { createApiApp, PinoNestLogger, type PlatformConfig } from './platform';

export interface ServiceOptions {
  databaseUrl: string;
  platform: PlatformConfig;
  logger: Logger;
  /** A Temporal cluster to use; without it the embedded server starts on `temporalPort`. */
  temporalAddress?: string;
  /** Port of the embedded Temporal server (0 = any free port). */
  temporalPort?: number;
  namespace?: string;
  taskQueue?: string;
  /** HTTP port (0 = any free port) and interface. */
  port: number;
  host?: string;
  /** Document storage and upload limit; default: from the environment. */
  documents?: DocumentsConfig;
  /** Encrypts Temporal payloads for the API's client and the worker (`npm start`: a key in the data dir). */
  payloadCodec?: PayloadCodec | null;
  /** Worker settings beyond the connections (webhook, concurrency) and activity overrides for tests. */
  worker?: Partial<
    Pick<
      WorkerConfig,
      | 'webhook'
      | 'email'
      | 'maxConcurrentActivityTaskExecutions'
      | 'maxCachedWorkflows'
      | 'digestSchedule'
      | 'workflowBundlePath'
    >
  > & {
    activityOptions?: Parameters<typeof WorkerModule.register>[1];
  };
}

export interface RunningService {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:3000. */
  url: string;
  temporalAddress: string;
  api: NestExpressApplication;
  /** Stops the API, then the worker (finishing in-flight activities), then the embedded Temporal server. */
  stop(): Promise<void>;
}

/**
 * The embedded Temporal server's pool. Under the 50-officer benchmark 10 connections are as busy as 20 were
 * (each pool of ten saturated; the machine has two cores), and every connection is a PostgreSQL backend of
 * ~3 MiB private memory (bench/notes/s09-perf-memory.md).
 */
export const EMBEDDED_TEMPORAL_CONNECTIONS = 10;

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
  let temporal: RunningTemporalServer | undefined;
  let worker: INestApplicationContext | undefined;
  let api: NestExpressApplication | undefined;
  const stop = async () => {
    await api?.close();
    await worker?.close();
    await temporal?.stop();
  };
  try {
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      // The embedded server keeps its state in the `temporal` schema of the same database.
      temporal = await startTemporalServer({
        databaseUrl: options.databaseUrl,
        port: options.temporalPort ?? 7233,
        // Activities the worker asks for eagerly come back with the workflow task's completion: one round
        // trip less per activity (measured in #15). Off by default, as on the Go server.
        activityEagerExecution: true,
        maxConnections: EMBEDDED_TEMPORAL_CONNECTIONS,
      });
      await temporal.ready;
      temporalAddress = temporal.address;
      options.logger.info({ address: temporalAddress }, 'embedded Temporal server started');
    }

    worker = await NestFactory.createApplicationContext(
      WorkerModule.register(
        {
          databaseUrl: options.databaseUrl,
          temporalAddress,
          // The embedded server is in this process: nothing to save by compressing requests to it.
          temporalGrpcCompression: temporal ? 'none' : 'gzip',
          temporalNamespace: namespace,
          taskQueue,
          webhook: options.worker?.webhook ?? null,
          email: options.worker?.email ?? null,
          maxConcurrentActivityTaskExecutions: options.worker?.maxConcurrentActivityTaskExecutions,
          maxCachedWorkflows: options.worker?.maxCachedWorkflows,
          // The officers' 07:00 WIB digest (a Temporal schedule), on unless asked otherwise.
          digestSchedule: options.worker?.digestSchedule ?? true,
          workflowBundlePath: options.worker?.workflowBundlePath,
          payloadCodec: options.payloadCodec ?? null,
          // Polls once the API listens (below), not while the API starts on this event loop.
          deferPolling: true,
        },
        options.worker?.activityOptions,
      ),
      { logger: new PinoNestLogger(options.logger.child({ component: 'worker' })) },
    );
    await worker.init();

    api = await createApiApp(
      AppModule.register({
        config: options.platform,
        logger: options.logger,
        ...(options.documents ? { documents: options.documents } : {}),
        infrastructure: {
          databaseUrl: options.databaseUrl,
          temporal: {
            address: temporalAddress,
            namespace,
            taskQueue,
            payloadCodec: options.payloadCodec ?? null,
          },
        },
      }),
    );
    await api.listen(options.port, options.host ?? '0.0.0.0');
    // After a restart the tasks pending on the server are handed out at the first poll and their 10 s
    // start-to-close clocks start then: the API's start-up (its modules, routes, ~0.5 s of this event loop)
    // must not run inside them (bench/notes/s15-restart.md).
    worker.get(CaseWorkerService).startPolling();
    const url = (await api.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
    return { url, temporalAddress, api, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

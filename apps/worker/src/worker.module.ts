// The worker as a NestJS standalone application: the data source, the Temporal connection and the case
// activities are providers; CaseWorkerService runs the Temporal worker and drains it on shutdown.
import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { caseDocumentsProjection, documentMigrations } from '@netral/documents';
import { EventStore, caseReadModels, openDataSource } from '@netral/event-store';
import type { CaseActivities } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import {
  type CaseActivitiesOptions,
  createCaseActivities,
  currentIndonesianCalendar,
} from './activities/case-activities';
import { EmailDispatcherService } from './notifications/email/email.module';
import { createCaseWorker, notificationChannels } from './case-worker';
import { workerMigrations } from './digest/digest.migration';
import { ensureDigestSchedule } from './digest/digest-schedule';
import type { WorkerConfig } from './worker.config';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const CASE_ACTIVITIES = Symbol('CASE_ACTIVITIES');
/** Zone-independent: the national calendar (holidays, cuti bersama); zones apply to instants only. */
const EMAIL_CALENDAR_ZONE = 'Asia/Jakarta';

@Injectable()
export class CaseWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CaseWorker');
  private worker: Worker | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: NativeConnection,
    @Inject(CASE_ACTIVITIES) private readonly activities: CaseActivities,
    @Inject(EmailDispatcherService) private readonly email: EmailDispatcherService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await createCaseWorker({
      connection: this.connection,
      dataSource: this.dataSource,
      activities: this.activities,
      namespace: this.config.temporalNamespace,
      taskQueue: this.config.taskQueue,
      maxConcurrentActivityTaskExecutions: this.config.maxConcurrentActivityTaskExecutions,
      maxConcurrentWorkflowTaskExecutions: this.config.maxConcurrentWorkflowTaskExecutions,
      initialWorkflowTaskSlots: this.config.initialWorkflowTaskSlots,
      maxCachedWorkflows: this.config.maxCachedWorkflows,
      payloadCodec: this.config.payloadCodec,
      ...(this.config.tuning ? { tuning: this.config.tuning } : {}),
      ...(this.config.workflowBundlePath
        ? { workflowBundle: { codePath: this.config.workflowBundlePath } }
        : {}),
    });
    if (!this.config.deferPolling) this.startPolling();
    if (this.config.digestSchedule) await this.scheduleDigest();
  }

  /**
   * Starts polling for tasks (once). Called at bootstrap unless `deferPolling`: the single-process service
   * calls it once its API listens, so that the API's start-up does not run on the event loop while the
   * first workflow tasks' clocks run (bench/notes/s15-restart.md).
   */
  startPolling(): void {
    if (!this.worker || this.running) return;
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`worker stopped: ${String(error)}`);
      throw error;
    });
    this.logger.log(`polling ${this.config.taskQueue} on ${this.config.temporalAddress}`);
  }

  /** The officers' daily digest schedule; a failure is logged loudly but does not stop the case worker. */
  private async scheduleDigest(): Promise<void> {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address: this.config.temporalAddress });
      const client = new Client({
        connection,
        namespace: this.config.temporalNamespace,
        ...(this.config.payloadCodec ? { dataConverter: { payloadCodecs: [this.config.payloadCodec] } } : {}),
      });
      const outcome = await ensureDigestSchedule(client, this.config.taskQueue);
      this.logger.log(`officer digest schedule ${outcome}`);
    } catch (error) {
      this.logger.error(`officer digest schedule not created: ${String(error)}`);
    } finally {
      await connection?.close();
    }
  }

  private stopping: Promise<void> | undefined;

  /**
   * Stops polling, lets in-flight activities finish (shutdownGraceTime), then closes connections. Once, even
   * when both a signal handler and close() ask for it.
   */
  onApplicationShutdown(signal?: string): Promise<void> {
    this.stopping ??= this.stop(signal);
    return this.stopping;
  }

  private async stop(signal?: string): Promise<void> {
    this.logger.log(`stopping${signal ? ` on ${signal}` : ''}: draining in-flight activities`);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    // The SDK's Runtime may have closed it already (its own SIGINT/SIGTERM handler shuts workers down).
    await this.connection.close().catch(() => undefined);
    await this.email.onApplicationShutdown(); // its batch in flight still needs the database
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** The Temporal worker's state (RUNNING while it polls); INITIALIZED before it was created. */
  state(): string {
    return this.worker?.getState() ?? 'INITIALIZED';
  }

  /** Resolves when the worker stopped; rejects when it failed. */
  whenStopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}

function emailCalendar(options: Partial<Pick<CaseActivitiesOptions, 'calendar'>>) {
  const calendarFor = options.calendar ?? currentIndonesianCalendar();
  return () => calendarFor(EMAIL_CALENDAR_ZONE);
}

@Module({})
export class WorkerModule {
  /** `activityOptions` overrides parts of the activities (tests: a planner, a log sink). */
  static register(
    config: WorkerConfig,
    activityOptions: Partial<Omit<CaseActivitiesOptions, 'dataSource' | 'eventStore'>> & {
      log?: Parameters<typeof notificationChannels>[0]['log'];
    } = {},
  ): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openDataSource({
              url: config.databaseUrl,
              migrations: [...workerMigrations, ...documentMigrations],
              applicationName: 'netral-worker',
              // Its activities' appends and reads: 10 were as busy as 20 under the 50-officer benchmark, and each
              // connection is a PostgreSQL backend of ~3 MiB (bench/notes/s09-perf-memory.md).
              poolSize: 10,
            }),
        },
        {
          provide: TEMPORAL_CONNECTION,
          useFactory: () =>
            NativeConnection.connect({
              address: config.temporalAddress,
              grpcCompression: { codec: config.temporalGrpcCompression ?? 'gzip' },
            }),
        },
        {
          provide: EmailDispatcherService,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) =>
            new EmailDispatcherService(config.email ?? null, dataSource, emailCalendar(activityOptions)),
        },
        {
          provide: CASE_ACTIVITIES,
          inject: [DATA_SOURCE, EmailDispatcherService],
          useFactory: (dataSource: DataSource, email: EmailDispatcherService): CaseActivities =>
            createCaseActivities({
              ...activityOptions,
              dataSource,
              // A DocumentAttached event is appended with its file's row (documents' foreign key).
              eventStore: new EventStore(dataSource, {
                inlineProjections: [caseReadModels, caseDocumentsProjection],
              }),
              channels:
                activityOptions.channels ??
                notificationChannels({
                  webhook: config.webhook,
                  log: activityOptions.log,
                  email: config.email
                    ? {
                        dataSource,
                        settings: config.email,
                        calendar: emailCalendar(activityOptions),
                        onQueued: () => email.wake(),
                      }
                    : null,
                }),
            }),
        },
        CaseWorkerService,
      ],
      exports: [CaseWorkerService],
    };
  }
}

/**
 * The API's connections to the rest of the service: PostgreSQL (event store and read models) and Temporal
 * (the case workflows). Global, so feature modules inject `DATA_SOURCE`, `EventStore`, `TEMPORAL_CLIENT`
 * and `TEMPORAL_SETTINGS` without importing it. The module opens the connections, registers them with
 * /ready, and closes them on shutdown.
 */
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { caseDocumentsProjection, documentMigrations } from '@netral/documents';
import { EventStore, caseReadModelMigrations, caseReadModels, openDataSource } from '@netral/event-store';
import type { PayloadCodec } from '@temporalio/common';
import { DEFAULT_TASK_QUEUE, payloadCodecFromEnv } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { ReadinessRegistry, sqlReadinessCheck, temporalReadinessCheck } from '../platform';
import {
  CreateViolationReadingChoice1767000000000,
  NotifyViolationReadingChoice1767000000001,
} from '../catalogues/violation-reading.migration';
import { CreateDeadlinePolicyVersion1767100000000 } from '../deadline-policies/deadline-policy.migration';

export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TEMPORAL_SETTINGS = Symbol('TEMPORAL_SETTINGS');

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Where case workflows run: the worker polls the same queue. */
  taskQueue: string;
  /** Encrypts payloads (NETRAL_PAYLOAD_KEYS; the worker uses the same keys); none: plain payloads. */
  payloadCodec?: PayloadCodec | null;
}

/** Connections per API instance unless `databasePoolSize` says otherwise. */
const API_POOL_SIZE = 10;

export interface InfrastructureOptions {
  databaseUrl: string;
  temporal: TemporalSettings;
  /** Connections per API instance; the read side is light, commands go through Temporal. */
  databasePoolSize?: number;
}

/** Reads the API's connection settings; DATABASE_URL is required outside `npm start`. */
export function infrastructureOptionsFromEnv(env: Record<string, string | undefined>): InfrastructureOptions {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required (postgres://user:password@host:5432/db)');
  return {
    databaseUrl: env.DATABASE_URL,
    temporal: {
      address: env.TEMPORAL_ADDRESS || 'localhost:7233',
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
      payloadCodec: payloadCodecFromEnv(env),
    },
  };
}

@Injectable()
class ConnectionLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register(sqlReadinessCheck('postgresql', this.dataSource));
    this.readiness.register(temporalReadinessCheck(this.connection));
  }

  private closing: Promise<void> | undefined;

  /** Idempotent: Nest may deliver the shutdown hook more than once (signal and close()). */
  onApplicationShutdown(): Promise<void> {
    this.closing ??= (async () => {
      await this.connection.close();
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    })();
    return this.closing;
  }
}

@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      providers: [
        { provide: TEMPORAL_SETTINGS, useValue: options.temporal },
        {
          provide: DATA_SOURCE,
          // Migrations run here too, so the API alone can start on an empty database.
          useFactory: () =>
            openDataSource({
              url: options.databaseUrl,
              migrations: [
                ...caseReadModelMigrations,
                ...documentMigrations,
                CreateViolationReadingChoice1767000000000,
                NotifyViolationReadingChoice1767000000001,
                CreateDeadlinePolicyVersion1767100000000,
              ],
              poolSize: options.databasePoolSize ?? API_POOL_SIZE,
              // A connection once opened stays open. With pg-pool's default (closed after 10 s idle) the
              // first requests of every burst after a pause opened connections again: a new backend, SCRAM
              // authentication and cold catalog caches per connection, 340-390 ms each under load, and
              // exactly the two slowest GET /cases of the bench (#15; bench/notes/s12-queries3.md).
              keptConnections: options.databasePoolSize ?? API_POOL_SIZE,
              applicationName: 'netral-api',
            }),
        },
        {
          provide: EventStore,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) =>
            new EventStore(dataSource, { inlineProjections: [caseReadModels, caseDocumentsProjection] }),
        },
        {
          provide: TEMPORAL_CONNECTION,
          // Lazy: the API starts (and /ready says "down") while Temporal is still coming up.
          useFactory: () =>
            Connection.lazy({
              address: options.temporal.address,
              // grpc-js's channelz statistics per call are never read here (no channelz service): off,
              // as on the embedded server (bench/grpc-options.ts, bench/notes/s14-command-path.md).
              channelArgs: { 'grpc.enable_channelz': 0 },
            }),
        },
        {
          provide: TEMPORAL_CLIENT,
          inject: [TEMPORAL_CONNECTION],
          useFactory: (connection: Connection) =>
            new Client({
              connection,
              namespace: options.temporal.namespace,
              dataConverter: {
                // The SDK's default converter's bytes, encoded natively (payload-converter.ts).
                payloadConverterPath: require.resolve('./payload-converter'),
                ...(options.temporal.payloadCodec ? { payloadCodecs: [options.temporal.payloadCodec] } : {}),
              },
            }),
        },
        ConnectionLifecycle,
      ],
      exports: [DATA_SOURCE, EventStore, TEMPORAL_CONNECTION, TEMPORAL_CLIENT, TEMPORAL_SETTINGS],
    };
  }
}

import { DataSource, type MigrationInterface, type MixedList } from 'typeorm';
import { CreateEventStore1763856000000 } from './migrations/1763856000000-create-event-store';
import { AppendFunction1766000000000 } from './migrations/1766000000000-append-function';
import { LeanAppend1767300000000 } from './migrations/1767300000000-lean-append';
import { AppendOneEvent1767700000000 } from './migrations/1767700000000-append-one-event';

/** The event store's own migrations; read-model libraries add theirs after these. */
export const eventStoreMigrations = [
  CreateEventStore1763856000000,
  AppendFunction1766000000000,
  LeanAppend1767300000000,
  AppendOneEvent1767700000000,
];

export interface NetralDataSourceOptions {
  url: string;
  migrations?: MixedList<new () => MigrationInterface>;
  entities?: MixedList<new () => unknown>;
  poolSize?: number;
  /**
   * Connections the pool keeps once it has opened them, however long they stay idle (pg-pool's `min`);
   * idle ones beyond it close after `idleTimeoutMillis`. Default 0: all of them close after being idle.
   */
  keptConnections?: number;
  /** How long an idle connection beyond `keptConnections` stays open (pg-pool's default: 10 s). */
  idleTimeoutMillis?: number;
  applicationName?: string;
}

/**
 * One TypeORM DataSource for the event store and the read models. The schema is changed only by migrations
 * (never `synchronize`), and they run when the data source is initialised.
 */
export async function openDataSource(options: NetralDataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    migrations: [
      ...eventStoreMigrations,
      ...((options.migrations as (new () => MigrationInterface)[]) ?? []),
    ],
    entities: options.entities ?? [],
    poolSize: options.poolSize ?? 20,
    extra: {
      ...(options.keptConnections ? { min: options.keptConnections } : {}),
      ...(options.idleTimeoutMillis !== undefined ? { idleTimeoutMillis: options.idleTimeoutMillis } : {}),
    },
    applicationName: options.applicationName ?? 'netral',
    logging: ['error'],
  });
  return dataSource.initialize();
}

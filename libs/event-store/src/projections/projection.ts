import type { StoredEvent } from '../types';

/** The SQL a projection needs: a transaction-bound query that returns rows. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /**
   * A statement whose answer is not read. It may be held and sent with a later statement (the inline
   * append sends its projections' writes with COMMIT, in one round trip): it runs before any later `query`
   * or `write` of the same executor, and its error may surface there instead.
   */
  write?(sql: string, params?: unknown[]): Promise<void>;
}

/** `write` where the executor has it, else `query` with its answer dropped. */
export function writeWith(sql: SqlExecutor, text: string, params?: unknown[]): Promise<void> {
  return sql.write ? sql.write(text, params) : sql.query(text, params).then(() => undefined);
}

/** A table a projection owns. `ddl` creates it empty under any name, so it can be rebuilt beside the live one. */
export interface ProjectionTable {
  name: string;
  ddl(tableName: string): string[];
  /** Columns compared when a rebuilt table is checked against the live one (default: all). */
  compareColumns?: readonly string[];
}

/**
 * A read model fed by events. Inline projections run in the append's own transaction, so a read model is
 * never behind its events; catch-up projections run later from a checkpoint. Either can be rebuilt.
 *
 * `apply` receives the physical name of each of its tables (the live name, or the rebuild's name).
 */
export interface Projection {
  name: string;
  /** Event types it reads; all when absent. */
  eventTypes?: readonly string[];
  tables: readonly ProjectionTable[];
  /**
   * The read `apply` starts with for one stream (`$1` the stream id, at most one row), which an inline
   * append sends within its own statement instead of as a round trip of its own (issue #15). `apply` then
   * receives that row (null: none) as `prefetched`, for the events' stream; undefined: read it yourself.
   */
  prefetch?(tables: Readonly<Record<string, string>>): string;
  apply(
    events: readonly StoredEvent[],
    sql: SqlExecutor,
    tables: Readonly<Record<string, string>>,
    prefetched?: Record<string, unknown> | null,
  ): Promise<void>;
}

export function liveTables(projection: Projection): Record<string, string> {
  return Object.fromEntries(projection.tables.map((t) => [t.name, t.name]));
}

export function relevantEvents(projection: Projection, events: readonly StoredEvent[]): StoredEvent[] {
  const types = projection.eventTypes;
  return types ? events.filter((e) => types.includes(e.type)) : [...events];
}

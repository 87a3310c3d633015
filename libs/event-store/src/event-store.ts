import type { Pool } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  APPEND_ONE_STATEMENT,
  APPEND_STATEMENT,
  type AppendedRow,
  appendOneParams,
  appendParams,
  appendWithPrefetchStatement,
  type Prepared,
  prefetchColumns,
  prepare,
} from './append-statement';
import { runAppend } from './append-query';
import type { Queryable } from './pg-submittable';
import { APPEND_FUNCTION, POSITION_XACT_SHIFT } from './migrations/1766000000000-append-function';
import {
  ConcurrencyConflictError,
  IdempotencyViolationError,
  InvalidEventStoreInputError,
  StreamNotFoundError,
} from './errors';
import { type StreamVerificationReport, verifyStreams } from './chain-verification';
import { type EventRow, storedEventFromRow } from './event-row';
import { pipelinedExecutor } from './projections/executor';
import { type Projection, liveTables, relevantEvents } from './projections/projection';
import type { AppendResult, NewEvent, ReadStreamOptions, StoredEvent } from './types';
import { type Upcaster, UpcasterChain } from './upcasting';
import { parseInstant, validateAppend, validateId } from './validation';

export { MAX_EVENT_BYTES, MAX_EVENTS_PER_APPEND } from './validation';

export interface EventStoreOptions {
  /** Read models updated in the same transaction as every append. */
  inlineProjections?: readonly Projection[];
  upcasters?: readonly Upcaster[];
  /**
   * Send the append as a named (prepared) statement, parsed and planned once per connection (default true).
   * False for a pooler that does not keep prepared statements (PgBouncer in transaction mode before 1.21,
   * or without `max_prepared_statements`).
   */
  namedStatements?: boolean;
}

/**
 * The event store on PostgreSQL: append-only streams with optimistic concurrency, idempotent appends by
 * event id, a SHA-256 hash chain per stream, gap-free global order, inline projections and upcasting.
 */
export class EventStore {
  private readonly inline: readonly Projection[];
  private readonly upcasters: UpcasterChain;
  private readonly named: boolean;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions = {},
  ) {
    this.inline = options.inlineProjections ?? [];
    this.upcasters = new UpcasterChain(options.upcasters);
    this.named = options.namedStatements ?? true;
  }

  /**
   * Appends events to a stream that must be at `expectedVersion` (0 for a new stream). A writer that lost
   * the race gets a ConcurrencyConflictError and nothing is written. Re-appending events whose ids are
   * already stored (a retry) writes nothing and returns the original positions.
   *
   * One call of the stored function `append_events` does the checks, the hash chain, the inserts and the
   * stream head. Without an inline projection that reads these events it is the whole transaction (one
   * round trip); otherwise it runs between BEGIN and COMMIT with the projections.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    const checked = validateAppend(streamId, expectedVersion, events);
    const prepared = prepare(streamId, expectedVersion, events, checked);
    const projections = this.inline.filter((p) => relevantEvents(p, prepared.stored).length > 0);
    // One event (most appends) goes to `append_event`, several to `append_events`; openDataSource has run
    // the migrations that create both.
    const one = prepared.stored.length === 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return projections.length === 0
          ? this.outcome(
              streamId,
              expectedVersion,
              events,
              prepared,
              await runAppend(
                this.pool() as unknown as Queryable,
                this.statement(one ? APPEND_ONE_STATEMENT : APPEND_STATEMENT),
                (one ? appendOneParams : appendParams)(streamId, expectedVersion, prepared),
              ),
            )
          : await this.appendWithProjections(streamId, expectedVersion, events, prepared, projections, one);
      } catch (e) {
        // The function refuses a transaction whose id is older than the stream's last append (so positions
        // rise with versions); a new transaction gets a new id.
        if (pgCode(e) === SERIALIZATION_FAILURE && attempt < MAX_ATTEMPTS) continue;
        if (!isEventIdTaken(e)) throw e;
        // An id of this append is stored already: a retry if all of them are, in this stream; else refused.
        const stored = await this.storedRows(events);
        if (stored.length === 0 && attempt < MAX_ATTEMPTS) continue; // the other writer rolled back
        return previouslyAppended(streamId, events, stored);
      }
    }
  }

  /**
   * The pg pool under TypeORM. The append without projections is one statement: it goes to the pool as a
   * named statement, without the query runner TypeORM builds around every query (as the raw INSERT of the
   * benchmark does); errors are pg's own (same `code` and `constraint` as TypeORM's QueryFailedError).
   */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  private statement(s: { name: string; text: string }): { name?: string; text: string } {
    return this.named ? s : { text: s.text };
  }

  private async storedRows(events: readonly NewEvent[]): Promise<AppendedRow[]> {
    return (await this.dataSource.query(
      `SELECT 'stored' AS outcome, event_id, stream_id, version, type, position AS event_position,
         recorded_at, previous_hash, hash
       FROM events WHERE event_id = ANY($1) ORDER BY position`,
      [events.map((e) => e.id)],
    )) as AppendedRow[];
  }

  private async appendWithProjections(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    prepared: Prepared,
    projections: readonly Projection[],
    one: boolean,
  ): Promise<AppendResult> {
    // A connection of its own for the transaction: the append goes to it as a named statement (see
    // APPEND_STATEMENT) with BEGIN in the same round trip (READ COMMITTED, PostgreSQL's default), then the
    // projections' statements and COMMIT. Straight on the pg pool, as the append without projections: TypeORM's
    // query runner added its own start/commit round trip, logging and result wrapping to every statement. The
    // projections' writes go with COMMIT, in one round trip (pipelinedExecutor).
    const client = await this.pool().connect();
    const sql = pipelinedExecutor(client);
    let broken: Error | undefined;
    try {
      const rows = await runAppend(
        client as unknown as Queryable,
        this.statement(appendWithPrefetchStatement(projections, one)),
        (one ? appendOneParams : appendParams)(streamId, expectedVersion, prepared),
        prefetchColumns(projections),
        true,
      );
      const result = this.outcome(streamId, expectedVersion, events, prepared, rows);
      if (!result.alreadyAppended) {
        // The prefetched rows are of the statement's snapshot, taken before the function locked the
        // stream: current only if that snapshot already saw the stream at the version appended to (read
        // models of a stream are written only under its lock). Otherwise each projection reads anew.
        const current = Number(rows[0].prefetch_version ?? 0) === expectedVersion;
        for (const [i, projection] of projections.entries()) {
          const prefetched = current && projection.prefetch ? rows[0][`prefetch_${i}`] : undefined;
          await projection.apply(
            relevantEvents(projection, prepared.stored),
            sql,
            liveTables(projection),
            prefetched as Record<string, unknown> | null | undefined,
          );
        }
      }
      await sql.commit();
      return result;
    } catch (e) {
      // BEGIN went with the append, so a transaction is open (or failed) whatever failed after it; after a
      // failed COMMIT none is, and ROLLBACK only warns. A ROLLBACK that fails (the connection lost) must not
      // hide the error that matters, and the connection is not given back to the pool.
      await client.query('ROLLBACK').catch((r: Error) => void (broken = r));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /**
   * What the function answered: the events appended (their positions, time and hashes completed in
   * `stored`), a retry of an earlier append, or a conflict.
   */
  private outcome(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    { stored }: Prepared,
    rows: AppendedRow[],
  ): AppendResult {
    const outcome = rows[0]?.outcome;
    if (outcome === 'conflict') {
      throw new ConcurrencyConflictError(streamId, expectedVersion, rows[0].version);
    }
    if (outcome === 'stored') return previouslyAppended(streamId, events, rows);
    if (outcome !== 'appended' || rows.length !== stored.length) {
      throw new Error(
        `${APPEND_FUNCTION} answered ${rows.length} rows (${outcome}) for ${stored.length} events`,
      );
    }
    rows.forEach((row, i) => {
      stored[i].position = Number(row.event_position);
      stored[i].recordedAt = row.recorded_at.toISOString();
      stored[i].previousHash = row.previous_hash;
      stored[i].hash = row.hash;
    });
    return {
      streamId,
      nextExpectedVersion: stored[stored.length - 1].version,
      positions: stored.map((e) => e.position),
      alreadyAppended: false,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    validateId('stream id', streamId);
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? 2_147_483_647;
    for (const [name, value] of [
      ['fromVersion', from],
      ['toVersion', to],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new InvalidEventStoreInputError(`${name} must be a whole number >= 1, got ${value}`);
      }
    }
    const before =
      options.recordedBefore === undefined ? null : parseInstant('recordedBefore', options.recordedBefore);
    const exists = (await this.dataSource.query(`SELECT 1 FROM event_streams WHERE stream_id = $1`, [
      streamId,
    ])) as unknown[];
    if (exists.length === 0) throw new StreamNotFoundError(streamId);
    const rows = (await this.dataSource.query(
      `SELECT * FROM events WHERE stream_id = $1 AND version BETWEEN $2 AND $3
         AND ($4::timestamptz IS NULL OR recorded_at < $4) ORDER BY version`,
      [streamId, from, to, before],
    )) as EventRow[];
    return rows.map((r) => this.fromRow(r));
  }

  /**
   * Events of all streams after `fromPosition`, in position order. Only transactions that have ended are
   * read: the read stops below the oldest transaction still running (positions encode the appending
   * transaction's id), so a reader that has seen position N never later finds an event before N.
   *
   * `appendsLocked` reads through a transaction that holds `lockAppends`: no append is running then, so it
   * reads every committed event without waiting for unrelated long transactions to end.
   */
  async readAll(fromPosition = 0, limit = 1000, appendsLocked?: QueryRunner): Promise<StoredEvent[]> {
    if (!Number.isInteger(fromPosition) || fromPosition < 0) {
      throw new InvalidEventStoreInputError(`fromPosition must be a whole number >= 0, got ${fromPosition}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidEventStoreInputError(`limit must be a whole number from 1 to 10000, got ${limit}`);
    }
    const rows = (await (appendsLocked ?? this.dataSource).query(
      appendsLocked
        ? `SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2`
        : `SELECT * FROM events WHERE position > $1
             AND position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_XACT_SHIFT}
           ORDER BY position LIMIT $2`,
      [fromPosition, limit],
    )) as EventRow[];
    return rows.map((r) => this.fromRow(r));
  }

  /**
   * Holds back every append until the runner's transaction ends (appends already running finish first).
   * Reads are not blocked.
   */
  static async lockAppends(runner: QueryRunner): Promise<void> {
    await runner.query(`LOCK TABLE events IN EXCLUSIVE MODE`);
  }

  /**
   * Recomputes the hash chain of a stream, checks its head, and names the first place that does not match
   * (the same check as `verifyStreams`, for one stream).
   */
  async verifyStream(streamId: string): Promise<StreamVerificationReport> {
    validateId('stream id', streamId);
    const [report] = await verifyStreams(this.dataSource, { streamIds: [streamId] });
    return report;
  }

  /** Every stream's id, for verifying all of them. */
  async streamIds(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT stream_id FROM event_streams ORDER BY stream_id`)) as {
      stream_id: string;
    }[];
    return rows.map((r) => r.stream_id);
  }

  private fromRow(row: EventRow): StoredEvent {
    const raw = storedEventFromRow(row);
    const upcast = this.upcasters.apply(raw.type, raw.schemaVersion, raw.data);
    return { ...raw, schemaVersion: upcast.schemaVersion, data: upcast.data };
  }
}

const SERIALIZATION_FAILURE = '40001';
const MAX_ATTEMPTS = 5;

/** A retry: every event of the append must be stored, in this stream, with the same type. */
function previouslyAppended(
  streamId: string,
  events: readonly NewEvent[],
  rows: AppendedRow[],
): AppendResult {
  const ids = events.map((e) => e.id);
  const byId = new Map(rows.map((r) => [r.event_id!, r]));
  const mismatch = events.find((e) => {
    const row = byId.get(e.id);
    return !row || row.stream_id !== streamId || row.type !== e.type;
  });
  if (mismatch || rows.length !== events.length) {
    throw new IdempotencyViolationError(
      `Events ${ids.join(', ')} partly or differently match events already stored ` +
        `(${rows.map((r) => `${r.event_id} in ${r.stream_id}@${r.version}`).join(', ')}); ` +
        `a retry must repeat the original append exactly`,
    );
  }
  const ordered = events.map((e) => byId.get(e.id)!);
  return {
    streamId,
    nextExpectedVersion: Math.max(...ordered.map((r) => r.version)),
    positions: ordered.map((r) => Number(r.event_position)),
    alreadyAppended: true,
  };
}

function pgCode(e: unknown): string | undefined {
  return (e as { code?: string; driverError?: { code?: string } })?.code;
}

/** The insert hit the unique index on event ids: an id of the append is stored already. */
function isEventIdTaken(e: unknown): boolean {
  return pgCode(e) === '23505' && String((e as { constraint?: string }).constraint).includes('event_id');
}

import type { DataSource, QueryRunner } from 'typeorm';
import { STREAM_ID_PATTERN } from '@netral/domain';
import {
  ConcurrencyConflictError,
  IdempotencyViolationError,
  InvalidEventStoreInputError,
  StreamNotFoundError,
} from './errors';
import { type StreamVerificationReport, verifyStreams } from './chain-verification';
import { type EventRow, storedEventFromRow } from './event-row';
import { GENESIS_HASH, eventHash } from './hash';
import { type Projection, liveTables, relevantEvents } from './projections/projection';
import { executor } from './projections/executor';
import type { AppendResult, EventMetadata, NewEvent, ReadStreamOptions, StoredEvent } from './types';
import { type Upcaster, UpcasterChain } from './upcasting';

/** Key of the transaction-level advisory lock that orders appends (see `append`). */
export const GLOBAL_APPEND_LOCK = 727_001;
export const MAX_EVENT_BYTES = 256 * 1024;
export const MAX_EVENTS_PER_APPEND = 500;
const ID_PATTERN = STREAM_ID_PATTERN;

export interface EventStoreOptions {
  /** Read models updated in the same transaction as every append. */
  inlineProjections?: readonly Projection[];
  upcasters?: readonly Upcaster[];
}

/**
 * The event store on PostgreSQL: append-only streams with optimistic concurrency, idempotent appends by
 * event id, a SHA-256 hash chain per stream, gap-free global order, inline projections and upcasting.
 */
export class EventStore {
  private readonly inline: readonly Projection[];
  private readonly upcasters: UpcasterChain;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions = {},
  ) {
    this.inline = options.inlineProjections ?? [];
    this.upcasters = new UpcasterChain(options.upcasters);
  }

  /**
   * Appends events to a stream that must be at `expectedVersion` (0 for a new stream). A writer that lost
   * the race gets a ConcurrencyConflictError and nothing is written. Re-appending events whose ids are
   * already stored (a retry) writes nothing and returns the original positions.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    validateAppend(streamId, expectedVersion, events);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      const previous = await this.previouslyAppended(runner, streamId, events);
      if (previous) {
        await runner.commitTransaction();
        return previous;
      }
      const stream = await lockStream(runner, streamId);
      if (stream.version !== expectedVersion) {
        await runner.rollbackTransaction();
        // A concurrent retry of this very append may have won: then this one is a no-op too.
        const retried = await this.previouslyAppended(runner, streamId, events);
        if (retried) return retried;
        throw new ConcurrencyConflictError(streamId, expectedVersion, stream.version);
      }

      // Positions are taken under one transaction-level lock that is held until commit, so they are
      // handed out in commit order: a reader that has seen position N can never later find an N-1.
      const [{ now }] = (await runner.query(`SELECT pg_advisory_xact_lock($1), clock_timestamp() AS now`, [
        GLOBAL_APPEND_LOCK,
      ])) as { now: Date }[];
      const stored = chain(streamId, stream.version, stream.last_hash, now.toISOString(), events);
      const last = stored[stored.length - 1];
      const rows = (await runner.query(insertEventsSql(stored.length), [
        streamId,
        last.version,
        last.hash,
        last.recordedAt,
        ...stored.flatMap(insertParams),
      ])) as { position: string }[];
      rows.forEach((row, i) => (stored[i].position = Number(row.position)));
      const sql = executor(runner);
      for (const projection of this.inline) {
        const relevant = relevantEvents(projection, stored);
        if (relevant.length > 0) await projection.apply(relevant, sql, liveTables(projection));
      }
      await runner.commitTransaction();
      return {
        streamId,
        nextExpectedVersion: last.version,
        positions: stored.map((e) => e.position),
        alreadyAppended: false,
      };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw translatePgError(e);
    } finally {
      await runner.release();
    }
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

  /** Events of all streams after `fromPosition`, in commit order. */
  async readAll(fromPosition = 0, limit = 1000): Promise<StoredEvent[]> {
    if (!Number.isInteger(fromPosition) || fromPosition < 0) {
      throw new InvalidEventStoreInputError(`fromPosition must be a whole number >= 0, got ${fromPosition}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new InvalidEventStoreInputError(`limit must be a whole number from 1 to 10000, got ${limit}`);
    }
    const rows = (await this.dataSource.query(
      `SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [fromPosition, limit],
    )) as EventRow[];
    return rows.map((r) => this.fromRow(r));
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

  private async previouslyAppended(
    runner: QueryRunner,
    streamId: string,
    events: readonly NewEvent[],
  ): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.id);
    const rows = (await runner.query(
      `SELECT event_id, stream_id, version, type, position FROM events WHERE event_id = ANY($1) ORDER BY position`,
      [ids],
    )) as Pick<EventRow, 'event_id' | 'stream_id' | 'version' | 'type' | 'position'>[];
    if (rows.length === 0) return undefined;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
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
      positions: ordered.map((r) => Number(r.position)),
      alreadyAppended: true,
    };
  }

  private fromRow(row: EventRow): StoredEvent {
    const raw = storedEventFromRow(row);
    const upcast = this.upcasters.apply(raw.type, raw.schemaVersion, raw.data);
    return { ...raw, schemaVersion: upcast.schemaVersion, data: upcast.data };
  }
}

function chain(
  streamId: string,
  version: number,
  lastHash: string,
  recordedAt: string,
  events: readonly NewEvent[],
): StoredEvent[] {
  let previousHash = lastHash;
  return events.map((e, i) => {
    const content = {
      id: e.id,
      streamId,
      version: version + i + 1,
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      // Round-trip through JSON so the hash covers exactly what jsonb will hold.
      data: JSON.parse(JSON.stringify(e.data)) as unknown,
      metadata: JSON.parse(JSON.stringify(e.metadata)) as EventMetadata,
      occurredAt: new Date(e.occurredAt).toISOString(),
      recordedAt,
    };
    const hash = eventHash(previousHash, content);
    const stored: StoredEvent = { ...content, position: 0, previousHash, hash };
    previousHash = hash;
    return stored;
  });
}

/** The stream row, locked for this transaction; created at version 0 for a new stream. */
async function lockStream(
  runner: QueryRunner,
  streamId: string,
): Promise<{ version: number; last_hash: string }> {
  const select = `SELECT version, last_hash FROM event_streams WHERE stream_id = $1 FOR UPDATE`;
  let [stream] = (await runner.query(select, [streamId])) as { version: number; last_hash: string }[];
  if (!stream) {
    await runner.query(
      `INSERT INTO event_streams (stream_id, version, last_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
      [streamId, GENESIS_HASH],
    );
    [stream] = (await runner.query(select, [streamId])) as { version: number; last_hash: string }[];
  }
  return stream;
}

/** One statement inserts the events and moves the stream's version and last hash ($1-$4) with them. */
function insertEventsSql(count: number): string {
  const columns = 11;
  const values = Array.from({ length: count }, (_, i) => {
    const p = Array.from({ length: columns }, (_, c) => `$${4 + i * columns + c + 1}`);
    return `(nextval('events_position_seq'), ${p.join(', ')})`;
  });
  return `WITH moved AS (
            UPDATE event_streams SET version = $2, last_hash = $3, updated_at = $4 WHERE stream_id = $1
          )
          INSERT INTO events (position, event_id, stream_id, version, type, schema_version, data, metadata,
            occurred_at, recorded_at, previous_hash, hash)
          VALUES ${values.join(', ')} RETURNING position`;
}

function insertParams(e: StoredEvent): unknown[] {
  return [
    e.id,
    e.streamId,
    e.version,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
    e.occurredAt,
    e.recordedAt,
    e.previousHash,
    e.hash,
  ];
}

function validateAppend(streamId: string, expectedVersion: number, events: readonly NewEvent[]): void {
  validateId('stream id', streamId);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new InvalidEventStoreInputError(
      `expectedVersion must be a whole number >= 0 (0 for a new stream), got ${expectedVersion}`,
    );
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventStoreInputError('append needs at least one event');
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventStoreInputError(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
  }
  const seen = new Set<string>();
  for (const [i, e] of events.entries()) {
    const where = `event #${i + 1}`;
    validateId(`${where} id`, e.id);
    if (seen.has(e.id))
      throw new InvalidEventStoreInputError(`${where}: id ${e.id} appears twice in one append`);
    seen.add(e.id);
    if (typeof e.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.]{0,199}$/.test(e.type)) {
      throw new InvalidEventStoreInputError(`${where}: type must be a name like CaseRegistered`);
    }
    if (e.schemaVersion !== undefined && (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1)) {
      throw new InvalidEventStoreInputError(`${where}: schemaVersion must be a whole number >= 1`);
    }
    assertJson(`${where} data`, e.data);
    assertJson(`${where} metadata`, e.metadata);
    if (typeof e.metadata?.actorId !== 'string' || typeof e.metadata?.role !== 'string') {
      throw new InvalidEventStoreInputError(`${where}: metadata needs actorId and role`);
    }
    parseInstant(`${where} occurredAt`, e.occurredAt);
    const size = Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata));
    if (size > MAX_EVENT_BYTES) {
      throw new InvalidEventStoreInputError(`${where} is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`);
    }
  }
}

function validateId(what: string, id: unknown): void {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new InvalidEventStoreInputError(
      `${what} must be 1-200 characters of letters, digits and . _ : @ / -, got ${JSON.stringify(id)}`,
    );
  }
}

function parseInstant(what: string, value: unknown): string {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidEventStoreInputError(`${what} must be an ISO-8601 date-time`);
  return new Date(ms).toISOString();
}

/** Only plain JSON is stored: no undefined, functions, NaN/Infinity, BigInt, class instances or cycles. */
function assertJson(what: string, value: unknown, path = '', seen = new Set<unknown>()): void {
  const at = path ? ` at ${path}` : '';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidEventStoreInputError(`${what} is not JSON: ${value}${at}`);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new InvalidEventStoreInputError(`${what} is not JSON: a cycle${at}`);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        throw new InvalidEventStoreInputError(
          `${what} is not JSON: a ${value.constructor?.name ?? 'class'} object${at}`,
        );
      }
      seen.add(value);
      for (const [k, v] of Object.entries(value)) assertJson(what, v, `${path}.${k}`, seen);
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidEventStoreInputError(`${what} is not JSON: ${typeof value}${at}`);
  }
}

/** Database errors that mean bad input become typed errors; anything else is a real failure. */
function translatePgError(e: unknown): unknown {
  const code = (e as { code?: string })?.code;
  if (code === '23505' && String((e as { constraint?: string }).constraint).includes('event_id')) {
    return new IdempotencyViolationError(`An event id of this append is already used by another stream`);
  }
  return e;
}

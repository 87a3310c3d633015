/**
 * Hash-chain verification for auditors, in bulk: every event's hash is recomputed and each stream's head
 * (`event_streams.version` and `last_hash`) is checked against its last event, so an altered, relinked,
 * deleted or truncated event is reported with the hash that was expected and the hash that is stored.
 * Events are read in keyset-paged batches across streams, so verifying thousands of cases costs a few
 * queries rather than one per case.
 */
import type { DataSource } from 'typeorm';
import { InvalidEventStoreInputError, StreamNotFoundError } from './errors';
import type { EventRow } from './event-row';
import { GENESIS_HASH, eventHash } from './hash';

/** What went wrong at the first broken place of a stream. */
export type ChainProblem =
  /** The event's content no longer matches its hash (edited data, metadata, times, type...). */
  | 'altered'
  /** previous_hash does not name the hash of the event before it (an event was replaced or reordered). */
  | 'relinked'
  /** A version is missing (an event was deleted from the middle). */
  | 'missing'
  /** The stream head names a later version or another hash than the last stored event (deleted at the end). */
  | 'truncated';

export interface ChainBreak {
  problem: ChainProblem;
  /** Version of the first event that does not verify (for `truncated`: the version the head expects). */
  version: number;
  /** Id of that event, when it exists. */
  eventId: string | null;
  reason: string;
  /** For `altered`: the recomputed hash; `relinked`: the previous event's hash; `missing`/`truncated`: the head's. */
  expectedHash: string;
  /** The hash stored where `expectedHash` was expected (null when the event is gone). */
  storedHash: string | null;
}

export interface StreamVerificationReport {
  streamId: string;
  ok: boolean;
  eventsChecked: number;
  /** The version the stream head records. */
  headVersion: number;
  firstInvalid?: ChainBreak;
}

export interface StreamHead {
  streamId: string;
  version: number;
  lastHash: string;
  createdAt: string;
  updatedAt: string;
}

/** The columns the chain check reads. */
type Row = Omit<EventRow, 'position' | 'metadata'> & { metadata: unknown };

const DEFAULT_BATCH = 2000;

/** A stream's head row, or undefined when the stream does not exist. */
export async function readStreamHead(
  dataSource: DataSource,
  streamId: string,
): Promise<StreamHead | undefined> {
  const [row] = (await dataSource.query(
    `SELECT stream_id, version, last_hash, created_at, updated_at FROM event_streams WHERE stream_id = $1`,
    [streamId],
  )) as { stream_id: string; version: number; last_hash: string; created_at: Date; updated_at: Date }[];
  return row
    ? {
        streamId: row.stream_id,
        version: row.version,
        lastHash: row.last_hash,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }
    : undefined;
}

/**
 * Verifies the given streams (all streams when `streamIds` is omitted), in stream id order. A stream id
 * that does not exist throws StreamNotFoundError when asked for explicitly.
 */
export async function verifyStreams(
  dataSource: DataSource,
  options: { streamIds?: readonly string[]; batchSize?: number } = {},
): Promise<StreamVerificationReport[]> {
  const batch = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    throw new InvalidEventStoreInputError(`batchSize must be a whole number from 1 to 10000, got ${batch}`);
  }
  const ids = options.streamIds === undefined ? null : [...new Set(options.streamIds)].sort();
  if (ids !== null && ids.length === 0) return [];
  // One snapshot for the heads and the events: an append committing between two reads would otherwise look
  // like a stream longer than its head (a false "truncated").
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const reports = await walkStreams(runner, ids, batch);
    await runner.query('COMMIT');
    return reports;
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

async function walkStreams(
  db: Pick<DataSource, 'query'>,
  ids: string[] | null,
  batch: number,
): Promise<StreamVerificationReport[]> {
  const heads = (await db.query(
    `SELECT stream_id, version, last_hash FROM event_streams
     WHERE $1::text[] IS NULL OR stream_id = ANY($1) ORDER BY stream_id`,
    [ids],
  )) as { stream_id: string; version: number; last_hash: string }[];
  if (ids !== null && heads.length !== ids.length) {
    const known = new Set(heads.map((h) => h.stream_id));
    throw new StreamNotFoundError(ids.find((id) => !known.has(id))!);
  }

  const reports = new Map<string, ChainWalk>(heads.map((h) => [h.stream_id, new ChainWalk(h)]));
  let after: [string, number] = ['', 0];
  for (;;) {
    const rows = (await db.query(
      `SELECT event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at,
              previous_hash, hash
       FROM events WHERE ($1::text[] IS NULL OR stream_id = ANY($1)) AND (stream_id, version) > ($2, $3)
       ORDER BY stream_id, version LIMIT $4`,
      [ids, after[0], after[1], batch],
    )) as Row[];
    for (const row of rows) reports.get(row.stream_id)?.accept(row);
    if (rows.length < batch) break;
    const last = rows[rows.length - 1];
    after = [last.stream_id, last.version];
  }
  return [...reports.values()].map((walk) => walk.finish());
}

/** Walks one stream's events in version order, remembering the first break. */
class ChainWalk {
  private previousHash = GENESIS_HASH;
  private checked = 0;
  private broken: ChainBreak | undefined;

  constructor(private readonly head: { stream_id: string; version: number; last_hash: string }) {}

  accept(row: Row): void {
    if (this.broken) return;
    this.checked += 1;
    const expectedVersion = this.checked;
    if (row.version !== expectedVersion) {
      this.broken = {
        problem: 'missing',
        version: expectedVersion,
        eventId: null,
        reason: `version ${expectedVersion} is missing (found ${row.version} next): an event was deleted`,
        expectedHash: this.previousHash,
        storedHash: null,
      };
      return;
    }
    if (row.previous_hash !== this.previousHash) {
      this.broken = {
        problem: 'relinked',
        version: row.version,
        eventId: row.event_id,
        reason: 'previous_hash does not match the hash of the event before it',
        expectedHash: this.previousHash,
        storedHash: row.previous_hash,
      };
      return;
    }
    const recomputed = eventHash(row.previous_hash, {
      id: row.event_id,
      streamId: row.stream_id,
      version: row.version,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      occurredAt: row.occurred_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
    });
    if (recomputed !== row.hash) {
      this.broken = {
        problem: 'altered',
        version: row.version,
        eventId: row.event_id,
        reason: 'content does not match its hash (the event was altered)',
        expectedHash: recomputed,
        storedHash: row.hash,
      };
      return;
    }
    this.previousHash = row.hash;
  }

  finish(): StreamVerificationReport {
    const base = {
      streamId: this.head.stream_id,
      eventsChecked: this.checked,
      headVersion: this.head.version,
    };
    if (!this.broken && (this.checked !== this.head.version || this.previousHash !== this.head.last_hash)) {
      this.broken = {
        problem: 'truncated',
        version: this.head.version,
        eventId: null,
        reason:
          this.checked !== this.head.version
            ? `the stream head records version ${this.head.version} but the last event is version ${this.checked}`
            : 'the stream head records another last hash than the last event has',
        expectedHash: this.head.last_hash,
        storedHash: this.checked > 0 ? this.previousHash : null,
      };
    }
    return this.broken ? { ...base, ok: false, firstInvalid: this.broken } : { ...base, ok: true };
  }
}

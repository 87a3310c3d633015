/**
 * The append's one statement: the events prepared for the stored function `append_events` (everything
 * but what the database decides), its parameters, and the rows it answers; with inline projections, their
 * prefetched reads ride along (Projection.prefetch).
 */
import { createHash } from 'node:crypto';
import { APPEND_FUNCTION } from './migrations/1766000000000-append-function';
import { APPEND_ONE_FUNCTION } from './migrations/1767700000000-append-one-event';
import { canonicalHalves } from './hash';
import { type Projection, liveTables } from './projections/projection';
import type { EventMetadata, NewEvent, StoredEvent } from './types';

/**
 * The events as they will be stored, but for what the database decides (position, recording time, hashes),
 * each with its canonical form cut where the recording time goes. `checked` is what validation computed
 * already (each event's data and metadata as JSON text, its occurredAt as toISOString prints it), so that
 * nothing is serialised or parsed twice; without it both are computed here.
 */
export function prepare(
  streamId: string,
  version: number,
  events: readonly NewEvent[],
  checked?: readonly CheckedEvent[],
): Prepared {
  const stored: StoredEvent[] = [];
  const canonical: Prepared['canonical'] = [];
  const json: Prepared['json'] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const { data, metadata, occurredAt } = checked?.[i] ?? {
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
      occurredAt: new Date(e.occurredAt).toISOString(),
    };
    json.push({ data, metadata });
    // The text sent as jsonb, parsed back so the hash covers exactly what jsonb holds. Written out as one
    // literal: spreading the content into the stored event with four more keys cost ~10 µs per event (V8's
    // slow path for a spread that adds properties), half of this function's time.
    const event: StoredEvent = {
      id: e.id,
      streamId,
      version: version + i + 1,
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      data: JSON.parse(data) as unknown,
      metadata: JSON.parse(metadata) as EventMetadata,
      occurredAt,
      recordedAt: '',
      position: 0,
      previousHash: '',
      hash: '',
    };
    canonical.push(canonicalHalves(event));
    stored.push(event);
  }
  return { stored, canonical, json };
}

/** One event as validation leaves it: data and metadata as JSON text, occurredAt normalised. */
export interface CheckedEvent {
  data: string;
  metadata: string;
  occurredAt: string;
}

export interface Prepared {
  stored: StoredEvent[];
  canonical: { head: string; tail: string }[];
  /** Each event's data and metadata as the JSON text sent to the database. */
  json: { data: string; metadata: string }[];
}

/** A row `append_events` returns: one per event appended or found stored, or one naming a conflict. */
export interface AppendedRow {
  outcome: 'appended' | 'stored' | 'conflict';
  event_id: string | null;
  stream_id: string;
  version: number;
  type: string | null;
  /** bigint, returned by pg as a string. */
  event_position: string | null;
  recorded_at: Date;
  previous_hash: string;
  hash: string;
}

export const APPEND_SQL = `SELECT * FROM ${APPEND_FUNCTION}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/**
 * APPEND_SQL as a named (prepared) statement: each connection parses and plans it once, later appends send
 * only Bind/Execute. The name is tied to the text; a changed text needs a new name.
 */
export const APPEND_STATEMENT = { name: 'netral_append_events_1', text: APPEND_SQL } as const;

/** The append of one event, by `append_event` (scalar arguments: see migration 1767700000000). */
export const APPEND_ONE_STATEMENT = {
  name: 'netral_append_event_1',
  text: `SELECT * FROM ${APPEND_ONE_FUNCTION}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
} as const;

/**
 * The append, with the stream's version as the statement's snapshot saw it and each projection's prefetch
 * (see Projection.prefetch) as jsonb: one round trip instead of one per read.
 */
export function appendWithPrefetchStatement(
  projections: readonly Projection[],
  one = false,
): {
  name: string;
  text: string;
} {
  const text = appendWithPrefetchSql(projections, one);
  let name = statementNames.get(text);
  if (name === undefined) {
    // One name per text (the relevant projections differ by event type): a connection prepares each once.
    name = `netral_append_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return { name, text };
}
const statementNames = new Map<string, string>();

/** The names of appendWithPrefetchSql's jsonb columns, in their order. */
export function prefetchColumns(projections: readonly Projection[]): string[] {
  return projections.flatMap((p, i) => (p.prefetch ? [`prefetch_${i}`] : []));
}

export function appendWithPrefetchSql(projections: readonly Projection[], one = false): string {
  const reads = projections.map((p, i) =>
    p.prefetch ? `, (SELECT to_jsonb(r) FROM (${p.prefetch(liveTables(p))}) r) AS prefetch_${i}` : '',
  );
  return `SELECT a.*, (SELECT s.version FROM event_streams s WHERE s.stream_id = $1) AS prefetch_version${reads.join('')}
    FROM ${one ? APPEND_ONE_FUNCTION : APPEND_FUNCTION}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) a`;
}

/** The arguments of `append_event` (one event: scalars, no array literals to build and parse). */
export function appendOneParams(
  streamId: string,
  expectedVersion: number,
  { stored: [e], canonical: [c], json: [j] }: Prepared,
): unknown[] {
  return [
    streamId,
    expectedVersion,
    e.id,
    e.type,
    e.schemaVersion,
    j.data,
    j.metadata,
    e.occurredAt,
    c.head,
    c.tail,
  ];
}

export function appendParams(
  streamId: string,
  expectedVersion: number,
  { stored, canonical, json }: Prepared,
): unknown[] {
  return [
    streamId,
    expectedVersion,
    stored.map((e) => e.id),
    stored.map((e) => e.type),
    stored.map((e) => e.schemaVersion),
    json.map((j) => j.data),
    json.map((j) => j.metadata),
    stored.map((e) => e.occurredAt),
    canonical.map((c) => c.head),
    canonical.map((c) => c.tail),
  ];
}

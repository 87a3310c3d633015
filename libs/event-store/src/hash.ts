import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash before the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  id: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
  recordedAt: string;
}

/**
 * SHA-256 over the previous event's hash and this event's canonical form (RFC 8785 JSON canonicalisation,
 * so that key order or number formatting in the database cannot change the result). Any edit to a stored
 * event, or a deleted or reordered one, breaks the chain from that event on.
 */
export function eventHash(previousHash: string, event: HashedContent): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalForm(event)).digest('hex');
}

function canonicalForm(event: HashedContent): string {
  return canonicalize({
    id: event.id,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: new Date(event.occurredAt).toISOString(),
    recordedAt: event.recordedAt === '' ? '' : new Date(event.recordedAt).toISOString(),
  })!;
}

/**
 * The canonical form of an event that is not recorded yet, cut where its recording time goes: the database
 * appends with its own clock and hashes `previousHash \n head <recordedAt as ISO-8601> tail` with its own
 * sha256, which is byte for byte what `eventHash` computes once the time is known. Canonical keys are sorted,
 * and only `schemaVersion`, `streamId`, `type` and `version` (numbers and validated names, never a quote)
 * follow `recordedAt`, so the last `"recordedAt":` is the event's own, whatever data and metadata contain.
 * `occurredAt` must be ISO-8601 as toISOString prints it (the append has normalised it while validating).
 */
export function canonicalHalves(event: Omit<HashedContent, 'recordedAt'>): { head: string; tail: string } {
  // Built directly rather than canonicalised whole and cut: the top-level keys are known, so their sorted
  // order is written out (data, id, metadata, occurredAt | recordedAt | schemaVersion, streamId, type,
  // version, as RFC 8785 sorts them) and only the values go through canonicalize; a value canonicalize would
  // drop (undefined) is dropped here too. About a quarter of the cost of canonicalising the whole event, and
  // the property test in hash.spec.ts holds it to eventHash's result.
  let head = '{';
  head = member(head, '"data":', event.data);
  head = member(head, '"id":', event.id);
  head = member(head, '"metadata":', event.metadata);
  head = member(head, '"occurredAt":', event.occurredAt);
  head += head === '{' ? '"recordedAt":"' : ',"recordedAt":"';
  let tail = '"';
  tail = member(tail, '"schemaVersion":', event.schemaVersion);
  tail = member(tail, '"streamId":', event.streamId);
  tail = member(tail, '"type":', event.type);
  tail = member(tail, '"version":', event.version);
  return { head, tail: `${tail}}` };
}

/**
 * `out` followed by one canonical member (`"key":` given already quoted), after a comma unless `out` is the
 * object's opening brace; a value canonicalize drops (undefined, a symbol) is dropped.
 */
function member(out: string, quotedKey: string, value: unknown): string {
  if (value === undefined || typeof value === 'symbol') return out;
  return `${out}${out === '{' ? '' : ','}${quotedKey}${canonicalize(value)!}`;
}

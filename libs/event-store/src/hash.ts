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
 */
export function canonicalFormAroundRecordedAt(event: Omit<HashedContent, 'recordedAt'>): {
  head: string;
  tail: string;
} {
  const canonical = canonicalForm({ ...event, recordedAt: '' });
  const marker = '"recordedAt":"';
  const cut = canonical.lastIndexOf(marker) + marker.length;
  return { head: canonical.slice(0, cut), tail: canonical.slice(cut) };
}

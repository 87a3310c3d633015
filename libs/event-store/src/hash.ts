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
  const canonical = canonicalize({
    id: event.id,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: new Date(event.occurredAt).toISOString(),
    recordedAt: new Date(event.recordedAt).toISOString(),
  });
  return createHash('sha256').update(previousHash).update('\n').update(canonical!).digest('hex');
}

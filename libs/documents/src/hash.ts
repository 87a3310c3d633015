import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256: a document's identity in the store and in the DocumentAttached event. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** RFC 9530 `Repr-Digest` value for a hex SHA-256: `sha-256=:<base64>:`. */
export function reprDigest(sha256: string): string {
  return `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
}

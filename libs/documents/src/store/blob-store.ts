// Where a document's bytes live, by its SHA-256. The row in `document_blobs` always exists (it is what the
// attached documents reference); the bytes are in that row (PostgreSQL, the embedded default) or in an
// S3-compatible bucket under the same key (production), as configured.
import type { SqlExecutor } from '@netral/event-store';

export const DOCUMENT_BACKENDS = ['postgresql', 's3'] as const;
export type DocumentBackend = (typeof DOCUMENT_BACKENDS)[number];

export interface BlobStore {
  readonly backend: DocumentBackend;
  /**
   * Stores the bytes under their hash. Idempotent (the key is the content). PostgreSQL writes inside the
   * caller's transaction (`sql`), so the bytes commit with the upload record or not at all.
   */
  write(sha256: string, bytes: Buffer, contentType: string, sql: SqlExecutor): Promise<void>;
  /** The bytes, or null when the store has none under this key. */
  read(sha256: string, sql: SqlExecutor): Promise<Buffer | null>;
  /** Removes the bytes (the caller has removed the last reference). */
  remove(sha256: string): Promise<void>;
}

/** Bytes in the `content` column of the blob's own row. */
export class PostgresBlobStore implements BlobStore {
  readonly backend = 'postgresql' as const;

  async write(sha256: string, bytes: Buffer, _contentType: string, sql: SqlExecutor): Promise<void> {
    await sql.query(`UPDATE document_blobs SET content = $2 WHERE sha256 = $1 AND content IS NULL`, [
      sha256,
      bytes,
    ]);
  }

  async read(sha256: string, sql: SqlExecutor): Promise<Buffer | null> {
    const [row] = await sql.query<{ content: Buffer | null }>(
      `SELECT content FROM document_blobs WHERE sha256 = $1`,
      [sha256],
    );
    return row?.content ?? null;
  }

  async remove(): Promise<void> {
    // The content goes with its row.
  }
}

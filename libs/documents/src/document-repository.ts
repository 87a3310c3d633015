// Storing, reading and checking a case's documents. The order of an upload guarantees both halves of
// "no orphan files, no event without its file":
//   1. stage(): the blob row, the bytes and the staging row commit together (PostgreSQL), or the rows first
//      and then the object (S3, written on every stage, so a retry repairs a lost write);
//   2. only then is AttachDocument sent to the case workflow; its event's append moves the staging row to
//      case_documents, whose foreign key refuses an event whose file is not stored;
//   3. a refused command discards the staging row and, when nothing else references it, the file.
// Files staged by a request that died between 1 and 3 are removed by sweep() after a grace period.
import type { DocumentEventMap } from '@netral/domain';
import { type SqlExecutor, executor } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { sha256Hex } from './hash';
import { CASE_DOCUMENTS_TABLE, DOCUMENT_BLOBS_TABLE, DOCUMENT_UPLOADS_TABLE } from './schema';
import { type BlobStore, type DocumentBackend, PostgresBlobStore } from './store/blob-store';

export type RecordedDocument = DocumentEventMap['DocumentAttached'] & {
  caseId: string;
  /** Stream version of the DocumentAttached event. */
  version: number;
  /** The event's hash in the case's chain. */
  eventHash: string;
  attachedBy: string;
};

export class DocumentIdConflictError extends Error {
  override name = 'DocumentIdConflictError';
}

/** The stored bytes are gone. */
export class DocumentMissingError extends Error {
  override name = 'DocumentMissingError';
}

/** The stored bytes no longer hash to what the event recorded: altered or replaced. */
export class DocumentIntegrityError extends Error {
  override name = 'DocumentIntegrityError';
  constructor(
    readonly documentId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`document ${documentId}: stored file hashes to ${actual}, the event recorded ${expected}`);
  }
}

export interface DocumentCheck {
  documentId: string;
  sha256: string;
  status: 'ok' | 'altered' | 'missing';
  actualSha256: string | null;
}

export interface StageInput {
  documentId: string;
  caseId: string;
  bytes: Buffer;
  sha256: string;
  contentType: string;
}

export class DocumentRepository {
  private readonly stores: Partial<Record<DocumentBackend, BlobStore>>;

  /** `store` receives new files; PostgreSQL can always be read (files stored before a switch to S3). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: BlobStore = new PostgresBlobStore(),
  ) {
    this.stores = { postgresql: new PostgresBlobStore(), [store.backend]: store };
  }

  get backend(): DocumentBackend {
    return this.store.backend;
  }

  /**
   * Stores the file and records it as staged for `documentId`. Idempotent for the same id and content;
   * another content under a staged id is a DocumentIdConflictError.
   */
  async stage(input: StageInput): Promise<void> {
    if (sha256Hex(input.bytes) !== input.sha256) throw new Error('stage(): sha256 does not match the bytes');
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      const sql = executor(runner);
      const [existing] = await sql.query<{ sha256: string; case_id: string }>(
        `SELECT sha256, case_id FROM ${DOCUMENT_UPLOADS_TABLE} WHERE document_id = $1
         UNION ALL SELECT sha256, case_id FROM ${CASE_DOCUMENTS_TABLE} WHERE document_id = $1`,
        [input.documentId],
      );
      if (existing && (existing.sha256 !== input.sha256 || existing.case_id !== input.caseId)) {
        throw new DocumentIdConflictError(`document id ${input.documentId} names another file`);
      }
      await sql.query(
        `INSERT INTO ${DOCUMENT_BLOBS_TABLE} (sha256, size, content_type, backend) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO UPDATE SET last_staged_at = now()`,
        [input.sha256, input.bytes.length, input.contentType, this.store.backend],
      );
      if (!existing) {
        await sql.query(
          `INSERT INTO ${DOCUMENT_UPLOADS_TABLE} (document_id, case_id, sha256) VALUES ($1, $2, $3)`,
          [input.documentId, input.caseId, input.sha256],
        );
      }
      // The file keeps the backend it was first stored in.
      const backend = (await this.backendOf(sql, input.sha256)) ?? this.store.backend;
      if (backend === 'postgresql')
        await this.stores.postgresql!.write(input.sha256, input.bytes, input.contentType, sql);
      await runner.commitTransaction();
      // An object store cannot join the transaction: written after the rows that protect it from the sweep.
      if (backend !== 'postgresql')
        await this.storeFor(backend).write(input.sha256, input.bytes, input.contentType, sql);
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Forgets a staged upload whose command was refused, and its file when nothing else references it. */
  async discard(documentId: string): Promise<void> {
    const deleted = (await this.dataSource.query(
      `WITH d AS (DELETE FROM ${DOCUMENT_UPLOADS_TABLE} WHERE document_id = $1 RETURNING sha256) SELECT * FROM d`,
      [documentId],
    )) as { sha256: string }[];
    for (const row of deleted) await this.removeUnreferenced(row.sha256);
  }

  /**
   * Removes staged uploads older than `graceMs` (their request died before the command) and every file
   * nothing references any more. Returns what it removed.
   */
  async sweep(graceMs: number): Promise<{ uploads: number; files: number }> {
    const uploads = (await this.dataSource.query(
      `WITH d AS (DELETE FROM ${DOCUMENT_UPLOADS_TABLE} WHERE staged_at < now() - make_interval(secs => $1)
                  RETURNING document_id) SELECT * FROM d`,
      [graceMs / 1000],
    )) as unknown[];
    const candidates = (await this.dataSource.query(
      `SELECT sha256 FROM ${DOCUMENT_BLOBS_TABLE} b
       WHERE last_staged_at < now() - make_interval(secs => $1)
         AND NOT EXISTS (SELECT 1 FROM ${DOCUMENT_UPLOADS_TABLE} u WHERE u.sha256 = b.sha256)
         AND NOT EXISTS (SELECT 1 FROM ${CASE_DOCUMENTS_TABLE} d WHERE d.sha256 = b.sha256)`,
      [graceMs / 1000],
    )) as { sha256: string }[];
    let files = 0;
    for (const { sha256 } of candidates) if (await this.removeUnreferenced(sha256)) files++;
    return { uploads: uploads.length, files };
  }

  /** The document as its event recorded it (the source of truth for its hash), or null. */
  async recorded(caseId: string, documentId: string): Promise<RecordedDocument | null> {
    const [row] = (await this.dataSource.query(
      `SELECT data, version, hash, metadata->>'actorId' AS actor FROM events
       WHERE stream_id = $1 AND type = 'DocumentAttached' AND data->>'documentId' = $2`,
      [caseId, documentId],
    )) as { data: DocumentEventMap['DocumentAttached']; version: number; hash: string; actor: string }[];
    return row ? toRecorded(caseId, row) : null;
  }

  /** Every attached document of the case, in the order they were attached. */
  async recordedForCase(caseId: string): Promise<RecordedDocument[]> {
    const rows = (await this.dataSource.query(
      `SELECT data, version, hash, metadata->>'actorId' AS actor FROM events
       WHERE stream_id = $1 AND type = 'DocumentAttached' ORDER BY version`,
      [caseId],
    )) as { data: DocumentEventMap['DocumentAttached']; version: number; hash: string; actor: string }[];
    return rows.map((row) => toRecorded(caseId, row));
  }

  /** The file's bytes, checked against the hash its event recorded. */
  async content(document: RecordedDocument): Promise<Buffer> {
    const bytes = await this.read(document.sha256);
    if (!bytes) throw new DocumentMissingError(`document ${document.documentId}: the stored file is missing`);
    const actual = sha256Hex(bytes);
    if (actual !== document.sha256)
      throw new DocumentIntegrityError(document.documentId, document.sha256, actual);
    return bytes;
  }

  /** Re-hashes every stored file of the documents given. */
  async verify(documents: readonly RecordedDocument[]): Promise<DocumentCheck[]> {
    const checks: DocumentCheck[] = [];
    for (const d of documents) {
      const bytes = await this.read(d.sha256);
      const actual = bytes ? sha256Hex(bytes) : null;
      checks.push({
        documentId: d.documentId,
        sha256: d.sha256,
        status: actual === null ? 'missing' : actual === d.sha256 ? 'ok' : 'altered',
        actualSha256: actual,
      });
    }
    return checks;
  }

  private async read(sha256: string): Promise<Buffer | null> {
    const sql = { query: <T>(q: string, p?: unknown[]) => this.dataSource.query(q, p) as Promise<T[]> };
    const backend = await this.backendOf(sql, sha256);
    return backend ? this.storeFor(backend).read(sha256, sql) : null;
  }

  private async backendOf(sql: SqlExecutor, sha256: string): Promise<DocumentBackend | null> {
    const [row] = await sql.query<{ backend: DocumentBackend }>(
      `SELECT backend FROM ${DOCUMENT_BLOBS_TABLE} WHERE sha256 = $1`,
      [sha256],
    );
    return row?.backend ?? null;
  }

  private storeFor(backend: DocumentBackend): BlobStore {
    const store = this.stores[backend];
    if (!store) throw new Error(`files stored in ${backend} but no ${backend} store is configured`);
    return store;
  }

  /** Deletes the blob row (and its bytes) if no upload or document references it; true if it did. */
  private async removeUnreferenced(sha256: string): Promise<boolean> {
    const [deleted] = (await this.dataSource.query(
      `WITH d AS (DELETE FROM ${DOCUMENT_BLOBS_TABLE} b WHERE sha256 = $1
         AND NOT EXISTS (SELECT 1 FROM ${DOCUMENT_UPLOADS_TABLE} u WHERE u.sha256 = b.sha256)
         AND NOT EXISTS (SELECT 1 FROM ${CASE_DOCUMENTS_TABLE} d WHERE d.sha256 = b.sha256)
       RETURNING backend) SELECT * FROM d`,
      [sha256],
    )) as { backend: DocumentBackend }[];
    if (!deleted) return false;
    if (deleted.backend !== 'postgresql') await this.storeFor(deleted.backend).remove(sha256);
    return true;
  }
}

function toRecorded(
  caseId: string,
  row: { data: DocumentEventMap['DocumentAttached']; version: number; hash: string; actor: string },
): RecordedDocument {
  return { ...row.data, caseId, version: row.version, eventHash: row.hash, attachedBy: row.actor };
}

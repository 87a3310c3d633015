/**
 * The document store's guarantees, run against every backend available: PostgreSQL always, an S3-compatible
 * store when NETRAL_TEST_S3_BUCKET is set (with DOCUMENT_S3_ENDPOINT, DOCUMENT_S3_REGION and
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as for the service; e.g. a local MinIO). Each backend gets the
 * same suite: stored bytes come back verified, a retry stores nothing new, a tampered or lost file is
 * detected, a discarded upload leaves no file, and an event whose file is not stored cannot be appended.
 */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type BlobStore,
  DocumentIdConflictError,
  DocumentIntegrityError,
  DocumentMissingError,
  DocumentRepository,
  PostgresBlobStore,
  type RecordedDocument,
  S3BlobStore,
  type S3Settings,
  caseDocumentsProjection,
  documentMigrations,
  s3SettingsFromEnv,
  sha256Hex,
} from '@netral/documents';
import { EventStore, caseReadModelMigrations, caseReadModels, openDataSource } from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';

const s3Bucket = process.env.NETRAL_TEST_S3_BUCKET;
const s3: S3Settings | undefined = s3Bucket
  ? { ...s3SettingsFromEnv(process.env, s3Bucket), prefix: `netral-test/${Date.now()}/` }
  : undefined;

interface Backend {
  name: string;
  store: () => BlobStore;
  /** Replaces the stored bytes behind the repository's back. */
  overwrite(dataSource: DataSource, sha256: string, bytes: Buffer): Promise<void>;
  lose(dataSource: DataSource, sha256: string): Promise<void>;
}

const BACKENDS: Backend[] = [
  {
    name: 'postgresql',
    store: () => new PostgresBlobStore(),
    overwrite: async (ds, sha, bytes) => {
      await ds.query(`UPDATE document_blobs SET content = $2 WHERE sha256 = $1`, [sha, bytes]);
    },
    lose: async (ds, sha) => {
      await ds.query(`UPDATE document_blobs SET content = NULL WHERE sha256 = $1`, [sha]);
    },
  },
];
if (s3) {
  const client = () =>
    new S3Client({
      region: s3.region,
      forcePathStyle: s3.forcePathStyle,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    });
  BACKENDS.push({
    name: 's3',
    store: () => new S3BlobStore(s3),
    overwrite: async (_ds, sha, bytes) => {
      await client().send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: `${s3.prefix}${sha}`, Body: bytes }),
      );
    },
    lose: async (_ds, sha) => {
      await client().send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${s3.prefix}${sha}` }));
    },
  });
}

function recorded(caseId: string, documentId: string, bytes: Buffer): RecordedDocument {
  return {
    caseId,
    documentId,
    fact: { kind: 'bap', sequence: 1 },
    factReference: 'BAP-01/2025',
    title: 'BAP',
    fileName: 'bap.pdf',
    contentType: 'application/pdf',
    size: bytes.length,
    sha256: sha256Hex(bytes),
    origin: 'uploaded',
    template: null,
    identifiesReporter: false,
    round: 1,
    at: '2025-01-22T09:00:00.000Z',
    version: 1,
    eventHash: '0'.repeat(64),
    attachedBy: 'officer-ani',
  };
}

const file = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

describe.each(BACKENDS)('document store: $name', (backend) => {
  let dataSource: DataSource;
  let repository: DocumentRepository;
  let events: EventStore;

  beforeAll(async () => {
    dataSource = await openDataSource({
      url: await createTestDatabase(`document_store_${backend.name}`),
      migrations: [...caseReadModelMigrations, ...documentMigrations],
      poolSize: 4,
    });
    repository = new DocumentRepository(dataSource, backend.store());
    events = new EventStore(dataSource, { inlineProjections: [caseReadModels, caseDocumentsProjection] });
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('stores a file by its hash and reads it back verified; staging again is a no-op; another file under the id is refused', async () => {
    const bytes = file('bap');
    const input = {
      documentId: 'DOC-A',
      caseId: 'C-1',
      bytes,
      sha256: sha256Hex(bytes),
      contentType: 'application/pdf',
    };
    await repository.stage(input);
    await repository.stage(input);
    expect((await repository.content(recorded('C-1', 'DOC-A', bytes))).equals(bytes)).toBe(true);
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM document_uploads WHERE document_id = 'DOC-A'`,
    )) as { n: number }[];
    expect(row.n).toBe(1);
    const other = file('other');
    await expect(
      repository.stage({ ...input, bytes: other, sha256: sha256Hex(other) }),
    ).rejects.toBeInstanceOf(DocumentIdConflictError);
  });

  it('detects a tampered and a lost file', async () => {
    const bytes = file('tamper');
    const sha = sha256Hex(bytes);
    await repository.stage({
      documentId: 'DOC-T',
      caseId: 'C-1',
      bytes,
      sha256: sha,
      contentType: 'application/pdf',
    });
    const document = recorded('C-1', 'DOC-T', bytes);
    await backend.overwrite(dataSource, sha, file('tampered'));
    await expect(repository.content(document)).rejects.toBeInstanceOf(DocumentIntegrityError);
    expect(await repository.verify([document])).toEqual([
      { documentId: 'DOC-T', sha256: sha, status: 'altered', actualSha256: sha256Hex(file('tampered')) },
    ]);
    await backend.lose(dataSource, sha);
    await expect(repository.content(document)).rejects.toBeInstanceOf(DocumentMissingError);
    expect((await repository.verify([document]))[0].status).toBe('missing');
  });

  it('a discarded upload leaves no file, unless another upload still references it', async () => {
    const bytes = file('shared');
    const sha = sha256Hex(bytes);
    await repository.stage({
      documentId: 'DOC-D1',
      caseId: 'C-2',
      bytes,
      sha256: sha,
      contentType: 'application/pdf',
    });
    await repository.stage({
      documentId: 'DOC-D2',
      caseId: 'C-2',
      bytes,
      sha256: sha,
      contentType: 'application/pdf',
    });
    await repository.discard('DOC-D1');
    expect((await repository.content(recorded('C-2', 'DOC-D2', bytes))).equals(bytes)).toBe(true);
    await repository.discard('DOC-D2');
    const rows = (await dataSource.query(`SELECT 1 FROM document_blobs WHERE sha256 = $1`, [
      sha,
    ])) as unknown[];
    expect(rows).toHaveLength(0);
    expect(await backend.store().read(sha, { query: async () => [] })).toBeNull();
  });

  it('an event whose file is stored is appended and moves it out of staging; one whose file is not stored is refused whole', async () => {
    const bytes = file('event');
    const sha = sha256Hex(bytes);
    await repository.stage({
      documentId: 'DOC-E',
      caseId: 'C-3',
      bytes,
      sha256: sha,
      contentType: 'application/pdf',
    });
    const event = (documentId: string, sha256: string, version: number) => ({
      id: `C-3:${version}`,
      type: 'DocumentAttached',
      data: { ...recorded('C-3', documentId, bytes), sha256 },
      metadata: { actorId: 'officer-ani', role: 'officer' },
      occurredAt: '2025-01-22T09:00:00.000Z',
    });
    await events.append('C-3', 0, [event('DOC-E', sha, 1)]);
    const staged = (await dataSource.query(
      `SELECT 1 FROM document_uploads WHERE document_id = 'DOC-E'`,
    )) as unknown[];
    expect(staged).toHaveLength(0);
    await expect(events.append('C-3', 1, [event('DOC-GHOST', 'f'.repeat(64), 2)])).rejects.toMatchObject({
      code: '23503',
    });
    expect((await events.readStream('C-3')).map((e) => e.version)).toEqual([1]);
    // Attached, the file survives a sweep of everything old.
    await repository.sweep(0);
    expect((await repository.content(recorded('C-3', 'DOC-E', bytes))).equals(bytes)).toBe(true);
  });
});

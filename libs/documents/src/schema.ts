// The document tables (migration CreateDocumentTables1765100000000):
// - document_blobs: one row per distinct file (by SHA-256), with the bytes when PostgreSQL stores them;
// - document_uploads: files received and stored but not yet recorded by a DocumentAttached event (a
//   staging area: removed by the event's append, or by discarding a refused upload, or swept when old);
// - case_documents: the read model of attached documents, written by the inline projection in the same
//   transaction as the event. Its foreign key to document_blobs is what makes "no event without its file"
//   a database rule: an append whose file is not stored fails as a whole.
// - agency_letter_settings: each agency's letterhead, signatories and template adjustments.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const DOCUMENT_BLOBS_TABLE = 'document_blobs';
export const DOCUMENT_UPLOADS_TABLE = 'document_uploads';
export const CASE_DOCUMENTS_TABLE = 'case_documents';
export const AGENCY_LETTER_SETTINGS_TABLE = 'agency_letter_settings';

export function caseDocumentsDdl(t: string): string[] {
  return [
    `CREATE TABLE ${t} (
       document_id text PRIMARY KEY,
       case_id text NOT NULL,
       sha256 text NOT NULL REFERENCES ${DOCUMENT_BLOBS_TABLE} (sha256),
       event_version integer NOT NULL,
       fact_kind text NOT NULL,
       fact_sequence integer NOT NULL,
       fact_reference text NOT NULL,
       title text NOT NULL,
       file_name text NOT NULL,
       content_type text NOT NULL,
       size bigint NOT NULL,
       origin text NOT NULL,
       template_id text,
       template_version text,
       identifies_reporter boolean NOT NULL,
       round integer NOT NULL,
       attached_at timestamptz NOT NULL,
       attached_by text NOT NULL,
       attached_role text NOT NULL)`,
    `CREATE INDEX ${t}_case_idx ON ${t} (case_id, event_version)`,
    `CREATE INDEX ${t}_sha_idx ON ${t} (sha256)`,
  ];
}

export class CreateDocumentTables1765100000000 implements MigrationInterface {
  name = 'CreateDocumentTables1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE ${DOCUMENT_BLOBS_TABLE} (
       sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
       size bigint NOT NULL CHECK (size > 0),
       content_type text NOT NULL,
       backend text NOT NULL CHECK (backend IN ('postgresql', 's3')),
       content bytea,
       created_at timestamptz NOT NULL DEFAULT now(),
       last_staged_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE TABLE ${DOCUMENT_UPLOADS_TABLE} (
       document_id text PRIMARY KEY,
       case_id text NOT NULL,
       sha256 text NOT NULL REFERENCES ${DOCUMENT_BLOBS_TABLE} (sha256),
       staged_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(
      `CREATE INDEX ${DOCUMENT_UPLOADS_TABLE}_sha_idx ON ${DOCUMENT_UPLOADS_TABLE} (sha256)`,
    );
    for (const statement of caseDocumentsDdl(CASE_DOCUMENTS_TABLE)) await runner.query(statement);
    await runner.query(`CREATE TABLE ${AGENCY_LETTER_SETTINGS_TABLE} (
       agency text PRIMARY KEY,
       settings jsonb NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now(),
       updated_by text NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      AGENCY_LETTER_SETTINGS_TABLE,
      CASE_DOCUMENTS_TABLE,
      DOCUMENT_UPLOADS_TABLE,
      DOCUMENT_BLOBS_TABLE,
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

export const documentMigrations = [CreateDocumentTables1765100000000];

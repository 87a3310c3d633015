// The attached documents as a read model, updated inline with the case's events: a DocumentAttached event
// moves its file from the staging area (document_uploads) to case_documents in the append's transaction.
import type { DocumentEventMap } from '@netral/domain';
import type { Projection, StoredEvent } from '@netral/event-store';
import { CASE_DOCUMENTS_TABLE, DOCUMENT_UPLOADS_TABLE, caseDocumentsDdl } from './schema';

type Attached = DocumentEventMap['DocumentAttached'];

export const caseDocumentsProjection: Projection = {
  name: 'case_documents',
  eventTypes: ['DocumentAttached'],
  tables: [{ name: CASE_DOCUMENTS_TABLE, ddl: caseDocumentsDdl }],
  async apply(events: readonly StoredEvent[], sql, tables) {
    for (const stored of events) {
      const d = stored.data as Attached;
      // The foreign key to document_blobs fails the whole append when the file is not stored.
      await sql.query(
        `INSERT INTO ${tables[CASE_DOCUMENTS_TABLE]} (document_id, case_id, sha256, event_version, fact_kind,
           fact_sequence, fact_reference, title, file_name, content_type, size, origin, template_id,
           template_version, identifies_reporter, round, attached_at, attached_by, attached_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (document_id) DO NOTHING`,
        [
          d.documentId,
          stored.streamId,
          d.sha256,
          stored.version,
          d.fact.kind,
          d.fact.sequence,
          d.factReference,
          d.title,
          d.fileName,
          d.contentType,
          d.size,
          d.origin,
          d.template?.id ?? null,
          d.template?.version ?? null,
          d.identifiesReporter,
          d.round,
          d.at,
          stored.metadata.actorId,
          stored.metadata.role,
        ],
      );
      await sql.query(`DELETE FROM ${DOCUMENT_UPLOADS_TABLE} WHERE document_id = $1`, [d.documentId]);
    }
  },
};

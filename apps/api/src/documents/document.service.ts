/**
 * Documents of a case over HTTP: upload (checked, stored, then recorded by the case workflow), reads
 * (metadata from the events, which hold the hashes), downloads verified against the recorded hash, the
 * verification of every stored file, and the berkas PDF.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AttachedDocument,
  type CaseState,
  type DocumentFact,
  mayReadConfidential,
} from '@netral/domain';
import {
  DocumentIdConflictError,
  DocumentIntegrityError,
  DocumentMissingError,
  DocumentRepository,
  type RecordedDocument,
  type StageInput,
  buildBerkas,
  factName,
  sha256Hex,
  sniffContentType,
} from '@netral/documents';
import { EventStore } from '@netral/event-store';
import { CaseScope } from '../audit';
import { EVENT_NAMES, STAGE_NAMES } from '../audit/export/indonesian';
import { CaseCommandService } from '../cases/commands/case-command.service';
import { type AuthenticatedUser, notFoundProblem, ProblemException } from '../platform';
import { type DocumentView, type UploadDocumentForm } from './documents.dto';
import {
  checksumMismatchProblem,
  emptyFileProblem,
  fileRequiredProblem,
  idempotencyKeyReusedProblem,
  integrityProblem,
  reporterConfidentialProblem,
  unsupportedTypeProblem,
} from './problems';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Whether a recorded document is what this upload asks for (its bytes were compared when it was staged). */
function sameUpload(recorded: AttachedDocument, form: UploadDocumentForm, fileName: string): boolean {
  return (
    recorded.fact.kind === form.fact &&
    recorded.fact.sequence === (form.sequence ? Number(form.sequence) : 1) &&
    recorded.title === (form.title ?? fileName) &&
    recorded.fileName === fileName &&
    // The domain marks some facts (a laporan) as naming the reporter whatever the upload says; only a replay
    // less confidential than asked for differs.
    (recorded.identifiesReporter || form.identifiesReporter !== 'true')
  );
}

/** `DOC-` + 12 Crockford base-32 characters; derived from the Idempotency-Key when there is one. */
export function newDocumentId(caseId: string, user: AuthenticatedUser, idempotencyKey?: string): string {
  const seed = idempotencyKey ? `${caseId}\n${user.agency}\n${user.id}\n${idempotencyKey}` : randomUUID();
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; out.length < 12; i++) out += CROCKFORD[digest[i] & 31];
  return `DOC-${out}`;
}

/** A file name safe to store and to send back in Content-Disposition. */
export function safeFileName(name: string | undefined, contentType: string): string {
  const extension =
    { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[contentType] ?? 'bin';
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^[.\s]+/, '')
    .slice(0, 120)
    .trim();
  return clean || `dokumen.${extension}`;
}

export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

export interface StageAndAttach {
  caseId: string;
  documentId: string;
  bytes: Buffer;
  sha256: string;
  contentType: string;
  command: Record<string, unknown>;
  reason?: string;
}

@Injectable()
export class DocumentService {
  private readonly logger = new Logger('Documents');

  constructor(
    @Inject(DocumentRepository) private readonly repository: DocumentRepository,
    @Inject(CaseScope) private readonly scope: CaseScope,
    @Inject(CaseCommandService) private readonly commands: CaseCommandService,
    @Inject(EventStore) private readonly eventStore: EventStore,
  ) {}

  /** Checks and stores the file, then has the case record it; answers with the recorded document. */
  async upload(
    user: AuthenticatedUser,
    caseId: string,
    file: UploadedFile | undefined,
    form: UploadDocumentForm,
    idempotencyKey: string | undefined,
  ): Promise<DocumentView> {
    await this.scope.requireVisible(user, caseId);
    if (!file) throw fileRequiredProblem();
    if (file.size === 0) throw emptyFileProblem();
    const contentType = sniffContentType(file.buffer);
    if (!contentType) throw unsupportedTypeProblem();
    const sha256 = sha256Hex(file.buffer);
    if (form.sha256 && form.sha256.toLowerCase() !== sha256)
      throw checksumMismatchProblem(form.sha256.toLowerCase(), sha256);
    const fileName = safeFileName(file.originalname, contentType);
    const documentId = newDocumentId(caseId, user, idempotencyKey);
    const state = await this.attach(user, {
      caseId,
      documentId,
      bytes: file.buffer,
      sha256,
      contentType,
      reason: form.reason,
      command: {
        documentId,
        fact: { kind: form.fact as DocumentFact, sequence: form.sequence ? Number(form.sequence) : 1 },
        title: form.title ?? fileName,
        fileName,
        contentType,
        size: file.buffer.length,
        sha256,
        origin: 'uploaded',
        identifiesReporter: form.identifiesReporter === 'true',
      },
    });
    const attached = state.documents.find((d) => d.documentId === documentId);
    if (!attached) throw new Error(`document ${documentId} not in the case after AttachDocument`);
    // The same key with the same bytes but another fact, title, name or confidentiality: the workflow answered
    // the first upload's outcome (the update id is the document id), which would tell the client that this
    // other request was recorded. Nothing new was written; refuse it as the commands refuse a reused key.
    if (!sameUpload(attached, form, fileName)) throw idempotencyKeyReusedProblem();
    return this.view(user, await this.requireRecorded(caseId, attached.documentId));
  }

  /**
   * Stores the file, then sends AttachDocument with the document id as its idempotency key (a retry of the
   * same upload returns the first outcome). A refusal discards the staged file; a timeout keeps it, since
   * the command may still complete (a retry with the same key finds it; the sweep removes it otherwise).
   */
  async attach(user: AuthenticatedUser, input: StageAndAttach): Promise<CaseState> {
    const stage: StageInput = {
      documentId: input.documentId,
      caseId: input.caseId,
      bytes: input.bytes,
      sha256: input.sha256,
      contentType: input.contentType,
    };
    try {
      await this.repository.stage(stage);
    } catch (error) {
      if (error instanceof DocumentIdConflictError) throw idempotencyKeyReusedProblem();
      throw error;
    }
    try {
      const { state } = await this.commands.execute(
        user,
        input.caseId,
        'AttachDocument',
        { ...input.command, ...(input.reason ? { reason: input.reason } : {}) },
        { idempotencyKey: input.documentId },
      );
      return state;
    } catch (error) {
      const refused = error instanceof ProblemException && error.getStatus() < 500;
      if (refused) {
        await this.repository.discard(input.documentId).catch((e: unknown) => {
          this.logger.warn(`staged document ${input.documentId} not discarded: ${String(e)}`);
        });
      }
      throw error;
    }
  }

  async list(user: AuthenticatedUser, caseId: string): Promise<DocumentView[]> {
    await this.scope.requireVisible(user, caseId);
    const documents = await this.repository.recordedForCase(caseId);
    return documents.map((d) => this.view(user, d));
  }

  async get(user: AuthenticatedUser, caseId: string, documentId: string): Promise<DocumentView> {
    await this.scope.requireVisible(user, caseId);
    return this.view(user, await this.requireRecorded(caseId, documentId));
  }

  /** The file, after checking its bytes against the hash in its event. */
  async content(
    user: AuthenticatedUser,
    caseId: string,
    documentId: string,
  ): Promise<{ document: RecordedDocument; bytes: Buffer }> {
    await this.scope.requireVisible(user, caseId);
    const document = await this.requireRecorded(caseId, documentId);
    if (document.identifiesReporter && !mayReadConfidential(user.role)) throw reporterConfidentialProblem();
    try {
      return { document, bytes: await this.repository.content(document) };
    } catch (error) {
      if (error instanceof DocumentIntegrityError)
        throw integrityProblem(documentId, error.expected, error.actual);
      if (error instanceof DocumentMissingError) throw integrityProblem(documentId, document.sha256, null);
      throw error;
    }
  }

  /** Re-hashes every stored file of the case and checks the event chain that records the hashes. */
  async verify(user: AuthenticatedUser, caseId: string) {
    await this.scope.requireVisible(user, caseId);
    const documents = await this.repository.recordedForCase(caseId);
    const checks = await this.repository.verify(documents);
    const chain = await this.chain(caseId);
    return {
      caseId,
      ok: chain.ok && checks.every((c) => c.status === 'ok'),
      chainOk: chain.ok,
      headHash: chain.headHash,
      headVersion: chain.headVersion,
      documents: checks,
    };
  }

  /** The berkas PDF: summary, timeline, every document the caller may see, and the verification page. */
  async berkas(user: AuthenticatedUser, caseId: string, state: CaseState): Promise<Buffer> {
    await this.scope.requireVisible(user, caseId);
    const recorded = await this.repository.recordedForCase(caseId);
    const visible = recorded.filter((d) => !d.identifiesReporter || mayReadConfidential(user.role));
    const withheld = recorded.filter((d) => !visible.includes(d));
    const checks = await this.repository.verify(recorded);
    const documents = await Promise.all(
      visible.map(async (document) => {
        const ok = checks.find((c) => c.documentId === document.documentId)?.status === 'ok';
        return { document, bytes: ok ? await this.repository.content(document) : null };
      }),
    );
    const events = await this.eventStore.readStream(caseId);
    return buildBerkas({
      state,
      events: events.map((e) => ({
        version: e.version,
        type: e.type,
        name: (EVENT_NAMES as Record<string, string>)[e.type] ?? e.type,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        actor: `${e.metadata.actorId}, ${e.metadata.role}`,
        hash: e.hash,
      })),
      documents,
      withheld,
      checks,
      chain: await this.chain(caseId),
      exportedAt: new Date(),
      exportedBy: `${user.name} (${user.role}, ${user.agency})`,
      stageName: (stage) => (STAGE_NAMES as Record<string, string>)[stage] ?? stage,
    });
  }

  private async chain(caseId: string) {
    const report = await this.eventStore.verifyStream(caseId);
    const [head] = await this.eventStore.readStream(caseId, { fromVersion: Math.max(report.headVersion, 1) });
    return {
      ok: report.ok,
      headVersion: report.headVersion,
      headHash: head?.hash ?? null,
      problem: report.firstInvalid
        ? `${report.firstInvalid.problem} pada versi ${report.firstInvalid.version}`
        : null,
    };
  }

  private async requireRecorded(caseId: string, documentId: string): Promise<RecordedDocument> {
    const document = await this.repository.recorded(caseId, documentId);
    if (!document) throw notFoundProblem('document');
    return document;
  }

  view(user: AuthenticatedUser, d: RecordedDocument | (AttachedDocument & { caseId: string })): DocumentView {
    const recorded = d as RecordedDocument;
    const withheld = d.identifiesReporter && !mayReadConfidential(user.role);
    const base: DocumentView = {
      documentId: d.documentId,
      caseId: d.caseId,
      fact: { kind: d.fact.kind, sequence: d.fact.sequence, name: factName(d.fact.kind, d.fact.sequence) },
      factReference: d.factReference,
      withheld,
      sha256: d.sha256,
      origin: d.origin,
      identifiesReporter: d.identifiesReporter,
      round: d.round,
      version: d.version,
      eventHash: recorded.eventHash,
      attachedAt: d.at,
    };
    if (withheld) return base;
    return {
      ...base,
      title: d.title,
      fileName: d.fileName,
      contentType: d.contentType,
      size: d.size,
      template: d.template,
      attachedBy: recorded.attachedBy,
      contentUrl: `/cases/${d.caseId}/documents/${d.documentId}/content`,
    };
  }
}

// Documents of a case (berkas): a scanned or signed file, or a letter Netral generated, attached to the fact
// it proves. The file itself lives in a document store; the case records its SHA-256 in the
// `DocumentAttached` event, so the event stream's hash chain covers the evidence (architecture.md:
// documents are content-addressed). PP 94/2021 Ps 39 requires the examination documents and the decision
// to be kept with the case.
import { DomainError } from '../errors';
import { type Instant } from '../time';
import { type CommandDescriptor, type DecisionContext } from './commands';
import { type Input } from './input';
import { type CaseState } from './state';

/**
 * The facts a document can prove, in the order a case produces them. `sequence` picks one of several (the
 * first or second summons, the n-th recommendation letter).
 */
export const DOCUMENT_FACTS = [
  'laporan', // the report or finding (laporan/temuan) that opened the case
  'surat_klarifikasi', // letter starting the clarification
  'lhp', // Laporan Hasil Pemeriksaan: the clarification report
  'rekomendasi', // recommendation letter of Bawaslu or the supervisory body (KASN/BKN)
  'tindak_lanjut_ppk', // the PPK's follow-up letter
  'sk_tim_pemeriksa', // decree forming the Tim Pemeriksa
  'surat_panggilan', // summons I or II (surat panggilan)
  'bukti_penyampaian_panggilan', // proof the summons was delivered
  'bap', // Berita Acara Pemeriksaan
  'sk_majelis_kode_etik', // decree convening the Majelis Kode Etik
  'rekomendasi_majelis', // the Majelis Kode Etik's recommendation
  'keputusan_hukuman', // the sanction decree (keputusan penjatuhan hukuman disiplin / sanksi moral)
  'bukti_penyampaian_keputusan', // proof the decree was delivered
  'keberatan', // the ASN's keberatan or banding administratif
  'jawaban_banding', // the PPK's answer to BPASN
  'putusan_keberatan', // the decision on the keberatan/banding
] as const;
export type DocumentFact = (typeof DOCUMENT_FACTS)[number];

/** Facts that can occur more than once in a round, told apart by `sequence`. */
const SEQUENCED_FACTS: readonly DocumentFact[] = [
  'rekomendasi',
  'surat_panggilan',
  'bukti_penyampaian_panggilan',
];

/** PDF, JPEG and PNG only: what scanners and signing tools produce, and what the berkas can embed. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

export interface FactRef {
  kind: DocumentFact;
  /** 1 unless the fact can occur more than once (summons II = 2). */
  sequence: number;
}

export interface DocumentTemplateRef {
  id: string;
  version: string;
}

export interface AttachedDocument {
  documentId: string;
  fact: FactRef;
  /** The fact's own number (letter, decree, BAP or report number), as recorded by its command. */
  factReference: string;
  title: string;
  fileName: string;
  contentType: DocumentContentType;
  size: number;
  /** Lowercase hex SHA-256 of the file's bytes: the file's identity in the store. */
  sha256: string;
  /** uploaded = a scan or signed file; generated = a letter Netral produced from the case data. */
  origin: 'uploaded' | 'generated';
  template: DocumentTemplateRef | null;
  /** Names the reporter: shown only to roles that may read the reporter's identity (UU 14/2008 Ps 17a). */
  identifiesReporter: boolean;
  round: number;
  /** Stream version of the DocumentAttached event. */
  version: number;
  at: Instant;
}

export interface DocumentCommandMap {
  AttachDocument: {
    documentId: string;
    fact: { kind: DocumentFact; sequence?: number | null };
    title: string;
    fileName: string;
    contentType: DocumentContentType;
    size: number;
    sha256: string;
    origin?: 'uploaded' | 'generated';
    template?: DocumentTemplateRef | null;
    identifiesReporter?: boolean | null;
  };
}

export interface DocumentEventMap {
  DocumentAttached: Omit<AttachedDocument, 'version'>;
}

export const DOCUMENT_COMMANDS: readonly CommandDescriptor[] = [
  {
    type: 'AttachDocument',
    roles: ['officer', 'supervisor', 'ppk'],
    system: false,
    description: 'Attach a document (scan, signed letter or generated letter) to the fact it proves',
  },
];

export const DOCUMENT_EVENT_TYPES = ['DocumentAttached'] as const;

/** A document's id within its case (the API's document routes check it too). */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The number of the fact a document proves, as the case recorded it; UNKNOWN_FACT when this round of the
 * case has no such fact (a summons not issued, a decree not yet decided).
 */
export function factReference(state: CaseState, fact: FactRef): string {
  const exam = state.examination;
  const pick = <T>(list: readonly T[]): T | undefined => list[fact.sequence - 1];
  const summons = exam.summonses.find((s) => s.sequence === fact.sequence);
  const references: Record<DocumentFact, () => string | null | undefined> = {
    laporan: () => (state.source ? (state.source.reference ?? state.caseId) : null),
    surat_klarifikasi: () => (state.clarification ? (state.clarification.letterReference ?? '-') : null),
    lhp: () => state.clarification?.reportReference,
    rekomendasi: () => pick(state.recommendations)?.letterNumber,
    tindak_lanjut_ppk: () => state.followUp?.letterNumber,
    sk_tim_pemeriksa: () => exam.timPemeriksa?.decreeNumber,
    surat_panggilan: () => summons?.letterNumber,
    bukti_penyampaian_panggilan: () => summons?.deliveryProofRef,
    bap: () => exam.bap?.number,
    sk_majelis_kode_etik: () => state.ethics.majelis?.decreeNumber,
    rekomendasi_majelis: () => state.ethics.recommendation?.minutesRef,
    keputusan_hukuman: () => state.decision?.decreeNumber,
    bukti_penyampaian_keputusan: () => state.delivery?.proofRef,
    keberatan: () => state.objection?.reference,
    jawaban_banding: () => state.objection?.appealAnswer?.letterNumber,
    putusan_keberatan: () => state.objection?.outcome?.decisionRef,
  };
  const reference = references[fact.kind]();
  if (!reference) {
    throw new DomainError(
      'UNKNOWN_FACT',
      `this case has no ${fact.kind}${SEQUENCED_FACTS.includes(fact.kind) ? ` #${fact.sequence}` : ''} in round ${state.round}`,
      { fact },
    );
  }
  return reference;
}

function readFact(input: Input): FactRef {
  const fact = input.obj('fact');
  const kind = fact.oneOf('kind', DOCUMENT_FACTS);
  const sequence = fact.optInt('sequence', 1, 20) ?? 1;
  if (sequence !== 1 && !SEQUENCED_FACTS.includes(kind)) {
    throw new DomainError('INVALID_COMMAND', `fact.sequence applies only to ${SEQUENCED_FACTS.join(', ')}`, {
      field: 'fact.sequence',
    });
  }
  return { kind, sequence };
}

function matching(input: Input, field: string, pattern: RegExp, what: string): string {
  const value = input.str(field);
  if (!pattern.test(value)) {
    throw new DomainError('INVALID_COMMAND', `${field} must be ${what}`, { field });
  }
  return value;
}

function bounded(input: Input, field: string, max: number): string {
  const value = input.str(field);
  if (value.length > max) {
    throw new DomainError('INVALID_COMMAND', `${field} is longer than ${max} characters`, { field });
  }
  return value;
}

/** AttachDocument → DocumentAttached; the same document attached again (a retry) records nothing. */
export function decideAttachDocument(
  input: Input,
  state: CaseState,
  context: DecisionContext,
): { type: 'DocumentAttached'; data: DocumentEventMap['DocumentAttached'] }[] {
  const documentId = matching(input, 'documentId', DOCUMENT_ID_PATTERN, '1-100 letters, digits or . _ : -');
  const sha256 = matching(input, 'sha256', SHA256, 'a lowercase hex SHA-256 (64 characters)');
  const fact = readFact(input);
  const reference = factReference(state, fact);
  const template = input.optObj('template');
  const origin = input.optOneOf('origin', ['uploaded', 'generated'] as const) ?? 'uploaded';
  if (origin === 'generated' && !template) {
    throw new DomainError('INVALID_COMMAND', 'a generated letter names its template', { field: 'template' });
  }
  const data: DocumentEventMap['DocumentAttached'] = {
    documentId,
    fact,
    factReference: reference,
    title: bounded(input, 'title', 200),
    fileName: bounded(input, 'fileName', 255),
    contentType: input.oneOf('contentType', DOCUMENT_CONTENT_TYPES),
    size: input.int('size', 1, Number.MAX_SAFE_INTEGER),
    sha256,
    origin,
    template: template ? { id: template.str('id'), version: template.str('version') } : null,
    // A public report names its reporter (UU 7/2017 Ps 454(4)): its documents are confidential whatever
    // the uploader said.
    identifiesReporter:
      (fact.kind === 'laporan' && state.source?.kind === 'public_report') ||
      (input.optBool('identifiesReporter') ?? false),
    round: state.round,
    at: context.now,
  };
  const earlier = (state.documents ?? []).find((d) => d.documentId === documentId);
  if (earlier) {
    if (
      earlier.sha256 === sha256 &&
      earlier.fact.kind === fact.kind &&
      earlier.fact.sequence === fact.sequence
    ) {
      return [];
    }
    throw new DomainError(
      'INVALID_COMMAND',
      `document ${documentId} is already attached with other content`,
      {
        field: 'documentId',
      },
    );
  }
  return [{ type: 'DocumentAttached', data }];
}

/** Applies DocumentAttached (`next` already carries the new version). */
export function evolveDocumentAttached(
  next: CaseState,
  data: DocumentEventMap['DocumentAttached'],
): CaseState {
  return { ...next, documents: [...(next.documents ?? []), { ...data, version: next.version }] };
}

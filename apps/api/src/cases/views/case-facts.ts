/**
 * Response schemas of the case's handling facts before the decision (CaseState in libs/domain/src/case/state.ts):
 * the election, evidence, clarification, recommendation letters, Tim Pemeriksa and hearings, the Majelis Kode
 * Etik, departures from the catalogue and the attached documents. Every code is an enum from the domain's
 * vocabulary, so the OpenAPI document names what the API really returns (issue #12: no bare objects).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CLARIFYING_BODIES,
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_FACTS,
  ELECTION_KINDS,
  RECOMMENDING_BODIES,
  SANCTION_LEVELS,
  TIM_PEMERIKSA_ROLES,
} from '@netral/domain';

export class ElectionView {
  @ApiProperty({ enum: ELECTION_KINDS, example: 'pilkada' }) kind!: string;
  @ApiProperty({ type: 'integer', example: 2024 }) year!: number;
}

export class EvidenceView {
  @ApiProperty({ example: 'EV-1' }) ref!: string;
  @ApiProperty({ example: 'Foto unggahan media sosial' }) description!: string;
}

/** Klarifikasi by Inspektorat or BKPSDM and its report (LHP). */
export class ClarificationView {
  @ApiProperty({ enum: CLARIFYING_BODIES }) by!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The day it started (occurredOn); null when not given or in an older history',
  })
  startedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '700/1/Insp' }) letterReference!: string | null;
  @ApiProperty({ type: String, enum: ['not_proven', 'proceed'], nullable: true }) result!: string | null;
  @ApiProperty({ type: String, enum: SANCTION_LEVELS, nullable: true }) likelyLevel!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) timPemeriksaNeeded!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'LHP number', example: 'LHP-1/2025' })
  reportReference!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) concludedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: "The LHP's date (occurredOn); null when not given or in an older history",
  })
  concludedOn!: string | null;
}

/** A recommendation letter of Bawaslu or the supervisory body (KASN until 24 Aug 2024, then BKN). */
export class RecommendationView {
  @ApiProperty({ description: 'Stream version of the event that recorded it' }) version!: number;
  @ApiProperty({ enum: RECOMMENDING_BODIES }) body!: string;
  @ApiProperty({ example: 'BKN/REK/07/2025' }) letterNumber!: string;
  @ApiProperty({ format: 'date' }) letterDate!: string;
  @ApiProperty({ format: 'date' }) receivedOn!: string;
  @ApiProperty() proven!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'PEMOTONGAN_TUKIN_25' })
  recommendedSanction!: string | null;
  @ApiProperty({ description: 'The PPK followed it up (tindak lanjut recorded)' }) followedUp!: boolean;
}

export class TimPemeriksaMemberView {
  @ApiProperty({ example: 'Drs. Bambang Sutrisno' }) name!: string;
  @ApiProperty({ enum: TIM_PEMERIKSA_ROLES }) role!: string;
  @ApiPropertyOptional({ description: 'Golongan, when given', example: 'IV/a' }) grade?: string;
}

export class TimPemeriksaView {
  @ApiProperty({ example: 'SK-TP/1/2025' }) decreeNumber!: string;
  @ApiProperty({ format: 'date' }) decreeDate!: string;
  @ApiProperty({ type: [TimPemeriksaMemberView] }) members!: TimPemeriksaMemberView[];
}

export class SummonsView {
  @ApiProperty({ type: 'integer', enum: [1, 2], description: 'Surat panggilan I or II' }) sequence!: number;
  @ApiProperty({ example: 'SP-1' }) letterNumber!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) deliveredOn!: string;
  @ApiProperty() deliveryProofRef!: string;
  @ApiProperty({ format: 'date' }) hearingDate!: string;
  @ApiProperty({
    description: 'Calendar version the 7-working-day notice was checked with, or "weekends-only"',
    example: 'id-2025.3',
  })
  noticeCheckedWith!: string;
}

export class HearingView {
  @ApiProperty({ description: 'Stream version of the event that recorded it' }) version!: number;
  @ApiProperty({ type: 'integer', enum: [1, 2] }) sequence!: number;
  @ApiProperty({ format: 'date' }) hearingDate!: string;
  @ApiProperty() attended!: boolean;
}

/** Berita Acara Pemeriksaan; a refusal to sign is recorded, not fatal. */
export class BapView {
  @ApiProperty({ example: 'BAP-1' }) number!: string;
  @ApiProperty({ format: 'date' }) signedOn!: string;
  @ApiProperty() asnSigned!: boolean;
  @ApiProperty({ type: String, nullable: true }) refusalNote!: string | null;
}

export class ExaminationView {
  @ApiProperty({ type: TimPemeriksaView, nullable: true }) timPemeriksa!: TimPemeriksaView | null;
  @ApiProperty({ type: [SummonsView] }) summonses!: SummonsView[];
  @ApiProperty({ type: [HearingView] }) hearings!: HearingView[];
  @ApiProperty({ type: BapView, nullable: true }) bap!: BapView | null;
}

export class MajelisView {
  @ApiProperty() decreeNumber!: string;
  @ApiProperty({ format: 'date' }) decreeDate!: string;
  @ApiProperty({ type: [String] }) members!: string[];
  @ApiProperty({ format: 'date' }) hearingDate!: string;
}

export class MajelisRecommendationView {
  @ApiProperty() proven!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'PERNYATAAN_TERBUKA' })
  recommendedSanction!: string | null;
  @ApiProperty() minutesRef!: string;
  @ApiProperty({ format: 'date' }) decidedOn!: string;
}

/** Majelis Kode Etik (PP 42/2004) and its recommendation. */
export class EthicsView {
  @ApiProperty({ type: MajelisView, nullable: true }) majelis!: MajelisView | null;
  @ApiProperty({ type: MajelisRecommendationView, nullable: true })
  recommendation!: MajelisRecommendationView | null;
}

/** A sanction outside the catalogue's allowed list, approved with its justification. */
export class DepartureApprovalView {
  @ApiProperty({ example: 'PEMBEBASAN_JABATAN_12' }) sanctionCode!: string;
  @ApiProperty() justification!: string;
  @ApiProperty({ example: 'ppk-walikota' }) approvedBy!: string;
  @ApiProperty({ example: '2026.1' }) catalogueVersion!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AttachedFactView {
  @ApiProperty({ enum: DOCUMENT_FACTS }) kind!: string;
  @ApiProperty({ description: '1 unless the fact occurs more than once (summons II = 2)' }) sequence!: number;
}

export class DocumentTemplateRefView {
  @ApiProperty({ example: 'surat_panggilan_1' }) id!: string;
  @ApiProperty({ example: '2026.1' }) version!: string;
}

/** A file attached to a fact of the case; the bytes are at GET /cases/{id}/documents/{documentId}/content. */
export class AttachedDocumentView {
  @ApiProperty({ example: 'DOC-7KQ2M9XD4HBA' }) documentId!: string;
  @ApiProperty({ type: AttachedFactView }) fact!: AttachedFactView;
  @ApiProperty({ example: 'SP-1' }) factReference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES }) contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: "Lowercase hex SHA-256 of the file's bytes" }) sha256!: string;
  @ApiProperty({ enum: ['uploaded', 'generated'] }) origin!: string;
  @ApiProperty({ type: DocumentTemplateRefView, nullable: true }) template!: DocumentTemplateRefView | null;
  @ApiProperty({ description: 'Names the reporter (UU 14/2008 Ps 17a)' }) identifiesReporter!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ description: 'Stream version of the DocumentAttached event' }) version!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

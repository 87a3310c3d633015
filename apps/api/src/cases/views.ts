/**
 * Response schemas for OpenAPI. The case itself is the domain's `CaseState` (plain JSON, the same shape the
 * workflow folds from the events), with the reporter's identity removed for roles that may not see it.
 */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  CLOSING_OUTCOMES,
  COMMAND_TYPES,
  CRIMINAL_REFERRAL_OUTCOMES,
  PAY_SCHEMES,
  REPORT_SOURCES,
  ROLES,
  SANCTION_LEVELS,
  STAGES,
} from '@netral/domain';

import {
  AttachedDocumentView,
  ClarificationView,
  DepartureApprovalView,
  ElectionView,
  EthicsView,
  EvidenceView,
  ExaminationView,
  RecommendationView,
} from './views/case-facts';
import { DeliveryView, LateObjectionView, ObjectionView, SanctionInForceView } from './views/case-sanction';
import {
  EscalationRecordView,
  RecordedDeadlineView,
  ReminderRecordView,
  UntrackedDeadlineView,
} from './views/case-timekeeping';
import { ReportedAsnView } from './views/reported-asn';

export { ReportedAsnView };

export class ReportSourceView {
  @ApiProperty({ enum: REPORT_SOURCES }) kind!: string;
  @ApiProperty({ type: String, nullable: true, example: 'LAP-001/2025' }) reference!: string | null;
  @ApiProperty({ format: 'date', example: '2025-01-03' }) receivedOn!: string;
}

export class ReporterView {
  @ApiProperty({ example: 'Siti Rahma' }) name!: string;
  @ApiProperty({ example: 'Jl. Melati 5, Bekasi' }) address!: string;
  @ApiProperty({ type: String, nullable: true, example: '0812000000' }) contact!: string | null;
}

export class ConfidentialView {
  @ApiProperty({
    type: ReporterView,
    nullable: true,
    description: 'Only for supervisor, ppk, auditor and admin (UU 14/2008 Ps 17a); null for officers',
  })
  reporter!: ReporterView | null;
}

export class AssignedOfficerView {
  @ApiProperty({ example: 'officer-ani' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Ani Suryani' }) name!: string | null;
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
}

export class ClosureView {
  @ApiProperty({ enum: CLOSING_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ enum: STAGES }) closedFromStage!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** Forwarded to the employer of a non-ASN / BUMD employee (UU 7/2017 Ps 455). */
export class ForwardingView {
  @ApiProperty({ example: 'Direksi PDAM Tirta Patriot' }) employer!: string;
  @ApiProperty({ example: '800/45/BKPSDM/2026' }) letterNumber!: string;
  @ApiProperty({ format: 'date' }) letterDate!: string;
}

export class CriminalReferralOutcomeView {
  @ApiProperty({ enum: CRIMINAL_REFERRAL_OUTCOMES }) outcome!: string;
  @ApiProperty({ format: 'date' }) decidedOn!: string;
  @ApiProperty({ example: 'BA-GAKKUMDU/20/XI/2026' }) decisionRef!: string;
}

/** A referral to Sentra Gakkumdu (UU 7/2017 Ps 486); the disciplinary track goes on beside it. */
export class CriminalReferralView {
  @ApiProperty({ example: 'GAKKUMDU/12/XI/2026' }) reference!: string;
  @ApiProperty({ format: 'date' }) referredOn!: string;
  @ApiProperty({ example: 'UU 7/2017 Ps 494' }) offence!: string;
  @ApiProperty({ type: CriminalReferralOutcomeView, nullable: true })
  outcome!: CriminalReferralOutcomeView | null;
}

export class SuperiorView {
  @ApiProperty({ example: 'Drs. Bambang Sutrisno' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '197501012000031002' }) nip!: string | null;
  @ApiProperty({ example: 'Camat Bekasi Timur' }) position!: string;
}

/** The linked case against the direct superior (PP 94/2021 Ps 28). */
export class SuperiorCaseView {
  @ApiProperty({ example: 'NTR-7KQ2M9XD4HBB' }) linkedCaseId!: string;
  @ApiProperty({ type: SuperiorView }) superior!: SuperiorView;
  @ApiProperty({ example: 'first_summons@7', description: 'The escalated deadline that offered it' })
  deadlineId!: string;
}

export class PreconditionView {
  @ApiProperty({ example: 'objection_route_open' }) id!: string;
  @ApiProperty({ example: 'the decision can be objected to (keberatan or banding)' }) description!: string;
}

export class AllowedCommandView {
  @ApiProperty({ enum: COMMAND_TYPES, example: 'StartClarification' }) type!: string;
  @ApiProperty({ example: 'Start clarification by Inspektorat or BKPSDM (klarifikasi)' })
  description!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Roles that may issue it' }) roles!: string[];
  @ApiProperty({ enum: STAGES, isArray: true, description: 'Stages in which it is possible' })
  stages!: string[];
  @ApiProperty({ type: [PreconditionView], description: 'Further conditions on the case, all holding now' })
  preconditions!: PreconditionView[];
}

export class FollowUpView {
  @ApiProperty({
    enum: ['examination', 'majelis_kode_etik', 'ptdh_partai'],
    description:
      'examination (PP 94/2021 hearing), majelis_kode_etik (PP 42/2004), ptdh_partai (PTDH for party membership on proof, UU 20/2023 Ps 52(3) huruf j)',
  })
  track!: string;
  @ApiProperty() letterNumber!: string;
  @ApiProperty({ format: 'date' }) letterDate!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Proof of party membership (ptdh_partai)',
  })
  membershipProofRef?: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DecidingOfficialView {
  @ApiProperty() name!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ enum: ['ppk', 'delegated'] }) authority!: string;
  @ApiProperty({ type: String, nullable: true }) delegationRef!: string | null;
}

export class CatalogueVersionsView {
  @ApiProperty({ example: '2026.1' }) sanctions!: string;
  @ApiProperty({ example: 'skb-2022.2' }) violations!: string;
  @ApiProperty({ example: '2024-08.1' }) supervisoryBodies!: string;
}

export class SanctionDecisionView {
  @ApiProperty({ example: 'PEMOTONGAN_TPP_25' }) sanctionCode!: string;
  @ApiProperty({ enum: ['disciplinary', 'moral'] }) kind!: string;
  @ApiProperty({ enum: SANCTION_LEVELS }) level!: string;
  @ApiProperty({ type: Number, nullable: true }) periodMonths!: number | null;
  @ApiProperty({ description: 'Appealed by banding to BPASN (PNS dismissal, PPPK contract termination)' })
  dismissal!: boolean;
  @ApiProperty() decreeNumber!: string;
  @ApiProperty({ format: 'date' }) decreeDate!: string;
  @ApiProperty({ type: DecidingOfficialView }) decidingOfficial!: DecidingOfficialView;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A moral sanction imposed beside the disciplinary one (PP 42/2004 Ps 16)',
    example: 'PERNYATAAN_TERBUKA',
  })
  moralSanctionCode?: string | null;
  @ApiProperty({ type: CatalogueVersionsView }) catalogueVersions!: CatalogueVersionsView;
  @ApiProperty() allowedByCatalogue!: boolean;
  @ApiProperty({ type: String, nullable: true }) departureJustification!: string | null;
  @ApiProperty() withoutExamination!: boolean;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class CaseStateView {
  @ApiProperty({ description: 'Number of events of the case; also the ETag', example: 12 })
  version!: number;
  @ApiProperty({ example: 'NTR-7KQ2M9XD4HBA' }) caseId!: string;
  @ApiProperty({ example: 'kota-bekasi' }) agency!: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timeZone!: string;
  @ApiProperty({ enum: STAGES, example: 'clarification' }) stage!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) stageEnteredAt!: string | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'The date of the fact that opened the stage (what its deadline counts from); null when it has none',
  })
  stageEnteredOn?: string | null;
  @ApiProperty() stageEnteredVersion!: number;
  @ApiProperty({ description: '1, +1 per reopening' }) round!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) registeredAt!: string | null;
  @ApiProperty({ type: ReportSourceView, nullable: true }) source!: ReportSourceView | null;
  @ApiProperty({ type: ReportedAsnView, nullable: true }) reportedAsn!: ReportedAsnView | null;
  @ApiProperty({ type: String, nullable: true, example: 'PP94_5N_1_IKUT_KAMPANYE' }) violationType!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) conduct!: string | null;
  @ApiProperty({ type: ElectionView, nullable: true }) election!: ElectionView | null;
  @ApiProperty({ type: [EvidenceView] }) evidence!: EvidenceView[];
  @ApiProperty({
    type: CatalogueVersionsView,
    nullable: true,
    description: 'Catalogue versions at registration',
  })
  catalogueVersionsAtRegistration!: CatalogueVersionsView | null;
  @ApiProperty({
    enum: PAY_SCHEMES,
    nullable: true,
    description:
      "The agency's pay scheme at registration (decides the sedang variant); null: unknown agency or a case registered before schemes were recorded, every variant allowed",
  })
  payScheme!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The SKB 2022 reading recorded at registration (GET /catalogues violations.readings); null: default levels',
    example: 'moral_dan_disiplin',
  })
  violationReading!: string | null;
  @ApiProperty({ type: ConfidentialView }) confidential!: ConfidentialView;
  @ApiProperty({ type: AssignedOfficerView, nullable: true }) assignedOfficer!: AssignedOfficerView | null;
  @ApiProperty({
    type: ClarificationView,
    nullable: true,
    description: 'Klarifikasi: by, letter, result, LHP',
  })
  clarification!: ClarificationView | null;
  @ApiProperty({ type: [RecommendationView], description: 'Recommendation letters (Bawaslu, KASN/BKN)' })
  recommendations!: RecommendationView[];
  @ApiProperty({ type: FollowUpView, nullable: true, description: 'The PPK follow-up (track and letter)' })
  followUp!: FollowUpView | null;
  @ApiProperty({ type: ExaminationView, description: 'Tim Pemeriksa, summonses, hearings and BAP' })
  examination!: ExaminationView;
  @ApiProperty({ type: EthicsView, description: 'Majelis Kode Etik and its recommendation' })
  ethics!: EthicsView;
  @ApiProperty({ type: [DepartureApprovalView], description: 'Sanctions outside the catalogue, approved' })
  departureApprovals!: DepartureApprovalView[];
  @ApiProperty({
    type: SanctionDecisionView,
    nullable: true,
    description: 'The sanction decision (decree, official)',
  })
  decision!: SanctionDecisionView | null;
  @ApiProperty({ type: DeliveryView, nullable: true, description: 'Delivery of the decree' })
  delivery!: DeliveryView | null;
  @ApiProperty({ type: ObjectionView, nullable: true, description: 'keberatan / banding' })
  objection!: ObjectionView | null;
  @ApiProperty({ type: [LateObjectionView] }) lateObjections!: LateObjectionView[];
  @ApiProperty({ type: SanctionInForceView, nullable: true }) sanctionInForce!: SanctionInForceView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(RecordedDeadlineView) },
    description: 'Recorded deadlines by deadlineId (due date, calendar and policy version)',
  })
  deadlines!: Record<string, RecordedDeadlineView>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(UntrackedDeadlineView) },
    description:
      'Deadlines recorded as not tracked, by deadlineId, until recorded after all (open or not: see deadlinesNotTracked); absent in cases stored before it existed',
  })
  untrackedDeadlines?: Record<string, UntrackedDeadlineView>;
  @ApiPropertyOptional({
    type: [UntrackedDeadlineView],
    description:
      'The open deadlines nobody counts: the system could not compute or record them, so no reminder or escalation will come (GET /cases/{id} only). The case officer must watch them by hand.',
  })
  deadlinesNotTracked?: UntrackedDeadlineView[];
  @ApiProperty({ type: [ReminderRecordView] }) reminders!: ReminderRecordView[];
  @ApiProperty({ type: [EscalationRecordView] }) escalations!: EscalationRecordView[];
  @ApiProperty({ type: ClosureView, nullable: true }) closure!: ClosureView | null;
  @ApiProperty({ type: [ClosureView] }) closures!: ClosureView[];
  @ApiPropertyOptional({
    type: [AttachedDocumentView],
    description: "Files attached to the case's facts (absent in cases stored before documents existed: none)",
  })
  documents?: AttachedDocumentView[];
  @ApiPropertyOptional({
    type: ForwardingView,
    nullable: true,
    description: 'Non-ASN / BUMD case forwarded; absent in older cases: null',
  })
  forwarding?: ForwardingView | null;
  @ApiPropertyOptional({
    type: [CriminalReferralView],
    description: 'Gakkumdu referrals beside the disciplinary track; absent in older cases: none',
  })
  criminalReferrals?: CriminalReferralView[];
  @ApiPropertyOptional({
    type: SuperiorCaseView,
    nullable: true,
    description: 'Linked case against the direct superior; absent in older cases: null',
  })
  superiorCase?: SuperiorCaseView | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026.1',
    description:
      'The deadline policy version since the last audited migration (DeadlinePolicyMigrated); null or absent: the version the case started with',
  })
  policyVersion?: string | null;
  @ApiPropertyOptional({
    type: [String],
    example: ['NTR-7KQ2M9XD4HBA'],
    description:
      'The cases that linked this one as the case against their ASN’s direct superior (GET /cases/{id} only), the other side of superiorCase',
  })
  superiorCaseOf?: string[];
  @ApiPropertyOptional({
    type: [AllowedCommandView],
    description: 'Commands the caller may issue now (GET /cases/{id} only); see GET /catalogues for all',
  })
  allowedCommands?: AllowedCommandView[];
}

// The list views live in their own file; re-exported so importers keep one entry point.
export {
  CaseListView,
  CaseSummaryView,
  CountView,
  DeadlineListView,
  DeadlineView,
  FollowUpRateView,
  NextDeadlineView,
  StageDurationView,
  StatisticsView,
  WorkListItemView,
  WorkListView,
} from './views/case-list';

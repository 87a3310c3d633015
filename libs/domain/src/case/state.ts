// The state of one sanction case, rebuilt by folding its events with evolve(). Plain JSON only (no classes,
// Maps or undefined values): it crosses continue-as-new, is returned by workflow queries and by the API.
import {
  type CatalogueVersions,
  type EmployeeType,
  type PayScheme,
  type SanctionKind,
  type SanctionLevel,
} from '../catalogue';
import { deepFreeze } from '../freeze';
import { type CivilDate, DEFAULT_TIME_ZONE, type Instant } from '../time';
import { type AttachedDocument } from './documents';
import {
  type ClarifyingBody,
  type CriminalReferralOutcome,
  type DeliveryMethod,
  type ElectionKind,
  type ObjectionOutcome,
  type RecommendingBody,
  type TimPemeriksaRole,
  CLOSING,
  REPORT_SOURCE,
  STAGE,
} from './vocabulary';

/** The stages a case moves through (domain.md "Lifecycle"). */
export const STAGES = STAGE.codes;
export type Stage = (typeof STAGES)[number];

export const REPORT_SOURCES = REPORT_SOURCE.codes;
export type ReportSourceKind = (typeof REPORT_SOURCES)[number];

export interface ReportSource {
  kind: ReportSourceKind;
  /** Letter or report number (nomor surat / nomor laporan), if any. */
  reference: string | null;
  receivedOn: CivilDate;
}

export interface ReportedAsn {
  nip: string | null;
  name: string;
  position: string;
  unit: string;
  agency: string;
  employeeType: EmployeeType;
  /** Golongan (PNS "III/c", PPPK "PPPK-IX"); absent when not given. The Tim Pemeriksa is held to it. */
  grade?: string;
}

export interface Election {
  kind: ElectionKind;
  year: number;
}

export interface EvidenceRef {
  ref: string;
  description: string;
}

/** Kept apart and redacted for roles that do not need it (UU 14/2008 Ps 17a). */
export interface ReporterIdentity {
  name: string;
  address: string;
  contact: string | null;
}

export interface Clarification {
  by: ClarifyingBody;
  startedAt: Instant;
  /** The day the clarification started (its `occurredOn`), null when not given (defaulted) or an older history. */
  startedOn: CivilDate | null;
  letterReference: string | null;
  result: 'not_proven' | 'proceed' | null;
  likelyLevel: SanctionLevel | null;
  timPemeriksaNeeded: boolean | null;
  /** Laporan Hasil Pemeriksaan / clarification report number. */
  reportReference: string | null;
  concludedAt: Instant | null;
  /** The LHP's date (its `occurredOn`), null when not given (defaulted) or an older history. */
  concludedOn: CivilDate | null;
}

export interface Recommendation {
  version: number;
  body: RecommendingBody;
  letterNumber: string;
  letterDate: CivilDate;
  receivedOn: CivilDate;
  proven: boolean;
  recommendedSanction: string | null;
  followedUp: boolean;
}

/**
 * examination: PP 94/2021 hearing; majelis_kode_etik: PP 42/2004; ptdh_partai: dismissal for party membership
 * decided on proof of membership, without the PP 94/2021 hearing (UU 20/2023 Ps 52(3) huruf j [S]).
 */
export type Track = 'examination' | 'majelis_kode_etik' | 'ptdh_partai';

export interface FollowUp {
  track: Track;
  letterNumber: string;
  letterDate: CivilDate;
  /** The proof of party membership (ptdh_partai track only; absent in older events). */
  membershipProofRef?: string | null;
  at: Instant;
}

export interface TimPemeriksa {
  decreeNumber: string;
  decreeDate: CivilDate;
  members: { name: string; role: TimPemeriksaRole; grade?: string }[];
}

export interface Summons {
  sequence: 1 | 2;
  letterNumber: string;
  issuedOn: CivilDate;
  deliveredOn: CivilDate;
  deliveryProofRef: string;
  hearingDate: CivilDate;
  /** Calendar version the 7-working-day notice was checked with, or "weekends-only" without a calendar. */
  noticeCheckedWith: string;
}

export interface Hearing {
  version: number;
  sequence: 1 | 2;
  hearingDate: CivilDate;
  attended: boolean;
}

export interface Bap {
  number: string;
  signedOn: CivilDate;
  asnSigned: boolean;
  /** Why the ASN did not sign (a refusal to sign is recorded, not fatal). */
  refusalNote: string | null;
}

export interface Examination {
  timPemeriksa: TimPemeriksa | null;
  summonses: Summons[];
  hearings: Hearing[];
  bap: Bap | null;
}

export interface Ethics {
  majelis: { decreeNumber: string; decreeDate: CivilDate; members: string[]; hearingDate: CivilDate } | null;
  recommendation: {
    proven: boolean;
    recommendedSanction: string | null;
    minutesRef: string;
    decidedOn: CivilDate;
  } | null;
}

export interface DepartureApproval {
  sanctionCode: string;
  justification: string;
  approvedBy: string;
  catalogueVersion: string;
  at: Instant;
}

export interface DecidingOfficial {
  name: string;
  position: string;
  /** ppk = the Pejabat Pembina Kepegawaian himself; delegated = an official authorised for the grade. */
  authority: 'ppk' | 'delegated';
  delegationRef: string | null;
}

export interface SanctionDecision {
  sanctionCode: string;
  kind: SanctionKind;
  level: SanctionLevel;
  periodMonths: number | null;
  dismissal: boolean;
  decreeNumber: string;
  decreeDate: CivilDate;
  decidingOfficial: DecidingOfficial;
  /**
   * A moral sanction imposed beside the disciplinary one for the same act (PP 42/2004 Ps 16 [S]); null or
   * absent (decisions recorded before it existed) when none.
   */
  moralSanctionCode?: string | null;
  catalogueVersions: CatalogueVersions;
  allowedByCatalogue: boolean;
  departureJustification: string | null;
  withoutExamination: boolean;
  at: Instant;
}

export interface Delivery {
  deliveredOn: CivilDate;
  method: DeliveryMethod;
  proofRef: string;
  /** The address it was sent to when the ASN was absent (domain.md "Delivery" [C]); absent otherwise. */
  lastKnownAddress?: string;
  /** keberatan (objection) or banding administratif to BPASN (dismissals); none for moral sanctions. */
  objectionRoute: 'keberatan' | 'banding' | 'none';
}

export interface Objection {
  kind: 'keberatan' | 'banding';
  /** Who decides: the deciding official's superior (keberatan) or BPASN (banding, PP 79/2021). */
  decidedBy: 'atasan_pejabat' | 'BPASN';
  filedOn: CivilDate;
  grounds: string;
  reference: string;
  /** in_time when checked against the window; unverified when no calendar was available. */
  timeliness: 'in_time' | 'unverified';
  appealAnswer: { answeredOn: CivilDate; letterNumber: string } | null;
  outcome: {
    outcome: ObjectionOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
    sanctionCode: string | null;
    periodMonths: number | null;
  } | null;
}

/** Forwarded to the employer of a non-ASN / BUMD employee (UU 7/2017 Ps 455 [S]). */
export interface Forwarding {
  employer: string;
  letterNumber: string;
  letterDate: CivilDate;
}

/** The linked case against the direct superior who did not summon in time (PP 94/2021 Ps 28 [S]). */
export interface SuperiorCase {
  linkedCaseId: string;
  superior: { name: string; nip: string | null; position: string };
  /** The escalated deadline that offered it. */
  deadlineId: string;
}

/** A referral to Sentra Gakkumdu (election crimes, UU 7/2017 Ps 486); discipline goes on beside it. */
export interface CriminalReferral {
  reference: string;
  referredOn: CivilDate;
  /** The offence as the referral names it, e.g. "UU 7/2017 Ps 494". */
  offence: string;
  outcome: { outcome: CriminalReferralOutcome; decidedOn: CivilDate; decisionRef: string } | null;
}

export interface SanctionInForce {
  sanctionCode: string;
  periodMonths: number | null;
  effectiveOn: CivilDate;
  /** Last day of a time-bound sanction; null when not time-bound. */
  endsOn: CivilDate | null;
}

export type DeadlineUnit = 'working_days' | 'calendar_days' | 'months';

export interface RecordedDeadline {
  deadlineId: string;
  ruleId: string;
  stage: Stage;
  anchor: string;
  length: number;
  unit: DeadlineUnit;
  dueDate: CivilDate;
  dueAt: Instant;
  calendarVersion: string;
  policyVersion: string;
  recordedAt: Instant;
}

/**
 * Why the workflow could not plan or record a deadline (DeadlineNotTracked): the working-day calendar does
 * not cover its dates (retried when the calendar may have changed), planning failed otherwise, the event
 * store refused its DeadlineRecorded for good, or the system command of one of its timers was refused.
 */
export const UNTRACKED_REASONS = [
  'calendar_not_covering',
  'not_planned',
  'append_refused',
  'timer_refused',
] as const;
export type UntrackedReason = (typeof UNTRACKED_REASONS)[number];

/** A deadline nobody is counting: open, but without a due date or a timer the workflow could keep. */
export interface UntrackedDeadline {
  deadlineId: string;
  ruleId: string;
  stage: Stage;
  reason: UntrackedReason;
  /** The timer whose system command was refused (`reminder`, `escalation`, …); null for the other reasons. */
  timer: string | null;
  at: Instant;
}

export interface ReminderRecord {
  deadlineId: string;
  offset: number;
  at: Instant;
}

export interface EscalationRecord {
  deadlineId: string;
  step: number;
  recipientRole: string;
  nextDueAt: Instant | null;
  at: Instant;
}

export const CLOSING_OUTCOMES = CLOSING.codes;
export type ClosingOutcome = (typeof CLOSING_OUTCOMES)[number];

export interface Closure {
  outcome: ClosingOutcome;
  reason: string | null;
  closedFromStage: Stage;
  at: Instant;
}

export interface CaseState {
  /** Number of events applied; the expected version for the next append. */
  version: number;
  caseId: string | null;
  agency: string | null;
  timeZone: string;
  stage: Stage;
  stageEnteredAt: Instant | null;
  /**
   * The civil date of the fact that opened the stage (its letter, hearing, decree or delivery date): what the
   * stage's deadline counts from. Null (absent in states stored before it existed) when the fact has no date;
   * the deadline then counts from `stageEnteredAt`, the instant it was recorded.
   */
  stageEnteredOn?: CivilDate | null;
  stageEnteredVersion: number;
  /** 1 for the first handling, +1 per reopening. */
  round: number;
  registeredAt: Instant | null;
  source: ReportSource | null;
  reportedAsn: ReportedAsn | null;
  violationType: string | null;
  conduct: string | null;
  election: Election | null;
  evidence: EvidenceRef[];
  catalogueVersionsAtRegistration: CatalogueVersions | null;
  /**
   * The agency's pay scheme recorded at registration (decides the sedang variant); null when the agency is
   * not in the agency data or the case was registered before schemes were recorded: every variant allowed.
   */
  payScheme: PayScheme | null;
  /** The SKB 2022 reading chosen by the agency's administrator at registration; null: the default levels. */
  violationReading: string | null;
  confidential: { reporter: ReporterIdentity | null };
  assignedOfficer: { id: string; name: string | null; assignedAt: Instant } | null;
  clarification: Clarification | null;
  recommendations: Recommendation[];
  followUp: FollowUp | null;
  examination: Examination;
  ethics: Ethics;
  departureApprovals: DepartureApproval[];
  decision: SanctionDecision | null;
  /** `version` is the stream version of the DecisionDelivered event (it names the objection window). */
  delivery: (Delivery & { version: number }) | null;
  objection: Objection | null;
  lateObjections: { filedOn: CivilDate; reference: string; dueDate: CivilDate; at: Instant }[];
  sanctionInForce: SanctionInForce | null;
  deadlines: Record<string, RecordedDeadline>;
  /**
   * Deadlines the workflow could not plan or record (DeadlineNotTracked), until a DeadlineRecorded of the
   * same id; absent in states stored before it existed. Only the open ones matter: untrackedDeadlines().
   */
  untrackedDeadlines?: Record<string, UntrackedDeadline>;
  reminders: ReminderRecord[];
  escalations: EscalationRecord[];
  closure: Closure | null;
  closures: Closure[];
  /** Files attached to the case's facts (documents.ts); absent in states stored before documents existed. */
  documents: AttachedDocument[];
  /** Absent in states stored before these routes existed (read as null / []). */
  forwarding?: Forwarding | null;
  criminalReferrals?: CriminalReferral[];
  superiorCase?: SuperiorCase | null;
  /**
   * The deadline policy version the case runs since its last audited migration (DeadlinePolicyMigrated); null
   * or absent: still the version it started with (in the workflow's start configuration).
   */
  policyVersion?: string | null;
}

export const EMPTY_EXAMINATION: Examination = deepFreeze({
  timPemeriksa: null,
  summonses: [],
  hearings: [],
  bap: null,
});
export const EMPTY_ETHICS: Ethics = deepFreeze({ majelis: null, recommendation: null });

export const initialState: CaseState = deepFreeze({
  version: 0,
  caseId: null,
  agency: null,
  timeZone: DEFAULT_TIME_ZONE,
  stage: 'none',
  stageEnteredAt: null,
  stageEnteredOn: null,
  stageEnteredVersion: 0,
  round: 1,
  registeredAt: null,
  source: null,
  reportedAsn: null,
  violationType: null,
  conduct: null,
  election: null,
  evidence: [],
  catalogueVersionsAtRegistration: null,
  payScheme: null,
  violationReading: null,
  confidential: { reporter: null },
  assignedOfficer: null,
  clarification: null,
  recommendations: [],
  followUp: null,
  examination: EMPTY_EXAMINATION,
  ethics: EMPTY_ETHICS,
  departureApprovals: [],
  decision: null,
  delivery: null,
  objection: null,
  lateObjections: [],
  sanctionInForce: null,
  deadlines: {},
  reminders: [],
  escalations: [],
  closure: null,
  closures: [],
  documents: [],
  forwarding: null,
  criminalReferrals: [],
  superiorCase: null,
});

// Commands (imperative, plain JSON `{ type, data }`), who may issue them, and the decision context. The API
// exposes one endpoint per officer command; the workflow issues the system commands itself.
import { type AgencySetting, type Catalogues, type EmployeeType, type SanctionLevel } from '../catalogue';
import { type DeadlinePolicy, type RecipientRole } from '../deadlines/policy';
import { type CivilDate, type Instant, type WorkingCalendar } from '../time';
import {
  type Clarification,
  type Delivery,
  type EvidenceRef,
  type ReportSourceKind,
  type UntrackedReason,
} from './state';
import {
  type CriminalReferralOutcome,
  type ElectionKind,
  type ObjectionOutcome,
  type RecommendingBody,
  type TimPemeriksaRole,
} from './vocabulary';
import { type DocumentCommandMap, DOCUMENT_COMMANDS } from './documents';

export const ROLES = ['officer', 'supervisor', 'ppk', 'admin', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  agency: string;
}

/** Everything decide() may know beyond the state: never a clock or a global. */
export interface DecisionContext {
  /** The decision time (workflow time), ISO-8601. */
  now: Instant;
  actor: Actor;
  /** The catalogues in force (each with its version). */
  catalogues: Catalogues;
  /** The deadline policy in force. */
  policy: DeadlinePolicy;
  /**
   * The agency data in force when the case started (RegisterReport records the agency's pay scheme from it);
   * absent in configurations carried by older cases: the scheme is then recorded as null.
   */
  agencies?: AgencySetting | null;
  /**
   * The SKB 2022 reading the agency's administrator chose when the case started (RegisterReport records it);
   * absent or unknown: the catalogue's default reading.
   */
  violationReading?: string | null;
  /**
   * The working calendar in force, when the caller has one. Without it, checks that need working days use
   * weekends only (a necessary condition) and record that they did.
   */
  calendar?: WorkingCalendar | null;
  /**
   * Set by decide() itself from the command's `lateRecordingReason`: a supervisor's reason to record a fact
   * dated beyond the backdating horizon. `used` tells decide to record it on the events.
   */
  lateRecording?: { reason: string; approvedBy: string; used: boolean } | null;
  /**
   * MigrateDeadlinePolicy only: the published policy version the command names, as the workflow loaded it
   * (null: no such version). Undefined where it was not loaded (the update validator): not checked then.
   */
  migrationPolicy?: DeadlinePolicy | null;
}

export interface CaseCommandMap extends DocumentCommandMap {
  RegisterReport: {
    caseId: string;
    /** IANA zone of the agency; Asia/Jakarta (WIB) by default. */
    timeZone?: string;
    source: { kind: ReportSourceKind; reference?: string | null; receivedOn: CivilDate };
    reportedAsn: {
      nip?: string | null;
      name: string;
      position: string;
      unit: string;
      agency: string;
      employeeType: EmployeeType;
      /** Golongan: PNS "III/c", PPPK "PPPK-IX" (GRADES). */
      grade?: string | null;
    };
    violationType: string;
    conduct: string;
    election: { kind: ElectionKind; year: number };
    evidence?: EvidenceRef[];
    /** Confidential; required for a public report (reports are not anonymous, UU 7/2017 Ps 454(4)). */
    reporter?: { name: string; address: string; contact?: string | null } | null;
  };
  AssignOfficer: { officerId: string; officerName?: string | null };
  /** occurredOn: the day it started (no letter date to read it from); absent, the recording day, flagged defaulted. */
  StartClarification: {
    by: Clarification['by'];
    letterReference?: string | null;
    occurredOn?: CivilDate | null;
  };
  RecordClarificationResult: {
    /** The LHP's date, on or after the clarification's start; absent, the recording day, flagged defaulted. */
    occurredOn?: CivilDate | null;
    result: 'not_proven' | 'proceed';
    likelyLevel?: SanctionLevel | null;
    timPemeriksaNeeded?: boolean | null;
    reportReference: string;
    summary: string;
  };
  RecordRecommendation: {
    body: RecommendingBody;
    letterNumber: string;
    letterDate: CivilDate;
    receivedOn: CivilDate;
    proven: boolean;
    recommendedSanction?: string | null;
  };
  RecordPpkFollowUp: {
    action: 'examination' | 'majelis_kode_etik' | 'ptdh_partai' | 'not_proven';
    letterNumber: string;
    letterDate: CivilDate;
    reason?: string | null;
    /** Required for ptdh_partai: the proof of party membership (UU 20/2023 Ps 52(3) huruf j). */
    membershipProofRef?: string | null;
  };
  FormTimPemeriksa: {
    decreeNumber: string;
    decreeDate: CivilDate;
    /** grade: required when the ASN's grade is known; not below it (PP 94/2021 [S]). */
    members: { name: string; role: TimPemeriksaRole; grade?: string }[];
  };
  IssueSummons: {
    sequence: 1 | 2;
    letterNumber: string;
    issuedOn: CivilDate;
    deliveredOn: CivilDate;
    deliveryProofRef: string;
    hearingDate: CivilDate;
  };
  RecordAttendance: { sequence: 1 | 2; attended: boolean };
  RecordBap: { number: string; signedOn: CivilDate; asnSigned: boolean; refusalNote?: string | null };
  ConveneMajelisKodeEtik: {
    decreeNumber: string;
    decreeDate: CivilDate;
    members: string[];
    hearingDate: CivilDate;
  };
  RecordMajelisRecommendation: {
    proven: boolean;
    recommendedSanction?: string | null;
    minutesRef: string;
    decidedOn: CivilDate;
  };
  ApproveSanctionDeparture: { sanctionCode: string; justification: string };
  DecideSanction: {
    sanctionCode: string;
    periodMonths?: number | null;
    /** A moral sanction beside the disciplinary one (PP 42/2004 Ps 16), examination track only. */
    moralSanctionCode?: string | null;
    decreeNumber: string;
    decreeDate: CivilDate;
    decidingOfficial: {
      name: string;
      position: string;
      authority: 'ppk' | 'delegated';
      delegationRef?: string | null;
    };
  };
  RecordDelivery: {
    deliveredOn: CivilDate;
    method: Delivery['method'];
    proofRef: string;
    /** Required when sent to the last known address because the ASN was absent. */
    lastKnownAddress?: string | null;
  };
  FileObjection: { kind?: 'keberatan' | 'banding'; filedOn: CivilDate; grounds: string; reference: string };
  RecordLateObjection: { filedOn: CivilDate; reference: string };
  RecordAppealAnswer: { answeredOn: CivilDate; letterNumber: string };
  RecordObjectionOutcome: {
    outcome: ObjectionOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
    sanctionCode?: string | null;
    periodMonths?: number | null;
  };
  CloseCase: { outcome: 'not_proven'; reason: string };
  WithdrawCase: { reason: string };
  ReopenCase: { reason: string };
  /** The superior's case is registered first (RegisterReport, source internal); this links it. */
  LinkSuperiorCase: {
    linkedCaseId: string;
    superior: { name: string; nip?: string | null; position: string };
  };
  ForwardToEmployer: { employer: string; letterNumber: string; letterDate: CivilDate };
  RecordCriminalReferral: { reference: string; referredOn: CivilDate; offence: string };
  RecordCriminalReferralOutcome: {
    reference: string;
    outcome: CriminalReferralOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
  };
  /** Applies another published deadline policy version to this open case (audited: who, when and why). */
  MigrateDeadlinePolicy: { toVersion: string; reason: string };
  // System commands, issued by the workflow with actor role "system".
  RecordDeadline: {
    deadlineId: string;
    dueDate: CivilDate;
    dueAt: Instant;
    calendarVersion: string;
    policyVersion: string;
  };
  RecordDeadlineNotTracked: { deadlineId: string; reason: UntrackedReason; timer?: string | null };
  RecordReminder: { deadlineId: string; offset: number };
  RecordEscalation: {
    deadlineId: string;
    step: number;
    recipientRole: RecipientRole;
    nextDueAt?: Instant | null;
  };
  MarkSanctionInForce: Record<string, never>;
  MarkSanctionPeriodServed: Record<string, never>;
}

export type CaseCommandType = keyof CaseCommandMap;

export type CaseCommand = { [K in CaseCommandType]: { type: K; data: CaseCommandMap[K] } }[CaseCommandType];

export type CaseCommandOf<K extends CaseCommandType> = Extract<CaseCommand, { type: K }>;

export interface CommandDescriptor {
  type: CaseCommandType;
  /** Roles allowed to issue it. Auditors never issue commands. */
  roles: readonly Role[];
  /** Issued by the workflow, not exposed over HTTP. */
  system: boolean;
  description: string;
}

export const COMMANDS: readonly CommandDescriptor[] = [
  {
    type: 'RegisterReport',
    roles: ['officer', 'supervisor', 'admin'],
    system: false,
    description: 'Register a report or finding (registrasi laporan/temuan)',
  },
  {
    type: 'AssignOfficer',
    roles: ['supervisor', 'admin'],
    system: false,
    description: 'Assign or reassign the case officer',
  },
  {
    type: 'StartClarification',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Start clarification by Inspektorat or BKPSDM (klarifikasi)',
  },
  {
    type: 'RecordClarificationResult',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record the clarification result (LHP): not proven, or proceed with a likely level',
  },
  {
    type: 'RecordRecommendation',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record a recommendation letter from Bawaslu or the supervisory body (KASN/BKN)',
  },
  {
    type: 'RecordPpkFollowUp',
    roles: ['ppk', 'supervisor'],
    system: false,
    description: 'Record the PPK follow-up (tindak lanjut): examination, Majelis Kode Etik, or not proven',
  },
  {
    type: 'FormTimPemeriksa',
    roles: ['ppk', 'supervisor'],
    system: false,
    description: 'Record the decree forming the Tim Pemeriksa',
  },
  {
    type: 'IssueSummons',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record summons I or II (surat panggilan) with delivery proof',
  },
  {
    type: 'RecordAttendance',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record whether the ASN attended the hearing',
  },
  {
    type: 'RecordBap',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record the examination record (Berita Acara Pemeriksaan), noting any refusal to sign',
  },
  {
    type: 'ConveneMajelisKodeEtik',
    roles: ['ppk', 'supervisor'],
    system: false,
    description: 'Record the Majelis Kode Etik decree and hearing date',
  },
  {
    type: 'RecordMajelisRecommendation',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record the Majelis Kode Etik recommendation',
  },
  {
    type: 'ApproveSanctionDeparture',
    roles: ['supervisor'],
    system: false,
    description:
      'Approve, with a written justification, a sanction the catalogue does not list for the violation',
  },
  {
    type: 'DecideSanction',
    roles: ['ppk'],
    system: false,
    description: 'Decide the sanction (keputusan hukuman disiplin / sanksi moral)',
  },
  {
    type: 'RecordDelivery',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record delivery of the decision to the ASN',
  },
  {
    type: 'FileObjection',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record a keberatan or banding administratif filed by the ASN',
  },
  {
    type: 'RecordLateObjection',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record that a late keberatan/banding was rejected',
  },
  {
    type: 'RecordAppealAnswer',
    roles: ['ppk', 'supervisor'],
    system: false,
    description: "Record the PPK's answer to BPASN on a banding",
  },
  {
    type: 'RecordObjectionOutcome',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record the keberatan/banding decision: upheld, lightened, increased, changed or annulled',
  },
  {
    type: 'CloseCase',
    roles: ['ppk', 'supervisor'],
    system: false,
    description: 'Close the case as not proven after follow-up or examination',
  },
  {
    type: 'WithdrawCase',
    roles: ['supervisor'],
    system: false,
    description: 'Withdraw the case before a decision, with a reason',
  },
  {
    type: 'ReopenCase',
    roles: ['supervisor'],
    system: false,
    description: 'Reopen a closed case, with a reason',
  },
  {
    type: 'LinkSuperiorCase',
    roles: ['supervisor'],
    system: false,
    description:
      'Link a case against the direct superior after the first-summons deadline escalated (PP 94/2021 Ps 28)',
  },
  {
    type: 'ForwardToEmployer',
    roles: ['officer', 'supervisor'],
    system: false,
    description:
      'Forward a non-ASN or BUMD case to the employer and close it as forwarded (UU 7/2017 Ps 455)',
  },
  {
    type: 'RecordCriminalReferral',
    roles: ['officer', 'supervisor'],
    system: false,
    description:
      'Record a referral to Sentra Gakkumdu (election crime); the disciplinary track goes on beside it',
  },
  {
    type: 'RecordCriminalReferralOutcome',
    roles: ['officer', 'supervisor'],
    system: false,
    description: 'Record the outcome of a Gakkumdu referral (also on a closed case)',
  },
  {
    type: 'MigrateDeadlinePolicy',
    roles: ['admin'],
    system: false,
    description:
      'Apply another published deadline policy version to the open case and re-plan its deadlines, with why',
  },
  {
    type: 'RecordDeadline',
    roles: ['system'],
    system: true,
    description: 'Store a computed due date with its calendar and policy versions',
  },
  {
    type: 'RecordDeadlineNotTracked',
    roles: ['system'],
    system: true,
    description: 'Record that a deadline could not be planned or recorded, and why: nobody counts it',
  },
  { type: 'RecordReminder', roles: ['system'], system: true, description: 'Record that a reminder went out' },
  { type: 'RecordEscalation', roles: ['system'], system: true, description: 'Record an escalation step' },
  {
    type: 'MarkSanctionInForce',
    roles: ['system'],
    system: true,
    description: 'The objection window ended without an objection: the sanction takes effect',
  },
  {
    type: 'MarkSanctionPeriodServed',
    roles: ['system'],
    system: true,
    description: 'The time-bound sanction period ended',
  },
  ...DOCUMENT_COMMANDS,
];

export const COMMAND_TYPES: readonly CaseCommandType[] = COMMANDS.map((c) => c.type);

export function commandDescriptor(type: string): CommandDescriptor | undefined {
  return COMMANDS.find((c) => c.type === type);
}

export function rolesAllowedFor(type: CaseCommandType): readonly Role[] {
  return commandDescriptor(type)?.roles ?? [];
}

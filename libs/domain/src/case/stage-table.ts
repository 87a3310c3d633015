// What may happen next, declared once: for every command, the stages it is possible in and the further
// conditions on the case it needs. `decide` refuses a command whose row does not hold (before reading its
// payload) and `allowedCommands` lists the commands whose row holds for an actor, so the two cannot disagree
// (a property test checks it on generated histories). Payload checks (dates, sanctions, notice periods) stay
// in the stage handlers: they depend on what the caller sends, not on the case.
import { DomainError, type DomainErrorCode } from '../errors';
import { type Actor, type CaseCommandType, type Role, commandDescriptor, COMMANDS } from './commands';
import { type CaseState, type Stage } from './state';
import { FORWARDED_EMPLOYEE_TYPES, SUPERIOR_LIABILITY_DEADLINE } from './vocabulary';

/** A condition on the case (never on the payload or the clock), with the refusal when it fails. */
export interface StatePrecondition {
  /** Stable id, shown to API clients. */
  id: string;
  /** What must hold, in English. */
  description: string;
  holds: (state: CaseState) => boolean;
  code: DomainErrorCode;
  /** English detail for the refusal message. */
  refusal: string;
}

export interface StageRule {
  /** Stages in which the command is possible at all. */
  stages: readonly Stage[];
  /** Refusal code outside those stages (default WRONG_STAGE), per stage where the law names a reason. */
  outside?: DomainErrorCode;
  outsideByStage?: Partial<Record<Stage, DomainErrorCode>>;
  /** What the refusal says, e.g. "an objection" → "an objection is not possible in stage …". */
  what: string;
  preconditions?: readonly StatePrecondition[];
}

/** Stages before a sanction is decided. */
export const BEFORE_DECISION: readonly Stage[] = [
  'intake',
  'clarification',
  'follow_up',
  'examination',
  'ethics_hearing',
  'decision',
];

/** Every stage of a registered case that is not closed. */
export const OPEN_STAGES: readonly Stage[] = [
  ...BEFORE_DECISION,
  'delivery',
  'objection_window',
  'objection',
  'in_force',
];

/** Non-ASN and BUMD employees are not subject to PP 94/2021 (UU 7/2017 Ps 455 [S]). */
export const isForwardedEmployee = (state: CaseState): boolean =>
  (FORWARDED_EMPLOYEE_TYPES as readonly string[]).includes(state.reportedAsn?.employeeType ?? '');

const lastHearing = (state: CaseState) => state.examination.hearings[state.examination.hearings.length - 1];

export const STAGE_TABLE: Readonly<Record<CaseCommandType, StageRule>> = {
  // ----- intake
  RegisterReport: { stages: ['none'], outside: 'CASE_ALREADY_REGISTERED', what: 'registering' },
  AssignOfficer: { stages: OPEN_STAGES, what: 'assigning an officer' },
  // ----- clarification
  StartClarification: {
    stages: ['clarification'],
    what: 'clarification',
    preconditions: [
      {
        id: 'clarification_not_started',
        description: 'clarification has not started yet',
        holds: (s) => s.clarification === null,
        code: 'WRONG_STAGE',
        refusal: 'clarification already started',
      },
    ],
  },
  RecordClarificationResult: {
    stages: ['clarification'],
    what: 'a clarification result',
    preconditions: [
      {
        id: 'clarification_started',
        description: 'clarification has started',
        holds: (s) => s.clarification !== null,
        code: 'WRONG_STAGE',
        refusal: 'clarification has not started',
      },
    ],
  },
  RecordRecommendation: { stages: BEFORE_DECISION, what: 'a recommendation' },
  // ----- follow-up
  RecordPpkFollowUp: {
    stages: ['follow_up', 'clarification'],
    what: 'PPK follow-up',
    preconditions: [
      {
        // The PPK follows up after clarification, or at once on a recommendation that found a breach proven.
        id: 'clarified_or_proven_recommendation',
        description: 'clarification concluded, or a recommendation found the breach proven',
        holds: (s) => s.stage === 'follow_up' || s.recommendations.some((r) => r.proven && !r.followedUp),
        code: 'WRONG_STAGE',
        refusal: 'PPK follow-up needs a concluded clarification or a proven recommendation',
      },
      {
        id: 'subject_to_pp94',
        description:
          'the reported employee is an ASN (non-ASN and BUMD cases are forwarded, UU 7/2017 Ps 455)',
        holds: (s) => !isForwardedEmployee(s),
        code: 'NOT_SUBJECT_TO_PP94',
        refusal: 'a non-ASN or BUMD case is forwarded to the employer',
      },
    ],
  },
  // ----- examination (PP 94/2021)
  FormTimPemeriksa: {
    stages: ['follow_up', 'examination'],
    what: 'forming a Tim Pemeriksa',
    preconditions: [
      {
        id: 'examination_track',
        description: 'the case is on the examination track',
        holds: (s) => !s.followUp || s.followUp.track === 'examination',
        code: 'WRONG_STAGE',
        refusal: 'a Tim Pemeriksa belongs to the examination track',
      },
      {
        id: 'no_tim_pemeriksa_yet',
        description: 'no Tim Pemeriksa formed yet',
        holds: (s) => s.examination.timPemeriksa === null,
        code: 'TIM_PEMERIKSA_ALREADY_FORMED',
        refusal: 'a Tim Pemeriksa is already formed',
      },
      {
        id: 'no_bap_yet',
        description: 'the examination is not yet recorded',
        holds: (s) => s.examination.bap === null,
        code: 'WRONG_STAGE',
        refusal: 'the examination is already recorded',
      },
    ],
  },
  IssueSummons: {
    stages: ['examination'],
    what: 'a summons',
    preconditions: [
      {
        // Summons I first; summons II only after the hearing on summons I was missed (PP 94/2021).
        id: 'summons_due',
        description: 'no summons issued yet, or the hearing on summons I was missed',
        holds: (s) => {
          const { summonses } = s.examination;
          const last = lastHearing(s);
          return (
            summonses.length === 0 ||
            (summonses.length === 1 && last?.sequence === 1 && last.attended === false)
          );
        },
        code: 'SUMMONS_OUT_OF_ORDER',
        refusal: 'no summons is due',
      },
    ],
  },
  RecordAttendance: {
    stages: ['examination'],
    what: 'attendance',
    preconditions: [
      {
        id: 'hearing_open',
        description: 'a summons awaits its hearing',
        holds: (s) => s.examination.summonses.length > s.examination.hearings.length,
        code: 'ATTENDANCE_OUT_OF_ORDER',
        refusal: 'no open hearing',
      },
    ],
  },
  RecordBap: {
    stages: ['examination'],
    what: 'a BAP',
    preconditions: [
      {
        id: 'asn_attended',
        description: 'the ASN attended a hearing',
        holds: (s) => s.examination.hearings.some((h) => h.attended),
        code: 'BAP_REQUIRES_ATTENDANCE',
        refusal: 'the ASN attended no hearing',
      },
    ],
  },
  // ----- ethics (PP 42/2004)
  ConveneMajelisKodeEtik: {
    stages: ['ethics_hearing'],
    what: 'a Majelis Kode Etik',
    preconditions: [
      {
        id: 'majelis_not_convened',
        description: 'the Majelis Kode Etik is not yet convened',
        holds: (s) => s.ethics.majelis === null,
        code: 'WRONG_STAGE',
        refusal: 'the Majelis Kode Etik is already convened',
      },
    ],
  },
  RecordMajelisRecommendation: {
    stages: ['ethics_hearing'],
    what: 'a Majelis Kode Etik recommendation',
    preconditions: [
      {
        id: 'majelis_convened',
        description: 'the Majelis Kode Etik is convened',
        holds: (s) => s.ethics.majelis !== null,
        code: 'WRONG_STAGE',
        refusal: 'the Majelis Kode Etik has not been convened',
      },
    ],
  },
  // ----- decision
  ApproveSanctionDeparture: { stages: [...BEFORE_DECISION, 'objection'], what: 'approving a departure' },
  DecideSanction: {
    stages: ['decision'],
    what: 'a decision',
    // No decision without an examination, unless the ASN failed to attend twice (PP 94/2021).
    outsideByStage: {
      intake: 'DECISION_WITHOUT_EXAMINATION',
      clarification: 'DECISION_WITHOUT_EXAMINATION',
      follow_up: 'DECISION_WITHOUT_EXAMINATION',
      examination: 'DECISION_WITHOUT_EXAMINATION',
      ethics_hearing: 'DECISION_WITHOUT_EXAMINATION',
    },
  },
  RecordDelivery: {
    stages: ['delivery'],
    what: 'delivery',
    preconditions: [
      {
        id: 'decided',
        description: 'a sanction is decided',
        holds: (s) => s.decision !== null,
        code: 'WRONG_STAGE',
        refusal: 'nothing decided',
      },
    ],
  },
  // ----- objection (PP 79/2021)
  FileObjection: {
    // Also after the sanction was marked in force (and even closed) when the window ended without a recorded
    // objection: a filing in time by its own date is still accepted, and retracts the mark (PP 79/2021).
    stages: ['objection_window', 'in_force', 'closed'],
    what: 'an objection',
    preconditions: [
      {
        id: 'objection_route_open',
        description: 'the decision can be objected to (keberatan or banding)',
        holds: (s) => s.delivery !== null && s.delivery.objectionRoute !== 'none',
        code: 'OBJECTION_NOT_AVAILABLE',
        refusal: 'no objection route for this decision',
      },
      {
        id: 'no_objection_yet',
        description:
          'the window is open, or the sanction took effect when it ended without a recorded objection',
        holds: (s) =>
          s.objection === null &&
          (s.stage === 'objection_window' ||
            (s.sanctionInForce !== null &&
              (s.stage === 'in_force' || s.closure?.closedFromStage === 'in_force'))),
        code: 'WRONG_STAGE',
        refusal: 'no objection can be filed now',
      },
    ],
  },
  RecordLateObjection: {
    stages: ['objection_window', 'objection', 'in_force'],
    what: 'rejecting a late objection',
  },
  RecordAppealAnswer: {
    stages: ['objection'],
    what: 'an answer to BPASN',
    preconditions: [
      {
        id: 'banding_awaits_answer',
        description: 'a banding awaits the PPK answer to BPASN',
        holds: (s) =>
          s.objection !== null &&
          s.objection.kind === 'banding' &&
          !s.objection.appealAnswer &&
          !s.objection.outcome,
        code: 'WRONG_STAGE',
        refusal: 'no banding awaits the PPK answer',
      },
    ],
  },
  RecordObjectionOutcome: {
    stages: ['objection'],
    what: 'an objection outcome',
    preconditions: [
      {
        id: 'objection_pending',
        description: 'a keberatan or banding is pending',
        holds: (s) => s.objection !== null && s.decision !== null && !s.objection.outcome,
        code: 'WRONG_STAGE',
        refusal: 'no pending objection',
      },
    ],
  },
  // ----- closing
  CloseCase: {
    stages: ['follow_up', 'examination', 'ethics_hearing', 'decision'],
    what: 'closing as not proven',
  },
  WithdrawCase: { stages: BEFORE_DECISION, outside: 'CANNOT_WITHDRAW_AFTER_DECISION', what: 'withdrawal' },
  ReopenCase: { stages: ['closed'], outside: 'CASE_NOT_CLOSED', what: 'reopening' },
  // ----- other routes (domain.md "Who else can be reported")
  ForwardToEmployer: {
    stages: ['intake', 'clarification', 'follow_up'],
    what: 'forwarding to the employer',
    preconditions: [
      {
        id: 'not_subject_to_pp94',
        description: 'the reported employee is non-ASN or BUMD (not subject to PP 94/2021; UU 7/2017 Ps 455)',
        holds: (s) => isForwardedEmployee(s),
        code: 'SUBJECT_TO_PP94',
        refusal: 'the reported employee is an ASN',
      },
    ],
  },
  LinkSuperiorCase: {
    stages: OPEN_STAGES,
    what: 'a case against the direct superior',
    preconditions: [
      {
        id: 'first_summons_escalated',
        description:
          'the first-summons deadline escalated and no superior case is linked yet (PP 94/2021 Ps 28)',
        holds: (s) =>
          !s.superiorCase &&
          s.escalations.some((e) => e.deadlineId.startsWith(`${SUPERIOR_LIABILITY_DEADLINE}@`)),
        code: 'SUPERIOR_CASE_NOT_OFFERED',
        refusal: 'the first-summons deadline has not escalated, or a superior case is already linked',
      },
    ],
  },
  RecordCriminalReferral: { stages: OPEN_STAGES, what: 'a Gakkumdu referral' },
  // The criminal track may outlast the disciplinary one (UU 7/2017 Ps 486).
  RecordCriminalReferralOutcome: {
    stages: [...OPEN_STAGES, 'closed'],
    what: 'a Gakkumdu outcome',
    preconditions: [
      {
        id: 'criminal_referral_pending',
        description: 'a Gakkumdu referral awaits its outcome',
        holds: (s) => (s.criminalReferrals ?? []).some((r) => r.outcome === null),
        code: 'WRONG_STAGE',
        refusal: 'no Gakkumdu referral awaits an outcome',
      },
    ],
  },
  // ----- documents: also on a closed case, whose decree and delivery proof complete the berkas
  AttachDocument: { stages: [...OPEN_STAGES, 'closed'], what: 'attaching a document' },
  // ----- deadline policy: an open case may move to a corrected policy version (audited)
  MigrateDeadlinePolicy: { stages: OPEN_STAGES, what: 'a deadline policy migration' },
  // ----- system (issued by the workflow)
  RecordDeadline: { stages: OPEN_STAGES, what: 'recording a deadline' },
  RecordDeadlineNotTracked: { stages: OPEN_STAGES, what: 'recording a deadline not tracked' },
  RecordReminder: { stages: OPEN_STAGES, what: 'recording a reminder' },
  RecordEscalation: { stages: OPEN_STAGES, what: 'recording an escalation' },
  MarkSanctionInForce: {
    stages: ['objection_window'],
    what: 'the sanction taking effect',
    preconditions: [
      {
        id: 'decided',
        description: 'a sanction is decided',
        holds: (s) => s.decision !== null,
        code: 'WRONG_STAGE',
        refusal: 'nothing decided',
      },
    ],
  },
  MarkSanctionPeriodServed: {
    stages: ['in_force'],
    what: 'the end of the sanction period',
    preconditions: [
      {
        id: 'time_bound',
        description: 'the sanction in force is time-bound',
        holds: (s) => s.sanctionInForce !== null && s.sanctionInForce.endsOn !== null,
        code: 'WRONG_STAGE',
        refusal: 'the sanction is not time-bound',
      },
    ],
  },
};

/** The refusal for the actor's role, agency or assignment, or null when the actor may act on this case. */
export function accessRefusal(type: CaseCommandType, state: CaseState, actor: Actor): DomainError | null {
  const roles = commandDescriptor(type)?.roles ?? [];
  if (!roles.includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `${actor.role} may not ${type}`, { type, role: actor.role });
  }
  if (actor.role !== 'system' && state.agency !== null && actor.agency !== state.agency) {
    return new DomainError('WRONG_AGENCY', `case of ${state.agency}`, { agency: state.agency });
  }
  if (actor.role === 'officer' && state.assignedOfficer && state.assignedOfficer.id !== actor.id) {
    return new DomainError('NOT_ASSIGNED_OFFICER', `case officer is ${state.assignedOfficer.id}`);
  }
  return null;
}

/** The refusal for the case's stage and state, or null when the command's row holds. */
export function stageRefusal(type: CaseCommandType, state: CaseState): DomainError | null {
  const rule = STAGE_TABLE[type];
  if (!rule.stages.includes(state.stage)) {
    if (state.stage === 'none') return new DomainError('CASE_NOT_REGISTERED');
    // A closed case accepts nothing but reopening.
    if (state.stage === 'closed' && type !== 'RegisterReport') return new DomainError('CASE_CLOSED');
    const code = rule.outsideByStage?.[state.stage] ?? rule.outside ?? 'WRONG_STAGE';
    return new DomainError(code, `${rule.what} is not possible in stage ${state.stage}`, {
      stage: state.stage,
      allowed: rule.stages,
    });
  }
  const failed = rule.preconditions?.find((p) => !p.holds(state));
  return failed
    ? new DomainError(failed.code, failed.refusal, { stage: state.stage, precondition: failed.id })
    : null;
}

export interface AllowedCommand {
  type: CaseCommandType;
  description: string;
  /** Roles that may issue it at all. */
  roles: readonly Role[];
  /** Stages in which it is possible. */
  stages: readonly Stage[];
  /** Further conditions on the case, all holding now. */
  preconditions: { id: string; description: string }[];
}

/**
 * The commands `actor` may issue on the case now: role, agency, assignment, stage and state preconditions all
 * hold. A listed command can still be refused for its payload (a late date, a sanction the catalogue forbids).
 */
export function allowedCommands(state: CaseState, actor: Actor): AllowedCommand[] {
  return COMMANDS.filter((c) => !accessRefusal(c.type, state, actor) && !stageRefusal(c.type, state)).map(
    (c) => ({
      type: c.type,
      description: c.description,
      roles: c.roles,
      stages: STAGE_TABLE[c.type].stages,
      preconditions: (STAGE_TABLE[c.type].preconditions ?? []).map(({ id, description }) => ({
        id,
        description,
      })),
    }),
  );
}

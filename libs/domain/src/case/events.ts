// Events of a case stream (past tense, plain JSON `{ type, data }`; the event store adds metadata such as the
// actor, correlation ids and the hash chain) and evolve(), the pure fold that rebuilds the state from them.
// Every event carries `at`, the decision time taken from the context, so evolve never needs a clock.
import { type CatalogueVersions, type PayScheme, type SanctionLevel } from '../catalogue';
import { type CivilDate, type Instant } from '../time';
import {
  type Bap,
  type CaseState,
  type ClosingOutcome,
  type Clarification,
  type Delivery,
  type DepartureApproval,
  type Election,
  EMPTY_ETHICS,
  EMPTY_EXAMINATION,
  type EscalationRecord,
  type EvidenceRef,
  type Forwarding,
  type SuperiorCase,
  initialState,
  type Objection,
  type RecordedDeadline,
  type ReminderRecord,
  type ReportedAsn,
  type ReporterIdentity,
  type ReportSource,
  type SanctionDecision,
  type SanctionInForce,
  type Stage,
  type Summons,
  type TimPemeriksa,
  type Track,
} from './state';
import { type DocumentEventMap, DOCUMENT_EVENT_TYPES, evolveDocumentAttached } from './documents';
import { type CriminalReferralOutcome, type ObjectionOutcome, type RecommendingBody } from './vocabulary';

type At = { at: Instant };

export interface CaseEventMap extends DocumentEventMap {
  CaseRegistered: {
    caseId: string;
    agency: string;
    timeZone: string;
    source: ReportSource;
    reportedAsn: ReportedAsn;
    violationType: string;
    conduct: string;
    election: Election;
    evidence: EvidenceRef[];
    catalogueVersions: CatalogueVersions;
    /** Absent in events recorded before pay schemes and readings were recorded (read as null). */
    payScheme?: PayScheme | null;
    violationReading?: string | null;
  } & At;
  /** Confidential: redact for roles that do not need the reporter's identity (UU 14/2008 Ps 17a). */
  ReporterIdentityRecorded: { reporter: ReporterIdentity } & At;
  OfficerAssigned: { officerId: string; officerName: string | null; previousOfficerId: string | null } & At;
  /**
   * `occurredOn`: given, or (2026.1 time rules) the recording day with `occurredOnDefaulted: true`; null or
   * absent in histories recorded before. Defaulted, null or absent: the state keeps the day as not known.
   */
  ClarificationStarted: {
    by: Clarification['by'];
    letterReference: string | null;
    occurredOn?: CivilDate | null;
    occurredOnDefaulted?: boolean;
  } & At;
  ClarificationConcluded: {
    occurredOn?: CivilDate | null;
    occurredOnDefaulted?: boolean;
    result: 'not_proven' | 'proceed';
    likelyLevel: SanctionLevel | null;
    timPemeriksaNeeded: boolean | null;
    reportReference: string;
    summary: string;
  } & At;
  RecommendationReceived: {
    body: RecommendingBody;
    letterNumber: string;
    letterDate: CivilDate;
    receivedOn: CivilDate;
    proven: boolean;
    recommendedSanction: string | null;
  } & At;
  PpkFollowUpRecorded: {
    action: Track | 'not_proven';
    letterNumber: string;
    letterDate: CivilDate;
    /** ptdh_partai only; absent in older events. */
    membershipProofRef?: string | null;
    recommendationsFollowedUp: string[];
  } & At;
  TimPemeriksaFormed: TimPemeriksa & At;
  SummonsIssued: Summons & { late: boolean } & At;
  AttendanceRecorded: { sequence: 1 | 2; hearingDate: CivilDate; attended: boolean } & At;
  BapRecorded: Bap & At;
  MajelisKodeEtikConvened: {
    decreeNumber: string;
    decreeDate: CivilDate;
    members: string[];
    hearingDate: CivilDate;
  } & At;
  MajelisKodeEtikRecommended: {
    proven: boolean;
    recommendedSanction: string | null;
    minutesRef: string;
    decidedOn: CivilDate;
  } & At;
  SanctionDepartureApproved: DepartureApproval;
  SanctionDecided: SanctionDecision;
  DecisionDelivered: Delivery & At;
  ObjectionFiled: {
    kind: Objection['kind'];
    decidedBy: Objection['decidedBy'];
    filedOn: CivilDate;
    grounds: string;
    reference: string;
    timeliness: Objection['timeliness'];
    dueDate: CivilDate | null;
  } & At;
  LateObjectionRejected: { filedOn: CivilDate; reference: string; dueDate: CivilDate } & At;
  AppealAnswered: { answeredOn: CivilDate; letterNumber: string } & At;
  ObjectionDecided: {
    outcome: ObjectionOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
    /** The sanction after the outcome (null when annulled). */
    sanctionCode: string | null;
    periodMonths: number | null;
    catalogueVersions: CatalogueVersions;
  } & At;
  SanctionTookEffect: SanctionInForce & At;
  /**
   * A keberatan/banding filed in time (by its own date) but recorded after the system marked the sanction in
   * force: the mark is withdrawn by this event, never by editing history, and the objection follows.
   */
  SanctionInForceRetracted: {
    sanctionCode: string;
    /** The effective date that no longer holds. */
    effectiveOn: CivilDate;
    /** The filing that was in time. */
    filedOn: CivilDate;
    /** The last day of the window the filing met. */
    windowDueDate: CivilDate;
    /** The closure withdrawn with it, if the sanction had closed the case. */
    reopenedFrom: ClosingOutcome | null;
  } & At;
  SanctionPeriodServed: { sanctionCode: string; endsOn: CivilDate } & At;
  CaseForwardedToEmployer: Forwarding & At;
  CriminalReferralRecorded: { reference: string; referredOn: CivilDate; offence: string } & At;
  SuperiorCaseLinked: SuperiorCase & At;
  CriminalReferralConcluded: {
    reference: string;
    outcome: CriminalReferralOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
  } & At;
  CaseClosed: { outcome: ClosingOutcome; reason: string | null } & At;
  CaseReopened: { reason: string; previousOutcome: ClosingOutcome; round: number } & At;
  DeadlineRecorded: Omit<RecordedDeadline, 'recordedAt'> & At;
  /** An administrator applied another published deadline policy version to the case (audited, with why). */
  DeadlinePolicyMigrated: { fromVersion: string; toVersion: string; reason: string } & At;
  DeadlineReminderSent: ReminderRecord & { recipientRole: string };
  DeadlineEscalated: EscalationRecord;
}

export type CaseEventType = keyof CaseEventMap;

export type CaseEvent = { [K in CaseEventType]: { type: K; data: CaseEventMap[K] } }[CaseEventType];

export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'CaseRegistered',
  'ReporterIdentityRecorded',
  'OfficerAssigned',
  'ClarificationStarted',
  'ClarificationConcluded',
  'RecommendationReceived',
  'PpkFollowUpRecorded',
  'TimPemeriksaFormed',
  'SummonsIssued',
  'AttendanceRecorded',
  'BapRecorded',
  'MajelisKodeEtikConvened',
  'MajelisKodeEtikRecommended',
  'SanctionDepartureApproved',
  'SanctionDecided',
  'DecisionDelivered',
  'ObjectionFiled',
  'LateObjectionRejected',
  'AppealAnswered',
  'ObjectionDecided',
  'SanctionTookEffect',
  'SanctionInForceRetracted',
  'SanctionPeriodServed',
  'CaseForwardedToEmployer',
  'CriminalReferralRecorded',
  'CriminalReferralConcluded',
  'SuperiorCaseLinked',
  'CaseClosed',
  'CaseReopened',
  'DeadlineRecorded',
  'DeadlinePolicyMigrated',
  'DeadlineReminderSent',
  'DeadlineEscalated',
  ...DOCUMENT_EVENT_TYPES,
];

export function event<K extends CaseEventType>(type: K, data: CaseEventMap[K]): CaseEventOf<K> {
  return { type, data } as CaseEventOf<K>;
}

/** A fact's day as the state keeps it: a defaulted (stand-in) day is not known, so it bounds nothing later. */
function knownDay(data: { occurredOn?: CivilDate | null; occurredOnDefaulted?: boolean }): CivilDate | null {
  return data.occurredOnDefaulted ? null : (data.occurredOn ?? null);
}

/** `on`: the date of the fact that opened the stage (what its deadline counts from), null when it has none. */
function enter(
  state: CaseState,
  stage: Stage,
  at: Instant,
  version: number,
  on: CivilDate | null = null,
): CaseState {
  return { ...state, stage, stageEnteredAt: at, stageEnteredOn: on, stageEnteredVersion: version };
}

/**
 * Applies one event. Pure and total: an event type this code does not know (written by a newer version)
 * only advances `version`, so replaying a stream never throws.
 */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const version = state.version + 1;
  const next: CaseState = { ...state, version };
  switch (event.type) {
    case 'CaseRegistered': {
      const d = event.data;
      return enter(
        {
          ...next,
          caseId: d.caseId,
          agency: d.agency,
          timeZone: d.timeZone,
          registeredAt: d.at,
          source: d.source,
          reportedAsn: d.reportedAsn,
          violationType: d.violationType,
          conduct: d.conduct,
          election: d.election,
          evidence: d.evidence,
          catalogueVersionsAtRegistration: d.catalogueVersions,
          payScheme: d.payScheme ?? null,
          violationReading: d.violationReading ?? null,
        },
        'intake',
        d.at,
        version,
        // The assignment target [I] is the intake desk's: it counts from the registration itself.
        null,
      );
    }
    case 'ReporterIdentityRecorded':
      return { ...next, confidential: { reporter: event.data.reporter } };
    case 'OfficerAssigned': {
      const d = event.data;
      const withOfficer: CaseState = {
        ...next,
        assignedOfficer: { id: d.officerId, name: d.officerName, assignedAt: d.at },
      };
      return state.stage === 'intake' ? enter(withOfficer, 'clarification', d.at, version) : withOfficer;
    }
    case 'ClarificationStarted':
      return {
        ...next,
        clarification: {
          by: event.data.by,
          startedAt: event.data.at,
          startedOn: knownDay(event.data),
          letterReference: event.data.letterReference,
          result: null,
          likelyLevel: null,
          timPemeriksaNeeded: null,
          reportReference: null,
          concludedAt: null,
          concludedOn: null,
        },
      };
    case 'ClarificationConcluded': {
      const d = event.data;
      const clarification: Clarification = {
        ...(state.clarification as Clarification),
        result: d.result,
        likelyLevel: d.likelyLevel,
        timPemeriksaNeeded: d.timPemeriksaNeeded,
        reportReference: d.reportReference,
        concludedAt: d.at,
        concludedOn: knownDay(d),
      };
      const concluded = { ...next, clarification };
      return d.result === 'proceed' ? enter(concluded, 'follow_up', d.at, version, knownDay(d)) : concluded;
    }
    case 'RecommendationReceived': {
      const d = event.data;
      return {
        ...next,
        recommendations: [
          ...state.recommendations,
          {
            version,
            body: d.body,
            letterNumber: d.letterNumber,
            letterDate: d.letterDate,
            receivedOn: d.receivedOn,
            proven: d.proven,
            recommendedSanction: d.recommendedSanction,
            // Arriving after the PPK already acted, it is followed up by the running procedure.
            followedUp: state.followUp !== null,
          },
        ],
      };
    }
    case 'PpkFollowUpRecorded': {
      const d = event.data;
      const followed: CaseState = {
        ...next,
        recommendations: state.recommendations.map((r) => ({ ...r, followedUp: true })),
      };
      if (d.action === 'not_proven') return followed;
      const stage = {
        examination: 'examination',
        majelis_kode_etik: 'ethics_hearing',
        ptdh_partai: 'decision',
      } as const;
      return enter(
        {
          ...followed,
          followUp: {
            track: d.action,
            letterNumber: d.letterNumber,
            letterDate: d.letterDate,
            membershipProofRef: d.membershipProofRef ?? null,
            at: d.at,
          },
        },
        stage[d.action],
        d.at,
        version,
        d.letterDate,
      );
    }
    case 'TimPemeriksaFormed': {
      const { at: _at, ...tim } = event.data;
      return { ...next, examination: { ...state.examination, timPemeriksa: tim } };
    }
    case 'SummonsIssued': {
      const { at: _at, late: _late, ...summons } = event.data;
      return {
        ...next,
        examination: { ...state.examination, summonses: [...state.examination.summonses, summons] },
      };
    }
    case 'AttendanceRecorded': {
      const d = event.data;
      const recorded: CaseState = {
        ...next,
        examination: {
          ...state.examination,
          hearings: [
            ...state.examination.hearings,
            { version, sequence: d.sequence, hearingDate: d.hearingDate, attended: d.attended },
          ],
        },
      };
      // Absent at the second summons: the official decides on the evidence held (PP 94/2021).
      return d.sequence === 2 && !d.attended
        ? enter(recorded, 'decision', d.at, version, d.hearingDate)
        : recorded;
    }
    case 'BapRecorded': {
      const { at, ...bap } = event.data;
      const examination = { ...state.examination, bap };
      return enter({ ...next, examination }, 'decision', at, version, bap.signedOn);
    }
    case 'MajelisKodeEtikConvened': {
      const { at: _at, ...majelis } = event.data;
      return { ...next, ethics: { ...state.ethics, majelis } };
    }
    case 'MajelisKodeEtikRecommended': {
      const { at, ...recommendation } = event.data;
      const recorded = { ...next, ethics: { ...state.ethics, recommendation } };
      return recommendation.proven
        ? enter(recorded, 'decision', at, version, recommendation.decidedOn)
        : recorded;
    }
    case 'SanctionDepartureApproved':
      return { ...next, departureApprovals: [...state.departureApprovals, event.data] };
    case 'SanctionDecided': {
      const d = event.data;
      return enter({ ...next, decision: d }, 'delivery', d.at, version, d.decreeDate);
    }
    case 'DecisionDelivered': {
      const { at, ...delivery } = event.data;
      const delivered = { ...next, delivery: { ...delivery, version } };
      return delivery.objectionRoute === 'none'
        ? delivered
        : enter(delivered, 'objection_window', at, version, delivery.deliveredOn);
    }
    case 'ObjectionFiled': {
      const d = event.data;
      return enter(
        {
          ...next,
          objection: {
            kind: d.kind,
            decidedBy: d.decidedBy,
            filedOn: d.filedOn,
            grounds: d.grounds,
            reference: d.reference,
            timeliness: d.timeliness,
            appealAnswer: null,
            outcome: null,
          },
        },
        'objection',
        d.at,
        version,
        d.filedOn,
      );
    }
    case 'LateObjectionRejected': {
      const d = event.data;
      return {
        ...next,
        lateObjections: [
          ...state.lateObjections,
          { filedOn: d.filedOn, reference: d.reference, dueDate: d.dueDate, at: d.at },
        ],
      };
    }
    case 'AppealAnswered':
      return state.objection
        ? {
            ...next,
            objection: {
              ...state.objection,
              appealAnswer: { answeredOn: event.data.answeredOn, letterNumber: event.data.letterNumber },
            },
          }
        : next;
    case 'ObjectionDecided': {
      const d = event.data;
      return state.objection
        ? {
            ...next,
            objection: {
              ...state.objection,
              outcome: {
                outcome: d.outcome,
                decidedOn: d.decidedOn,
                decisionRef: d.decisionRef,
                sanctionCode: d.sanctionCode,
                periodMonths: d.periodMonths,
              },
            },
          }
        : next;
    }
    case 'SanctionTookEffect': {
      const { at, ...inForce } = event.data;
      return enter({ ...next, sanctionInForce: inForce }, 'in_force', at, version, inForce.effectiveOn);
    }
    case 'SanctionInForceRetracted':
      // Back to the window the filing met; the objection event that follows moves the case on.
      return enter(
        { ...next, sanctionInForce: null, closure: null },
        'objection_window',
        event.data.at,
        version,
      );
    case 'SanctionPeriodServed':
      return next;
    case 'CaseForwardedToEmployer': {
      const { at: _at, ...forwarding } = event.data;
      return { ...next, forwarding };
    }
    case 'CriminalReferralRecorded': {
      const { at: _at, ...referral } = event.data;
      return {
        ...next,
        criminalReferrals: [...(state.criminalReferrals ?? []), { ...referral, outcome: null }],
      };
    }
    case 'SuperiorCaseLinked': {
      const { at: _at, ...superiorCase } = event.data;
      return { ...next, superiorCase };
    }
    case 'CriminalReferralConcluded': {
      const { at: _at, reference, ...outcome } = event.data;
      return {
        ...next,
        criminalReferrals: (state.criminalReferrals ?? []).map((r) =>
          r.reference === reference ? { ...r, outcome } : r,
        ),
      };
    }
    case 'CaseClosed': {
      const d = event.data;
      const closure = { outcome: d.outcome, reason: d.reason, closedFromStage: state.stage, at: d.at };
      return enter({ ...next, closure, closures: [...state.closures, closure] }, 'closed', d.at, version);
    }
    case 'CaseReopened': {
      const d = event.data;
      // A reopened case starts a new round from clarification; earlier records stay in the stream.
      return enter(
        {
          ...next,
          round: d.round,
          closure: null,
          clarification: null,
          followUp: null,
          examination: EMPTY_EXAMINATION,
          ethics: EMPTY_ETHICS,
          departureApprovals: [],
          decision: null,
          delivery: null,
          objection: null,
          sanctionInForce: null,
        },
        state.assignedOfficer ? 'clarification' : 'intake',
        d.at,
        version,
      );
    }
    case 'DeadlineRecorded': {
      const { at, ...deadline } = event.data;
      return {
        ...next,
        deadlines: { ...state.deadlines, [deadline.deadlineId]: { ...deadline, recordedAt: at } },
      };
    }
    case 'DeadlinePolicyMigrated':
      return { ...next, policyVersion: event.data.toVersion };
    case 'DeadlineReminderSent': {
      const { recipientRole: _recipient, ...reminder } = event.data;
      return { ...next, reminders: [...state.reminders, reminder] };
    }
    case 'DeadlineEscalated':
      return { ...next, escalations: [...state.escalations, event.data] };
    case 'DocumentAttached':
      return evolveDocumentAttached(next, event.data);
    default:
      return next;
  }
}

/** Folds a stream from the initial state (or from a snapshot). */
export function replay(events: readonly CaseEvent[], from: CaseState = initialState): CaseState {
  return events.reduce(evolve, from);
}

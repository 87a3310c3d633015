// Which deadlines are running for a case right now, and when they fall due. The workflow asks
// openDeadlines(state, policy) after every change, has an activity compute the due date once with the
// calendar in force (computeDueDate / planDeadline), records it with a RecordDeadline system command, and
// sets durable timers for the reminders and escalations.
import {
  type CaseState,
  type DeadlineUnit,
  type RecordedDeadline,
  type Stage,
  type UntrackedDeadline,
} from '../case/state';
import { DomainError } from '../errors';
import {
  type CivilDate,
  type Instant,
  type WorkingCalendar,
  addDays,
  addMonths,
  addWorkingDays,
  endOfLocalDay,
  isCivilDate,
  localDateOf,
  localTimeToInstant,
  DEFAULT_TIME_ZONE,
} from '../time';
import {
  type DeadlinePolicy,
  type DeadlineRule,
  type DeadlineRuleId,
  type EscalationStep,
  type OnDue,
  type RecipientRole,
  getRule,
  hasRule,
} from './policy';

export interface OpenDeadline {
  /** Stable id of this deadline instance: `${ruleId}@${version of the event that opened it}`. */
  deadlineId: string;
  ruleId: DeadlineRuleId;
  stage: Stage;
  name: string;
  gloss: string;
  /**
   * What the period counts from: the date of the fact that opened it (YYYY-MM-DD: a letter, hearing, decree,
   * delivery or filing date), or, in older histories whose fact has no date, the instant it was recorded.
   */
  anchor: CivilDate | Instant;
  length: number;
  unit: DeadlineUnit;
  reminderOffsets: number[];
  escalation: EscalationStep[];
  onDue: OnDue;
  expects: string[];
  confidence: DeadlineRule['confidence'];
  legalBasis: string;
  policyVersion: string;
  /** Set once the due date was computed and recorded (DeadlineRecorded). */
  recorded: RecordedDeadline | null;
}

function open(
  state: CaseState,
  policy: DeadlinePolicy,
  ruleId: DeadlineRuleId,
  anchor: string,
  anchorVersion: number,
  length?: number,
): OpenDeadline {
  const rule = getRule(policy, ruleId);
  const deadlineId = `${ruleId}@${anchorVersion}`;
  return {
    deadlineId,
    ruleId,
    stage: state.stage,
    name: rule.name,
    gloss: rule.gloss,
    anchor,
    length: length ?? rule.length ?? 0,
    unit: rule.unit,
    reminderOffsets: rule.reminderOffsets,
    escalation: rule.escalation,
    onDue: rule.onDue,
    expects: rule.expects,
    confidence: rule.confidence,
    legalBasis: rule.legalBasis,
    policyVersion: policy.version,
    recorded: state.deadlines[deadlineId] ?? null,
  };
}

/** All deadlines running in this state: the stage's own first, then a pending recommendation follow-up. */
export function openDeadlines(state: CaseState, policy: DeadlinePolicy): OpenDeadline[] {
  const result: OpenDeadline[] = [];
  // The fact's own date when it has one: a fact recorded late does not lengthen the window that follows it.
  const entered = state.stageEnteredOn ?? state.stageEnteredAt ?? '';
  const enteredVersion = state.stageEnteredVersion;
  const exam = state.examination;
  switch (state.stage) {
    case 'intake':
      result.push(open(state, policy, 'assignment', entered, enteredVersion));
      break;
    case 'clarification':
      result.push(open(state, policy, 'clarification', entered, enteredVersion));
      break;
    case 'examination': {
      const lastHearing = exam.hearings[exam.hearings.length - 1];
      if (exam.summonses.length === 0) {
        result.push(open(state, policy, 'first_summons', entered, enteredVersion));
      } else if (
        lastHearing &&
        lastHearing.sequence === 1 &&
        !lastHearing.attended &&
        exam.summonses.length === 1
      ) {
        // Second summons within 7 working days of the date the ASN should have been examined.
        result.push(open(state, policy, 'second_summons', lastHearing.hearingDate, lastHearing.version));
      }
      result.push(...hearingDeadlines(state, policy));
      break;
    }
    case 'ethics_hearing':
      if (!state.ethics.recommendation) {
        // From the day the Majelis first sits, once recorded (the id stays: a late record re-plans it).
        const sits = state.ethics.majelis?.hearingDate ?? entered;
        result.push(open(state, policy, 'majelis_recommendation', sits, enteredVersion));
      }
      break;
    case 'decision':
      result.push(open(state, policy, 'decision', entered, enteredVersion));
      break;
    case 'delivery':
      if (state.decision)
        result.push(open(state, policy, 'delivery', state.decision.decreeDate, enteredVersion));
      break;
    case 'objection_window':
      if (state.delivery && state.delivery.objectionRoute !== 'none') {
        const rule = state.delivery.objectionRoute === 'banding' ? 'banding_window' : 'keberatan_window';
        result.push(open(state, policy, rule, state.delivery.deliveredOn, enteredVersion));
      }
      break;
    case 'objection': {
      const objection = state.objection;
      if (objection && !objection.outcome) {
        if (objection.kind === 'keberatan') {
          result.push(open(state, policy, 'keberatan_decision', objection.filedOn, enteredVersion));
        } else {
          if (!objection.appealAnswer) {
            result.push(open(state, policy, 'banding_ppk_answer', objection.filedOn, enteredVersion));
          }
          result.push(open(state, policy, 'banding_decision', objection.filedOn, enteredVersion));
        }
      }
      break;
    }
    case 'in_force': {
      const inForce = state.sanctionInForce;
      if (inForce && inForce.periodMonths) {
        result.push(
          open(state, policy, 'sanction_period', inForce.effectiveOn, enteredVersion, inForce.periodMonths),
        );
      }
      break;
    }
    default:
      break;
  }
  // The PPK must follow up a recommendation (policy: 10 days); it runs alongside the stage's own deadline.
  if (state.stage !== 'closed' && state.stage !== 'none') {
    for (const recommendation of state.recommendations) {
      if (!recommendation.followedUp) {
        result.push(
          open(state, policy, 'recommendation_follow_up', recommendation.receivedOn, recommendation.version),
        );
      }
    }
  }
  return result;
}

/**
 * A summoned hearing is due on its date (attendance to be recorded); an attended one is followed by the BAP.
 * Ids: the first hearing's counts from the stage's entry, the second's from the missed first hearing.
 */
function hearingDeadlines(state: CaseState, policy: DeadlinePolicy): OpenDeadline[] {
  const exam = state.examination;
  const summons = exam.summonses[exam.summonses.length - 1];
  if (!summons || exam.bap) return [];
  const hearing = exam.hearings.find((h) => h.sequence === summons.sequence);
  if (!hearing) {
    if (!hasRule(policy, 'hearing')) return [];
    const previous = exam.hearings.find((h) => h.sequence === 1);
    const anchorVersion = summons.sequence === 2 && previous ? previous.version : state.stageEnteredVersion;
    return [open(state, policy, 'hearing', summons.hearingDate, anchorVersion)];
  }
  if (hearing.attended && hasRule(policy, 'bap')) {
    return [open(state, policy, 'bap', hearing.hearingDate, hearing.version)];
  }
  return [];
}

/**
 * Whether a recorded deadline no longer matches what it counts from: its anchor moved to another day (a fact
 * recorded late, e.g. the Majelis's first sitting), or its length, unit or policy version changed (an audited
 * policy migration). The workflow then computes and records it again under the same id. Compared by the
 * anchor's day, so an older record anchored on the recording instant of the same day still holds.
 */
/**
 * The open deadlines the workflow recorded as not tracked (DeadlineNotTracked) and has not recorded since:
 * one left behind by a stage that moved on is no longer anybody's to count.
 */
export function untrackedDeadlines(state: CaseState, policy: DeadlinePolicy): UntrackedDeadline[] {
  const untracked = state.untrackedDeadlines;
  if (!untracked || Object.keys(untracked).length === 0) return [];
  const open = new Set(openDeadlines(state, policy).map((d) => d.deadlineId));
  return Object.values(untracked).filter((u) => open.has(u.deadlineId));
}

export function needsReplanning(deadline: OpenDeadline, timeZone: string = DEFAULT_TIME_ZONE): boolean {
  const recorded = deadline.recorded;
  if (!recorded) return false;
  return (
    anchorDateOf(recorded.anchor, timeZone) !== anchorDateOf(deadline.anchor, timeZone) ||
    recorded.length !== deadline.length ||
    recorded.unit !== deadline.unit ||
    recorded.policyVersion !== deadline.policyVersion
  );
}

/** The most pressing open deadline (the stage's own), or null. */
export function openDeadline(state: CaseState, policy: DeadlinePolicy): OpenDeadline | null {
  return openDeadlines(state, policy)[0] ?? null;
}

export interface DueDate {
  dueDate: CivilDate;
  /** The last millisecond of the due date in the calendar's zone. */
  dueAt: Instant;
  calendarVersion: string;
}

/** The calendar date an anchor falls on in the zone (a date anchor is taken as is). */
export function anchorDateOf(anchor: CivilDate | Instant, timeZone: string = DEFAULT_TIME_ZONE): CivilDate {
  return isCivilDate(anchor) ? anchor : localDateOf(anchor, timeZone);
}

function shift(unit: DeadlineUnit, calendar: WorkingCalendar | null, date: CivilDate, n: number): CivilDate {
  if (unit === 'working_days') {
    if (!calendar) throw new DomainError('INVALID_DATA', 'a working-day deadline needs a working calendar');
    return addWorkingDays(calendar, date, n);
  }
  return addDays(date, n);
}

/**
 * Due date of a period counted from `anchor`: "within N working days of X" is the N-th working day after X
 * (X itself does not count); calendar days likewise; N months end the day before the same date N months on.
 * Pure: the calendar (with its version) is passed in; compute once and store the result.
 */
export function computeDueDate(
  anchor: CivilDate | Instant,
  rule: { length: number; unit: DeadlineUnit },
  calendar: WorkingCalendar | null,
  timeZone?: string,
): DueDate {
  const zone = calendar?.timeZone ?? timeZone ?? DEFAULT_TIME_ZONE;
  const start = anchorDateOf(anchor, zone);
  const dueDate =
    rule.unit === 'months'
      ? addDays(addMonths(start, rule.length), -1)
      : shift(rule.unit, calendar, start, rule.length);
  return {
    dueDate,
    dueAt: endOfLocalDay(dueDate, zone),
    calendarVersion: calendar?.version ?? `no-working-calendar:${zone}`,
  };
}

export interface DeadlinePlan extends DueDate {
  deadlineId: string;
  policyVersion: string;
  reminders: { offset: number; date: CivilDate; at: Instant }[];
  escalations: { step: number; recipientRole: RecipientRole; date: CivilDate; at: Instant }[];
}

/**
 * Everything the workflow needs to set timers for an open deadline: due date and time, reminder times (at the
 * policy's time of day, skipping any before the anchor) and escalation times (end of the step's day).
 */
export function planDeadline(
  deadline: OpenDeadline,
  calendar: WorkingCalendar | null,
  policy: DeadlinePolicy,
  timeZone?: string,
): DeadlinePlan {
  const zone = calendar?.timeZone ?? timeZone ?? DEFAULT_TIME_ZONE;
  const due = computeDueDate(deadline.anchor, deadline, calendar, zone);
  const offsetUnit: DeadlineUnit = deadline.unit === 'months' ? 'calendar_days' : deadline.unit;
  const anchorDate = anchorDateOf(deadline.anchor, zone);
  const reminders = deadline.reminderOffsets
    .map((offset) => {
      const date = shift(offsetUnit, calendar, due.dueDate, -offset);
      return { offset, date, at: localTimeToInstant(date, policy.parameters.reminderTimeOfDay, zone) };
    })
    .filter((r) => r.date > anchorDate);
  const escalations = deadline.escalation.map((step) => {
    const date = shift(offsetUnit, calendar, due.dueDate, step.after);
    return { step: step.step, recipientRole: step.recipientRole, date, at: endOfLocalDay(date, zone) };
  });
  return {
    ...due,
    deadlineId: deadline.deadlineId,
    policyVersion: deadline.policyVersion,
    reminders,
    escalations,
  };
}

// What the stage handlers share: dates of recorded facts, the calendar to count working days with, the sanction
// checks used by the decision and the objection outcome, the objection window and the open deadlines.
import {
  type Sanction,
  allowedLevelsOf,
  findViolation,
  fitsPayScheme,
  getSanction,
  isSanctionAllowed,
} from '../catalogue';
import { type OpenDeadline, computeDueDate, openDeadlines } from '../deadlines/open';
import { type DeadlineRuleId, getRule } from '../deadlines/policy';
import { DomainError } from '../errors';
import {
  type CivilDate,
  type WorkingCalendar,
  addDays,
  addMonths,
  addWorkingDays,
  createWorkingCalendar,
  formatTanggal,
  localDateOf,
} from '../time';
import { type CaseCommandType, type DecisionContext } from '../case/commands';
import { type CaseEvent, event } from '../case/events';
import { type Input } from '../case/input';
import { type CaseState, type ClosingOutcome } from '../case/state';

/** A command handler: reads and validates the payload, enforces the stage's legal rules, returns the events. */
export type Handler = (input: Input, state: CaseState, context: DecisionContext) => CaseEvent[];

/** The handlers of one stage, typed by the commands they decide. */
export type Handlers<K extends CaseCommandType> = { readonly [T in K]: Handler };

// ---------------------------------------------------------------------------------------------------------
// Dates

export function today(state: CaseState, context: DecisionContext): CivilDate {
  return localDateOf(context.now, state.timeZone);
}

/** The facts a date may depend on, named in both languages for the refusal. */
export const FACTS = {
  report: { en: 'the receipt of the report or finding', id: 'tanggal laporan/temuan diterima' },
  letterDate: { en: 'the letter date', id: 'tanggal surat' },
  issuedOn: { en: 'the date of the summons', id: 'tanggal surat panggilan' },
  decreeDate: { en: 'the decree date', id: 'tanggal surat keputusan' },
  hearing: { en: 'the hearing', id: 'tanggal sidang pemeriksaan' },
  bap: { en: 'the BAP', id: 'tanggal Berita Acara Pemeriksaan' },
  missedHearing: { en: 'the second missed hearing', id: 'tanggal panggilan kedua yang tidak dihadiri' },
  missedFirstHearing: {
    en: 'the missed hearing on summons I',
    id: 'tanggal pemeriksaan panggilan pertama yang tidak dihadiri',
  },
  clarificationStart: { en: 'the start of the clarification', id: 'tanggal dimulainya klarifikasi' },
  lhp: {
    en: 'the clarification report (LHP)',
    id: 'tanggal Laporan Hasil Pemeriksaan (LHP) klarifikasi',
  },
  followUp: { en: 'the PPK follow-up letter', id: 'tanggal surat tindak lanjut PPK' },
  referral: { en: 'the referral to Sentra Gakkumdu', id: 'tanggal penerusan ke Sentra Gakkumdu' },
  majelis: { en: 'the Majelis Kode Etik recommendation', id: 'tanggal rekomendasi Majelis Kode Etik' },
  delivery: { en: 'the receipt of the decision', id: 'tanggal keputusan diterima' },
  filing: { en: 'the filing', id: 'tanggal pengajuan keberatan/banding' },
} as const;
export type Fact = keyof typeof FACTS;

/**
 * The time rules of policies from 2026.1 (a fact dated before what it depends on, or beyond the backdating
 * horizon). A case that started under an older policy (it lacks `backdatingHorizonDays`) keeps the rules it
 * started with, so its history replays as decided.
 */
export function horizonDays(context: DecisionContext): number | null {
  const days = (context.policy.parameters as { backdatingHorizonDays?: number | null }).backdatingHorizonDays;
  return typeof days === 'number' ? days : null;
}

/**
 * A recorded fact (a letter, a delivery, a hearing held): not dated after today; under the 2026.1 time rules
 * not before the report's receipt and, beyond the backdating horizon, only with a supervisor's reason
 * (`lateRecordingReason`, recorded on the events).
 */
export function pastDate(
  input: Input,
  field: string,
  state: CaseState,
  context: DecisionContext,
  /** letterDate: the date a letter bears, not when its fact happened here (no receipt or horizon rule). */
  options: { letterDate?: boolean } = {},
): CivilDate {
  const date = input.date(field);
  const recordedOn = today(state, context);
  if (date > recordedOn) {
    throw new DomainError(
      'FUTURE_DATE',
      `${field} ${date} is after today, ${recordedOn}`,
      { field, date, recordedOn },
      `${field} ${formatTanggal(date)} sesudah hari ini, ${formatTanggal(recordedOn)}`,
    );
  }
  const horizon = horizonDays(context);
  if (horizon === null || options.letterDate) return date;
  if (state.source) {
    notBefore(date, state.source.receivedOn, field, 'report');
  }
  const earliest = addDays(recordedOn, -horizon);
  if (date < earliest) {
    const late = context.lateRecording;
    if (!late || context.actor.role !== 'supervisor') {
      throw new DomainError(
        'FACT_OUTSIDE_HORIZON',
        `${field} ${date} is more than ${horizon} days before it is recorded, ${recordedOn}; a supervisor records it with lateRecordingReason`,
        { field, date, recordedOn, horizonDays: horizon, earliestWithoutReason: earliest },
        `${field} ${formatTanggal(date)} lebih dari ${horizon} hari sebelum dicatat, ${formatTanggal(recordedOn)}; atasan mencatatnya dengan alasan (lateRecordingReason)`,
      );
    }
    late.used = true;
  }
  return date;
}

/** The day a fact without a letter date happened, and whether it was given or defaulted. */
export interface OccurredOn {
  occurredOn: CivilDate | null;
  /** true: not given, the day it was recorded stands in (an upper bound only); absent on older policies. */
  occurredOnDefaulted?: boolean;
}

/**
 * The day a fact without a letter date happened (`occurredOn`, e.g. the clarification's start or its LHP),
 * checked like any recorded fact. Not given, under the 2026.1 time rules it defaults to the day it is
 * recorded and the event says so (`occurredOnDefaulted: true`), so an auditor sees every fact dated and which
 * dates no one gave. A defaulted day only bounds the fact from above (it happened on or before it was
 * recorded), so the state keeps it as not known and it bounds nothing later: a stand-in date never refuses a
 * fact that really came after. A case on an older policy records null, as it did when it started (replay).
 */
export function occurredOn(input: Input, state: CaseState, context: DecisionContext): OccurredOn {
  const timeRules = horizonDays(context) !== null;
  if (input.has('occurredOn')) {
    const date = pastDate(input, 'occurredOn', state, context);
    return timeRules ? { occurredOn: date, occurredOnDefaulted: false } : { occurredOn: date };
  }
  return timeRules ? { occurredOn: today(state, context), occurredOnDefaulted: true } : { occurredOn: null };
}

/** The day an `occurredOn` may bound later facts with: null when not given or defaulted (not known). */
export function knownOccurredOn(fact: OccurredOn): CivilDate | null {
  return fact.occurredOnDefaulted ? null : fact.occurredOn;
}

/**
 * A dependency between two facts of the procedure (clarification before summons, LHP before follow-up, ...)
 * under the 2026.1 time rules; a case on an older policy keeps the rules it started with (replay).
 * Null on either side: a date not known (not given, or an older history), nothing to compare.
 */
export function dependsOn(
  date: CivilDate | null,
  earliest: CivilDate | null | undefined,
  field: string,
  fact: Fact,
  context: DecisionContext,
): void {
  if (date && earliest && horizonDays(context) !== null) notBefore(date, earliest, field, fact);
}

/** Refuses a fact dated before the fact it depends on, naming both dates (FACT_BEFORE_DEPENDENCY). */
export function notBefore(date: CivilDate, earliest: CivilDate, field: string, fact: Fact): void {
  if (date < earliest) {
    const name = FACTS[fact];
    throw new DomainError(
      'FACT_BEFORE_DEPENDENCY',
      `${field} ${date} is before ${name.en}, ${earliest}`,
      { field, date, dependsOn: fact, dependsOnDate: earliest },
      `${field} ${formatTanggal(date)} mendahului ${name.id}, ${formatTanggal(earliest)}`,
    );
  }
}

/** The calendar from the context if it covers the dates, else weekends only (Perpres 21/2023) and no holidays. */
export function calendarFor(
  context: DecisionContext,
  state: CaseState,
  from: CivilDate,
  to: CivilDate,
): WorkingCalendar {
  const calendar = context.calendar;
  if (calendar && calendar.coveredFrom <= from && to <= calendar.coveredTo) return calendar;
  return createWorkingCalendar({
    version: 'weekends-only',
    timeZone: state.timeZone,
    coveredFrom: addDays(from, -400),
    coveredTo: addDays(to, 400),
    nonWorkingDays: [],
  });
}

// ---------------------------------------------------------------------------------------------------------
// Sanction checks shared by the decision and the objection outcome

export function checkSanctionFits(
  sanction: Sanction,
  periodMonths: number | null,
  state: CaseState,
  context: DecisionContext,
): { allowedByCatalogue: boolean; departureJustification: string | null } {
  const employeeType = state.reportedAsn?.employeeType;
  if (!employeeType || !sanction.appliesTo.includes(employeeType)) {
    throw new DomainError(
      'SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE',
      `${sanction.code} for ${employeeType}`,
      {
        sanctionCode: sanction.code,
        employeeType,
      },
    );
  }
  // Sedang variants by the agency's pay scheme recorded at registration (PP 94/2021 Ps 8(3); TPP per the
  // agency's regional regulation; PP 94/2021 Ps 42 jo. PP 53/2010 Ps 7(3)). Unknown scheme: any variant.
  if (!fitsPayScheme(sanction, state.payScheme ?? null)) {
    throw new DomainError(
      'SANCTION_NOT_FOR_PAY_SCHEME',
      `${sanction.code} is for pay schemes ${(sanction.paySchemes ?? []).join('/')}, the agency's is ${state.payScheme}`,
      { sanctionCode: sanction.code, payScheme: state.payScheme, paySchemes: sanction.paySchemes ?? [] },
      `${sanction.code} berlaku untuk skema ${(sanction.paySchemes ?? []).join('/')}, skema instansi adalah ${state.payScheme}`,
    );
  }
  if (sanction.periodMonths.length > 0) {
    if (periodMonths === null || !sanction.periodMonths.includes(periodMonths)) {
      throw new DomainError(
        'INVALID_SANCTION_PERIOD',
        `${sanction.code} runs ${sanction.periodMonths.join('/')} months`,
      );
    }
  } else if (periodMonths !== null) {
    throw new DomainError('INVALID_SANCTION_PERIOD', `${sanction.code} is not time-bound`);
  }
  // The level must fit the violation in the catalogue in force (PP 94/2021 Ps 13 g / 14 i, SKB 2022 annex);
  // a departure needs a written justification approved by a supervisor beforehand.
  const violationType = state.violationType ?? '';
  const reading = state.violationReading ?? null;
  if (isSanctionAllowed(context.catalogues, violationType, sanction.code, reading)) {
    return { allowedByCatalogue: true, departureJustification: null };
  }
  const approval = state.departureApprovals.find((a) => a.sanctionCode === sanction.code);
  if (!approval) {
    throw new DomainError(
      'SANCTION_NOT_ALLOWED_FOR_VIOLATION',
      `${sanction.code} (${sanction.level}) for ${violationType} under catalogue ${context.catalogues.violations.version}`,
      {
        sanctionCode: sanction.code,
        violationType,
        catalogueVersion: context.catalogues.violations.version,
        reading,
        allowedLevels: (() => {
          const violation = findViolation(context.catalogues, violationType);
          return violation ? allowedLevelsOf(violation, reading) : [];
        })(),
      },
    );
  }
  return { allowedByCatalogue: false, departureJustification: approval.justification };
}

export function endsOnFor(effectiveOn: CivilDate, periodMonths: number | null): CivilDate | null {
  return periodMonths ? addDays(addMonths(effectiveOn, periodMonths), -1) : null;
}

/** Events for a sanction taking effect; one that is not time-bound closes the case at once. */
export function takeEffect(
  sanctionCode: string,
  periodMonths: number | null,
  effectiveOn: CivilDate,
  context: DecisionContext,
): CaseEvent[] {
  const at = context.now;
  const events: CaseEvent[] = [
    event('SanctionTookEffect', {
      sanctionCode,
      periodMonths,
      effectiveOn,
      endsOn: endsOnFor(effectiveOn, periodMonths),
      at,
    }),
  ];
  if (!periodMonths) {
    const sanction = getSanction(context.catalogues, sanctionCode);
    const outcome =
      sanction.kind === 'moral'
        ? 'moral_sanction'
        : sanction.dismissal
          ? 'dismissed_from_service'
          : 'sanction_served';
    events.push(close(outcome, null, context));
  }
  return events;
}

export function close(outcome: ClosingOutcome, reason: string | null, context: DecisionContext): CaseEvent {
  return event('CaseClosed', { outcome, reason, at: context.now });
}

// ---------------------------------------------------------------------------------------------------------
// Objection window: recorded due date first, else computed with what the context has

export interface WindowDue {
  dueDate: CivilDate;
  /** false when computed with weekends only: then only an earlier-or-equal bound of the true due date. */
  exact: boolean;
}

export function objectionWindowDue(state: CaseState, context: DecisionContext): WindowDue | null {
  const delivery = state.delivery;
  if (!delivery || delivery.objectionRoute === 'none') return null;
  const ruleId: DeadlineRuleId =
    delivery.objectionRoute === 'banding' ? 'banding_window' : 'keberatan_window';
  const recorded = state.deadlines[`${ruleId}@${delivery.version}`];
  if (recorded) return { dueDate: recorded.dueDate, exact: true };
  const rule = getRule(context.policy, ruleId);
  const length = rule.length ?? 0;
  if (rule.unit !== 'working_days') {
    return {
      dueDate: computeDueDate(delivery.deliveredOn, { length, unit: rule.unit }, null, state.timeZone)
        .dueDate,
      exact: true,
    };
  }
  const calendar = calendarFor(
    context,
    state,
    delivery.deliveredOn,
    addDays(delivery.deliveredOn, length * 3),
  );
  return {
    dueDate: addWorkingDays(calendar, delivery.deliveredOn, length),
    exact: calendar.version !== 'weekends-only',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Deadlines

export function findOpenDeadline(
  state: CaseState,
  context: DecisionContext,
  deadlineId: string,
): OpenDeadline {
  const deadline = openDeadlines(state, context.policy).find((d) => d.deadlineId === deadlineId);
  if (!deadline) throw new DomainError('DEADLINE_NOT_OPEN', deadlineId, { deadlineId });
  return deadline;
}

export function findRecordedOpenDeadline(state: CaseState, context: DecisionContext, deadlineId: string) {
  const deadline = findOpenDeadline(state, context, deadlineId);
  if (!deadline.recorded) throw new DomainError('DEADLINE_NOT_RECORDED', deadlineId, { deadlineId });
  return { deadline, recorded: deadline.recorded };
}

/**
 * When a sanction no one objected to takes effect: on the 15th working day after receipt (PerBKN 6/2022
 * Ps 50(1) [S]), counted with the calendar that counted the window. A case that started under a policy before
 * 2026.1 keeps that policy's rule (calendar days after the window's last day).
 */
export function inForceDate(state: CaseState, windowDue: CivilDate, context: DecisionContext): CivilDate {
  const { inForceOnWorkingDayAfterReceipt: workingDay, inForceDaysAfterObjectionWindow: days } =
    context.policy.parameters;
  const deliveredOn = state.delivery?.deliveredOn;
  // `== null`: a policy carried by an older case may lack the field altogether.
  if (workingDay == null || !deliveredOn) return addDays(windowDue, days ?? 1);
  const calendar = calendarFor(context, state, deliveredOn, addDays(deliveredOn, workingDay * 3));
  return addWorkingDays(calendar, deliveredOn, workingDay);
}

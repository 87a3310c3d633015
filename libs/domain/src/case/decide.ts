// decide(command, state, context) → events, or a DomainError. Pure: time, actor and the catalogue, policy and
// calendar in force come from the context. Each handler checks the stage, reads and validates the payload,
// enforces the legal invariants and returns the events that record what happened.
import {
  type Sanction,
  EMPLOYEE_TYPES,
  SANCTION_LEVELS,
  catalogueVersions,
  findViolation,
  getSanction,
  getViolation,
  isSanctionAllowed,
  supervisoryBodyOn,
} from '../catalogue';
import { type OpenDeadline, computeDueDate, openDeadlines } from '../deadlines/open';
import { type DeadlineRuleId, RECIPIENT_ROLES, getRule } from '../deadlines/policy';
import { DomainError } from '../errors';
import {
  type CivilDate,
  type WorkingCalendar,
  INDONESIAN_TIME_ZONES,
  DEFAULT_TIME_ZONE,
  addDays,
  addMonths,
  addWorkingDays,
  compareInstants,
  createWorkingCalendar,
  endOfLocalDay,
  isInstant,
  localDateOf,
} from '../time';
import {
  type CaseCommand,
  type CaseCommandType,
  type DecisionContext,
  ROLES,
  commandDescriptor,
} from './commands';
import { type CaseEvent, event } from './events';
import { DOCUMENT_COMMAND_TYPES, decideAttachDocument } from './documents';
import { Input } from './input';
import {
  type CaseState,
  type ClosingOutcome,
  type Stage,
  type TimPemeriksaRole,
  REPORT_SOURCES,
} from './state';

type Handler = (input: Input, state: CaseState, context: DecisionContext) => CaseEvent[];

/** Decides a command against the current state. Throws DomainError when the command is refused. */
export function decide(command: CaseCommand, state: CaseState, context: DecisionContext): CaseEvent[] {
  if (!command || typeof command !== 'object' || typeof (command as { type?: unknown }).type !== 'string') {
    throw new DomainError('INVALID_COMMAND', 'a command is { type, data }');
  }
  const descriptor = commandDescriptor(command.type);
  if (!descriptor) throw new DomainError('UNKNOWN_COMMAND', command.type, { type: command.type });
  checkContext(context);
  authorize(descriptor.type, descriptor.roles, state, context);
  checkLifecycle(descriptor.type, state);
  return HANDLERS[descriptor.type](Input.of(command.data ?? {}), state, context);
}

// ---------------------------------------------------------------------------------------------------------
// Access and lifecycle guards

function checkContext(context: DecisionContext): void {
  if (!context || !isInstant(context.now)) {
    throw new DomainError('INVALID_DATE', 'context.now must be an ISO-8601 instant');
  }
  const actor = context.actor;
  if (!actor || typeof actor.id !== 'string' || !actor.id || !ROLES.includes(actor.role)) {
    throw new DomainError('INVALID_COMMAND', 'context.actor needs an id and a known role');
  }
  if (!context.catalogues || !context.policy) {
    throw new DomainError('INVALID_DATA', 'context needs the catalogues and the deadline policy in force');
  }
}

function authorize(
  type: CaseCommandType,
  roles: readonly string[],
  state: CaseState,
  context: DecisionContext,
) {
  const { actor } = context;
  if (!roles.includes(actor.role)) {
    throw new DomainError('ROLE_NOT_ALLOWED', `${actor.role} may not ${type}`, { type, role: actor.role });
  }
  if (actor.role !== 'system' && state.agency !== null && actor.agency !== state.agency) {
    throw new DomainError('WRONG_AGENCY', `case of ${state.agency}`, { agency: state.agency });
  }
  if (actor.role === 'officer' && state.assignedOfficer && state.assignedOfficer.id !== actor.id) {
    throw new DomainError('NOT_ASSIGNED_OFFICER', `case officer is ${state.assignedOfficer.id}`);
  }
}

const ACCEPTED_WHEN_CLOSED: readonly CaseCommandType[] = ['ReopenCase', ...DOCUMENT_COMMAND_TYPES];

function checkLifecycle(type: CaseCommandType, state: CaseState): void {
  if (state.stage === 'none' && type !== 'RegisterReport') throw new DomainError('CASE_NOT_REGISTERED');
  if (state.stage !== 'none' && type === 'RegisterReport') throw new DomainError('CASE_ALREADY_REGISTERED');
  // A closed case accepts nothing but reopening.
  if (state.stage === 'closed' && !ACCEPTED_WHEN_CLOSED.includes(type)) throw new DomainError('CASE_CLOSED');
  if (state.stage !== 'closed' && type === 'ReopenCase') throw new DomainError('CASE_NOT_CLOSED');
}

function requireStage(state: CaseState, allowed: readonly Stage[], what: string): void {
  if (!allowed.includes(state.stage)) {
    throw new DomainError('WRONG_STAGE', `${what} is not possible in stage ${state.stage}`, {
      stage: state.stage,
      allowed,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates

function today(state: CaseState, context: DecisionContext): CivilDate {
  return localDateOf(context.now, state.timeZone);
}

/** A recorded fact (a letter, a delivery, a hearing held) cannot be dated after today. */
function pastDate(input: Input, field: string, state: CaseState, context: DecisionContext): CivilDate {
  const date = input.date(field);
  if (date > today(state, context)) {
    throw new DomainError('FUTURE_DATE', `${field} ${date} is after today`, { field, date });
  }
  return date;
}

function notBefore(date: CivilDate, earliest: CivilDate, field: string, earliestName: string): void {
  if (date < earliest) {
    throw new DomainError('INVALID_COMMAND', `${field} ${date} is before ${earliestName} ${earliest}`, {
      field,
    });
  }
}

/** The calendar from the context if it covers the dates, else weekends only (Perpres 21/2023) and no holidays. */
function calendarFor(
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

function checkSanctionFits(
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
  if (isSanctionAllowed(context.catalogues, violationType, sanction.code)) {
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
        allowedLevels: findViolation(context.catalogues, violationType)?.allowedLevels ?? [],
      },
    );
  }
  return { allowedByCatalogue: false, departureJustification: approval.justification };
}

function endsOnFor(effectiveOn: CivilDate, periodMonths: number | null): CivilDate | null {
  return periodMonths ? addDays(addMonths(effectiveOn, periodMonths), -1) : null;
}

/** Events for a sanction taking effect; one that is not time-bound closes the case at once. */
function takeEffect(
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
    const dismissal = getSanction(context.catalogues, sanctionCode).dismissal;
    events.push(close(dismissal ? 'dismissed_from_service' : 'sanction_served', null, context));
  }
  return events;
}

function close(outcome: ClosingOutcome, reason: string | null, context: DecisionContext): CaseEvent {
  return event('CaseClosed', { outcome, reason, at: context.now });
}

// ---------------------------------------------------------------------------------------------------------
// Objection window: recorded due date first, else computed with what the context has

interface WindowDue {
  dueDate: CivilDate;
  /** false when computed with weekends only: then only an earlier-or-equal bound of the true due date. */
  exact: boolean;
}

function objectionWindowDue(state: CaseState, context: DecisionContext): WindowDue | null {
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

function findOpenDeadline(state: CaseState, context: DecisionContext, deadlineId: string): OpenDeadline {
  const deadline = openDeadlines(state, context.policy).find((d) => d.deadlineId === deadlineId);
  if (!deadline) throw new DomainError('DEADLINE_NOT_OPEN', deadlineId, { deadlineId });
  return deadline;
}

function findRecordedOpenDeadline(state: CaseState, context: DecisionContext, deadlineId: string) {
  const deadline = findOpenDeadline(state, context, deadlineId);
  if (!deadline.recorded) throw new DomainError('DEADLINE_NOT_RECORDED', deadlineId, { deadlineId });
  return { deadline, recorded: deadline.recorded };
}

// ---------------------------------------------------------------------------------------------------------
// Handlers, in lifecycle order

const BEFORE_DECISION: readonly Stage[] = [
  'intake',
  'clarification',
  'follow_up',
  'examination',
  'ethics_hearing',
  'decision',
];

const HANDLERS: Record<CaseCommandType, Handler> = {
  AttachDocument: decideAttachDocument,
  RegisterReport(input, state, context) {
    const at = context.now;
    const timeZone = input.optStr('timeZone') ?? DEFAULT_TIME_ZONE;
    if (INDONESIAN_TIME_ZONES[timeZone] === undefined) {
      throw new DomainError(
        'INVALID_COMMAND',
        `timeZone must be one of ${Object.keys(INDONESIAN_TIME_ZONES).join(', ')}`,
        {
          field: 'timeZone',
        },
      );
    }
    const local = { ...state, timeZone };
    const source = input.obj('source');
    const sourceKind = source.oneOf('kind', REPORT_SOURCES);
    const asn = input.obj('reportedAsn');
    const employeeType = asn.oneOf('employeeType', EMPLOYEE_TYPES);
    const nip = asn.optStr('nip');
    if (nip !== null && !/^\d{18}$/.test(nip)) {
      throw new DomainError('INVALID_COMMAND', 'reportedAsn.nip must be 18 digits', {
        field: 'reportedAsn.nip',
      });
    }
    if (nip === null && employeeType !== 'NON_ASN' && employeeType !== 'BUMD') {
      throw new DomainError('INVALID_COMMAND', `reportedAsn.nip is required for ${employeeType}`, {
        field: 'reportedAsn.nip',
      });
    }
    const violationType = getViolation(context.catalogues, input.str('violationType')).code;
    const election = input.obj('election');
    const reporterInput = input.optObj('reporter');
    // Reports are not anonymous (UU 7/2017 Ps 454(4)); the identity is stored apart and redacted.
    if (sourceKind === 'public_report' && !reporterInput) {
      throw new DomainError('INVALID_COMMAND', "a public report needs the reporter's name and address", {
        field: 'reporter',
      });
    }
    const events: CaseEvent[] = [
      event('CaseRegistered', {
        caseId: input.str('caseId'),
        agency: context.actor.agency,
        timeZone,
        source: {
          kind: sourceKind,
          reference: source.optStr('reference'),
          receivedOn: pastDate(source, 'receivedOn', local, context),
        },
        reportedAsn: {
          nip,
          name: asn.str('name'),
          position: asn.str('position'),
          unit: asn.str('unit'),
          agency: asn.str('agency'),
          employeeType,
        },
        violationType,
        conduct: input.str('conduct'),
        election: {
          kind: election.oneOf('kind', ['pemilu', 'pilkada'] as const),
          year: election.int('year', 2000, 2100),
        },
        evidence: input
          .list('evidence', { optional: true })
          .map((e) => ({ ref: e.str('ref'), description: e.str('description') })),
        catalogueVersions: catalogueVersions(context.catalogues),
        at,
      }),
    ];
    if (reporterInput) {
      events.push(
        event('ReporterIdentityRecorded', {
          reporter: {
            name: reporterInput.str('name'),
            address: reporterInput.str('address'),
            contact: reporterInput.optStr('contact'),
          },
          at,
        }),
      );
    }
    return events;
  },

  AssignOfficer(input, state, context) {
    const officerId = input.str('officerId');
    if (state.assignedOfficer?.id === officerId) {
      throw new DomainError('INVALID_COMMAND', `${officerId} is already the case officer`, {
        field: 'officerId',
      });
    }
    return [
      event('OfficerAssigned', {
        officerId,
        officerName: input.optStr('officerName'),
        previousOfficerId: state.assignedOfficer?.id ?? null,
        at: context.now,
      }),
    ];
  },

  StartClarification(input, state, context) {
    requireStage(state, ['clarification'], 'clarification');
    if (state.clarification) throw new DomainError('WRONG_STAGE', 'clarification already started');
    return [
      event('ClarificationStarted', {
        by: input.oneOf('by', ['inspektorat', 'bkpsdm'] as const),
        letterReference: input.optStr('letterReference'),
        at: context.now,
      }),
    ];
  },

  RecordClarificationResult(input, state, context) {
    requireStage(state, ['clarification'], 'a clarification result');
    if (!state.clarification) throw new DomainError('WRONG_STAGE', 'clarification has not started');
    const result = input.oneOf('result', ['not_proven', 'proceed'] as const);
    const reportReference = input.str('reportReference');
    const summary = input.str('summary');
    if (result === 'not_proven') {
      return [
        event('ClarificationConcluded', {
          result,
          likelyLevel: null,
          timPemeriksaNeeded: null,
          reportReference,
          summary,
          at: context.now,
        }),
        close('not_proven', summary, context),
      ];
    }
    const likelyLevel = input.oneOf('likelyLevel', SANCTION_LEVELS);
    const timPemeriksaNeeded = input.bool('timPemeriksaNeeded');
    // Tim Pemeriksa: optional for a suspected sedang breach, mandatory for berat (PP 94/2021).
    if ((likelyLevel === 'berat' || likelyLevel === 'ptdh') && !timPemeriksaNeeded) {
      throw new DomainError('TIM_PEMERIKSA_REQUIRED', `likely level ${likelyLevel}`);
    }
    return [
      event('ClarificationConcluded', {
        result,
        likelyLevel,
        timPemeriksaNeeded,
        reportReference,
        summary,
        at: context.now,
      }),
    ];
  },

  RecordRecommendation(input, state, context) {
    requireStage(state, BEFORE_DECISION, 'a recommendation');
    const body = input.oneOf('body', ['bawaslu', 'KASN', 'BKN'] as const);
    const letterDate = pastDate(input, 'letterDate', state, context);
    const receivedOn = pastDate(input, 'receivedOn', state, context);
    notBefore(receivedOn, letterDate, 'receivedOn', 'letterDate');
    if (body !== 'bawaslu') {
      // KASN until 24 Aug 2024, BKN after (Perpres 91–92/2024): a dated setting, not a constant.
      const inOffice = supervisoryBodyOn(context.catalogues.supervisoryBodies, letterDate);
      if (inOffice?.body !== body) {
        throw new DomainError(
          'WRONG_SUPERVISORY_BODY',
          `${body} on ${letterDate}; in office: ${inOffice?.body ?? 'none'}`,
          {
            body,
            letterDate,
            inOffice: inOffice?.body ?? null,
          },
        );
      }
    }
    const recommendedSanction = input.optStr('recommendedSanction');
    if (recommendedSanction !== null) getSanction(context.catalogues, recommendedSanction);
    return [
      event('RecommendationReceived', {
        body,
        letterNumber: input.str('letterNumber'),
        letterDate,
        receivedOn,
        proven: input.bool('proven'),
        recommendedSanction,
        at: context.now,
      }),
    ];
  },

  RecordPpkFollowUp(input, state, context) {
    const pendingProven = state.recommendations.some((r) => r.proven && !r.followedUp);
    // The PPK follows up after clarification, or at once on a recommendation that found a breach proven.
    if (!(state.stage === 'follow_up' || (state.stage === 'clarification' && pendingProven))) {
      throw new DomainError('WRONG_STAGE', `PPK follow-up is not possible in stage ${state.stage}`, {
        stage: state.stage,
      });
    }
    const action = input.oneOf('action', ['examination', 'majelis_kode_etik', 'not_proven'] as const);
    const reason = input.optStr('reason');
    const events: CaseEvent[] = [
      event('PpkFollowUpRecorded', {
        action,
        letterNumber: input.str('letterNumber'),
        letterDate: pastDate(input, 'letterDate', state, context),
        recommendationsFollowedUp: state.recommendations
          .filter((r) => !r.followedUp)
          .map((r) => r.letterNumber),
        at: context.now,
      }),
    ];
    if (action === 'not_proven') {
      if (!reason)
        throw new DomainError('INVALID_COMMAND', 'closing as not proven needs a reason', { field: 'reason' });
      events.push(close('not_proven', reason, context));
    }
    return events;
  },

  FormTimPemeriksa(input, state, context) {
    requireStage(state, ['follow_up', 'examination'], 'forming a Tim Pemeriksa');
    if (state.followUp && state.followUp.track !== 'examination') {
      throw new DomainError('WRONG_STAGE', 'a Tim Pemeriksa belongs to the examination track');
    }
    if (state.examination.timPemeriksa) throw new DomainError('TIM_PEMERIKSA_ALREADY_FORMED');
    if (state.examination.bap) throw new DomainError('WRONG_STAGE', 'the examination is already recorded');
    const members = input.list('members', { nonEmpty: true }).map((m) => ({
      name: m.str('name'),
      role: m.oneOf('role', ['atasan_langsung', 'pengawasan', 'kepegawaian', 'lainnya'] as const),
    }));
    // Atasan langsung, an oversight member (Inspektorat) and a personnel member (BKPSDM) [S].
    const required: TimPemeriksaRole[] = ['atasan_langsung', 'pengawasan', 'kepegawaian'];
    const missing = required.filter((role) => !members.some((m) => m.role === role));
    if (missing.length > 0) {
      throw new DomainError('INVALID_COMMAND', `Tim Pemeriksa lacks ${missing.join(', ')}`, {
        field: 'members',
      });
    }
    return [
      event('TimPemeriksaFormed', {
        decreeNumber: input.str('decreeNumber'),
        decreeDate: pastDate(input, 'decreeDate', state, context),
        members,
        at: context.now,
      }),
    ];
  },

  IssueSummons(input, state, context) {
    requireStage(state, ['examination'], 'a summons');
    const exam = state.examination;
    const sequence = input.oneOf('sequence', [1, 2] as const);
    const lastHearing = exam.hearings[exam.hearings.length - 1];
    const firstMissed = lastHearing && lastHearing.sequence === 1 && !lastHearing.attended;
    if (sequence === 1 ? exam.summonses.length !== 0 : !(exam.summonses.length === 1 && firstMissed)) {
      throw new DomainError(
        'SUMMONS_OUT_OF_ORDER',
        sequence === 1 ? 'summons I was already issued' : 'summons II follows a missed hearing on summons I',
      );
    }
    const issuedOn = pastDate(input, 'issuedOn', state, context);
    const deliveredOn = pastDate(input, 'deliveredOn', state, context);
    notBefore(deliveredOn, issuedOn, 'deliveredOn', 'issuedOn');
    const hearingDate = input.date('hearingDate');
    if (hearingDate <= deliveredOn) {
      throw new DomainError(
        'SUMMONS_NOTICE_TOO_SHORT',
        `hearing ${hearingDate} is not after delivery ${deliveredOn}`,
      );
    }
    // The summons must reach the ASN at least 7 working days before the hearing (PP 94/2021).
    const notice = context.policy.parameters.summonsMinimumNoticeWorkingDays;
    const calendar = calendarFor(context, state, deliveredOn, hearingDate);
    const latestDelivery = addWorkingDays(calendar, hearingDate, -notice);
    if (deliveredOn > latestDelivery) {
      throw new DomainError(
        'SUMMONS_NOTICE_TOO_SHORT',
        `delivered ${deliveredOn}, hearing ${hearingDate}: deliver by ${latestDelivery} (${notice} working days, calendar ${calendar.version})`,
        { latestDelivery, calendarVersion: calendar.version },
      );
    }
    // Summons II is due within 7 working days of the missed hearing; lateness is recorded, not refused.
    let late = false;
    if (sequence === 2 && lastHearing) {
      const recorded = state.deadlines[`second_summons@${lastHearing.version}`];
      const length = getRule(context.policy, 'second_summons').length ?? 0;
      const due =
        recorded?.dueDate ??
        addWorkingDays(
          calendarFor(context, state, lastHearing.hearingDate, issuedOn),
          lastHearing.hearingDate,
          length,
        );
      late = issuedOn > due;
    }
    return [
      event('SummonsIssued', {
        sequence,
        letterNumber: input.str('letterNumber'),
        issuedOn,
        deliveredOn,
        deliveryProofRef: input.str('deliveryProofRef'),
        hearingDate,
        noticeCheckedWith: calendar.version,
        late,
        at: context.now,
      }),
    ];
  },

  RecordAttendance(input, state, context) {
    requireStage(state, ['examination'], 'attendance');
    const exam = state.examination;
    const sequence = input.oneOf('sequence', [1, 2] as const);
    const summons = exam.summonses[exam.summonses.length - 1];
    if (!summons || summons.sequence !== sequence || exam.hearings.some((h) => h.sequence === sequence)) {
      throw new DomainError('ATTENDANCE_OUT_OF_ORDER', `no open hearing for summons ${sequence}`);
    }
    if (summons.hearingDate > today(state, context)) {
      throw new DomainError('FUTURE_DATE', `the hearing is on ${summons.hearingDate}`, { field: 'sequence' });
    }
    return [
      event('AttendanceRecorded', {
        sequence,
        hearingDate: summons.hearingDate,
        attended: input.bool('attended'),
        at: context.now,
      }),
    ];
  },

  RecordBap(input, state, context) {
    requireStage(state, ['examination'], 'a BAP');
    const hearing = state.examination.hearings.find((h) => h.attended);
    if (!hearing) throw new DomainError('BAP_REQUIRES_ATTENDANCE');
    const signedOn = pastDate(input, 'signedOn', state, context);
    notBefore(signedOn, hearing.hearingDate, 'signedOn', 'the hearing');
    const asnSigned = input.bool('asnSigned');
    const refusalNote = input.optStr('refusalNote');
    // A refusal to sign does not stop the procedure, but it must be written down.
    if (!asnSigned && !refusalNote) throw new DomainError('REFUSAL_NOTE_REQUIRED');
    return [
      event('BapRecorded', {
        number: input.str('number'),
        signedOn,
        asnSigned,
        refusalNote: asnSigned ? null : refusalNote,
        at: context.now,
      }),
    ];
  },

  ConveneMajelisKodeEtik(input, state, context) {
    requireStage(state, ['ethics_hearing'], 'a Majelis Kode Etik');
    if (state.ethics.majelis)
      throw new DomainError('WRONG_STAGE', 'the Majelis Kode Etik is already convened');
    const decreeDate = pastDate(input, 'decreeDate', state, context);
    const hearingDate = input.date('hearingDate');
    notBefore(hearingDate, decreeDate, 'hearingDate', 'decreeDate');
    return [
      event('MajelisKodeEtikConvened', {
        decreeNumber: input.str('decreeNumber'),
        decreeDate,
        members: input.strings('members', { nonEmpty: true }),
        hearingDate,
        at: context.now,
      }),
    ];
  },

  RecordMajelisRecommendation(input, state, context) {
    requireStage(state, ['ethics_hearing'], 'a Majelis Kode Etik recommendation');
    const majelis = state.ethics.majelis;
    if (!majelis) throw new DomainError('WRONG_STAGE', 'the Majelis Kode Etik has not been convened');
    const proven = input.bool('proven');
    const decidedOn = pastDate(input, 'decidedOn', state, context);
    notBefore(decidedOn, majelis.hearingDate, 'decidedOn', 'the hearing');
    const recommendedSanction = proven ? input.str('recommendedSanction') : null;
    if (recommendedSanction && getSanction(context.catalogues, recommendedSanction).kind !== 'moral') {
      throw new DomainError('SANCTION_TRACK_MISMATCH', `${recommendedSanction} is not a moral sanction`);
    }
    const minutesRef = input.str('minutesRef');
    const events: CaseEvent[] = [
      event('MajelisKodeEtikRecommended', {
        proven,
        recommendedSanction,
        minutesRef,
        decidedOn,
        at: context.now,
      }),
    ];
    if (!proven) events.push(close('not_proven', `Majelis Kode Etik ${minutesRef}`, context));
    return events;
  },

  ApproveSanctionDeparture(input, state, context) {
    requireStage(state, [...BEFORE_DECISION, 'objection'], 'approving a departure');
    const sanction = getSanction(context.catalogues, input.str('sanctionCode'));
    if (isSanctionAllowed(context.catalogues, state.violationType ?? '', sanction.code)) {
      throw new DomainError(
        'INVALID_COMMAND',
        `${sanction.code} is allowed by the catalogue; no departure needed`,
        {
          field: 'sanctionCode',
        },
      );
    }
    return [
      event('SanctionDepartureApproved', {
        sanctionCode: sanction.code,
        justification: input.str('justification'),
        approvedBy: context.actor.id,
        catalogueVersion: context.catalogues.violations.version,
        at: context.now,
      }),
    ];
  },

  DecideSanction(input, state, context) {
    if (['follow_up', 'examination', 'ethics_hearing', 'intake', 'clarification'].includes(state.stage)) {
      // No decision without an examination, unless the ASN failed to attend twice (PP 94/2021).
      throw new DomainError('DECISION_WITHOUT_EXAMINATION', `stage ${state.stage}`, { stage: state.stage });
    }
    requireStage(state, ['decision'], 'a decision');
    const sanction = getSanction(context.catalogues, input.str('sanctionCode'));
    const track = state.followUp?.track ?? 'examination';
    if ((track === 'majelis_kode_etik') !== (sanction.kind === 'moral')) {
      throw new DomainError(
        'SANCTION_TRACK_MISMATCH',
        `${sanction.code} (${sanction.kind}) on the ${track} track`,
      );
    }
    if (sanction.requiresTimPemeriksa && !state.examination.timPemeriksa) {
      throw new DomainError('TIM_PEMERIKSA_REQUIRED', `${sanction.code} is ${sanction.level}`);
    }
    const periodMonths = input.optInt('periodMonths', 1, 120);
    const fit = checkSanctionFits(sanction, periodMonths, state, context);
    const official = input.obj('decidingOfficial');
    const authority = official.oneOf('authority', ['ppk', 'delegated'] as const);
    const delegationRef = official.optStr('delegationRef');
    if (authority === 'delegated' && !delegationRef) {
      throw new DomainError(
        'DECIDING_OFFICIAL_NOT_AUTHORISED',
        'a delegated official needs the delegation reference',
      );
    }
    if (sanction.ppkOnly && authority !== 'ppk') {
      throw new DomainError(
        'DECIDING_OFFICIAL_NOT_AUTHORISED',
        `${sanction.code} is decided by the PPK only`,
      );
    }
    const decreeDate = pastDate(input, 'decreeDate', state, context);
    return [
      event('SanctionDecided', {
        sanctionCode: sanction.code,
        kind: sanction.kind,
        level: sanction.level,
        periodMonths,
        dismissal: sanction.dismissal,
        decreeNumber: input.str('decreeNumber'),
        decreeDate,
        decidingOfficial: {
          name: official.str('name'),
          position: official.str('position'),
          authority,
          delegationRef: authority === 'delegated' ? delegationRef : null,
        },
        catalogueVersions: catalogueVersions(context.catalogues),
        allowedByCatalogue: fit.allowedByCatalogue,
        departureJustification: fit.departureJustification,
        withoutExamination: track === 'examination' && state.examination.bap === null,
        at: context.now,
      }),
    ];
  },

  RecordDelivery(input, state, context) {
    requireStage(state, ['delivery'], 'delivery');
    const decision = state.decision;
    if (!decision) throw new DomainError('WRONG_STAGE', 'nothing decided');
    const deliveredOn = pastDate(input, 'deliveredOn', state, context);
    notBefore(deliveredOn, decision.decreeDate, 'deliveredOn', 'the decree date');
    // Dismissals are appealed to BPASN (banding administratif); other disciplinary sanctions by keberatan
    // (PP 79/2021). No route is modelled for moral sanctions [I].
    const objectionRoute = decision.kind === 'moral' ? 'none' : decision.dismissal ? 'banding' : 'keberatan';
    const events: CaseEvent[] = [
      event('DecisionDelivered', {
        deliveredOn,
        method: input.oneOf('method', ['in_person', 'sent_to_last_known_address'] as const),
        proofRef: input.str('proofRef'),
        objectionRoute,
        at: context.now,
      }),
    ];
    if (objectionRoute === 'none') events.push(close('moral_sanction', null, context));
    return events;
  },

  FileObjection(input, state, context) {
    requireStage(state, ['objection_window'], 'an objection');
    const delivery = state.delivery;
    if (!delivery || delivery.objectionRoute === 'none') throw new DomainError('OBJECTION_NOT_AVAILABLE');
    const route = delivery.objectionRoute;
    const kind = input.optOneOf('kind', ['keberatan', 'banding'] as const);
    if (kind !== null && kind !== route) {
      throw new DomainError('WRONG_OBJECTION_ROUTE', `this decision takes ${route}, not ${kind}`, { route });
    }
    const filedOn = pastDate(input, 'filedOn', state, context);
    notBefore(filedOn, delivery.deliveredOn, 'filedOn', 'delivery');
    const due = objectionWindowDue(state, context);
    if (due && due.exact && filedOn > due.dueDate) {
      throw new DomainError('LATE_OBJECTION', `filed ${filedOn}, window ended ${due.dueDate}`, {
        filedOn,
        dueDate: due.dueDate,
      });
    }
    // Without a calendar only a weekends-only bound is known: before it the filing is surely in time.
    const inTime = due !== null && filedOn <= due.dueDate;
    return [
      event('ObjectionFiled', {
        kind: route,
        decidedBy: route === 'banding' ? 'BPASN' : 'atasan_pejabat',
        filedOn,
        grounds: input.str('grounds'),
        reference: input.str('reference'),
        timeliness: inTime ? 'in_time' : 'unverified',
        dueDate: due?.exact ? due.dueDate : null,
        at: context.now,
      }),
    ];
  },

  RecordLateObjection(input, state, context) {
    requireStage(state, ['objection_window', 'objection', 'in_force'], 'rejecting a late objection');
    const filedOn = pastDate(input, 'filedOn', state, context);
    const due = objectionWindowDue(state, context);
    if (!due || !due.exact)
      throw new DomainError('DEADLINE_NOT_RECORDED', 'the objection window is not known exactly');
    if (filedOn <= due.dueDate) {
      throw new DomainError('OBJECTION_NOT_LATE', `filed ${filedOn}, window ends ${due.dueDate}`);
    }
    return [
      event('LateObjectionRejected', {
        filedOn,
        reference: input.str('reference'),
        dueDate: due.dueDate,
        at: context.now,
      }),
    ];
  },

  RecordAppealAnswer(input, state, context) {
    requireStage(state, ['objection'], 'an answer to BPASN');
    const objection = state.objection;
    if (!objection || objection.kind !== 'banding' || objection.appealAnswer || objection.outcome) {
      throw new DomainError('WRONG_STAGE', 'no banding awaits the PPK answer');
    }
    const answeredOn = pastDate(input, 'answeredOn', state, context);
    notBefore(answeredOn, objection.filedOn, 'answeredOn', 'the filing');
    return [
      event('AppealAnswered', { answeredOn, letterNumber: input.str('letterNumber'), at: context.now }),
    ];
  },

  RecordObjectionOutcome(input, state, context) {
    requireStage(state, ['objection'], 'an objection outcome');
    const objection = state.objection;
    const decision = state.decision;
    if (!objection || !decision || objection.outcome)
      throw new DomainError('WRONG_STAGE', 'no pending objection');
    const outcome = input.oneOf('outcome', [
      'upheld',
      'lightened',
      'increased',
      'changed',
      'annulled',
    ] as const);
    const decidedOn = pastDate(input, 'decidedOn', state, context);
    notBefore(decidedOn, objection.filedOn, 'decidedOn', 'the filing');
    const decisionRef = input.str('decisionRef');
    const versions = catalogueVersions(context.catalogues);
    if (outcome === 'annulled') {
      return [
        event('ObjectionDecided', {
          outcome,
          decidedOn,
          decisionRef,
          sanctionCode: null,
          periodMonths: null,
          catalogueVersions: versions,
          at: context.now,
        }),
        close('sanction_annulled', decisionRef, context),
      ];
    }
    let sanctionCode = decision.sanctionCode;
    let periodMonths = decision.periodMonths;
    if (outcome === 'upheld') {
      if (input.has('sanctionCode') && input.str('sanctionCode') !== sanctionCode) {
        throw new DomainError('INVALID_OBJECTION_OUTCOME', 'an upheld decision keeps its sanction');
      }
    } else {
      sanctionCode = input.has('sanctionCode') ? input.str('sanctionCode') : decision.sanctionCode;
      periodMonths = input.optInt('periodMonths', 1, 120);
      const before = getSanction(context.catalogues, decision.sanctionCode);
      const after = getSanction(context.catalogues, sanctionCode);
      if (after.kind !== 'disciplinary') {
        throw new DomainError('SANCTION_TRACK_MISMATCH', `${after.code} is not a disciplinary sanction`);
      }
      checkSanctionFits(after, periodMonths, state, context);
      const rank = (s: Sanction, months: number | null) => s.severity * 1000 + (months ?? 0);
      const delta = rank(after, periodMonths) - rank(before, decision.periodMonths);
      const consistent =
        (outcome === 'lightened' && delta < 0) ||
        (outcome === 'increased' && delta > 0) ||
        (outcome === 'changed' && after.code !== before.code);
      if (!consistent) {
        throw new DomainError(
          'INVALID_OBJECTION_OUTCOME',
          `${outcome}: ${before.code}/${decision.periodMonths ?? '-'} → ${after.code}/${periodMonths ?? '-'}`,
        );
      }
      if (after.requiresTimPemeriksa && !state.examination.timPemeriksa) {
        throw new DomainError('TIM_PEMERIKSA_REQUIRED', `${after.code} is ${after.level}`);
      }
    }
    return [
      event('ObjectionDecided', {
        outcome,
        decidedOn,
        decisionRef,
        sanctionCode,
        periodMonths,
        catalogueVersions: versions,
        at: context.now,
      }),
      ...takeEffect(sanctionCode, periodMonths, decidedOn, context),
    ];
  },

  CloseCase(input, state, context) {
    requireStage(state, ['follow_up', 'examination', 'ethics_hearing', 'decision'], 'closing as not proven');
    input.oneOf('outcome', ['not_proven'] as const);
    return [close('not_proven', input.str('reason'), context)];
  },

  WithdrawCase(input, state, context) {
    if (!BEFORE_DECISION.includes(state.stage)) throw new DomainError('CANNOT_WITHDRAW_AFTER_DECISION');
    return [close('withdrawn', input.str('reason'), context)];
  },

  ReopenCase(input, state, context) {
    return [
      event('CaseReopened', {
        reason: input.str('reason'),
        previousOutcome: state.closure?.outcome ?? 'withdrawn',
        round: state.round + 1,
        at: context.now,
      }),
    ];
  },

  // ----- System commands (actor role "system", issued by the workflow) -----

  RecordDeadline(input, state, context) {
    const deadlineId = input.str('deadlineId');
    const deadline = findOpenDeadline(state, context, deadlineId);
    // Computed once, when the stage starts, and stored with the calendar version used.
    if (deadline.recorded) throw new DomainError('DEADLINE_ALREADY_RECORDED', deadlineId, { deadlineId });
    const dueDate = input.date('dueDate');
    const dueAt = input.instant('dueAt');
    return [
      event('DeadlineRecorded', {
        deadlineId,
        ruleId: deadline.ruleId,
        stage: deadline.stage,
        anchor: deadline.anchor,
        length: deadline.length,
        unit: deadline.unit,
        dueDate,
        dueAt,
        calendarVersion: input.str('calendarVersion'),
        policyVersion: input.str('policyVersion'),
        at: context.now,
      }),
    ];
  },

  RecordReminder(input, state, context) {
    const { deadline } = findRecordedOpenDeadline(state, context, input.str('deadlineId'));
    const offset = input.int('offset', 0);
    if (!deadline.reminderOffsets.includes(offset)) {
      throw new DomainError('INVALID_COMMAND', `no reminder ${offset} before ${deadline.ruleId}`, {
        field: 'offset',
      });
    }
    if (state.reminders.some((r) => r.deadlineId === deadline.deadlineId && r.offset === offset)) {
      throw new DomainError('INVALID_COMMAND', 'reminder already recorded', { field: 'offset' });
    }
    return [
      event('DeadlineReminderSent', {
        deadlineId: deadline.deadlineId,
        offset,
        recipientRole: 'case_officer',
        at: context.now,
      }),
    ];
  },

  RecordEscalation(input, state, context) {
    const { deadline, recorded } = findRecordedOpenDeadline(state, context, input.str('deadlineId'));
    const step = input.int('step', 1);
    const recipientRole = input.oneOf('recipientRole', RECIPIENT_ROLES);
    const planned = deadline.escalation.find((s) => s.step === step);
    if (!planned || planned.recipientRole !== recipientRole) {
      throw new DomainError(
        'INVALID_COMMAND',
        `step ${step} to ${recipientRole} is not in the escalation chain`,
        {
          field: 'step',
        },
      );
    }
    if (compareInstants(context.now, recorded.dueAt) < 0) {
      throw new DomainError('INVALID_COMMAND', `the deadline ${deadline.deadlineId} has not passed yet`, {
        field: 'deadlineId',
      });
    }
    if (state.escalations.some((e) => e.deadlineId === deadline.deadlineId && e.step === step)) {
      throw new DomainError('INVALID_COMMAND', 'escalation step already recorded', { field: 'step' });
    }
    return [
      event('DeadlineEscalated', {
        deadlineId: deadline.deadlineId,
        step,
        recipientRole,
        nextDueAt: input.optInstant('nextDueAt'),
        at: context.now,
      }),
    ];
  },

  MarkSanctionInForce(_input, state, context) {
    requireStage(state, ['objection_window'], 'the sanction taking effect');
    const decision = state.decision;
    const due = objectionWindowDue(state, context);
    if (!decision || !due || !due.exact) {
      throw new DomainError('DEADLINE_NOT_RECORDED', 'the objection window is not known exactly');
    }
    if (compareInstants(context.now, endOfLocalDay(due.dueDate, state.timeZone)) < 0) {
      throw new DomainError('OBJECTION_WINDOW_OPEN', `until ${due.dueDate}`, { dueDate: due.dueDate });
    }
    // In force on the 15th day after receipt when no objection is filed [I].
    const effectiveOn = addDays(due.dueDate, context.policy.parameters.inForceDaysAfterObjectionWindow);
    return takeEffect(decision.sanctionCode, decision.periodMonths, effectiveOn, context);
  },

  MarkSanctionPeriodServed(_input, state, context) {
    requireStage(state, ['in_force'], 'the end of the sanction period');
    const inForce = state.sanctionInForce;
    if (!inForce || !inForce.endsOn) throw new DomainError('WRONG_STAGE', 'the sanction is not time-bound');
    if (compareInstants(context.now, endOfLocalDay(inForce.endsOn, state.timeZone)) < 0) {
      throw new DomainError('SANCTION_PERIOD_NOT_ENDED', `until ${inForce.endsOn}`, {
        endsOn: inForce.endsOn,
      });
    }
    return [
      event('SanctionPeriodServed', {
        sanctionCode: inForce.sanctionCode,
        endsOn: inForce.endsOn,
        at: context.now,
      }),
      close('sanction_served', null, context),
    ];
  },
};

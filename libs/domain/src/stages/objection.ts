// Objection (Lifecycle 7, PP 79/2021): keberatan to the official above, banding administratif to BPASN
// against a dismissal.
import { type Sanction, catalogueVersions, getSanction } from '../catalogue';
import { DomainError } from '../errors';
import { formatTanggal } from '../time';
import { OBJECTION_OUTCOMES, SANCTION_PERIOD_MONTHS } from '../case/vocabulary';
import { type CaseEvent, event } from '../case/events';
import {
  type Handlers,
  pastDate,
  notBefore,
  checkSanctionFits,
  takeEffect,
  close,
  objectionWindowDue,
} from './shared';

export const objectionHandlers: Handlers<
  'FileObjection' | 'RecordLateObjection' | 'RecordAppealAnswer' | 'RecordObjectionOutcome'
> = {
  FileObjection(input, state, context) {
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
      throw new DomainError(
        'LATE_OBJECTION',
        `filed ${filedOn}, window ended ${due.dueDate}`,
        { filedOn, dueDate: due.dueDate },
        `diajukan ${formatTanggal(filedOn)}, tenggang waktu berakhir ${formatTanggal(due.dueDate)}`,
      );
    }
    // Without a calendar only a weekends-only bound is known: before it the filing is surely in time.
    const inTime = due !== null && filedOn <= due.dueDate;
    const retraction: CaseEvent[] = [];
    const inForce = state.sanctionInForce;
    if (state.stage !== 'objection_window' && inForce) {
      // The system marked the sanction in force because no objection was recorded by the window's end; this
      // one was filed in time by its own date (recorded late): the mark is retracted, not edited away.
      if (!due || !due.exact) {
        throw new DomainError('DEADLINE_NOT_RECORDED', 'the objection window is not known exactly');
      }
      retraction.push(
        event('SanctionInForceRetracted', {
          sanctionCode: inForce.sanctionCode,
          effectiveOn: inForce.effectiveOn,
          filedOn,
          windowDueDate: due.dueDate,
          reopenedFrom: state.stage === 'closed' ? (state.closure?.outcome ?? null) : null,
          at: context.now,
        }),
      );
    }
    return [
      ...retraction,
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
    const filedOn = pastDate(input, 'filedOn', state, context);
    const due = objectionWindowDue(state, context);
    if (!due || !due.exact)
      throw new DomainError('DEADLINE_NOT_RECORDED', 'the objection window is not known exactly');
    if (filedOn <= due.dueDate) {
      throw new DomainError(
        'OBJECTION_NOT_LATE',
        `filed ${filedOn}, window ends ${due.dueDate}`,
        { filedOn, dueDate: due.dueDate },
        `diajukan ${formatTanggal(filedOn)}, tenggang waktu berakhir ${formatTanggal(due.dueDate)}`,
      );
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
    const objection = state.objection;
    if (!objection || objection.kind !== 'banding' || objection.appealAnswer || objection.outcome) {
      throw new DomainError('WRONG_STAGE', 'no banding awaits the PPK answer');
    }
    const answeredOn = pastDate(input, 'answeredOn', state, context);
    notBefore(answeredOn, objection.filedOn, 'answeredOn', 'filing');
    return [
      event('AppealAnswered', { answeredOn, letterNumber: input.str('letterNumber'), at: context.now }),
    ];
  },

  RecordObjectionOutcome(input, state, context) {
    const objection = state.objection;
    const decision = state.decision;
    if (!objection || !decision || objection.outcome)
      throw new DomainError('WRONG_STAGE', 'no pending objection');
    const outcome = input.oneOf('outcome', OBJECTION_OUTCOMES);
    const decidedOn = pastDate(input, 'decidedOn', state, context);
    notBefore(decidedOn, objection.filedOn, 'decidedOn', 'filing');
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
      periodMonths = input.optInt('periodMonths', SANCTION_PERIOD_MONTHS.min, SANCTION_PERIOD_MONTHS.max);
      const before = getSanction(context.catalogues, decision.sanctionCode);
      const after = getSanction(context.catalogues, sanctionCode);
      if (after.kind !== before.kind) {
        throw new DomainError('SANCTION_TRACK_MISMATCH', `${after.code} is not a ${before.kind} sanction`);
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
};

// System commands, issued by the case workflow (actor role "system"): deadlines, reminders, escalations, the
// sanction taking effect and its period ending.
import { type OpenDeadline, needsReplanning } from '../deadlines/open';
import { RECIPIENT_ROLES } from '../deadlines/policy';
import { DomainError } from '../errors';
import { UNTRACKED_REASONS } from '../case/state';
import { type CivilDate, type Instant, compareInstants, endOfLocalDay, formatTanggal } from '../time';
import { type CaseEventOf, event } from '../case/events';
import {
  type Handlers,
  takeEffect,
  close,
  objectionWindowDue,
  findOpenDeadline,
  findRecordedOpenDeadline,
  inForceDate,
} from './shared';

/**
 * The DeadlineRecorded event of an open deadline and its computed due date: what RecordDeadline decides once
 * it has checked the deadline is open and not yet recorded. The case worker builds the same event when it
 * records the deadlines an officer's command opens in that command's own append (the workflow checks them
 * with decide() when they come back).
 */
export function deadlineRecorded(
  deadline: OpenDeadline,
  record: { dueDate: CivilDate; dueAt: Instant; calendarVersion: string; policyVersion: string },
  at: Instant,
): CaseEventOf<'DeadlineRecorded'> {
  return event('DeadlineRecorded', {
    deadlineId: deadline.deadlineId,
    ruleId: deadline.ruleId,
    stage: deadline.stage,
    anchor: deadline.anchor,
    length: deadline.length,
    unit: deadline.unit,
    dueDate: record.dueDate,
    dueAt: record.dueAt,
    calendarVersion: record.calendarVersion,
    policyVersion: record.policyVersion,
    at,
  });
}

export const systemHandlers: Handlers<
  | 'RecordDeadline'
  | 'RecordDeadlineNotTracked'
  | 'RecordReminder'
  | 'RecordEscalation'
  | 'MarkSanctionInForce'
  | 'MarkSanctionPeriodServed'
  | 'MigrateDeadlinePolicy'
> = {
  RecordDeadline(input, state, context) {
    const deadlineId = input.str('deadlineId');
    const deadline = findOpenDeadline(state, context, deadlineId);
    // Computed once, when the stage starts, and stored with the calendar version used; again only when what
    // it counts from changed (a late-recorded fact, a policy migration), under the same id.
    if (deadline.recorded && !needsReplanning(deadline, state.timeZone))
      throw new DomainError('DEADLINE_ALREADY_RECORDED', deadlineId, { deadlineId });
    const record = {
      dueDate: input.date('dueDate'),
      dueAt: input.instant('dueAt'),
      calendarVersion: input.str('calendarVersion'),
      policyVersion: input.str('policyVersion'),
    };
    return [deadlineRecorded(deadline, record, context.now)];
  },

  /**
   * The workflow could not plan or record an open deadline (or fire one of its timers): recorded so that the
   * case shows a deadline nobody counts. Once per reason, so a retry that fails again adds nothing.
   */
  RecordDeadlineNotTracked(input, state, context) {
    const deadline = findOpenDeadline(state, context, input.str('deadlineId'));
    const reason = input.oneOf('reason', UNTRACKED_REASONS);
    const timer = input.optStr('timer');
    const known = state.untrackedDeadlines?.[deadline.deadlineId];
    if (known && known.reason === reason && known.timer === timer) {
      throw new DomainError('DEADLINE_ALREADY_UNTRACKED', deadline.deadlineId, {
        deadlineId: deadline.deadlineId,
        reason,
      });
    }
    return [
      event('DeadlineNotTracked', {
        deadlineId: deadline.deadlineId,
        ruleId: deadline.ruleId,
        stage: deadline.stage,
        reason,
        timer,
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
    const decision = state.decision;
    const due = objectionWindowDue(state, context);
    if (!decision || !due || !due.exact) {
      throw new DomainError('DEADLINE_NOT_RECORDED', 'the objection window is not known exactly');
    }
    if (compareInstants(context.now, endOfLocalDay(due.dueDate, state.timeZone)) < 0) {
      throw new DomainError(
        'OBJECTION_WINDOW_OPEN',
        `until ${due.dueDate}`,
        { dueDate: due.dueDate },
        `sampai ${formatTanggal(due.dueDate)}`,
      );
    }
    const effectiveOn = inForceDate(state, due.dueDate, context);
    return takeEffect(decision.sanctionCode, decision.periodMonths, effectiveOn, context);
  },

  /**
   * An administrator applies another published policy version to an open case (a correction of a window's
   * length, say). The workflow loads that version with an activity and passes it as `migrationPolicy`; the
   * update validator, which cannot run activities, decides without it (undefined) and the handler decides
   * again with it. The open deadlines are then re-planned under their ids.
   */
  MigrateDeadlinePolicy(input, _state, context) {
    const toVersion = input.str('toVersion');
    const reason = input.str('reason');
    const fromVersion = context.policy.version;
    if (toVersion === fromVersion) {
      throw new DomainError(
        'DEADLINE_POLICY_UNCHANGED',
        `the case already runs deadline policy ${toVersion}`,
        { toVersion },
        `kasus sudah memakai kebijakan tenggat ${toVersion}`,
      );
    }
    const target = context.migrationPolicy;
    if (target === null || (target !== undefined && target.version !== toVersion)) {
      throw new DomainError(
        'UNKNOWN_POLICY_VERSION',
        `no published deadline policy ${toVersion}`,
        { field: 'toVersion', toVersion },
        `tidak ada kebijakan tenggat ${toVersion} yang diterbitkan`,
      );
    }
    return [event('DeadlinePolicyMigrated', { fromVersion, toVersion, reason, at: context.now })];
  },

  MarkSanctionPeriodServed(_input, state, context) {
    const inForce = state.sanctionInForce;
    if (!inForce || !inForce.endsOn) throw new DomainError('WRONG_STAGE', 'the sanction is not time-bound');
    if (compareInstants(context.now, endOfLocalDay(inForce.endsOn, state.timeZone)) < 0) {
      throw new DomainError(
        'SANCTION_PERIOD_NOT_ENDED',
        `until ${inForce.endsOn}`,
        { endsOn: inForce.endsOn },
        `sampai ${formatTanggal(inForce.endsOn)}`,
      );
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

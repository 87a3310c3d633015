// Events of the deadlines the case workflow keeps: recorded, not tracked, moved to another policy version,
// reminded, escalated.
import {
  type EscalationRecord,
  type RecordedDeadline,
  type ReminderRecord,
  type UntrackedDeadline,
} from '../case/state';
import { type At, type Evolvers } from './evolving';

export interface DeadlineEventMap {
  DeadlineRecorded: Omit<RecordedDeadline, 'recordedAt'> & At;
  /**
   * The workflow could not plan or record a deadline (or fire one of its timers): nobody counts it until a
   * DeadlineRecorded of the same id. Only ids and codes, nothing an officer typed, so the store takes it.
   */
  DeadlineNotTracked: UntrackedDeadline;
  /** An administrator applied another published deadline policy version to the case (audited, with why). */
  DeadlinePolicyMigrated: { fromVersion: string; toVersion: string; reason: string } & At;
  DeadlineReminderSent: ReminderRecord & { recipientRole: string };
  DeadlineEscalated: EscalationRecord;
}

export const deadlineEvolvers: Evolvers<DeadlineEventMap> = {
  DeadlineRecorded: ({ at, ...deadline }, next, state) => ({
    ...next,
    deadlines: { ...state.deadlines, [deadline.deadlineId]: { ...deadline, recordedAt: at } },
    ...(state.untrackedDeadlines?.[deadline.deadlineId]
      ? { untrackedDeadlines: without(state.untrackedDeadlines, deadline.deadlineId) }
      : {}),
  }),
  DeadlineNotTracked: (d, next, state) => ({
    ...next,
    untrackedDeadlines: { ...state.untrackedDeadlines, [d.deadlineId]: d },
  }),
  DeadlinePolicyMigrated: (d, next) => ({ ...next, policyVersion: d.toVersion }),
  DeadlineReminderSent: ({ recipientRole: _recipient, ...reminder }, next, state) => ({
    ...next,
    reminders: [...state.reminders, reminder],
  }),
  DeadlineEscalated: (d, next, state) => ({ ...next, escalations: [...state.escalations, d] }),
};

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

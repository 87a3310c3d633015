// Events of the deadlines the case workflow keeps: recorded, moved to another policy version, reminded,
// escalated.
import { type EscalationRecord, type RecordedDeadline, type ReminderRecord } from '../case/state';
import { type At, type Evolvers } from './evolving';

export interface DeadlineEventMap {
  DeadlineRecorded: Omit<RecordedDeadline, 'recordedAt'> & At;
  /** An administrator applied another published deadline policy version to the case (audited, with why). */
  DeadlinePolicyMigrated: { fromVersion: string; toVersion: string; reason: string } & At;
  DeadlineReminderSent: ReminderRecord & { recipientRole: string };
  DeadlineEscalated: EscalationRecord;
}

export const deadlineEvolvers: Evolvers<DeadlineEventMap> = {
  DeadlineRecorded: ({ at, ...deadline }, next, state) => ({
    ...next,
    deadlines: { ...state.deadlines, [deadline.deadlineId]: { ...deadline, recordedAt: at } },
  }),
  DeadlinePolicyMigrated: (d, next) => ({ ...next, policyVersion: d.toVersion }),
  DeadlineReminderSent: ({ recipientRole: _recipient, ...reminder }, next, state) => ({
    ...next,
    reminders: [...state.reminders, reminder],
  }),
  DeadlineEscalated: (d, next, state) => ({ ...next, escalations: [...state.escalations, d] }),
};

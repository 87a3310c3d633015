// Adoption (APPEND_EVENTS_LOCALLY): a workflow task lost after its local append (its worker was killed, or it
// outlived its timeout) runs again from the last completed task. Its commands decide again and their appends
// find the events the lost task stored; the store answers them (appendCaseEvents with `adopt`) when this run
// stored all of them. The workflow folds them with their stored data (the lost task's times), in stream order,
// up to and including its own command's group, instead of deciding anew.
import { type CaseEvent, type CaseState, evolve } from '@netral/domain';
import type { StoredCaseEvent } from '../activities';

/** The command key of an officer's command: its update id, unique in the run. */
export function updateKey(updateId: string | undefined): string {
  return `update:${updateId ?? ''}`;
}

/** What folding a lost task's stored events gave. */
export interface Adoption {
  state: CaseState;
  officerVersion: number;
  /** The events of the command whose key was asked for, if the lost task stored them. */
  own?: CaseEvent[];
  /** Other commands' events, folded already: their command takes them when it comes (by key). */
  others: [string, CaseEvent[]][];
  /** Reminders and escalations of other commands' groups: their timer finds nothing pending, so deliver here. */
  deliveries: string[];
  /** Deadlines whose DeadlineRecorded was adopted: the plan of their timers was in the lost task. */
  unplanned: string[];
}

/**
 * Folds `stored` (the events after the state's version) in stream order up to and including the group of
 * `key`. A group is a run of consecutive events with the same command key; an officer's events move the
 * version If-Match is read against, the workflow's own (recorded deadlines, reminders) do not.
 */
export function foldStored(
  stored: StoredCaseEvent[],
  key: string,
  from: { state: CaseState; officerVersion: number },
  caseId: string,
): Adoption {
  const result: Adoption = { ...from, others: [], deliveries: [], unplanned: [] };
  for (let i = 0; i < stored.length;) {
    const groupKey = stored[i].commandKey;
    const events: CaseEvent[] = [];
    for (; i < stored.length && stored[i].commandKey === groupKey; i++) {
      const e = stored[i];
      const event = { type: e.type, data: e.data } as CaseEvent;
      events.push(event);
      result.state = evolve(result.state, event);
      if (e.role !== 'system') result.officerVersion = result.state.version;
      if (event.type === 'DeadlineRecorded') result.unplanned.push(event.data.deadlineId);
      if (groupKey !== key && (e.type === 'DeadlineReminderSent' || e.type === 'DeadlineEscalated')) {
        result.deliveries.push(`${caseId}:${e.version}`);
      }
    }
    if (groupKey === key) return { ...result, own: events };
    if (groupKey !== undefined) result.others.push([groupKey, events]);
  }
  return result;
}

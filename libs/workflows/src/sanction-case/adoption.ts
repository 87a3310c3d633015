// Adoption (APPEND_EVENTS_LOCALLY): a workflow task lost after its local append (its worker was killed, or it
// outlived its timeout) runs again from the last completed task. Its commands decide again and their appends
// find the events the lost task stored; the store answers them (appendCaseEvents with `adopt`) when this run
// stored all of them. The workflow folds them with their stored data (the lost task's times), in stream order,
// up to and including its own command's group, instead of deciding anew.
import { log } from '@temporalio/workflow';
import { type CaseEvent, type CaseState, evolve, openDeadlines } from '@netral/domain';
import type { StoredCaseEvent } from '../activities';
import {
  type CaseRun,
  SYSTEM_ACTOR,
  appendCaseEventsLocally,
  eventMetadata,
  loadDeadlinePolicy,
  planCaseDeadlineLocally,
  planningPolicy,
} from './run';

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

/** Folds what a lost workflow task stored (see foldStored); the events of `key`'s command, if among them. */
export function adopt(run: CaseRun, stored: StoredCaseEvent[], key: string): CaseEvent[] | undefined {
  const folded = foldStored(stored, key, run, run.caseId);
  log.info('adopted the events of a lost workflow task', {
    key,
    from: run.state.version,
    to: folded.state.version,
  });
  run.state = folded.state;
  run.officerVersion = folded.officerVersion;
  for (const [k, events] of folded.others) run.adopted.set(k, events);
  for (const id of folded.unplanned) run.unplanned.add(id);
  folded.deliveries.forEach((id) => run.deliver(id));
  return folded.own;
}

/**
 * Before a refusal: the events a lost task stored after this state, adopted (a look-up, nothing appended).
 * Its command's events, if among them: the command was decided on the state that task left, and is stored.
 */
export async function adoptLost(run: CaseRun, key: string): Promise<CaseEvent[] | undefined> {
  const result = await appendCaseEventsLocally({
    caseId: run.caseId,
    expectedVersion: run.state.version,
    events: [],
    metadata: eventMetadata(SYSTEM_ACTOR, SYSTEM_ACTOR, {}, key),
    adopt: true,
  });
  return result.stored ? adopt(run, result.stored, key) : undefined;
}

/** Plans the timers of a deadline whose DeadlineRecorded was adopted: recorded, not planned. */
export async function planAdopted(run: CaseRun, deadlineId: string): Promise<void> {
  const deadline = openDeadlines(run.state, run.config.policy).find((d) => d.deadlineId === deadlineId);
  // Planned again even when a plan is held: it may be the plan of the record before a re-planning.
  if (!deadline?.recorded) return;
  try {
    run.plans[deadlineId] = await planCaseDeadlineLocally({
      caseId: run.caseId,
      deadline,
      timeZone: run.state.timeZone,
      policy: planningPolicy(run.config.policy, deadline),
    });
  } catch (error) {
    log.error('adopted deadline not planned', { deadlineId, error: String(error) });
  }
}

/**
 * The version of a DeadlinePolicyMigrated folded without its command's handler applying the policy (adopted
 * through another command, or by its own refusal): the case runs it, but the workflow would still plan with
 * the old policy. Undefined when the workflow runs the case's policy (or has tried to load it).
 */
export function policyBehind(run: CaseRun): string | undefined {
  const version = run.state.policyVersion;
  if (!version || version === run.config.policy.version || run.policiesLoaded.has(version)) return undefined;
  return version;
}

/** Loads the migrated policy (an activity, as MigrateDeadlinePolicy does) and runs the case with it. */
export async function catchUpPolicy(run: CaseRun, version: string): Promise<void> {
  run.policiesLoaded.add(version);
  const policy = await loadDeadlinePolicy({ version });
  if (policy && run.state.policyVersion === version) run.config = { ...run.config, policy };
  else if (!policy) log.error('migrated policy not found', { version });
}

// What a sanctionCase run starts from and carries on, and the activities it calls (with their retries).
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import {
  type Actor,
  type CaseEvent,
  type CaseState,
  type DeadlinePlan,
  type DeadlinePolicy,
  type OpenDeadline,
} from '@netral/domain';
import {
  type CaseActivities,
  type CaseConfig,
  type CaseEventMetadata,
  CONCURRENCY_CONFLICT,
  DELIVERY_MAX_ATTEMPTS,
  DOCUMENT_NOT_STORED,
  EVENT_STORE_REFUSED,
  IDEMPOTENCY_VIOLATION,
} from '../activities';
import { type PlanningRetry } from './untracked';

/**
 * A run's state as the modules of sanction-case/ read and move it: the workflow function's variables, through
 * getters and setters (so its own closures and these modules see the same values).
 */
export interface CaseRun {
  readonly caseId: string;
  state: CaseState;
  officerVersion: number;
  config: CaseConfig;
  readonly plans: Record<string, DeadlinePlan>;
  /** Timers whose system command was refused and deadlines that could not be planned: not retried. */
  readonly skipped: Set<string>;
  /** Events of a lost task folded already, by the key of the command that decided them. */
  readonly adopted: Map<string, CaseEvent[]>;
  /** Deadlines whose DeadlineRecorded was adopted without the plan of their timers. */
  readonly unplanned: Set<string>;
  /** Deadlines skipped because the calendar did not cover them: their next planning (untracked.ts). */
  readonly retries: Record<string, PlanningRetry>;
  /** Migrated policy versions loaded by catchUpPolicy (each once). */
  readonly policiesLoaded: Set<string>;
  deliver(notificationId: string): void;
}

/** What a run hands to the next one on continue-as-new. */
export interface CarriedCaseState {
  state: CaseState;
  config: CaseConfig;
  plans: Record<string, DeadlinePlan>;
  /** Timers whose system command the domain refused, and deadlines that could not be planned: not retried. */
  skipped: string[];
  /** Deadlines to plan again (untracked.ts); absent in older runs. */
  retries?: Record<string, PlanningRetry>;
  /** Outbox notifications still being delivered when the run ended: the next run resumes them. */
  undelivered?: string[];
  /** Version after the last officer (non-system) event; absent in older runs (then the case version). */
  officerVersion?: number;
}

export interface SanctionCaseInput {
  /**
   * The configuration in force, fixed by whoever starts the case (registerCase). With it the update
   * validator decides the very first command, even one that arrives with the start (update-with-start).
   * Without it (cases started before this input existed) the first run loads it with an activity.
   */
  config?: CaseConfig;
  carried?: CarriedCaseState;
}

/**
 * The policy a deadline is planned with: its parameters and the deadline's own rule. A plan reads nothing
 * else (the open deadline carries its length, unit, reminders and escalation), and the other rules were
 * ~7 KB in every planCaseDeadline input: stored in the history, sent to the worker and decoded, per
 * deadline. Replay compares an activity's type, not its input, so histories with the whole policy replay.
 */
export function planningPolicy(policy: DeadlinePolicy, ...deadlines: OpenDeadline[]): DeadlinePolicy {
  return { ...policy, rules: policy.rules.filter((r) => deadlines.some((d) => d.ruleId === r.id)) };
}

export const SYSTEM_ACTOR: Actor = { id: 'workflow', role: 'system', agency: 'system' };

/**
 * The audit metadata of events `who` appends for a command of `actor` (the officer's reason only on the
 * officer's own events), with the command's key once appends are local (see adoption.ts).
 */
export function eventMetadata(
  who: Actor,
  actor: Actor,
  meta: { requestId?: string; reason?: string },
  commandKey?: string,
): CaseEventMetadata {
  const info = workflowInfo();
  return {
    actorId: who.id,
    role: who.role,
    agency: who.agency,
    ...(meta.reason && who === actor ? { reason: meta.reason } : {}),
    ...(meta.requestId ? { correlationId: meta.requestId } : {}),
    causationId: meta.requestId ?? `${info.workflowId}/${info.runId}`,
    workflowId: info.workflowId,
    runId: info.runId,
    ...(commandKey ? { commandKey } : {}),
  };
}

export const { loadCaseConfig, planCaseDeadline, loadDeadlinePolicy } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

// The same retries as the normal activity; a local activity retried for longer than a minute waits on a
// timer between attempts instead of holding the workflow task.
export const { planCaseDeadline: planCaseDeadlineLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * Append failures no retry cures. The activity marks them non-retryable itself; the list says so again for
 * a worker whose activity throws them without the mark. Replay compares an activity's type, not its retry
 * options, so the list can grow without breaking replay (replay-fixtures).
 */
const APPEND_NOT_RETRIED = [
  CONCURRENCY_CONFLICT,
  IDEMPOTENCY_VIOLATION,
  DOCUMENT_NOT_STORED,
  EVENT_STORE_REFUSED,
];

export const { appendCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: APPEND_NOT_RETRIED,
  },
});

// The same retries, run by the worker inside the workflow task that decided the events (APPEND_EVENTS_LOCALLY).
export const { appendCaseEvents: appendCaseEventsLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: APPEND_NOT_RETRIED,
  },
});

export const { deliverNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '10 minutes',
    maximumAttempts: DELIVERY_MAX_ATTEMPTS,
  },
});

// What one run of a sanctionCase workflow holds while it runs, shared by its command handling
// (commands.ts) and its deadlines (deadlines.ts): the case state folded from its events, the configuration in
// force, the deadline plans, and the lock that makes commands run one at a time.
import { ApplicationFailure } from '@temporalio/workflow';
import {
  type Actor,
  type CaseEvent,
  type CaseState,
  type DeadlinePlan,
  type DecisionContext,
  isDomainError,
} from '@netral/domain';
import type { CaseConfig } from '../activities';

export const SYSTEM_ACTOR: Actor = { id: 'workflow', role: 'system', agency: 'system' };

export interface CaseRun {
  readonly caseId: string;
  state: CaseState;
  config: CaseConfig | null;
  plans: Record<string, DeadlinePlan>;
  /** Timers whose system command the domain refused, and deadlines that could not be planned: not retried. */
  skipped: Set<string>;
  /** Outbox notifications being delivered; carried to the next run on continue-as-new. */
  undelivered: Set<string>;
  /** Version after the last officer (non-system) event: what If-Match is read against (see versionRefusal). */
  officerVersion: number;
  /**
   * Events a lost workflow task stored (see commands.ts, adoption) and that this run has folded already, by
   * the key of the command that decided them: when that command comes again it returns these.
   */
  adopted: Map<string, CaseEvent[]>;
  /** Deadlines whose DeadlineRecorded was adopted without the plan of its reminders: planned again. */
  unplanned: Set<string>;
  /** The tail of the command chain (see exclusive). */
  tail: Promise<unknown>;
}

/**
 * Runs `fn` after every command before it: decide() always sees the state that the previous command left,
 * and appends never race on the expected version.
 */
export function exclusive<T>(run: CaseRun, fn: () => Promise<T>): Promise<T> {
  const result = run.tail.then(fn, fn);
  run.tail = result.catch(() => undefined);
  return result;
}

export function contextFor(
  run: CaseRun,
  actor: Actor,
  extra: Partial<DecisionContext> = {},
): DecisionContext {
  const config = run.config;
  if (!config) throw new Error('case configuration not loaded');
  return {
    ...extra,
    now: new Date(Date.now()).toISOString(),
    actor,
    catalogues: config.catalogues,
    policy: config.policy,
    calendar: config.calendar,
    agencies: config.agencies ?? null,
    violationReading: config.violationReading ?? null,
  };
}

/** A domain refusal as a Temporal failure the API can read: type = the DomainError code. */
export function refusal(error: unknown): Error {
  if (isDomainError(error)) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [error.toJSON()],
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

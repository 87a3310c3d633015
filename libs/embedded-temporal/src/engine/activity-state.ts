/**
 * An activity's own state transitions, shared by the command, dispatch, outcome and timeout paths: the
 * retry policy (defaults, verdict, backoff), putting an attempt back on its queue, and finishing.
 */
import { randomUUID } from 'node:crypto';
import { durFromMs, enums, type Failure, fromB64, msFromDur, T, type temporal, toB64 } from '../proto';
import type { ExecutionTx } from './execution-tx';
import type { ActivityInfo, RetryRule } from './state';

export function defaultRetryRule(policy: temporal.api.common.v1.IRetryPolicy | null | undefined): RetryRule {
  const initialIntervalMs = msFromDur(policy?.initialInterval) || 1000;
  return {
    initialIntervalMs,
    backoffCoefficient: policy?.backoffCoefficient || 2,
    maximumIntervalMs: msFromDur(policy?.maximumInterval) || initialIntervalMs * 100,
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
  };
}

/** The activity's retry rule as the API's RetryPolicy (poll responses, UpdateActivityOptions). */
export function retryPolicyOf(a: ActivityInfo): temporal.api.common.v1.IRetryPolicy {
  return {
    initialInterval: durFromMs(a.retry.initialIntervalMs),
    backoffCoefficient: a.retry.backoffCoefficient,
    maximumInterval: durFromMs(a.retry.maximumIntervalMs),
    maximumAttempts: a.retry.maximumAttempts,
    nonRetryableErrorTypes: a.retry.nonRetryableErrorTypes,
  };
}

/** ActivityTaskStarted, written with the final outcome (no event when a worker takes the task). */
export function startedAttributes(a: ActivityInfo): Record<string, unknown> {
  return {
    scheduledEventId: a.scheduledEventId,
    identity: a.startedIdentity ?? '',
    requestId: randomUUID(),
    attempt: a.attempt,
    lastFailure: a.lastFailure ? fromB64<Failure>(T.Failure, a.lastFailure) : undefined,
  };
}

/** The activity is over: forget it and disarm its timeouts. */
export function finishActivity(tx: ExecutionTx, a: ActivityInfo): void {
  delete tx.state.activities[a.scheduledEventId];
  tx.cancelDeadlines(['activity-timeout', 'activity-retry'], String(a.scheduledEventId));
}

/**
 * Retry verdict (JT TestServiceRetryState): non-retryable failures and exhausted attempts are final; the
 * backoff is next_retry_delay or initial × coefficient^(attempt−1) capped; past schedule-to-close it is final.
 */
export function retryDecision(
  now: number,
  a: ActivityInfo,
  failure: Failure,
): { backoffMs: number } | { retryState: number } {
  const info = failure.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && a.retry.nonRetryableErrorTypes.includes(info.type))) {
    return { retryState: enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  if (a.retry.maximumAttempts > 0 && a.attempt >= a.retry.maximumAttempts) {
    return { retryState: enums.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const explicit = msFromDur(info?.nextRetryDelay);
  const backoffMs =
    explicit ||
    Math.min(
      a.retry.initialIntervalMs * Math.pow(a.retry.backoffCoefficient, a.attempt - 1),
      a.retry.maximumIntervalMs,
    );
  if (a.scheduleToCloseMs && now + backoffMs >= a.scheduledTime + a.scheduleToCloseMs) {
    return { retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
  }
  return { backoffMs };
}

/** scheduleRetry's backoff for a paused activity: the attempt waits in backoff with no deadline. */
export const PAUSED_BACKOFF = Infinity;

export function scheduleRetry(tx: ExecutionTx, a: ActivityInfo, failure: Failure, backoffMs: number): void {
  a.lastFailure = toB64(T.Failure, failure);
  a.attempt += 1;
  a.startedTime = undefined;
  a.startedIdentity = undefined;
  tx.touched = true;
  if (backoffMs <= 0) {
    queueAttempt(tx, a);
  } else if (backoffMs === PAUSED_BACKOFF) {
    a.state = 'backoff';
  } else {
    a.state = 'backoff';
    tx.addDeadline(tx.now + backoffMs, 'activity-retry', String(a.scheduledEventId), { attempt: a.attempt });
  }
}

export function queueAttempt(tx: ExecutionTx, a: ActivityInfo): void {
  a.state = 'scheduled';
  a.attemptScheduledTime = tx.now;
  tx.touched = true;
  tx.addTask('activity', a.taskQueue, a.scheduledEventId, a.attempt);
  if (a.scheduleToStartExplicit && a.scheduleToStartMs) {
    tx.addDeadline(tx.now + a.scheduleToStartMs, 'activity-timeout', String(a.scheduledEventId), {
      attempt: a.attempt,
      type: 'SCHEDULE_TO_START',
    });
  }
}

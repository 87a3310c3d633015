/**
 * Activity tasks: dispatch (no event on start: the ActivityTaskStarted event is written with the final
 * outcome), completion / failure / cancellation by token or by id, heartbeats, timeouts
 * (schedule-to-start, start-to-close, heartbeat, schedule-to-close), and server-side retries.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '../grpc/errors';
import {
  durFromMs,
  enums,
  type Failure,
  fromB64,
  msFromDur,
  num,
  type Payloads,
  T,
  type temporal,
  toB64,
  tsFromMs,
} from '../proto';
import { deleteTask, type TaskRow } from '../store/execution-store';
import type { Engine } from './engine';
import { type ExecutionTx, PREVIOUS_EVENT } from './execution-tx';
import type { ActivityInfo, RetryRule } from './state';
import { decodeToken, encodeToken } from './task-token';

type PollResponse = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;

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

export async function pollActivityTask(
  engine: Engine,
  namespace: string,
  taskQueue: string,
  identity: string,
  waitMs: number,
  signal: AbortSignal,
): Promise<PollResponse> {
  const until = Date.now() + waitMs;
  for (;;) {
    const remaining = until - Date.now();
    if (remaining <= 0 || signal.aborted) return {};
    const item = await engine.matching.take(namespace, taskQueue, 'activity', remaining, signal);
    if (!item || !('task' in item)) return {};
    if (signal.aborted) {
      engine.matching.requeue(item.task);
      return {};
    }
    const response = await engine.matching.startOrRequeue(item.task, () =>
      startActivityTask(engine, item.task, identity),
    );
    if (response) return response;
  }
}

async function startActivityTask(
  engine: Engine,
  task: TaskRow,
  identity: string,
): Promise<PollResponse | undefined> {
  return engine.transact(task.namespace, task.workflowId, async (wtx) => {
    if (!(await deleteTask(wtx.db, task.id!))) return undefined;
    const tx = await wtx.load(task.runId);
    if (!tx || tx.state.status !== 'Running') return undefined;
    const a = tx.state.activities[task.scheduledEventId];
    if (!a || a.state !== 'scheduled' || a.attempt !== task.attempt) return undefined;
    a.state = 'started';
    a.startedTime = tx.now;
    a.startedIdentity = identity;
    tx.touched = true;
    const sid = String(a.scheduledEventId);
    if (a.startToCloseMs) {
      tx.addDeadline(tx.now + a.startToCloseMs, 'activity-timeout', sid, {
        attempt: a.attempt,
        type: 'START_TO_CLOSE',
      });
    }
    if (a.heartbeatMs) {
      tx.addDeadline(tx.now + a.heartbeatMs, 'activity-timeout', sid, {
        attempt: a.attempt,
        type: 'HEARTBEAT',
      });
    }
    const scheduled = (await engine.readEvent(tx.runId, a.scheduledEventId, wtx.db))
      .activityTaskScheduledEventAttributes!;
    const s = tx.state;
    return {
      taskToken: encodeToken({
        k: 'a',
        n: s.namespace,
        w: s.workflowId,
        r: s.runId,
        s: a.scheduledEventId,
        a: a.attempt,
      }),
      workflowNamespace: s.namespace,
      workflowType: { name: s.workflowType },
      workflowExecution: { workflowId: s.workflowId, runId: s.runId },
      activityType: { name: a.activityType },
      activityId: a.activityId,
      header: scheduled.header,
      input: scheduled.input,
      heartbeatDetails: a.heartbeatDetails ? fromB64<Payloads>(T.Payloads, a.heartbeatDetails) : undefined,
      scheduledTime: tsFromMs(a.scheduledTime),
      currentAttemptScheduledTime: tsFromMs(a.attemptScheduledTime),
      startedTime: tsFromMs(tx.now),
      attempt: a.attempt,
      scheduleToCloseTimeout: durFromMs(a.scheduleToCloseMs),
      startToCloseTimeout: durFromMs(a.startToCloseMs),
      heartbeatTimeout: durFromMs(a.heartbeatMs),
      retryPolicy: scheduled.retryPolicy,
    };
  });
}

/** Identifies the activity a response is about: by task token or by workflow and activity id. */
export type ActivityRef =
  | { token: Uint8Array | null | undefined }
  | { namespace: string; workflowId: string; runId: string; activityId: string };

function refKey(ref: ActivityRef): { namespace: string; workflowId: string; runId: string } {
  if ('token' in ref) {
    const t = decodeToken(ref.token, 'a');
    return { namespace: t.n, workflowId: t.w, runId: t.r };
  }
  return ref;
}

/** The started activity a reference names, or NOT_FOUND (unknown, closed, stale attempt). */
function findStarted(tx: ExecutionTx | undefined, ref: ActivityRef): ActivityInfo {
  if (!tx || tx.state.status !== 'Running') throw notFound('workflow execution already completed');
  let a: ActivityInfo | undefined;
  if ('token' in ref) {
    const t = decodeToken(ref.token, 'a');
    a = tx.state.activities[t.s];
    if (a && a.attempt !== t.a) a = undefined;
  } else {
    a = Object.values(tx.state.activities).find((x) => x.activityId === ref.activityId);
  }
  if (!a || a.state !== 'started') throw notFound('activity task not found.');
  return a;
}

async function withStartedActivity<R>(
  engine: Engine,
  ref: ActivityRef,
  fn: (tx: ExecutionTx, a: ActivityInfo) => R,
): Promise<R> {
  const key = refKey(ref);
  return engine.transact(key.namespace, key.workflowId, async (wtx) => {
    const tx = await wtx.load(key.runId);
    return fn(tx!, findStarted(tx, ref));
  });
}

function startedAttributes(a: ActivityInfo): Record<string, unknown> {
  return {
    scheduledEventId: a.scheduledEventId,
    identity: a.startedIdentity ?? '',
    requestId: randomUUID(),
    attempt: a.attempt,
    lastFailure: a.lastFailure ? fromB64<Failure>(T.Failure, a.lastFailure) : undefined,
  };
}

function finish(tx: ExecutionTx, a: ActivityInfo): void {
  delete tx.state.activities[a.scheduledEventId];
  tx.cancelDeadlines(['activity-timeout', 'activity-retry'], String(a.scheduledEventId));
}

export async function completeActivity(
  engine: Engine,
  ref: ActivityRef,
  result: Payloads | null | undefined,
  identity: string,
): Promise<void> {
  await withStartedActivity(engine, ref, (tx, a) => {
    tx.addExternalEvents([
      ['ActivityTaskStarted', startedAttributes(a)],
      [
        'ActivityTaskCompleted',
        {
          result: result ?? undefined,
          scheduledEventId: a.scheduledEventId,
          startedEventId: PREVIOUS_EVENT,
          identity,
        },
      ],
    ]);
    finish(tx, a);
  });
}

export async function cancelActivity(
  engine: Engine,
  ref: ActivityRef,
  details: Payloads | null | undefined,
  identity: string,
): Promise<void> {
  await withStartedActivity(engine, ref, (tx, a) => {
    tx.addExternalEvents([
      ['ActivityTaskStarted', startedAttributes(a)],
      [
        'ActivityTaskCanceled',
        {
          details: details ?? undefined,
          latestCancelRequestedEventId: a.cancelRequestedEventId ?? 0,
          scheduledEventId: a.scheduledEventId,
          startedEventId: PREVIOUS_EVENT,
          identity,
        },
      ],
    ]);
    finish(tx, a);
  });
}

export async function failActivity(
  engine: Engine,
  ref: ActivityRef,
  failure: Failure | null | undefined,
  lastHeartbeatDetails: Payloads | null | undefined,
  identity: string,
): Promise<void> {
  await withStartedActivity(engine, ref, (tx, a) => {
    if (lastHeartbeatDetails?.payloads?.length) a.heartbeatDetails = toB64(T.Payloads, lastHeartbeatDetails);
    const f = failure ?? { message: 'activity failed' };
    const decision = retryDecision(tx.now, a, f);
    if ('backoffMs' in decision) return scheduleRetry(tx, a, f, decision.backoffMs);
    tx.addExternalEvents([
      ['ActivityTaskStarted', startedAttributes(a)],
      [
        'ActivityTaskFailed',
        {
          failure: f,
          scheduledEventId: a.scheduledEventId,
          startedEventId: PREVIOUS_EVENT,
          identity,
          retryState: decision.retryState,
        },
      ],
    ]);
    finish(tx, a);
  });
}

export async function heartbeatActivity(
  engine: Engine,
  ref: ActivityRef,
  details: Payloads | null | undefined,
): Promise<{ cancelRequested: boolean }> {
  return withStartedActivity(engine, ref, (tx, a) => {
    if (details) a.heartbeatDetails = toB64(T.Payloads, details);
    a.lastHeartbeatTime = tx.now;
    tx.touched = true;
    return { cancelRequested: a.cancelRequested };
  });
}

/**
 * Retry verdict (JT TestServiceRetryState): non-retryable failures and exhausted attempts are final; the
 * backoff is next_retry_delay or initial × coefficient^(attempt−1) capped; past schedule-to-close it is final.
 */
function retryDecision(
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

function scheduleRetry(tx: ExecutionTx, a: ActivityInfo, failure: Failure, backoffMs: number): void {
  a.lastFailure = toB64(T.Failure, failure);
  a.attempt += 1;
  a.startedTime = undefined;
  a.startedIdentity = undefined;
  tx.touched = true;
  if (backoffMs <= 0) {
    queueAttempt(tx, a);
  } else {
    a.state = 'backoff';
    tx.addDeadline(tx.now + backoffMs, 'activity-retry', String(a.scheduledEventId), { attempt: a.attempt });
  }
}

function queueAttempt(tx: ExecutionTx, a: ActivityInfo): void {
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

/** Deadline: a retry backoff ended. */
export async function activityRetryDue(
  engine: Engine,
  d: { namespace: string; workflowId: string; runId: string; key: string; data: Record<string, unknown> },
): Promise<void> {
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const a = tx?.state.activities[d.key];
    if (!tx || tx.state.status !== 'Running' || !a || a.state !== 'backoff' || a.attempt !== d.data.attempt)
      return;
    queueAttempt(tx, a);
  });
}

type TimeoutKind = 'SCHEDULE_TO_START' | 'START_TO_CLOSE' | 'HEARTBEAT' | 'SCHEDULE_TO_CLOSE';

/** Deadline: one of an activity's timeouts. Stale deadlines (older attempt, finished activity) do nothing. */
export async function activityTimeoutDue(
  engine: Engine,
  d: { namespace: string; workflowId: string; runId: string; key: string; data: Record<string, unknown> },
): Promise<void> {
  const type = d.data.type as TimeoutKind;
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const a = tx?.state.activities[d.key];
    if (!tx || tx.state.status !== 'Running' || !a) return;
    if (type !== 'SCHEDULE_TO_CLOSE' && a.attempt !== d.data.attempt) return;
    if (type === 'SCHEDULE_TO_START' && a.state !== 'scheduled') return;
    if ((type === 'START_TO_CLOSE' || type === 'HEARTBEAT') && a.state !== 'started') return;
    if (type === 'HEARTBEAT') {
      const last =
        a.lastHeartbeatTime && a.lastHeartbeatTime > (a.startedTime ?? 0)
          ? a.lastHeartbeatTime
          : a.startedTime!;
      if (last + a.heartbeatMs > tx.now) {
        tx.addDeadline(last + a.heartbeatMs, 'activity-timeout', d.key, {
          attempt: a.attempt,
          type: 'HEARTBEAT',
        });
        return;
      }
    }
    const timeoutType = enums.TimeoutType[`TIMEOUT_TYPE_${type}`];
    const failure: Failure = {
      message: `activity ${type.replace(/_/g, '').toLowerCase()} timeout`,
      source: 'Server',
      timeoutFailureInfo: {
        timeoutType,
        lastHeartbeatDetails: a.heartbeatDetails
          ? fromB64<Payloads>(T.Payloads, a.heartbeatDetails)
          : undefined,
      },
      cause: a.lastFailure ? fromB64<Failure>(T.Failure, a.lastFailure) : undefined,
    };
    let retryState: number = enums.RetryState.RETRY_STATE_TIMEOUT;
    if (type === 'START_TO_CLOSE' || type === 'HEARTBEAT') {
      const decision = retryDecision(tx.now, a, {
        message: failure.message,
        timeoutFailureInfo: failure.timeoutFailureInfo,
      });
      if ('backoffMs' in decision) {
        scheduleRetry(tx, a, { ...failure, cause: undefined }, decision.backoffMs);
        return;
      }
      retryState = decision.retryState;
    }
    const events: [Parameters<ExecutionTx['addExternalEvent']>[0], Record<string, unknown>][] = [];
    if (a.state === 'started') events.push(['ActivityTaskStarted', startedAttributes(a)]);
    events.push([
      'ActivityTaskTimedOut',
      {
        failure,
        scheduledEventId: a.scheduledEventId,
        startedEventId: a.state === 'started' ? PREVIOUS_EVENT : 0,
        retryState,
      },
    ]);
    tx.addExternalEvents(events);
    finish(tx, a);
  });
}

export { num };

export function activityRefFromId(
  namespace: string,
  r: { workflowId?: string | null; runId?: string | null; activityId?: string | null },
): ActivityRef {
  return { namespace, workflowId: r.workflowId ?? '', runId: r.runId ?? '', activityId: r.activityId ?? '' };
}

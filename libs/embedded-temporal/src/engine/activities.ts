/**
 * Activity tasks (GS activity state machine): the ScheduleActivityTask and RequestCancelActivityTask
 * commands, dispatch (no event on start: ActivityTaskStarted is written with the final outcome, as the real
 * server does), completion / failure / cancellation by token or by id, and heartbeats. Retries and
 * timeouts: activity-state.ts and activity-timeouts.ts.
 */
import { invalidArgument, notFound } from '../grpc/errors';
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
import type { TaskRow } from '../store/execution-store';
import {
  defaultRetryRule,
  finishActivity,
  PAUSED_BACKOFF,
  retryDecision,
  retryPolicyOf,
  scheduleRetry,
  startedAttributes,
} from './activity-state';
import { requestCancelActivity } from './activity-cancel';
import { type CommandContext, type CommandHandlers, CommandType as C } from './command-handler';
import type { Engine } from './engine';
import { type ExecutionTx, PREVIOUS_EVENT } from './execution-tx';
import { throwIfPollGone } from './matching';
import type { ActivityInfo } from './state';
import { mergePriority, priorityInfo, validatePriority } from './priority';
import { decodeToken, encodeToken } from './task-token';

type PollResponse = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;

export const activityCommands: CommandHandlers = {
  [C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK]: (ctx, command) =>
    scheduleActivity(ctx, command.scheduleActivityTaskCommandAttributes!),

  [C.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK]: requestCancelActivity,
};

/** ScheduleActivityTask with timeouts normalised like the real server (JT validateScheduleActivityTask). */
function scheduleActivity(
  { engine, tx, wftc }: CommandContext,
  a: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
): void {
  const s = tx.state;
  const runLimit = s.runTimeoutMs || 0;
  const cap = (ms: number) => (runLimit && (ms === 0 || ms > runLimit) ? runLimit : ms);
  let scheduleToClose = msFromDur(a.scheduleToCloseTimeout);
  let startToClose = msFromDur(a.startToCloseTimeout);
  let scheduleToStart = msFromDur(a.scheduleToStartTimeout);
  let heartbeat = msFromDur(a.heartbeatTimeout);
  if (!scheduleToClose && !startToClose) {
    throw invalidArgument(
      'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.',
    );
  }
  scheduleToClose = cap(scheduleToClose);
  if (!scheduleToStart) scheduleToStart = scheduleToClose;
  else if (scheduleToClose) scheduleToStart = Math.min(scheduleToStart, scheduleToClose);
  if (!startToClose) startToClose = scheduleToClose;
  else if (scheduleToClose) startToClose = Math.min(startToClose, scheduleToClose);
  if (heartbeat) heartbeat = Math.min(heartbeat, startToClose);
  validatePriority(a.priority);
  const retry = defaultRetryRule(a.retryPolicy);
  const taskQueue = a.taskQueue?.name || s.taskQueue;
  const event = tx.addEvent('ActivityTaskScheduled', {
    activityId: a.activityId,
    activityType: a.activityType,
    taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: a.header ?? undefined,
    input: a.input ?? undefined,
    scheduleToCloseTimeout: durFromMs(scheduleToClose),
    scheduleToStartTimeout: durFromMs(scheduleToStart),
    startToCloseTimeout: durFromMs(startToClose),
    heartbeatTimeout: durFromMs(heartbeat),
    workflowTaskCompletedEventId: wftc,
    retryPolicy: {
      initialInterval: durFromMs(retry.initialIntervalMs),
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: durFromMs(retry.maximumIntervalMs),
      maximumAttempts: retry.maximumAttempts,
      nonRetryableErrorTypes: retry.nonRetryableErrorTypes,
    },
    priority: priorityInfo(a.priority),
  });
  const sid = num(event.eventId);
  const info: ActivityInfo = {
    scheduledEventId: sid,
    activityId: a.activityId ?? '',
    activityType: a.activityType?.name ?? '',
    taskQueue,
    attempt: 1,
    state: 'scheduled',
    scheduledTime: tx.now,
    attemptScheduledTime: tx.now,
    scheduleToCloseMs: scheduleToClose,
    scheduleToStartMs: scheduleToStart,
    startToCloseMs: startToClose,
    heartbeatMs: heartbeat,
    retry,
    cancelRequested: false,
    scheduleToStartExplicit: msFromDur(a.scheduleToStartTimeout) > 0,
    priority: priorityInfo(a.priority),
  };
  s.activities[sid] = info;
  // Eager dispatch (GS handleCommandScheduleActivity): when enabled, an activity on the workflow's own queue
  // that the worker asked for comes back in the completion's response instead of through the queue.
  const eager = engine.options.activityEagerExecution && a.requestEagerExecution && taskQueue === s.taskQueue;
  if (eager) tx.eagerActivities.push(sid);
  else tx.addTask('activity', taskQueue, sid, 1);
  if (msFromDur(a.scheduleToStartTimeout) && scheduleToStart) {
    tx.addDeadline(tx.now + scheduleToStart, 'activity-timeout', String(sid), {
      attempt: 1,
      type: 'SCHEDULE_TO_START',
    });
  }
  if (scheduleToClose) {
    tx.addDeadline(tx.now + scheduleToClose, 'activity-timeout', String(sid), {
      attempt: 0,
      type: 'SCHEDULE_TO_CLOSE',
    });
  }
}

export async function pollActivityTask(
  engine: Engine,
  namespace: string,
  taskQueue: string,
  identity: string,
  waitMs: number,
  signal: AbortSignal,
): Promise<PollResponse> {
  const response = await engine.matching.poll(namespace, taskQueue, 'activity', waitMs, signal, (item) =>
    'task' in item
      ? startActivityTask(engine, item.task, identity, signal)
      : // An attempt started for a poll that went away (matching.ts poll), owed to this one.
        Promise.resolve('started' in item ? (item.started as PollResponse) : undefined),
  );
  return response ?? {};
}

async function startActivityTask(
  engine: Engine,
  task: TaskRow,
  identity: string,
  signal: AbortSignal,
): Promise<PollResponse | undefined> {
  return engine.transact(task.namespace, task.workflowId, async (wtx) => {
    wtx.claimTask(task.id!);
    const tx = await wtx.load(task.runId);
    if (!tx || tx.state.status !== 'Running') return undefined;
    const a = tx.state.activities[task.scheduledEventId];
    if (!a || a.state !== 'scheduled' || a.attempt !== task.attempt) return undefined;
    // A paused activity's queued task is dropped (GS bumps its stamp); UnpauseActivity queues a new one.
    if (a.paused) return undefined;
    const scheduled = (await engine.readEvent(tx.runId, a.scheduledEventId, wtx.db))
      .activityTaskScheduledEventAttributes!;
    const response = beginAttempt(tx, a, identity, scheduled);
    throwIfPollGone(signal);
    return response;
  });
}

/**
 * A worker starts an attempt: the state moves to started, its start-to-close and heartbeat timeouts are
 * armed, and the poll response describes the task (also an eager task in a workflow task's completion).
 */
export function beginAttempt(
  tx: ExecutionTx,
  a: ActivityInfo,
  identity: string,
  scheduled: temporal.api.history.v1.IActivityTaskScheduledEventAttributes,
): PollResponse {
  a.state = 'started';
  a.reset = undefined;
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
    // The rule in force: UpdateActivityOptions may have changed the scheduled one.
    retryPolicy: retryPolicyOf(a),
    priority: mergePriority(s.priority, a.priority),
  };
}

/** The eager activities of a completed workflow task, started for the completing worker. */
export function startEagerActivities(tx: ExecutionTx, identity: string): PollResponse[] {
  const out: PollResponse[] = [];
  for (const sid of tx.eagerActivities) {
    const a = tx.state.activities[sid];
    if (tx.state.status !== 'Running' || !a || a.state !== 'scheduled') continue;
    const scheduled = tx.newEvents.find((e) => num(e.eventId) === sid)!.activityTaskScheduledEventAttributes!;
    out.push(beginAttempt(tx, a, identity, scheduled));
  }
  return out;
}

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
    finishActivity(tx, a);
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
    finishActivity(tx, a);
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
    // GS RetryActivity: a retryable failure of a paused activity counts the attempt and waits for unpause.
    const nonRetryable =
      'retryState' in decision && decision.retryState === enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
    if (a.paused && !nonRetryable) {
      return scheduleRetry(tx, a, f, PAUSED_BACKOFF);
    }
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
    finishActivity(tx, a);
  });
}

export async function heartbeatActivity(
  engine: Engine,
  ref: ActivityRef,
  details: Payloads | null | undefined,
): Promise<{ cancelRequested: boolean; activityPaused: boolean; activityReset: boolean }> {
  return withStartedActivity(engine, ref, (tx, a) => {
    if (details) a.heartbeatDetails = toB64(T.Payloads, details);
    a.lastHeartbeatTime = tx.now;
    tx.touched = true;
    return { cancelRequested: a.cancelRequested, activityPaused: !!a.paused, activityReset: !!a.reset };
  });
}

export function activityRefFromId(
  namespace: string,
  r: { workflowId?: string | null; runId?: string | null; activityId?: string | null },
): ActivityRef {
  return { namespace, workflowId: r.workflowId ?? '', runId: r.runId ?? '', activityId: r.activityId ?? '' };
}

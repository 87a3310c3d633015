/**
 * Operator control of a running workflow's activities (GS service/history/workflow/activity.go):
 * PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions. A paused activity gets no new
 * attempt; a running attempt learns of the pause or reset from its heartbeat response (activityPaused,
 * activityReset), and the SDK then cancels it.
 */
import { failedPrecondition, invalidArgument, notFound } from '../grpc/errors';
import { durFromMs, msFromDur, type temporal } from '../proto';
import { defaultRetryRule, queueAttempt, retryPolicyOf } from './activity-state';
import type { Engine } from './engine';
import type { ExecutionTx } from './execution-tx';
import { mergePriority, priorityInfo } from './priority';
import type { ActivityInfo } from './state';

type IActivityOptions = temporal.api.activity.v1.IActivityOptions;

/** Which activities a request names: one by id, every one of a type, or all (match_all / unpause_all). */
export interface ActivitySelector {
  id?: string | null;
  type?: string | null;
  all?: boolean | null;
}

interface Target {
  namespace: string;
  workflowId: string;
  runId: string;
}

async function withActivities<R>(
  engine: Engine,
  target: Target,
  selector: ActivitySelector,
  fn: (tx: ExecutionTx, activities: ActivityInfo[]) => R,
): Promise<R> {
  if (!selector.id && !selector.type && !selector.all)
    throw invalidArgument('either activity id or activity type must be provided');
  return engine.transact(target.namespace, target.workflowId, async (wtx) => {
    const tx = await wtx.load(target.runId || undefined);
    if (!tx) throw notFound(`workflow execution not found for workflow ID "${target.workflowId}"`);
    if (tx.state.status !== 'Running') throw notFound('workflow execution already completed');
    const all = Object.values(tx.state.activities);
    const chosen = selector.all
      ? all
      : selector.id
        ? all.filter((a) => a.activityId === selector.id)
        : all.filter((a) => a.activityType === selector.type);
    if (selector.id && !chosen.length) throw notFound('activity not found');
    tx.touched = true;
    return fn(tx, chosen);
  });
}

/** A paused or reset activity waiting (not running) gets its next attempt now. */
function dispatchNow(tx: ExecutionTx, a: ActivityInfo): void {
  if (a.state === 'backoff' || a.state === 'scheduled') {
    tx.cancelDeadlines(['activity-retry'], String(a.scheduledEventId));
    queueAttempt(tx, a);
  }
}

export function pauseActivities(
  engine: Engine,
  target: Target,
  selector: ActivitySelector,
  by: { identity: string; reason: string; requestId: string },
): Promise<void> {
  return withActivities(engine, target, selector, (tx, activities) => {
    for (const a of activities) {
      if (a.paused) {
        if (by.requestId && a.paused.requestId === by.requestId) continue;
        throw failedPrecondition('activity is already paused');
      }
      a.paused = { time: tx.now, ...by };
    }
  });
}

export function unpauseActivities(
  engine: Engine,
  target: Target,
  selector: ActivitySelector,
  opts: { resetAttempts: boolean; resetHeartbeat: boolean },
): Promise<void> {
  return withActivities(engine, target, selector, (tx, activities) => {
    for (const a of activities) {
      if (!a.paused) {
        if (selector.id) throw failedPrecondition('activity is not paused');
        continue;
      }
      a.paused = undefined;
      if (opts.resetAttempts) a.attempt = 1;
      if (opts.resetHeartbeat) {
        a.heartbeatDetails = undefined;
        a.lastHeartbeatTime = undefined;
      }
      dispatchNow(tx, a);
    }
  });
}

export function resetActivities(
  engine: Engine,
  target: Target,
  selector: ActivitySelector,
  opts: { resetHeartbeat: boolean; keepPaused: boolean },
): Promise<void> {
  return withActivities(engine, target, selector, (tx, activities) => {
    for (const a of activities) {
      a.attempt = 1;
      if (opts.resetHeartbeat) {
        a.heartbeatDetails = undefined;
        a.lastHeartbeatTime = undefined;
      }
      if (a.paused && !opts.keepPaused) a.paused = undefined;
      if (a.state === 'started') {
        // The running attempt carries on; its heartbeats tell it it was reset.
        a.reset = true;
      } else if (!a.paused) {
        dispatchNow(tx, a);
      }
    }
  });
}

/** The activity's current options, as UpdateActivityOptions answers them. */
function optionsOf(a: ActivityInfo): IActivityOptions {
  return {
    taskQueue: { name: a.taskQueue },
    scheduleToCloseTimeout: durFromMs(a.scheduleToCloseMs),
    scheduleToStartTimeout: durFromMs(a.scheduleToStartMs),
    startToCloseTimeout: durFromMs(a.startToCloseMs),
    heartbeatTimeout: durFromMs(a.heartbeatMs),
    retryPolicy: retryPolicyOf(a),
    priority: a.priority,
  };
}

/** Update-mask paths (snake_case, as the Go server's field mask) onto an activity's options. */
function applyOptions(a: ActivityInfo, o: IActivityOptions, paths: string[]): void {
  const retry = defaultRetryRule(o.retryPolicy);
  for (const path of paths) {
    switch (path) {
      case 'task_queue.name':
      case 'task_queue':
        a.taskQueue = o.taskQueue?.name || a.taskQueue;
        break;
      case 'schedule_to_close_timeout':
        a.scheduleToCloseMs = msFromDur(o.scheduleToCloseTimeout);
        break;
      case 'schedule_to_start_timeout':
        a.scheduleToStartMs = msFromDur(o.scheduleToStartTimeout);
        break;
      case 'start_to_close_timeout':
        a.startToCloseMs = msFromDur(o.startToCloseTimeout);
        break;
      case 'heartbeat_timeout':
        a.heartbeatMs = msFromDur(o.heartbeatTimeout);
        break;
      case 'retry_policy':
        a.retry = retry;
        break;
      case 'retry_policy.initial_interval':
        a.retry.initialIntervalMs = retry.initialIntervalMs;
        break;
      case 'retry_policy.backoff_coefficient':
        a.retry.backoffCoefficient = retry.backoffCoefficient;
        break;
      case 'retry_policy.maximum_interval':
        a.retry.maximumIntervalMs = retry.maximumIntervalMs;
        break;
      case 'retry_policy.maximum_attempts':
        a.retry.maximumAttempts = retry.maximumAttempts;
        break;
      case 'priority':
        a.priority = priorityInfo(o.priority);
        break;
      case 'priority.priority_key':
      case 'priority.fairness_key':
      case 'priority.fairness_weight':
        a.priority = mergePriority(a.priority, o.priority);
        break;
      default:
        throw invalidArgument(`invalid field in update mask: ${path}`);
    }
  }
  if (!a.startToCloseMs && !a.scheduleToCloseMs) {
    throw invalidArgument('A valid StartToClose or ScheduleToCloseTimeout is not set on activity options.');
  }
}

export function updateActivityOptions(
  engine: Engine,
  target: Target,
  selector: ActivitySelector,
  options: IActivityOptions | null | undefined,
  paths: string[],
): Promise<{ activityOptions?: IActivityOptions }> {
  if (!options) throw invalidArgument('ActivityOptions are not provided');
  return withActivities(engine, target, selector, (_tx, activities) => {
    for (const a of activities) applyOptions(a, options, paths);
    return { activityOptions: activities.length === 1 ? optionsOf(activities[0]) : undefined };
  });
}

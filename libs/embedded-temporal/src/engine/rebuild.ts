/**
 * Rebuilding a run's mutable state from its history (GS ndc/state_rebuilder.go), for a reset: the new run
 * starts as the base run was after the last event kept, with the static settings the base run was started
 * with. Pending work found at the end (activities, timers, signals or cancels to other workflows, updates)
 * is armed again by `armRebuiltWork`; reset.ts decides what comes after.
 */
import { attributesOf, kindOf } from '../history/events';
import { type HistoryEvent, msFromDur, msFromTs, num, type Payload, temporal } from '../proto';
import { defaultRetryRule } from './activity-state';
import type { ExecutionTx } from './execution-tx';
import { mergeMemo, mergeSearchAttributes } from './properties';
import { priorityInfo } from './priority';
import { addResetPoint } from './reset-points';
import { type ActivityInfo, type ExecutionState, newRunState } from './state';

import h = temporal.api.history.v1;

/**
 * The state after `events` (1 up to the last event kept) for a new run `runId` of the base run's workflow.
 * Times of pending work are the new run's (`now`), except timers, which keep their fire time (GS: the timer
 * task is regenerated from TimerStarted, so a timer already due fires at once). Updates the kept events
 * complete go to `completed` (the new run's rows of temporal.completed_updates, not in its state).
 */
export function rebuildState(
  base: ExecutionState,
  events: HistoryEvent[],
  runId: string,
  requestId: string,
  now: number,
  completed: { updateId: string; eventId: number }[] = [],
): ExecutionState {
  const s = newRunState({
    namespace: base.namespace,
    workflowId: base.workflowId,
    runId,
    firstRunId: base.firstRunId,
    workflowType: base.workflowType,
    taskQueue: base.taskQueue,
    startTime: now,
    executionTime: now,
    awaitingFirstWft: false,
    wftTimeoutMs: base.wftTimeoutMs,
    runTimeoutMs: base.runTimeoutMs,
    executionTimeoutMs: base.executionTimeoutMs,
    executionExpiration: base.executionExpiration,
    attempt: base.attempt,
    // The reset's request id, so that a retried reset finds the run it made (GS CreateRequestId).
    startRequestId: requestId,
    searchAttributes: {},
    parent: base.parent,
    root: base.root,
    retryPolicy: base.retryPolicy,
    cronSchedule: base.cronSchedule,
    priority: base.priority,
    // The points the base run took over from runs before it (GS: from its started event); its own are
    // noted again from the kept WorkflowTaskCompleted events, for the new run.
    autoResetPoints: base.autoResetPoints?.filter((p) => p.runId !== base.runId),
  });
  if (!s.autoResetPoints?.length) delete s.autoResetPoints;
  for (const event of events) {
    applyEvent(s, event, now, completed);
    s.nextEventId = num(event.eventId) + 1;
  }
  return s;
}

function applyEvent(
  s: ExecutionState,
  event: HistoryEvent,
  now: number,
  completed: { updateId: string; eventId: number }[],
): void {
  const kind = kindOf(event);
  const id = num(event.eventId);
  switch (kind) {
    case 'WorkflowExecutionStarted': {
      const a = attributesOf<h.IWorkflowExecutionStartedEventAttributes>(event);
      if (a.memo) mergeMemo(s, a.memo);
      mergeSearchAttributes(s, (a.searchAttributes?.indexedFields ?? {}) as Record<string, Payload>);
      return;
    }
    case 'WorkflowTaskScheduled': {
      const a = attributesOf<h.IWorkflowTaskScheduledEventAttributes>(event);
      s.wft = {
        scheduledEventId: id,
        startedEventId: 0,
        attempt: a.attempt || 1,
        scheduledTime: now,
        deliveredUpdates: [],
      };
      return;
    }
    case 'WorkflowTaskStarted':
      if (s.wft) {
        s.wft.startedEventId = id;
        s.wft.startedTime = now;
      }
      return;
    case 'WorkflowTaskCompleted':
      addResetPoint(s, event, now);
      s.lastCompletedWftStartedId = num(
        attributesOf<h.IWorkflowTaskCompletedEventAttributes>(event).startedEventId,
      );
      s.wft = undefined;
      return;
    case 'WorkflowTaskFailed':
    case 'WorkflowTaskTimedOut':
      s.wft = undefined;
      return;
    case 'ActivityTaskScheduled':
      s.activities[id] = scheduledActivity(
        id,
        attributesOf<h.IActivityTaskScheduledEventAttributes>(event),
        now,
      );
      return;
    case 'ActivityTaskCancelRequested': {
      const a =
        s.activities[
          num(attributesOf<h.IActivityTaskCancelRequestedEventAttributes>(event).scheduledEventId)
        ];
      if (a) {
        a.cancelRequested = true;
        a.cancelRequestedEventId = id;
      }
      return;
    }
    case 'ActivityTaskCompleted':
    case 'ActivityTaskFailed':
    case 'ActivityTaskTimedOut':
    case 'ActivityTaskCanceled':
      delete s.activities[num(attributesOf<{ scheduledEventId?: unknown }>(event).scheduledEventId)];
      return;
    case 'TimerStarted': {
      const a = attributesOf<h.ITimerStartedEventAttributes>(event);
      const startedAt = msFromTs(event.eventTime) ?? now;
      s.timers[a.timerId ?? ''] = { startedEventId: id, fireAt: startedAt + msFromDur(a.startToFireTimeout) };
      return;
    }
    case 'TimerFired':
    case 'TimerCanceled':
      delete s.timers[attributesOf<{ timerId?: string }>(event).timerId ?? ''];
      return;
    case 'StartChildWorkflowExecutionInitiated': {
      const a = attributesOf<h.IStartChildWorkflowExecutionInitiatedEventAttributes>(event);
      s.children[id] = {
        initiatedEventId: id,
        namespace: a.namespace || s.namespace,
        workflowId: a.workflowId ?? '',
        workflowType: a.workflowType?.name ?? '',
        parentClosePolicy: a.parentClosePolicy ?? 0,
      };
      return;
    }
    case 'ChildWorkflowExecutionStarted': {
      const a = attributesOf<h.IChildWorkflowExecutionStartedEventAttributes>(event);
      const child = s.children[num(a.initiatedEventId)];
      if (child) {
        child.runId = a.workflowExecution?.runId ?? undefined;
        child.startedEventId = id;
      }
      return;
    }
    case 'StartChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionCompleted':
    case 'ChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTimedOut':
    case 'ChildWorkflowExecutionTerminated':
      delete s.children[num(attributesOf<{ initiatedEventId?: unknown }>(event).initiatedEventId)];
      return;
    case 'SignalExternalWorkflowExecutionInitiated':
      s.externalRequests[id] = { initiatedEventId: id, kind: 'signal' };
      return;
    case 'RequestCancelExternalWorkflowExecutionInitiated':
      s.externalRequests[id] = { initiatedEventId: id, kind: 'cancel' };
      return;
    case 'SignalExternalWorkflowExecutionFailed':
    case 'ExternalWorkflowExecutionSignaled':
    case 'RequestCancelExternalWorkflowExecutionFailed':
    case 'ExternalWorkflowExecutionCancelRequested':
      delete s.externalRequests[num(attributesOf<{ initiatedEventId?: unknown }>(event).initiatedEventId)];
      return;
    case 'WorkflowExecutionCancelRequested':
      s.cancelRequested = true;
      return;
    case 'UpsertWorkflowSearchAttributes': {
      const a = attributesOf<h.IUpsertWorkflowSearchAttributesEventAttributes>(event);
      mergeSearchAttributes(s, (a.searchAttributes?.indexedFields ?? {}) as Record<string, Payload>);
      return;
    }
    case 'WorkflowPropertiesModified':
      mergeMemo(s, attributesOf<h.IWorkflowPropertiesModifiedEventAttributes>(event).upsertedMemo);
      return;
    case 'WorkflowExecutionUpdateAdmitted': {
      const a = attributesOf<h.IWorkflowExecutionUpdateAdmittedEventAttributes>(event);
      const updateId = a.request?.meta?.updateId ?? '';
      // Delivered through this event, not as a protocol message: no request kept.
      s.updates[updateId] = { updateId, stage: 'admitted' };
      return;
    }
    case 'WorkflowExecutionUpdateAccepted': {
      const a = attributesOf<h.IWorkflowExecutionUpdateAcceptedEventAttributes>(event);
      const updateId = a.protocolInstanceId ?? '';
      s.updates[updateId] = { updateId, stage: 'accepted', acceptedEventId: id };
      return;
    }
    case 'WorkflowExecutionUpdateCompleted': {
      const a = attributesOf<h.IWorkflowExecutionUpdateCompletedEventAttributes>(event);
      const updateId = a.meta?.updateId ?? '';
      // As a live run keeps it (updates.ts): the outcome is read from this event when asked again.
      delete s.updates[updateId];
      completed.push({ updateId, eventId: id });
      s.completedUpdateCount = (s.completedUpdateCount ?? 0) + 1;
      return;
    }
    default:
      // Signals, markers and close events change nothing the next step depends on.
      return;
  }
}

/** An activity as its ActivityTaskScheduled event describes it, scheduled anew at `now` (GS failInflightActivity). */
function scheduledActivity(
  sid: number,
  a: h.IActivityTaskScheduledEventAttributes,
  now: number,
): ActivityInfo {
  return {
    scheduledEventId: sid,
    activityId: a.activityId ?? '',
    activityType: a.activityType?.name ?? '',
    taskQueue: a.taskQueue?.name ?? '',
    attempt: 1,
    state: 'scheduled',
    scheduledTime: now,
    attemptScheduledTime: now,
    scheduleToCloseMs: msFromDur(a.scheduleToCloseTimeout),
    scheduleToStartMs: msFromDur(a.scheduleToStartTimeout),
    startToCloseMs: msFromDur(a.startToCloseTimeout),
    heartbeatMs: msFromDur(a.heartbeatTimeout),
    retry: defaultRetryRule(a.retryPolicy),
    cancelRequested: false,
    // The event keeps the normalised timeouts only; an explicit schedule-to-start is one below schedule-to-close.
    scheduleToStartExplicit:
      msFromDur(a.scheduleToStartTimeout) > 0 &&
      msFromDur(a.scheduleToStartTimeout) !== msFromDur(a.scheduleToCloseTimeout),
    priority: priorityInfo(a.priority),
  };
}

/**
 * Puts the rebuilt run's pending work back on queues and deadlines: activity tasks with their timeouts from
 * now, timers at their fire time, children not yet started, signals and cancels to other workflows at once, and the run timeout
 * counted from now (GS RefreshExpirationTimeoutTask), never past the execution's expiration.
 */
export function armRebuiltWork(tx: ExecutionTx): void {
  const s = tx.state;
  for (const a of Object.values(s.activities)) {
    const sid = String(a.scheduledEventId);
    tx.addTask('activity', a.taskQueue, a.scheduledEventId, a.attempt);
    if (a.scheduleToStartExplicit && a.scheduleToStartMs) {
      tx.addDeadline(tx.now + a.scheduleToStartMs, 'activity-timeout', sid, {
        attempt: a.attempt,
        type: 'SCHEDULE_TO_START',
      });
    }
    if (a.scheduleToCloseMs) {
      tx.addDeadline(tx.now + a.scheduleToCloseMs, 'activity-timeout', sid, {
        attempt: 0,
        type: 'SCHEDULE_TO_CLOSE',
      });
    }
  }
  for (const [timerId, t] of Object.entries(s.timers)) {
    tx.addDeadline(t.fireAt, 'timer', timerId, { startedEventId: t.startedEventId });
  }
  // A child initiated but not started at the reset point is started by the new run (GS task refresher).
  for (const c of Object.values(s.children)) {
    if (c.runId) continue;
    tx.addDeadline(tx.now, 'start-child', String(c.initiatedEventId), {
      initiatedEventId: c.initiatedEventId,
    });
  }
  for (const r of Object.values(s.externalRequests)) {
    const kind = r.kind === 'signal' ? 'signal-external' : 'cancel-external';
    tx.addDeadline(tx.now, kind, String(r.initiatedEventId), { initiatedEventId: r.initiatedEventId });
  }
  if (s.runTimeoutMs) {
    const end = tx.now + s.runTimeoutMs;
    tx.addDeadline(s.executionExpiration ? Math.min(end, s.executionExpiration) : end, 'run-timeout', '');
  }
}

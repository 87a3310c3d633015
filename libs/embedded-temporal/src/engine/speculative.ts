/**
 * Speculative workflow tasks (GS WORKFLOW_TASK_TYPE_SPECULATIVE, `workflow_task_state_machine.go`): an
 * update admitted to a run with no pending workflow task, or a completion returning a task needed only by updates
 * that came during it (workflow-task-completion.ts), gets a task that lives only in memory (state cache,
 * matching, a wall-clock timer). Its WorkflowTaskScheduled / Started events get their ids but are not
 * written: the worker receives them at the end of the poll response's history, as Go's frontend appends the
 * "transient" events. Then:
 * - the worker completes it with commands or an acceptance: Scheduled + Started are written with
 *   Completed and the rest, in the completion's one commit (GS AddWorkflowTaskCompletedEvent);
 * - it completes with rejections only: nothing is written, the run's next event id is unchanged
 *   (GS skipWorkflowTaskCompletedEvent, which Core allows by `discard_speculative_workflow_task_with_events`);
 * - any other change of the run is persisted first converts it to a normal task: Scheduled (+ Started) go
 *   before that change's events (GS closeTransactionHandleSpeculativeWorkflowTask / convertSpeculative...);
 * - it fails or times out: Scheduled (+ Started) are written with WorkflowTaskFailed / TimedOut.
 * A process restart (or eviction from the state cache) loses the task and its admitted updates, as GS loses
 * them when it clears the update registry: the update's caller is admitted again or answered the retryable
 * `workflow update was aborted` (updates.ts, updateAborted), and the lost task's completion is NOT_FOUND.
 */
import { randomUUID } from 'node:crypto';
import { buildEvent } from '../history/events';
import { enums, T, toB64 } from '../proto';
import type { ExecutionTx } from './execution-tx';
import type { ExecutionState } from './state';

/** GS tasks.SpeculativeWorkflowTaskScheduleToStartTimeout: also on the normal queue. */
export const SPECULATIVE_SCHEDULE_TO_START_MS = 5_000;
/** GS history.discardSpeculativeWorkflowTaskMaximumEventsCount. */
export const DISCARD_SPECULATIVE_MAX_EVENTS = 10;

/** An in-memory timeout of a speculative task, armed after the transaction that needs it. */
export interface SpeculativeTimeout {
  kind: 'schedule-to-start' | 'start-to-close';
  speculativeId: string;
  ms: number;
}

/**
 * Whether an update can take a speculative task (GS updateworkflow: no pending task; AddWorkflowTaskScheduled
 * falls back to a normal one when events are buffered). This transaction must write nothing else either:
 * a new run, or events already added, would convert it at once.
 */
export function canSpeculate(tx: ExecutionTx): boolean {
  const s = tx.state;
  return (
    s.status === 'Running' &&
    !s.wft &&
    !s.awaitingFirstWft &&
    s.buffered.length === 0 &&
    s.lastCompletedWftStartedId > 0 &&
    !tx.isNew &&
    !tx.holdWorkflowTask &&
    tx.newEvents.length === 0
  );
}

/**
 * Schedules a speculative task: WorkflowTaskScheduled is built with the next id but not appended. `inline`:
 * the caller starts it at once for the worker that completed the previous task (GS respondworkflowtaskcompleted
 * creates it after the completion is persisted and starts it for the request), so it waits on no queue.
 */
export function scheduleSpeculativeTask(tx: ExecutionTx, inline = false): void {
  const s = tx.state;
  const sticky = s.stickyTaskQueue;
  const K = enums.TaskQueueKind;
  const scheduledEventId = s.nextEventId;
  const scheduled = buildEvent('WorkflowTaskScheduled', scheduledEventId, tx.now, {
    taskQueue: sticky
      ? { name: sticky, kind: K.TASK_QUEUE_KIND_STICKY, normalName: s.taskQueue }
      : { name: s.taskQueue, kind: K.TASK_QUEUE_KIND_NORMAL },
    startToCloseTimeout: { seconds: Math.ceil(s.wftTimeoutMs / 1000) },
    attempt: 1,
  });
  const dispatchTo = sticky && tx.stickyPolled(s.namespace, sticky) ? sticky : s.taskQueue;
  const speculativeId = randomUUID();
  s.wft = {
    scheduledEventId,
    startedEventId: 0,
    attempt: 1,
    scheduledTime: tx.now,
    deliveredUpdates: [],
    ...(sticky ? { stickyTaskQueue: sticky } : {}),
    speculative: { id: speculativeId, taskQueue: dispatchTo, events: [toB64(T.HistoryEvent, scheduled)] },
  };
  if (inline) return;
  tx.memoryTasks.push({
    namespace: s.namespace,
    taskQueue: dispatchTo,
    kind: 'workflow',
    workflowId: s.workflowId,
    runId: s.runId,
    scheduledEventId,
    attempt: 1,
  });
  // GS CurrentTaskQueue for a speculative task: the sticky schedule-to-start timeout, else 5 s.
  const ms =
    sticky && s.stickyScheduleToStartMs ? s.stickyScheduleToStartMs : SPECULATIVE_SCHEDULE_TO_START_MS;
  tx.speculativeTimeouts.push({ kind: 'schedule-to-start', speculativeId, ms });
}

/**
 * Whether a completion of a speculative task is dropped without a trace (GS skipWorkflowTaskCompletedEvent):
 * no commands, no heartbeat, only rejections, and not too many events shipped with it.
 */
export function isDiscardable(
  tx: ExecutionTx,
  req: {
    commands?: unknown[] | null;
    forceCreateNewWorkflowTask?: boolean | null;
    messages?: { body?: unknown }[] | null;
    capabilities?: { discardSpeculativeWorkflowTaskWithEvents?: boolean | null } | null;
  },
): boolean {
  const s = tx.state;
  if (req.commands?.length || req.forceCreateNewWorkflowTask) return false;
  const canDiscardEvents = !!req.capabilities?.discardSpeculativeWorkflowTaskWithEvents;
  const shipped = s.nextEventId - (s.lastCompletedWftStartedId + 2);
  if (shipped > (canDiscardEvents ? DISCARD_SPECULATIVE_MAX_EVENTS : 0)) return false;
  return (req.messages ?? []).every((m) => {
    const typeUrl = (m.body as { type_url?: string } | null | undefined)?.type_url ?? '';
    return typeUrl.endsWith('temporal.api.update.v1.Rejection');
  });
}

/**
 * The state a transaction writes. A speculative task scheduled by the completion this transaction writes is
 * left out (GS respondworkflowtaskcompleted creates it after persisting the completion), and so are the
 * admitted updates it carries, which GS holds in its update registry only: a reload (restart, eviction from
 * the state cache) finds neither, and the update's caller gets the retryable abort, as for an update admitted
 * to an idle run. Any later write converts the task first (engine.ts), and the updates go with it.
 */
export function storedState(tx: ExecutionTx): ExecutionState {
  const s = tx.state;
  if (!tx.speculativeAfterWrite || !s.wft?.speculative) return s;
  const updates = Object.fromEntries(
    Object.entries(s.updates).filter(([, u]) => !(u.stage === 'admitted' && u.request)),
  );
  return { ...s, wft: undefined, updates };
}

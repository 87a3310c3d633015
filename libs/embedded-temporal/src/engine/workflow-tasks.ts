/**
 * Workflow tasks (GS workflow_task_state_machine.go): dispatch to long-polling workers (WorkflowTaskStarted
 * plus the history), failure, and the start-to-close timeout that Core relies on from the second attempt on
 * (completion is in workflow-task-completion.ts). Events arriving during a task are buffered (ExecutionTx)
 * and flushed at its end.
 *
 * Sticky execution: a completion with sticky attributes binds the run to that worker's sticky queue, and
 * the next task goes there carrying only the events after the previous started event (the worker has the
 * rest in its cache). Not started within the sticky schedule-to-start timeout, it times out and goes to the
 * normal queue with the full history; a failure, ResetStickyTaskQueue and ShutdownWorker clear stickiness.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '../grpc/errors';
import { LIMITS } from '../limits';
import { buildEvent } from '../history/events';
import { withEncodedHistory } from '../history/encoded-history';
import { encodeEvent, enums, type HistoryEvent, num, T, type temporal, toB64, tsFromMs } from '../proto';
import type { DeadlineRow, TaskRow } from '../store/execution-store';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { taskStartToCloseMs } from './workflow-task-timeout';
import type { ExecutionState } from './state';
import { throwIfPollGone } from './matching';
import { pollQueryTask } from './queries';
import { dropQueued } from './sticky';
import { decodeToken, encodeToken } from './task-token';
import { deliverUpdates, revertDeliveredUpdates } from './update-messages';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type FailedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;

/** Long polls answer empty before Core's 70 s client deadline. */
export const LONG_POLL_MS = 55_000;

export async function pollWorkflowTask(
  engine: Engine,
  namespace: string,
  taskQueue: string,
  identity: string,
  waitMs: number,
  signal: AbortSignal,
): Promise<PollResponse> {
  const response = await engine.matching.poll(
    namespace,
    taskQueue,
    'workflow',
    waitMs,
    signal,
    (item) =>
      'started' in item
        ? Promise.resolve(item.started as PollResponse)
        : 'query' in item
          ? pollQueryTask(engine, item.query.queryId, taskQueue)
          : startWorkflowTask(engine, item.task, identity, signal),
    identity,
  );
  return response ?? {};
}

/**
 * History size and the continue-as-new suggestion on WorkflowTaskStarted, as the Go server sets them
 * (`workflow_task_state_machine.go`): the committed history's bytes, and a suggestion once the history passes
 * the suggest-continue-as-new thresholds (4 MiB or 4096 events by default). Workflows read them as
 * `workflowInfo().historySize` and `continueAsNewSuggested`.
 */
function continueAsNewSuggestion(s: ExecutionState) {
  const historySizeBytes = s.historySizeBytes ?? 0;
  const reasons: number[] = [];
  if (historySizeBytes >= LIMITS.historySizeSuggestContinueAsNewBytes)
    reasons.push(enums.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE);
  // The started event about to be written counts (Go compares the next event id).
  if (s.nextEventId >= LIMITS.historyCountSuggestContinueAsNew)
    reasons.push(enums.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS);
  return { historySizeBytes, suggestContinueAsNew: reasons.length > 0, suggestContinueAsNewReasons: reasons };
}

/** Writes WorkflowTaskStarted and builds the poll response; undefined when the task is stale. */
async function startWorkflowTask(
  engine: Engine,
  task: TaskRow,
  identity: string,
  signal: AbortSignal,
): Promise<PollResponse | undefined> {
  return engine.transact<PollResponse | undefined>(task.namespace, task.workflowId, async (wtx) => {
    // A speculative task's queue entry is in memory only (no backlog row).
    if (task.id) wtx.claimTask(task.id);
    const tx = await wtx.load(task.runId);
    if (!tx) return undefined;
    const s = tx.state;
    const wft = s.wft;
    if (
      s.status !== 'Running' ||
      !wft ||
      wft.scheduledEventId !== task.scheduledEventId ||
      wft.startedEventId
    ) {
      return undefined;
    }
    // GS recordworkflowtaskstarted: a task polled from a sticky queue the run is no longer bound to is stale;
    // one polled from the normal queue while the run is sticky (its worker was gone) ends the stickiness.
    const onSticky = !!s.stickyTaskQueue && task.taskQueue === s.stickyTaskQueue;
    if (!onSticky && task.taskQueue !== s.taskQueue) return undefined;
    if (!onSticky) tx.clearSticky();
    // A speculative task's schedule-to-start timer is in memory and finds the task started.
    if (wft.stickyTaskQueue && !wft.speculative)
      tx.cancelDeadlines(['wft-schedule-to-start'], String(wft.scheduledEventId));
    const response = await beginWorkflowTask(engine, wtx, tx, identity, onSticky);
    // The poll may have gone while this waited for the workflow's lock or read the history.
    throwIfPollGone(signal);
    return response;
  });
}

/**
 * WorkflowTaskStarted's request id for a task started by the completion that scheduled it and returned in
 * its response (GS respondworkflowtaskcompleted: AddWorkflowTaskStartedEvent's requestID).
 */
export const INLINE_REQUEST_ID = 'request-from-RespondWorkflowTaskCompleted';

/** A task started inline (workflow-task-completion.ts): the queries its completion answered stay out of it. */
export interface InlineStart {
  answeredQueries: ReadonlySet<string>;
}

/** WorkflowTaskStarted for a worker, and the task it gets (the whole history, or the new part if sticky). */
export async function beginWorkflowTask(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  identity: string,
  onSticky: boolean,
  inline?: InlineStart,
): Promise<PollResponse> {
  const s = tx.state;
  const wft = s.wft!;
  if (wft.transient && wft.scheduledEventId !== s.nextEventId) normaliseTransient(tx);
  const firstNewId = s.nextEventId;
  const startedAttributes = {
    scheduledEventId: wft.scheduledEventId,
    identity,
    requestId: inline ? INLINE_REQUEST_ID : randomUUID(),
    ...continueAsNewSuggestion(s),
  };
  const spec = wft.speculative;
  // A speculative or transient task's Started event is built, not written (speculative.ts, transient
  // attempts below); it follows its Scheduled.
  const held = spec ? spec.events : wft.transient;
  const started = held
    ? buildEvent('WorkflowTaskStarted', wft.scheduledEventId + 1, tx.now, startedAttributes)
    : tx.addEvent('WorkflowTaskStarted', startedAttributes);
  wft.startedEventId = num(started.eventId);
  wft.startedTime = tx.now;
  const timeoutMs = taskStartToCloseMs(s.wftTimeoutMs, wft.attempt);
  if (held) held.push(toB64(T.HistoryEvent, started));
  if (spec) {
    tx.speculativeTimeouts.push({ kind: 'start-to-close', speculativeId: spec.id, ms: timeoutMs });
  } else {
    tx.addDeadline(tx.now + timeoutMs, 'wft-timeout', String(wft.scheduledEventId), { attempt: wft.attempt });
  }
  const messages = deliverUpdates(tx, wft.startedEventId);
  const queries = engine.queries.attachToTask(s.runId, inline?.answeredQueries);
  // The sticky worker has the run cached up to its previous task: it gets only what came after.
  const from = onSticky ? s.lastCompletedWftStartedId + 1 : 1;
  // Events before this transaction's are committed (memory or database); this transaction's are at hand.
  const committedTo = (tx.newEvents.length ? num(tx.newEvents[0].eventId) : firstNewId) - 1;
  // As encoded events (encoded-history.ts): the committed ones as stored, this transaction's encoded here.
  const history: Uint8Array[] = [
    ...(from <= committedTo ? await engine.readHistoryBytes(s.runId, from, committedTo, wtx.db) : []),
    ...tx.newEvents.filter((e) => num(e.eventId) >= from).map((e) => encodeEvent(e)),
    // GS frontend: a speculative or transient task's Scheduled/Started end the history as transient events.
    ...(held ? held.map((b64) => Buffer.from(b64, 'base64')) : []),
  ];
  engine.logger.debug('workflow task started', {
    workflowId: s.workflowId,
    startedEventId: wft.startedEventId,
    sticky: onSticky,
  });
  const response = <PollResponse>(<unknown>{
    taskToken: encodeToken({
      k: 'w',
      n: s.namespace,
      w: s.workflowId,
      r: s.runId,
      s: wft.scheduledEventId,
      a: wft.attempt,
      t: wft.startedTime,
    }),
    workflowExecution: { workflowId: s.workflowId, runId: s.runId },
    workflowType: { name: s.workflowType },
    previousStartedEventId: s.lastCompletedWftStartedId,
    startedEventId: wft.startedEventId,
    attempt: wft.attempt,
    nextPageToken: Buffer.alloc(0),
    workflowExecutionTaskQueue: { name: s.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    scheduledTime: tsFromMs(wft.scheduledTime),
    startedTime: tsFromMs(tx.now),
    queries,
    messages,
  });
  return withEncodedHistory(response, history);
}

/**
 * Eager workflow start (GS startworkflow with request_eager_execution): the new run's first workflow task is
 * started in the start's own transaction and returned to the starter instead of being queued.
 */
export async function startEagerWorkflowTask(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  identity: string,
): Promise<PollResponse | undefined> {
  const wft = tx.state.wft;
  const queued = tx.tasks.findIndex(
    (t) => t.kind === 'workflow' && t.scheduledEventId === wft?.scheduledEventId,
  );
  if (!wft || queued < 0) return undefined;
  tx.tasks.splice(queued, 1);
  return beginWorkflowTask(engine, wtx, tx, identity, false);
}

/** The running task a token names, or NOT_FOUND (stale token, closed run). */
export function runningTask(tx: ExecutionTx | undefined, s: number, a: number, t?: number) {
  const wft = tx?.state.wft;
  if (
    !tx ||
    tx.state.status !== 'Running' ||
    !wft ||
    wft.scheduledEventId !== s ||
    !wft.startedEventId ||
    wft.attempt !== a ||
    (t !== undefined && wft.startedTime !== undefined && wft.startedTime !== t)
  ) {
    throw notFound('Workflow task not found.');
  }
  return wft;
}

export async function failWorkflowTask(engine: Engine, req: FailedRequest): Promise<void> {
  const token = decodeToken(req.taskToken, 'w');
  await engine.transact(token.n, token.w, async (wtx) => {
    const tx = await wtx.load(token.r);
    const wft = runningTask(tx, token.s, token.a, token.t);
    if (wft.speculative) tx!.convertSpeculative(false);
    else tx!.cancelDeadlines(['wft-timeout'], String(wft.scheduledEventId));
    // GS AddWorkflowTaskFailedEvent: a transient attempt's failure writes no event.
    if (!wft.transient)
      tx!.addEvent('WorkflowTaskFailed', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        cause: req.cause ?? 0,
        failure: req.failure ?? undefined,
        identity: req.identity ?? '',
        binaryChecksum: req.binaryChecksum ?? '',
      });
    retryWorkflowTask(tx!, wft.attempt + 1);
  });
}

/** Deadline: the worker held the task past its start-to-close timeout. */
export async function timeOutWorkflowTask(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
  scheduledEventId: number,
  attempt: number,
): Promise<void> {
  await engine.transact(namespace, workflowId, async (wtx) => {
    const tx = await wtx.load(runId);
    const wft = tx?.state.wft;
    if (!tx || tx.state.status !== 'Running' || !wft) return;
    if (wft.scheduledEventId !== scheduledEventId || wft.attempt !== attempt || !wft.startedEventId) return;
    // GS AddWorkflowTaskTimedOutEvent: a transient attempt's timeout writes no event.
    if (!wft.transient)
      tx.addEvent('WorkflowTaskTimedOut', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
      });
    retryWorkflowTask(tx, wft.attempt + 1);
  });
}

/**
 * A failed or timed-out task is retried with the next attempt on the normal queue. A sticky run is first
 * unbound and retried as attempt 1 (GS failWorkflowTask: the worker may just have lost its cache). An attempt
 * past the first is transient (its events held until it completes), unless events came during the failed
 * one: they are written and the retry is a normal task, attempt 1 (GS AddWorkflowTaskScheduledEventAsHeartbeat).
 */
export function retryWorkflowTask(tx: ExecutionTx, attempt: number): void {
  revertDeliveredUpdates(tx);
  tx.state.wft = undefined;
  tx.touched = true;
  if (tx.state.stickyTaskQueue) {
    tx.clearSticky();
    attempt = 1;
  }
  if (tx.flushBuffered() > 0) attempt = 1;
  tx.scheduleWorkflowTask(attempt);
}

/**
 * Events were written after a transient task was scheduled (a signal, an activity's result): it becomes a
 * normal task, attempt 1, whose Scheduled event follows them (GS AddWorkflowTaskStartedEvent).
 */
function normaliseTransient(tx: ExecutionTx): void {
  const s = tx.state;
  const wft = s.wft!;
  wft.transient = undefined;
  wft.attempt = 1;
  const scheduled = tx.addEvent('WorkflowTaskScheduled', {
    taskQueue: { name: s.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    startToCloseTimeout: { seconds: Math.ceil(taskStartToCloseMs(s.wftTimeoutMs, 1) / 1000) },
    attempt: 1,
  });
  wft.scheduledEventId = num(scheduled.eventId);
}

/** Deadline: a task on a sticky queue was not picked up in time; it goes to the normal queue. */
export async function stickyScheduleToStartDue(engine: Engine, d: DeadlineRow): Promise<void> {
  const scheduledEventId = Number(d.key);
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const wft = tx?.state.wft;
    if (!tx || tx.state.status !== 'Running' || !wft) return;
    if (wft.scheduledEventId !== scheduledEventId || wft.attempt !== d.data.attempt || wft.startedEventId)
      return;
    const stickyQueue = wft.stickyTaskQueue;
    tx.addEvent('WorkflowTaskTimedOut', {
      scheduledEventId,
      startedEventId: 0,
      timeoutType: enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
    tx.workflowTaskDeletes.push(scheduledEventId);
    if (stickyQueue) tx.afterCommit.push(() => dropQueued(engine, d.namespace, stickyQueue, d.runId));
    retryWorkflowTask(tx, wft.attempt);
  });
}

/** Deadline: a delayed first workflow task (start delay, retry or cron backoff) is due. */
export async function firstWorkflowTaskDue(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<void> {
  await engine.transact(namespace, workflowId, async (wtx) => {
    const tx = await wtx.load(runId);
    if (!tx || tx.state.status !== 'Running' || !tx.state.awaitingFirstWft) return;
    tx.state.awaitingFirstWft = false;
    tx.needWorkflowTask();
  });
}

export type { HistoryEvent };

/**
 * RespondWorkflowTaskCompleted (GS service/history/api/respondworkflowtaskcompleted/api.go): the task's
 * commands and messages are applied, buffered events flushed, and the next task scheduled when one is needed.
 *
 * return_new_workflow_task (GS `bypassTaskGeneration`): when the worker asks for it and the completion itself
 * schedules the next task (buffered events, undelivered updates, or `force_create_new_workflow_task`, which
 * Core sends to heartbeat a task while a local activity runs long), that task is started in the same
 * transaction and returned in the response, as CreateRecordWorkflowTaskStartedResponse builds it: the events
 * after the previous started event (the worker has the rest cached), the queries and update requests waiting.
 * It never reaches a queue, so the worker needs no poll for it. Nothing is returned when the run closed, the
 * task failed (UnhandledCommand), or no task was scheduled by this completion. A task returned only for
 * updates that came during the completed one is speculative (GS WORKFLOW_TASK_TYPE_SPECULATIVE, speculative.ts),
 * and a heartbeat's task carries only the updates not sent yet (GS updateRegistry.Send, includeAlreadySent).
 */
import { invalidArgument, notFound, ServiceError } from '../grpc/errors';
import { enums, num, type temporal } from '../proto';
import { startEagerActivities } from './activities';
import { applyCommands, isCompletionCommand } from './commands';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { dispatchPendingQueries } from './queries';
import { addResetPoint } from './reset-points';
import { discardSpeculativeTask } from './speculative-completion';
import { isDiscardable, scheduleSpeculativeTask } from './speculative';
import { bindToWorker } from './sticky';
import { dropPendingDeadline } from './sync-match';
import { decodeToken } from './task-token';
import { hasUnhandledBufferedEvents } from './timers';
import { hasUndeliveredUpdates, rejectUnprocessedUpdates, revertDeliveredUpdates } from './update-messages';
import { beginWorkflowTask, retryWorkflowTask, runningTask } from './workflow-tasks';

/** GS history.workflowTaskHeartbeatTimeout's default. */
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 30 * 60_000;

function heartbeatTimeoutMs(engine: Engine): number {
  return engine.options.workflowTaskHeartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
}

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;

export async function completeWorkflowTask(
  engine: Engine,
  req: CompletedRequest,
): Promise<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse> {
  const token = decodeToken(req.taskToken, 'w');
  const commands = req.commands ?? [];
  const completionIndex = commands.findIndex(isCompletionCommand);
  if (completionIndex >= 0 && completionIndex !== commands.length - 1) {
    throw invalidArgument('invalid command sequence: workflow completion command must be the last command');
  }
  let unhandled = false;
  let heartbeatTimedOut = false;
  // GS checkWTHeartbeatTimeout: a completion that only heartbeats (Core, while a local activity runs).
  const heartbeat = !!req.forceCreateNewWorkflowTask && commands.length === 0 && !req.messages?.length;
  let activityTasks: object[] = [];
  /** GS reset_history_event_id: a discarded speculative task's worker rolls back to this started id. */
  let resetHistoryEventId = 0;
  let workflowTask: PollResponse | undefined;
  await engine.transact(token.n, token.w, async (wtx) => {
    const tx = await wtx.load(token.r);
    const wft = runningTask(tx, token.s, token.a, token.t);
    const s = tx!.state;
    /** Updates this task delivered (GS: in state "sent"). */
    const sent = wft.deliveredUpdates;
    if (wft.speculative && isDiscardable(tx!, req)) {
      discardSpeculativeTask(engine, tx!, req, sent);
      resetHistoryEventId = s.lastCompletedWftStartedId;
      const results = Object.keys(req.queryResults ?? {});
      if (req.returnNewWorkflowTask)
        workflowTask = await startReturnedTask(engine, wtx, tx!, req.identity ?? '', new Set(results));
      return;
    }
    // A speculative task's Scheduled/Started are written with its completion (it had no deadline row).
    if (wft.speculative) tx!.convertSpeculative(false);
    else tx!.cancelDeadlines(['wft-timeout'], String(wft.scheduledEventId));

    const originalScheduledTime = wft.originalScheduledTime ?? wft.scheduledTime;
    if (heartbeat && tx!.now > originalScheduledTime + heartbeatTimeoutMs(engine)) {
      // GS: past WorkflowTaskHeartbeatTimeout the heartbeat times the task out instead of completing it; the
      // next task is scheduled (and, asked for, started) as after any timeout, and the worker gets NOT_FOUND.
      if (!wft.transient)
        tx!.addEvent('WorkflowTaskTimedOut', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
        });
      retryWorkflowTask(tx!, wft.attempt + 1);
      if (req.returnNewWorkflowTask) await startReturnedTask(engine, wtx, tx!, req.identity ?? '', new Set());
      heartbeatTimedOut = true;
      return;
    }

    if (completionIndex >= 0 && (hasUnhandledBufferedEvents(s, commands) || hasUndeliveredUpdates(s))) {
      // New events arrived while the worker decided to close: it must see them first. (A transient
      // attempt's failure writes no event, GS AddWorkflowTaskFailedEvent.)
      if (!wft.transient)
        tx!.addEvent('WorkflowTaskFailed', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
          identity: req.identity ?? '',
        });
      revertDeliveredUpdates(tx!);
      s.wft = undefined;
      tx!.clearSticky();
      tx!.flushBuffered();
      tx!.scheduleWorkflowTask(1);
      unhandled = true;
      return;
    }

    // A transient attempt's Scheduled/Started are written with its completion (GS AddWorkflowTaskCompletedEvent).
    tx!.convertTransient();
    const completed = tx!.addEvent('WorkflowTaskCompleted', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      identity: req.identity ?? '',
      binaryChecksum: req.binaryChecksum ?? '',
      sdkMetadata: req.sdkMetadata ?? undefined,
      meteringMetadata: req.meteringMetadata ?? undefined,
      workerVersion: req.workerVersionStamp ?? undefined,
    });
    addResetPoint(s, completed, tx!.now);
    s.lastCompletedWftStartedId = wft.startedEventId;
    s.wft = undefined;
    bindToWorker(tx!, req.stickyAttributes);
    tx!.holdWorkflowTask = true;
    await applyCommands(engine, wtx, tx!, req, num(completed.eventId));
    tx!.holdWorkflowTask = false;
    if (s.status === 'Running' && !req.forceCreateNewWorkflowTask) rejectUnprocessedUpdates(tx!, sent);
    if (s.status === 'Running') {
      if (tx!.flushBuffered() > 0 || req.forceCreateNewWorkflowTask) tx!.workflowTaskWanted = true;
      // GS: a task needed only by updates that came during this one (no events, no heartbeat) is speculative
      // when returned to this worker: nothing of it is written unless it completes with events (below).
      if (!tx!.workflowTaskWanted && hasUndeliveredUpdates(s) && req.returnNewWorkflowTask) {
        scheduleSpeculativeTask(tx!, true);
        tx!.speculativeAfterWrite = true;
      } else if (tx!.workflowTaskWanted || hasUndeliveredUpdates(s)) tx!.needWorkflowTask();
      // GS AddWorkflowTaskScheduledEventAsHeartbeat: a heartbeat's task carries the chain's first schedule time.
      const next = tx!.state.wft;
      if (heartbeat && next && !next.startedEventId) next.originalScheduledTime = originalScheduledTime;
    }
    activityTasks = startEagerActivities(tx!, req.identity ?? '');
    const runId = s.runId;
    const results = req.queryResults ?? {};
    if (req.returnNewWorkflowTask)
      workflowTask = await startReturnedTask(
        engine,
        wtx,
        tx!,
        req.identity ?? '',
        new Set(Object.keys(results)),
        req.forceCreateNewWorkflowTask ? sent : [],
      );
    const moreTasks = !!s.wft;
    tx!.afterCommit.push(() => {
      engine.queries.answerFromTask(runId, results);
      // Queries that missed this task and have no next task to ride on go out as query tasks.
      if (!moreTasks) dispatchPendingQueries(engine, s);
    });
  });
  if (unhandled) throw new ServiceError(3 /* INVALID_ARGUMENT */, 'UnhandledCommand');
  if (heartbeatTimedOut) throw notFound('workflow task heartbeat timeout');
  return <temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse>(<unknown>{
    activityTasks,
    ...(workflowTask ? { workflowTask } : {}),
    ...(resetHistoryEventId ? { resetHistoryEventId } : {}),
  });
}

/**
 * Starts the task this completion scheduled, for the completing worker (GS: AddWorkflowTaskStartedEvent with
 * "request-from-RespondWorkflowTaskCompleted", then CreateRecordWorkflowTaskStartedResponse with sticky
 * execution enabled). Undefined when no task was scheduled here (the run closed, or nothing was needed).
 */
async function startReturnedTask(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  identity: string,
  answeredQueries: ReadonlySet<string>,
  alreadySent: readonly string[] = [],
): Promise<PollResponse | undefined> {
  const s = tx.state;
  const wft = s.wft;
  if (s.status !== 'Running' || !wft || wft.startedEventId) return undefined;
  // A speculative task scheduled inline has no queue entry (scheduleSpeculativeTask); one queued is not ours.
  const queue = wft.speculative ? tx.memoryTasks : tx.tasks;
  const queued = queue.findIndex((t) => t.kind === 'workflow' && t.scheduledEventId === wft.scheduledEventId);
  if (wft.speculative ? queued >= 0 : queued < 0) return undefined;
  if (!wft.speculative) {
    // The task never waits on a queue: no backlog row, and no sticky schedule-to-start timeout to arm.
    tx.tasks.splice(queued, 1);
    if (wft.stickyTaskQueue) dropPendingDeadline(tx, 'wft-schedule-to-start', String(wft.scheduledEventId));
  }
  // GS CreateRecordWorkflowTaskStartedResponse(wtHeartbeat): a heartbeat's task carries only the updates not
  // sent yet (updateRegistry.Send with includeAlreadySent = false); those its predecessor sent stay sent.
  wft.deliveredUpdates = alreadySent.filter((id) => s.updates[id]?.stage === 'admitted');
  return beginWorkflowTask(engine, wtx, tx, identity, true, { answeredQueries });
}

/**
 * Applying a completed workflow task's commands, in order, each writing its event right after
 * WorkflowTaskCompleted (carrying workflow_task_completed_event_id). Protocol messages (updates) are
 * applied where a ProtocolMessage command names them; unreferenced ones (rejections) after all commands.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument } from '../grpc/errors';
import { durFromMs, enums, fromB64, msFromDur, num, type Payload, T, type temporal, toB64 } from '../proto';
import { defaultRetryRule } from './activities';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import type { ActivityInfo } from './state';
import { applyUpdateMessage } from './updates';
import { closeRun, normaliseSearchAttributes, startNextRun, workflowRetryDecision } from './workflows';

type ICommand = temporal.api.command.v1.ICommand;
type IMessage = temporal.api.protocol.v1.IMessage;
const C = enums.CommandType;

export function isCompletionCommand(c: ICommand): boolean {
  return (
    c.commandType === C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ||
    c.commandType === C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ||
    c.commandType === C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ||
    c.commandType === C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION
  );
}

export async function applyCommands(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  req: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest,
  wftc: number,
): Promise<void> {
  const messages = new Map<string, IMessage>((req.messages ?? []).map((m) => [m.id ?? '', m]));
  const referenced = new Set<string>();
  for (const command of req.commands ?? []) {
    if (tx.state.status !== 'Running') break;
    if (command.commandType === C.COMMAND_TYPE_PROTOCOL_MESSAGE) {
      const id = command.protocolMessageCommandAttributes?.messageId ?? '';
      referenced.add(id);
      const message = messages.get(id);
      if (!message) throw invalidArgument(`ProtocolMessageCommand referenced absent message ID ${id}`);
      applyUpdateMessage(engine, tx, message, wftc);
      continue;
    }
    await applyCommand(engine, wtx, tx, command, wftc);
  }
  for (const [id, message] of messages) {
    if (!referenced.has(id)) applyUpdateMessage(engine, tx, message, wftc);
  }
}

async function applyCommand(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  command: ICommand,
  wftc: number,
): Promise<void> {
  const s = tx.state;
  switch (command.commandType) {
    case C.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
      return scheduleActivity(tx, command.scheduleActivityTaskCommandAttributes!, wftc);

    case C.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: {
      const sid = num(command.requestCancelActivityTaskCommandAttributes!.scheduledEventId);
      const activity = s.activities[sid];
      if (!activity) return;
      const requested = tx.addEvent('ActivityTaskCancelRequested', {
        scheduledEventId: sid,
        workflowTaskCompletedEventId: wftc,
      });
      if (activity.state !== 'started') {
        tx.addEvent('ActivityTaskCanceled', {
          scheduledEventId: sid,
          startedEventId: 0,
          latestCancelRequestedEventId: num(requested.eventId),
        });
        delete s.activities[sid];
        tx.cancelDeadlines(['activity-timeout', 'activity-retry'], String(sid));
        tx.needWorkflowTask();
      } else {
        activity.cancelRequested = true;
        activity.cancelRequestedEventId = num(requested.eventId);
      }
      return;
    }

    case C.COMMAND_TYPE_START_TIMER: {
      const a = command.startTimerCommandAttributes!;
      const timerId = a.timerId ?? '';
      const fireAt = tx.now + msFromDur(a.startToFireTimeout);
      const started = tx.addEvent('TimerStarted', {
        timerId,
        startToFireTimeout: a.startToFireTimeout,
        workflowTaskCompletedEventId: wftc,
      });
      const startedEventId = num(started.eventId);
      s.timers[timerId] = { startedEventId, fireAt };
      tx.addDeadline(fireAt, 'timer', timerId, { startedEventId });
      return;
    }

    case C.COMMAND_TYPE_CANCEL_TIMER: {
      const timerId = command.cancelTimerCommandAttributes!.timerId ?? '';
      const timer = s.timers[timerId];
      if (!timer) return;
      tx.addEvent('TimerCanceled', {
        timerId,
        startedEventId: timer.startedEventId,
        workflowTaskCompletedEventId: wftc,
        identity: '',
      });
      delete s.timers[timerId];
      tx.cancelDeadlines(['timer'], timerId);
      return;
    }

    case C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      closeRun(engine, tx, 'Completed', 'WorkflowExecutionCompleted', {
        result: command.completeWorkflowExecutionCommandAttributes?.result ?? undefined,
        workflowTaskCompletedEventId: wftc,
      });
      return;

    case C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: {
      const failure = command.failWorkflowExecutionCommandAttributes?.failure ?? undefined;
      const decision = workflowRetryDecision(s, tx.now, failure);
      if ('backoffMs' in decision) {
        const newRunId = randomUUID();
        closeRun(
          engine,
          tx,
          'Failed',
          'WorkflowExecutionFailed',
          {
            failure,
            retryState: enums.RetryState.RETRY_STATE_IN_PROGRESS,
            workflowTaskCompletedEventId: wftc,
            newExecutionRunId: newRunId,
          },
          true,
        );
        await startNextRun(engine, wtx, s, {
          runId: newRunId,
          initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
          attempt: s.attempt + 1,
          firstWftBackoffMs: decision.backoffMs,
          continuedFailure: failure,
        });
      } else {
        closeRun(engine, tx, 'Failed', 'WorkflowExecutionFailed', {
          failure,
          retryState: decision.retryState,
          workflowTaskCompletedEventId: wftc,
        });
      }
      return;
    }

    case C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
      closeRun(engine, tx, 'Canceled', 'WorkflowExecutionCanceled', {
        details: command.cancelWorkflowExecutionCommandAttributes?.details ?? undefined,
        workflowTaskCompletedEventId: wftc,
      });
      return;

    case C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: {
      const a = command.continueAsNewWorkflowExecutionCommandAttributes!;
      const newRunId = randomUUID();
      const workflowType = a.workflowType?.name || s.workflowType;
      const taskQueue = a.taskQueue?.name || s.taskQueue;
      const runTimeoutMs = msFromDur(a.workflowRunTimeout) || s.runTimeoutMs;
      const taskTimeoutMs = msFromDur(a.workflowTaskTimeout) || s.wftTimeoutMs;
      closeRun(
        engine,
        tx,
        'ContinuedAsNew',
        'WorkflowExecutionContinuedAsNew',
        {
          newExecutionRunId: newRunId,
          workflowType: { name: workflowType },
          taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          input: a.input ?? undefined,
          workflowRunTimeout: runTimeoutMs ? durFromMs(runTimeoutMs) : undefined,
          workflowTaskTimeout: durFromMs(taskTimeoutMs),
          workflowTaskCompletedEventId: wftc,
          backoffStartInterval: a.backoffStartInterval ?? undefined,
          initiator: a.initiator || enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
          failure: a.failure ?? undefined,
          lastCompletionResult: a.lastCompletionResult ?? undefined,
          header: a.header ?? undefined,
          memo: a.memo ?? undefined,
          searchAttributes: a.searchAttributes ?? undefined,
        },
        true,
      );
      await startNextRun(engine, wtx, s, {
        runId: newRunId,
        workflowType,
        taskQueue,
        input: a.input,
        runTimeoutMs,
        taskTimeoutMs,
        header: a.header,
        ...(a.memo ? { memo: a.memo } : {}),
        ...(a.searchAttributes ? { searchAttributes: a.searchAttributes } : {}),
        ...(a.retryPolicy ? { retryPolicy: a.retryPolicy } : {}),
        initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
        attempt: 1,
        firstWftBackoffMs: msFromDur(a.backoffStartInterval),
        lastCompletionResult: a.lastCompletionResult,
        continuedFailure: a.failure,
      });
      return;
    }

    case C.COMMAND_TYPE_RECORD_MARKER: {
      const a = command.recordMarkerCommandAttributes!;
      tx.addEvent('MarkerRecorded', {
        markerName: a.markerName,
        details: a.details,
        header: a.header ?? undefined,
        failure: a.failure ?? undefined,
        workflowTaskCompletedEventId: wftc,
      });
      return;
    }

    case C.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
      const a = command.upsertWorkflowSearchAttributesCommandAttributes!;
      const normalised = normaliseSearchAttributes(engine, s.namespace, a.searchAttributes);
      tx.addEvent('UpsertWorkflowSearchAttributes', {
        searchAttributes: { indexedFields: normalised },
        workflowTaskCompletedEventId: wftc,
      });
      mergeSearchAttributes(tx, normalised);
      return;
    }

    case C.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
      const memo = command.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo;
      tx.addEvent('WorkflowPropertiesModified', {
        upsertedMemo: memo ?? undefined,
        workflowTaskCompletedEventId: wftc,
      });
      const current = s.memo ? (fromB64<temporal.api.common.v1.IMemo>(T.Memo, s.memo).fields ?? {}) : {};
      const fields: Record<string, Payload> = { ...current };
      for (const [k, v] of Object.entries(memo?.fields ?? {})) {
        if (!v.data || v.data.length === 0) delete fields[k];
        else fields[k] = v;
      }
      s.memo = Object.keys(fields).length ? toB64(T.Memo, { fields }) : undefined;
      return;
    }

    case C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
      const a = command.startChildWorkflowExecutionCommandAttributes!;
      const namespace = a.namespace || s.namespace;
      const initiated = tx.addEvent('StartChildWorkflowExecutionInitiated', {
        namespace,
        workflowId: a.workflowId,
        workflowType: a.workflowType,
        taskQueue: a.taskQueue,
        input: a.input ?? undefined,
        workflowExecutionTimeout: a.workflowExecutionTimeout ?? undefined,
        workflowRunTimeout: a.workflowRunTimeout ?? undefined,
        workflowTaskTimeout: a.workflowTaskTimeout ?? undefined,
        parentClosePolicy: a.parentClosePolicy,
        control: a.control,
        workflowTaskCompletedEventId: wftc,
        workflowIdReusePolicy: a.workflowIdReusePolicy,
        retryPolicy: a.retryPolicy ?? undefined,
        cronSchedule: a.cronSchedule,
        header: a.header ?? undefined,
        memo: a.memo ?? undefined,
        searchAttributes: a.searchAttributes ?? undefined,
        priority: a.priority ?? undefined,
      });
      const initiatedEventId = num(initiated.eventId);
      s.children[initiatedEventId] = {
        initiatedEventId,
        namespace,
        workflowId: a.workflowId ?? '',
        workflowType: a.workflowType?.name ?? '',
        parentClosePolicy: a.parentClosePolicy ?? 0,
      };
      tx.addDeadline(tx.now, 'start-child', String(initiatedEventId), { initiatedEventId });
      return;
    }

    case C.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
      const a = command.signalExternalWorkflowExecutionCommandAttributes!;
      const initiated = tx.addEvent('SignalExternalWorkflowExecutionInitiated', {
        workflowTaskCompletedEventId: wftc,
        namespace: a.namespace || s.namespace,
        workflowExecution: a.execution,
        signalName: a.signalName,
        input: a.input ?? undefined,
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        header: a.header ?? undefined,
      });
      const id = num(initiated.eventId);
      s.externalRequests[id] = { initiatedEventId: id, kind: 'signal' };
      tx.addDeadline(tx.now, 'signal-external', String(id), { initiatedEventId: id });
      return;
    }

    case C.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
      const a = command.requestCancelExternalWorkflowExecutionCommandAttributes!;
      const initiated = tx.addEvent('RequestCancelExternalWorkflowExecutionInitiated', {
        workflowTaskCompletedEventId: wftc,
        namespace: a.namespace || s.namespace,
        workflowExecution: { workflowId: a.workflowId, runId: a.runId },
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        reason: a.reason,
      });
      const id = num(initiated.eventId);
      s.externalRequests[id] = { initiatedEventId: id, kind: 'cancel' };
      tx.addDeadline(tx.now, 'cancel-external', String(id), { initiatedEventId: id });
      return;
    }

    default:
      throw invalidArgument(`Unsupported command type ${String(command.commandType)}`);
  }
}

export function mergeSearchAttributes(tx: ExecutionTx, upserted: Record<string, Payload>): void {
  const s = tx.state;
  for (const [name, payload] of Object.entries(upserted)) {
    const empty =
      !payload.data || payload.data.length === 0 || Buffer.from(payload.data).toString() === 'null';
    if (empty) delete s.searchAttributes[name];
    else s.searchAttributes[name] = toB64(T.Payload, payload);
  }
}

/** ScheduleActivityTask with timeouts normalised like the real server (JT validateScheduleActivityTask). */
function scheduleActivity(
  tx: ExecutionTx,
  a: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
  wftc: number,
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
    priority: a.priority ?? undefined,
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
  };
  s.activities[sid] = info;
  tx.addTask('activity', taskQueue, sid, 1);
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

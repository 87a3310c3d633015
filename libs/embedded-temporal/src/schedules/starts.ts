/**
 * Starting a schedule's actions (step 4 of the runner, "settle"): the buffered starts, the overlap policy
 * that picks which of them start now, the workflows started, and the running ones it cancels or terminates;
 * what a closed workflow hands to the next run (its result or failure, pause on failure).
 */
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Engine } from '../engine/engine';
import { type ExecutionState, statusEnum } from '../engine/state';
import {
  requestCancelWorkflow,
  type StartRequest,
  startWorkflow,
  terminateWorkflow,
} from '../engine/workflow-api';
import { ServiceError } from '../grpc/errors';
import {
  enums,
  type Failure,
  fromB64,
  msFromDur,
  type Payload,
  type Payloads,
  T,
  type temporal,
  toB64,
} from '../proto';
import { currentRunId, loadExecution } from '../store/execution-store';
import { type INewWorkflowExecutionInfo, type LoadedSchedule, rfc3339Seconds } from './model';
import { decideOverlap } from './overlap';
import { SCHEDULER_LIMITS, type BufferedStart, type RecentAction, type RunningWorkflow } from './state';

const W = enums.WorkflowExecutionStatus;
const P = enums.ScheduleOverlapPolicy;

/** Adds a start to the buffer (bounded, as on the real server: beyond it starts are dropped and counted). */
export function addStart(
  s: LoadedSchedule,
  nominalMs: number,
  actualMs: number,
  overlapPolicy: number,
  manual: boolean,
): void {
  const state = s.state;
  if (state.bufferedStarts.length >= SCHEDULER_LIMITS.maxBufferSize) {
    state.bufferDropped++;
    return;
  }
  state.bufferedStarts.push({
    nominalTime: nominalMs,
    actualTime: actualMs,
    overlapPolicy,
    manual,
    requestId: manual ? randomUUID() : s.scheduledRequestId(nominalMs, actualMs),
  });
}

/** Whether a workflow chain the schedule started still runs, and its last run's state. */
export async function chainStatus(
  engine: Engine,
  namespace: string,
  wf: RunningWorkflow,
): Promise<{ running: boolean; status: number; last?: ExecutionState }> {
  const pool = engine.pool;
  const runId = await currentRunId(pool, namespace, wf.workflowId);
  const current = runId ? await loadExecution(pool, namespace, wf.workflowId, runId) : undefined;
  if (current && current.firstRunId === wf.runId) {
    return { running: current.status === 'Running', status: statusEnum(current.status), last: current };
  }
  // The id now belongs to another chain (or is gone): ours has closed; report how its first run ended.
  const first = await loadExecution(pool, namespace, wf.workflowId, wf.runId);
  return {
    running: false,
    status: first ? statusEnum(first.status) : W.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED,
  };
}

/** One round of the buffer: returns true when another round may do more right now. */
export async function processBuffer(engine: Engine, s: LoadedSchedule): Promise<boolean> {
  await refreshRunning(engine, s);
  const action = s.schedule.action?.startWorkflow;
  const state = s.state;
  if (!action || state.bufferedStarts.length === 0) {
    state.bufferedStarts = [];
    return false;
  }
  const decision = decideOverlap(state.bufferedStarts, state.runningWorkflows.length > 0, (p) =>
    s.resolveOverlap(p),
  );
  state.bufferedStarts = decision.buffer;
  state.overlapSkipped += decision.skipped;
  let again = false;
  const starts = decision.nonOverlapping
    ? [...decision.overlapping, decision.nonOverlapping]
    : decision.overlapping;
  for (const start of starts) {
    if (!s.canTakeScheduledAction(start.manual, true)) {
      again = true;
      continue;
    }
    const result = await startAction(engine, s, start, action);
    if (!result) {
      again = true;
      continue;
    }
    state.actionCount++;
    state.recentActions = [...state.recentActions, result].slice(-SCHEDULER_LIMITS.recentActionCount);
    // ALLOW_ALL runs may overlap anything, so they never hold back other starts.
    if (start === decision.nonOverlapping) {
      state.runningWorkflows.push({ workflowId: result.workflowId, runId: result.runId });
    }
  }
  if (decision.needTerminate) {
    for (const wf of state.runningWorkflows) {
      await ignoreClosed(
        terminateWorkflow(engine, {
          namespace: s.namespace,
          workflowId: wf.workflowId,
          runId: '',
          reason: 'terminated by schedule overlap policy',
          identity: s.identity(),
        }),
      );
    }
    // Terminated at once: the next round starts the buffered one.
    again = true;
  } else if (decision.needCancel) {
    // Cancelling is a request; the watcher notices when the workflow really closes.
    for (const wf of state.runningWorkflows) {
      await ignoreClosed(
        requestCancelWorkflow(engine, {
          namespace: s.namespace,
          workflowId: wf.workflowId,
          runId: '',
          identity: s.identity(),
          reason: 'cancelled by schedule overlap policy',
        }),
      );
    }
  }
  return again;
}

/** Drops closed workflows from the running list, recording how they ended. */
async function refreshRunning(engine: Engine, s: LoadedSchedule): Promise<void> {
  const still: RunningWorkflow[] = [];
  for (const wf of s.state.runningWorkflows) {
    const chain = await chainStatus(engine, s.namespace, wf);
    if (chain.running) still.push(wf);
    else await onClosed(engine, s, wf, chain.status, chain.last);
  }
  s.state.runningWorkflows = still;
}

async function onClosed(
  engine: Engine,
  s: LoadedSchedule,
  wf: RunningWorkflow,
  status: number,
  last: ExecutionState | undefined,
): Promise<void> {
  const recent = s.state.recentActions.find((a) => a.workflowId === wf.workflowId && a.runId === wf.runId);
  if (recent) recent.status = status;
  // The result or failure is handed to the next run (lastCompletionResult / continuedFailure).
  let failureMessage = '';
  if (last && (last.status === 'Completed' || last.status === 'Failed')) {
    const close = await engine.readEvent(last.runId, last.nextEventId - 1);
    const result = close.workflowExecutionCompletedEventAttributes?.result;
    const failure = close.workflowExecutionFailedEventAttributes?.failure;
    if (result) {
      s.state.lastCompletionResult = toB64(T.Payloads, result);
      s.state.continuedFailure = undefined;
    } else if (failure) {
      s.state.continuedFailure = toB64(T.Failure, failure);
      failureMessage = failure.message ?? '';
    }
  }
  const failed =
    status === W.WORKFLOW_EXECUTION_STATUS_FAILED || status === W.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
  if (s.schedule.policies?.pauseOnFailure && failed && !s.paused) {
    const state = (s.schedule.state ??= {});
    state.paused = true;
    state.notes =
      status === W.WORKFLOW_EXECUTION_STATUS_FAILED
        ? `paused due to workflow failure: ${wf.workflowId}: ${failureMessage}`
        : `paused due to workflow timeout: ${wf.workflowId}`;
    s.state.conflictToken++;
  }
}

/**
 * Starts one action's workflow. Returns undefined when the start is refused (e.g. the id is taken by a
 * workflow this schedule did not start); the start is then dropped, as on the real server.
 */
async function startAction(
  engine: Engine,
  s: LoadedSchedule,
  start: BufferedStart,
  action: INewWorkflowExecutionInfo,
): Promise<RecentAction | undefined> {
  const workflowId = s.startedWorkflowId(start.nominalTime);
  const allowAll = s.resolveOverlap(start.overlapPolicy) === P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
  const state = s.state;
  const request: StartRequest = {
    namespace: s.namespace,
    workflowId,
    workflowType: action.workflowType?.name ?? '',
    taskQueue: action.taskQueue?.name ?? '',
    input: action.input,
    executionTimeoutMs: msFromDur(action.workflowExecutionTimeout),
    runTimeoutMs: msFromDur(action.workflowRunTimeout),
    taskTimeoutMs: msFromDur(action.workflowTaskTimeout),
    identity: s.identity(),
    requestId: start.requestId,
    memo: action.memo,
    searchAttributes: scheduledSearchAttributes(action.searchAttributes, start.nominalTime, s.scheduleId),
    header: action.header,
    retryPolicy: action.retryPolicy,
    // Overlapping runs take no part in the chain of results.
    lastCompletionResult:
      !allowAll && state.lastCompletionResult
        ? fromB64<Payloads>(T.Payloads, state.lastCompletionResult)
        : undefined,
    continuedFailure:
      !allowAll && state.continuedFailure ? fromB64<Failure>(T.Failure, state.continuedFailure) : undefined,
    // Scheduled starts never run twice for one time; manual ones may reuse an id of a closed run.
    reusePolicy: start.manual
      ? enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
      : enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
    conflictPolicy: enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
  };
  let runId: string | undefined;
  try {
    runId = (await startWorkflow(engine, request)).runId;
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    if (e.code === grpcStatus.ALREADY_EXISTS)
      runId = await ownRun(engine, s.namespace, workflowId, start.requestId);
    if (!runId) {
      engine.logger.warn('scheduled workflow not started', {
        scheduleId: s.scheduleId,
        workflowId,
        error: e.message,
      });
      return undefined;
    }
  }
  return {
    scheduleTime: start.actualTime,
    actualTime: engine.clock.now(),
    workflowId,
    runId,
    status: W.WORKFLOW_EXECUTION_STATUS_RUNNING,
  };
}

/**
 * The first run of the chain under `workflowId` if this start created it (same request id): a start
 * repeated after a crash, when the run it started has since continued as new or been retried.
 */
async function ownRun(
  engine: Engine,
  namespace: string,
  workflowId: string,
  requestId: string,
): Promise<string | undefined> {
  const pool = engine.pool;
  const runId = await currentRunId(pool, namespace, workflowId);
  const current = runId ? await loadExecution(pool, namespace, workflowId, runId) : undefined;
  if (!current) return undefined;
  const first =
    current.firstRunId === current.runId
      ? current
      : await loadExecution(pool, namespace, workflowId, current.firstRunId);
  return first?.startRequestId === requestId ? first.runId : undefined;
}

/**
 * The action's search attributes plus the two the real server adds: TemporalScheduledStartTime (the
 * nominal time, whole seconds) and TemporalScheduledById (the schedule id), JSON-encoded as Go's SDK does.
 */
function scheduledSearchAttributes(
  attributes: temporal.api.common.v1.ISearchAttributes | null | undefined,
  nominalMs: number,
  scheduleId: string,
): temporal.api.common.v1.ISearchAttributes {
  const json = (value: string): Payload => ({
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(JSON.stringify(value)),
  });
  const nominal = rfc3339Seconds(nominalMs);
  return {
    indexedFields: {
      ...(attributes?.indexedFields ?? {}),
      TemporalScheduledStartTime: json(nominal),
      TemporalScheduledById: json(scheduleId),
    },
  };
}

/** Cancelling or terminating a workflow that has just closed is not an error for the scheduler. */
async function ignoreClosed(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof ServiceError && e.code === grpcStatus.NOT_FOUND)) throw e;
  }
}

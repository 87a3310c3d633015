/**
 * The commands that close a run (complete, fail, cancel, continue-as-new) and the run timeout, each of
 * which may start the next run when the retry policy or the workflow asks for one
 * (GS workflow_task_completed_handler.go handleCommand{Complete,Fail,Cancel,ContinueAsNew}Workflow).
 */
import { randomUUID } from 'node:crypto';
import { durFromMs, enums, msFromDur } from '../proto';
import type { DeadlineRow } from '../store/execution-store';
import { type CommandHandlers, CommandType as C } from './command-handler';
import type { Engine } from './engine';
import { closeRun, startNextRun, workflowRetryDecision } from './workflows';

export const workflowCloseCommands: CommandHandlers = {
  [C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION]: ({ engine, tx, wftc }, command) => {
    closeRun(engine, tx, 'Completed', 'WorkflowExecutionCompleted', {
      result: command.completeWorkflowExecutionCommandAttributes?.result ?? undefined,
      workflowTaskCompletedEventId: wftc,
    });
  },

  [C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION]: async ({ engine, wtx, tx, wftc }, command) => {
    const s = tx.state;
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
  },

  [C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION]: ({ engine, tx, wftc }, command) => {
    closeRun(engine, tx, 'Canceled', 'WorkflowExecutionCanceled', {
      details: command.cancelWorkflowExecutionCommandAttributes?.details ?? undefined,
      workflowTaskCompletedEventId: wftc,
    });
  },

  [C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION]: async ({ engine, wtx, tx, wftc }, command) => {
    const s = tx.state;
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
  },
};

/** Deadline: the run exceeded its run timeout (or the execution its expiration): it times out, or retries. */
export async function runTimeoutDue(engine: Engine, d: DeadlineRow): Promise<void> {
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    if (!tx || tx.state.status !== 'Running') return;
    const s = tx.state;
    // GS executeWorkflowRunTimeoutTask: past the execution's expiration the run just times out (TIMEOUT);
    // before it, the retry policy decides, and without one the state is RETRY_POLICY_NOT_SET.
    const expired = s.executionExpiration !== undefined && s.executionExpiration <= tx.now;
    const decision = expired
      ? { retryState: enums.RetryState.RETRY_STATE_TIMEOUT }
      : workflowRetryDecision(s, tx.now, undefined);
    if ('backoffMs' in decision) {
      const newRunId = randomUUID();
      closeRun(
        engine,
        tx,
        'TimedOut',
        'WorkflowExecutionTimedOut',
        { retryState: enums.RetryState.RETRY_STATE_IN_PROGRESS, newExecutionRunId: newRunId },
        true,
      );
      await startNextRun(engine, wtx, s, {
        runId: newRunId,
        initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
        attempt: s.attempt + 1,
        firstWftBackoffMs: decision.backoffMs,
      });
    } else {
      closeRun(engine, tx, 'TimedOut', 'WorkflowExecutionTimedOut', { retryState: decision.retryState });
    }
  });
}

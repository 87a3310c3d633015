/**
 * Children and other executions: the commands that start a child or signal / cancel another workflow, and
 * the work that crosses executions, run from "transfer" deadlines due at once (so it survives a crash
 * between the two transactions, and each step is idempotent): starting a child and recording the outcome
 * in the parent, telling the parent a child closed, parent-close policies, and delivering the external
 * signal or cancel request.
 */
import { status } from '@grpc/grpc-js';
import { ServiceError } from '../grpc/errors';
import { kindOf } from '../history/events';
import { enums, msFromDur, num } from '../proto';
import type { DeadlineRow } from '../store/execution-store';
import { type CommandHandlers, CommandType as C } from './command-handler';
import type { Engine } from './engine';
import type { ExecutionTx } from './execution-tx';
import { mergePriority, priorityInfo } from './priority';
import { MAX_RESET_REDIRECTS } from './reset-children';
import type { ChildInfo, ExecutionState } from './state';
import { requestCancelWorkflow, signalWorkflow } from './workflow-api';
import { startRun, terminateRun } from './workflows';

export const childCommands: CommandHandlers = {
  [C.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION]: ({ tx, wftc }, command) => {
    const s = tx.state;
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
      priority: priorityInfo(a.priority),
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
  },

  [C.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION]: ({ tx, wftc }, command) => {
    const a = command.signalExternalWorkflowExecutionCommandAttributes!;
    const initiated = tx.addEvent('SignalExternalWorkflowExecutionInitiated', {
      workflowTaskCompletedEventId: wftc,
      namespace: a.namespace || tx.state.namespace,
      workflowExecution: a.execution,
      signalName: a.signalName,
      input: a.input ?? undefined,
      control: a.control,
      childWorkflowOnly: a.childWorkflowOnly,
      header: a.header ?? undefined,
    });
    const id = num(initiated.eventId);
    tx.state.externalRequests[id] = { initiatedEventId: id, kind: 'signal' };
    tx.addDeadline(tx.now, 'signal-external', String(id), { initiatedEventId: id });
  },

  [C.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION]: ({ tx, wftc }, command) => {
    const a = command.requestCancelExternalWorkflowExecutionCommandAttributes!;
    const initiated = tx.addEvent('RequestCancelExternalWorkflowExecutionInitiated', {
      workflowTaskCompletedEventId: wftc,
      namespace: a.namespace || tx.state.namespace,
      workflowExecution: { workflowId: a.workflowId, runId: a.runId },
      control: a.control,
      childWorkflowOnly: a.childWorkflowOnly,
      reason: a.reason,
    });
    const id = num(initiated.eventId);
    tx.state.externalRequests[id] = { initiatedEventId: id, kind: 'cancel' };
    tx.addDeadline(tx.now, 'cancel-external', String(id), { initiatedEventId: id });
  },
};

/**
 * The deadline's run as last committed, read under its workflow id's lock. Not `engine.loadState`: the
 * scheduler may read a deadline from the database between the commit of the transaction that armed it and
 * that transaction's refresh of the state cache (after commit, still under the lock), and the cached state
 * from before would not know the child or request yet: the deadline would be dropped and the child never
 * started (seen with four parents starting children at once).
 */
async function stateUnderLock(engine: Engine, d: DeadlineRow): Promise<ExecutionState | undefined> {
  return engine
    .transact(d.namespace, d.workflowId, async (wtx) => (await wtx.load(d.runId))?.state)
    .catch(() => undefined);
}

/** Records ChildWorkflowExecutionStarted in the parent (once). */
function recordChildStarted(tx: ExecutionTx, child: ChildInfo, runId: string, header?: unknown): void {
  if (child.runId) return;
  child.runId = runId;
  const id = tx.wftStarted ? 0 : tx.state.nextEventId;
  tx.addExternalEvent('ChildWorkflowExecutionStarted', {
    namespace: child.namespace,
    initiatedEventId: child.initiatedEventId,
    workflowExecution: { workflowId: child.workflowId, runId },
    workflowType: { name: child.workflowType },
    header: header ?? undefined,
  });
  child.startedEventId = id;
}

export async function startChildDue(engine: Engine, d: DeadlineRow): Promise<void> {
  const initiatedEventId = Number(d.data.initiatedEventId);
  const parent = await stateUnderLock(engine, d);
  const child = parent?.children[initiatedEventId];
  if (!parent || parent.status !== 'Running' || !child || child.runId) return;
  const initiated = await engine.readEvent(d.runId, initiatedEventId);
  const a = initiated.startChildWorkflowExecutionInitiatedEventAttributes!;
  const requestId = `${d.runId}:${initiatedEventId}`;
  let childRunId: string | undefined;
  try {
    childRunId = await engine.transact(child.namespace, child.workflowId, async (wtx) => {
      const existing = await wtx.load();
      if (existing) {
        if (existing.state.startRequestId === requestId) return existing.runId;
        const reuse =
          a.workflowIdReusePolicy || enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
        const closedStatus = existing.state.status;
        if (
          closedStatus === 'Running' ||
          reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ||
          (reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
            (closedStatus === 'Completed' || closedStatus === 'ContinuedAsNew'))
        ) {
          return undefined;
        }
      }
      const tx = startRun(engine, wtx, {
        namespace: child.namespace,
        workflowId: child.workflowId,
        workflowType: child.workflowType,
        taskQueue: a.taskQueue?.name || parent.taskQueue,
        input: a.input,
        executionTimeoutMs: msFromDur(a.workflowExecutionTimeout),
        runTimeoutMs: msFromDur(a.workflowRunTimeout),
        taskTimeoutMs: msFromDur(a.workflowTaskTimeout),
        identity: '',
        requestId,
        memo: a.memo,
        searchAttributes: a.searchAttributes,
        header: a.header,
        retryPolicy: a.retryPolicy,
        cronSchedule: a.cronSchedule ?? undefined,
        parent: { namespace: d.namespace, workflowId: d.workflowId, runId: d.runId, initiatedEventId },
        root: parent.root,
        // The child inherits the parent's priority, overridden field by field (GS startWorkflow task).
        priority: mergePriority(parent.priority, a.priority),
        userMetadata: initiated.userMetadata,
      });
      return tx.runId;
    });
  } catch (e) {
    // An invalid child request (e.g. unknown search attribute) fails the start like a conflict would.
    if (!(e instanceof ServiceError)) throw e;
    childRunId = undefined;
  }
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const c = tx?.state.children[initiatedEventId];
    if (!tx || tx.state.status !== 'Running' || !c || c.runId) return;
    if (childRunId) {
      recordChildStarted(tx, c, childRunId, a.header);
    } else {
      tx.addExternalEvent('StartChildWorkflowExecutionFailed', {
        namespace: c.namespace,
        workflowId: c.workflowId,
        workflowType: { name: c.workflowType },
        cause:
          enums.StartChildWorkflowExecutionFailedCause
            .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
        control: a.control ?? '',
        initiatedEventId,
        workflowTaskCompletedEventId: num(a.workflowTaskCompletedEventId),
      });
      delete tx.state.children[initiatedEventId];
    }
  });
}

/** A child closed: its result becomes a ChildWorkflowExecution* event in the parent. */
export async function notifyParentDue(engine: Engine, d: DeadlineRow): Promise<void> {
  const initiatedEventId = Number(d.data.initiatedEventId);
  const childRunId = String(d.data.childRunId);
  const close = await engine.readEvent(childRunId, Number(d.data.closeEventId));
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    // A parent run closed by a reset hands the result to the run the reset made, and so on down the chain
    // (GS recordchildworkflowcompleted: follows ResetRunId at most maxResetRedirectCount times).
    let tx = await wtx.load(d.runId);
    for (let hops = 0; tx && tx.state.status !== 'Running' && tx.state.resetRunId; hops++) {
      if (hops >= MAX_RESET_REDIRECTS) return;
      tx = await wtx.load(tx.state.resetRunId);
    }
    const child = tx?.state.children[initiatedEventId];
    if (!tx || tx.state.status !== 'Running' || !child) return;
    // The run holds another child at that event id (it started it on another branch): not this one.
    if (child.workflowId !== String(d.data.childWorkflowId)) return;
    recordChildStarted(tx, child, childRunId);
    const common = {
      namespace: child.namespace,
      workflowExecution: { workflowId: child.workflowId, runId: childRunId },
      workflowType: { name: child.workflowType },
      initiatedEventId,
      startedEventId: child.startedEventId ?? 0,
    };
    switch (kindOf(close)) {
      case 'WorkflowExecutionCompleted':
        tx.addExternalEvent('ChildWorkflowExecutionCompleted', {
          ...common,
          result: close.workflowExecutionCompletedEventAttributes?.result ?? undefined,
        });
        break;
      case 'WorkflowExecutionFailed':
        tx.addExternalEvent('ChildWorkflowExecutionFailed', {
          ...common,
          failure: close.workflowExecutionFailedEventAttributes?.failure ?? undefined,
          retryState: close.workflowExecutionFailedEventAttributes?.retryState,
        });
        break;
      case 'WorkflowExecutionCanceled':
        tx.addExternalEvent('ChildWorkflowExecutionCanceled', {
          ...common,
          details: close.workflowExecutionCanceledEventAttributes?.details ?? undefined,
        });
        break;
      case 'WorkflowExecutionTimedOut':
        tx.addExternalEvent('ChildWorkflowExecutionTimedOut', {
          ...common,
          retryState: close.workflowExecutionTimedOutEventAttributes?.retryState,
        });
        break;
      default:
        tx.addExternalEvent('ChildWorkflowExecutionTerminated', common);
    }
    delete tx.state.children[initiatedEventId];
  });
}

export async function parentClosePolicyDue(engine: Engine, d: DeadlineRow): Promise<void> {
  const namespace = String(d.data.childNamespace);
  const workflowId = String(d.data.childWorkflowId);
  if (d.data.policy === enums.ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
    await requestCancelWorkflow(engine, {
      namespace,
      workflowId,
      runId: '',
      identity: 'history-service',
      reason: 'by parent close policy',
    }).catch(ignoreNotFound);
    return;
  }
  await engine.transact(namespace, workflowId, async (wtx) => {
    const tx = await wtx.load();
    if (!tx || tx.state.status !== 'Running') return;
    // Only the chain this parent started (a later, unrelated run with the same id is left alone): by the
    // chain's first run when the parent recorded it (GS FirstExecutionRunId; after a reset the child still
    // names the base run as its parent), else by the parent run.
    const chain = d.data.childRunId
      ? tx.state.firstRunId === d.data.childRunId
      : tx.state.parent?.runId === d.runId;
    if (!chain) return;
    terminateRun(engine, tx, 'by parent close policy', undefined, 'history-service');
  });
}

export async function externalRequestDue(engine: Engine, d: DeadlineRow): Promise<void> {
  const initiatedEventId = Number(d.data.initiatedEventId);
  const source = await stateUnderLock(engine, d);
  if (!source || !source.externalRequests[initiatedEventId]) return;
  const event = await engine.readEvent(d.runId, initiatedEventId);
  const isSignal = d.kind === 'signal-external';
  const a = isSignal
    ? event.signalExternalWorkflowExecutionInitiatedEventAttributes!
    : event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes!;
  const target = {
    namespace: a.namespace || d.namespace,
    workflowId: a.workflowExecution?.workflowId ?? '',
    runId: a.workflowExecution?.runId ?? '',
  };
  let ok = true;
  try {
    if (isSignal) {
      const s = event.signalExternalWorkflowExecutionInitiatedEventAttributes!;
      await signalWorkflow(engine, {
        ...target,
        name: s.signalName ?? '',
        input: s.input,
        header: s.header,
        identity: '',
        requestId: `${d.runId}:${initiatedEventId}`,
      });
    } else {
      await requestCancelWorkflow(engine, { ...target, identity: '', reason: '' });
      const st = await engine.loadState(target.namespace, target.workflowId, target.runId);
      if (st.status !== 'Running') ok = false;
    }
  } catch (e) {
    if (!(e instanceof ServiceError) || e.code !== status.NOT_FOUND) throw e;
    ok = false;
  }
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    if (!tx || tx.state.status !== 'Running' || !tx.state.externalRequests[initiatedEventId]) return;
    delete tx.state.externalRequests[initiatedEventId];
    const execution = { workflowId: target.workflowId, runId: target.runId };
    const cause =
      enums.CancelExternalWorkflowExecutionFailedCause
        .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
    if (isSignal) {
      const control = event.signalExternalWorkflowExecutionInitiatedEventAttributes?.control ?? '';
      if (ok) {
        tx.addExternalEvent('ExternalWorkflowExecutionSignaled', {
          initiatedEventId,
          namespace: target.namespace,
          workflowExecution: execution,
          control,
        });
      } else {
        tx.addExternalEvent('SignalExternalWorkflowExecutionFailed', {
          cause:
            enums.SignalExternalWorkflowExecutionFailedCause
              .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
          workflowTaskCompletedEventId: num(a.workflowTaskCompletedEventId),
          namespace: target.namespace,
          workflowExecution: execution,
          initiatedEventId,
          control,
        });
      }
    } else if (ok) {
      tx.addExternalEvent('ExternalWorkflowExecutionCancelRequested', {
        initiatedEventId,
        namespace: target.namespace,
        workflowExecution: execution,
      });
    } else {
      tx.addExternalEvent('RequestCancelExternalWorkflowExecutionFailed', {
        cause,
        workflowTaskCompletedEventId: num(a.workflowTaskCompletedEventId),
        namespace: target.namespace,
        workflowExecution: execution,
        initiatedEventId,
      });
    }
  });
}

function ignoreNotFound(e: unknown): void {
  if (e instanceof ServiceError && e.code === status.NOT_FOUND) return;
  throw e;
}

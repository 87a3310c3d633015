/**
 * The workflow RPCs that act on a run from outside: StartWorkflowExecution (and signal-with-start's start
 * half) with the id reuse and conflict policies and request-id dedupe, signals, cancel requests and
 * termination (GS service/history/api/{startworkflow,signalworkflow,requestcancelworkflow,terminateworkflow}).
 */
import { alreadyExists, invalidArgument, workflowCompleted } from '../grpc/errors';
import { enums, type Payloads, type temporal } from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { type StartParams, signalRun, startRun, terminateRun } from './workflows';

type IHeader = temporal.api.common.v1.IHeader;
export interface StartRequest extends StartParams {
  reusePolicy: number;
  conflictPolicy: number;
  /**
   * request_eager_execution: starts the new run's first workflow task for the starter, a worker
   * (workflow-tasks.ts startEagerWorkflowTask, passed in because that module imports this one's callers).
   */
  startEager?: (
    wtx: WorkflowTransaction,
    tx: ExecutionTx,
  ) => Promise<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | undefined>;
}

export interface StartResult {
  runId: string;
  started: boolean;
  /** The first workflow task, started for the caller, when it asked for eager execution. */
  eagerWorkflowTask?: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
}

/** StartWorkflowExecution and SignalWithStart's start half, with the id reuse and conflict policies. */
export async function startWorkflow(engine: Engine, req: StartRequest): Promise<StartResult> {
  validateStart(req);
  return engine.transact(req.namespace, req.workflowId, async (wtx) => {
    const existing = await wtx.load();
    if (existing) {
      const s = existing.state;
      // A retried RPC with the same request id gets the run it created.
      if (s.startRequestId === req.requestId && req.requestId) return { runId: s.runId, started: true };
      if (s.status === 'Running') {
        const conflict =
          req.conflictPolicy || enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL;
        const terminateIfRunning =
          req.reusePolicy === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING;
        if (conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
          if (req.signal)
            signalRun(existing, req.signal.name, req.signal.input, req.signal.header, req.signal.identity);
          return { runId: s.runId, started: false };
        }
        if (
          conflict === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
          terminateIfRunning
        ) {
          terminateRun(
            engine,
            existing,
            'terminated by a new run with the same workflow id',
            undefined,
            req.identity,
          );
        } else {
          throw alreadyExists(
            `Workflow execution is already running. WorkflowId: ${req.workflowId}, RunId: ${s.runId}.`,
            s.startRequestId,
            s.runId,
          );
        }
      } else {
        const reuse = req.reusePolicy || enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
        const failedOnly =
          reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY;
        if (
          reuse === enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ||
          (failedOnly && (s.status === 'Completed' || s.status === 'ContinuedAsNew'))
        ) {
          throw alreadyExists(
            `Workflow execution already finished and Workflow ID reuse policy does not allow it. WorkflowId: ${req.workflowId}, RunId: ${s.runId}.`,
            s.startRequestId,
            s.runId,
          );
        }
      }
    }
    const tx = startRun(engine, wtx, req);
    const eagerWorkflowTask = req.startEager ? await req.startEager(wtx, tx) : undefined;
    return { runId: tx.runId, started: true, eagerWorkflowTask };
  });
}

function validateStart(req: StartRequest): void {
  if (!req.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!req.workflowType) throw invalidArgument('WorkflowType is not set on request.');
  if (!req.taskQueue) throw invalidArgument('TaskQueue is not set on request.');
  if (req.workflowId.length > 1000) throw invalidArgument('WorkflowId exceeds length limit.');
}

/** Writes WorkflowExecutionSignaled (buffered while a task runs) and schedules a workflow task. */
export async function signalWorkflow(
  engine: Engine,
  r: {
    namespace: string;
    workflowId: string;
    runId: string;
    name: string;
    input?: Payloads | null;
    header?: IHeader | null;
    identity: string;
    requestId: string;
  },
): Promise<void> {
  await engine.transact(r.namespace, r.workflowId, async (wtx) => {
    const tx = await wtx.mustLoad(r.runId);
    if (tx.state.status !== 'Running') throw workflowCompleted();
    if (r.requestId) {
      if (tx.state.signalRequestIds.includes(r.requestId)) return;
      tx.state.signalRequestIds = [...tx.state.signalRequestIds.slice(-99), r.requestId];
    }
    signalRun(tx, r.name, r.input, r.header, r.identity);
  });
}

export async function requestCancelWorkflow(
  engine: Engine,
  r: {
    namespace: string;
    workflowId: string;
    runId: string;
    identity: string;
    reason: string;
    requestId?: string;
  },
): Promise<void> {
  await engine.transact(r.namespace, r.workflowId, async (wtx) => {
    const tx = await wtx.mustLoad(r.runId);
    if (tx.state.status !== 'Running' || tx.state.cancelRequested) return;
    tx.state.cancelRequested = true;
    tx.addExternalEvent('WorkflowExecutionCancelRequested', { cause: r.reason, identity: r.identity });
  });
}

export async function terminateWorkflow(
  engine: Engine,
  r: {
    namespace: string;
    workflowId: string;
    runId: string;
    reason: string;
    details?: Payloads | null;
    identity: string;
  },
): Promise<void> {
  await engine.transact(r.namespace, r.workflowId, async (wtx) => {
    const tx = await wtx.mustLoad(r.runId);
    if (tx.state.status !== 'Running') throw workflowCompleted();
    terminateRun(engine, tx, r.reason, r.details, r.identity);
  });
}

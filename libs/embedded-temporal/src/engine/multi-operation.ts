/**
 * ExecuteMultiOperation: update-with-start, the only multi-operation Temporal offers. A StartWorkflow and an
 * UpdateWorkflow for the same workflow id run as one unit: either the update is admitted to the run that
 * the start found or created (in the same transaction, so the run's first workflow task already carries
 * the update), or nothing changes. Each operation's error is reported in a MultiOperationExecutionFailure,
 * the other operation marked aborted, as the real frontend and history service do.
 */
import { randomUUID } from 'node:crypto';
import { Metadata, status } from '@grpc/grpc-js';
import { alreadyExists, invalidArgument, notFound, ServiceError } from '../grpc/errors';
import { encodeMessage, enums, packAny, temporal } from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { admitUpdate, checkUpdateRequest, isUpdateAborted, knownUpdate, waitForStage } from './updates';
import { statusEnum } from './state';
import type { StartRequest } from './workflow-api';
import { startRun, terminateRun } from './workflows';

import wsv1 = temporal.api.workflowservice.v1;

const Conflict = enums.WorkflowIdConflictPolicy;
const Reuse = enums.WorkflowIdReusePolicy;
const Stage = enums.UpdateWorkflowExecutionLifecycleStage;

/** Stands for "this operation did not run because the other one failed". */
export const ABORTED = Symbol('aborted');
type OperationError = ServiceError | typeof ABORTED | null;

/**
 * The error of a multi-operation: the gRPC code is the first real (not aborted) operation error's code, and
 * the `MultiOperationExecutionFailure` detail holds one status per operation, which the SDK unpacks.
 */
export class MultiOperationError extends ServiceError {
  constructor(
    message: string,
    readonly operations: OperationError[],
  ) {
    const first = operations.find((e): e is ServiceError => e instanceof ServiceError);
    super(first?.code ?? status.ABORTED, message);
  }

  override metadata(): Metadata {
    const statuses = this.operations.map((e) => {
      if (e === null) return { code: status.OK, message: '', details: [] };
      if (e === ABORTED) {
        return {
          code: status.ABORTED,
          message: 'Operation was aborted.',
          details: [packAny('temporal.api.failure.v1.MultiOperationExecutionAborted', {})],
        };
      }
      const details = e.detail
        ? [packAny(`temporal.api.errordetails.v1.${e.detail.type}`, e.detail.value)]
        : [];
      return { code: e.code, message: e.message, details };
    });
    const md = new Metadata();
    const bytes = encodeMessage('google.rpc.Status', {
      code: this.code,
      message: this.message,
      details: [packAny('temporal.api.errordetails.v1.MultiOperationExecutionFailure', { statuses })],
    });
    md.set('grpc-status-details-bin', Buffer.from(bytes));
    return md;
  }
}

const FAILED = 'Update-with-Start could not be executed.';

function asServiceError(e: unknown): ServiceError {
  return e instanceof ServiceError
    ? e
    : new ServiceError(status.INTERNAL, String((e as Error)?.message ?? e));
}

/** Per-operation request checks (the frontend's); a failing operation aborts the other. */
function checkOperations(req: wsv1.IExecuteMultiOperationRequest): {
  start: wsv1.IStartWorkflowExecutionRequest;
  update: wsv1.IUpdateWorkflowExecutionRequest;
} {
  const ops = req.operations ?? [];
  if (ops.length !== 2 || !ops[0].startWorkflow || !ops[1].updateWorkflow) {
    throw invalidArgument('Operations have to be exactly [Start, Update].');
  }
  const start = ops[0].startWorkflow;
  const update = ops[1].updateWorkflow;
  const namespace = req.namespace ?? '';

  const startError = ((): ServiceError | null => {
    if (start.namespace && start.namespace !== namespace)
      return invalidArgument("Operation namespace did not match request's namespace.");
    if (!start.workflowId) return invalidArgument('WorkflowId is not set on request.');
    if (!start.workflowType?.name) return invalidArgument('WorkflowType is not set on request.');
    if (!start.taskQueue?.name) return invalidArgument('TaskQueue is not set on request.');
    if (start.cronSchedule) return invalidArgument('CronSchedule is not allowed.');
    if (start.requestEagerExecution) return invalidArgument('RequestEagerExecution is not supported.');
    const delay = start.workflowStartDelay;
    if (delay && (Number(delay.seconds ?? 0) > 0 || (delay.nanos ?? 0) > 0))
      return invalidArgument('WorkflowStartDelay is not supported.');
    return null;
  })();

  const updateError = ((): ServiceError | null => {
    if (update.namespace && update.namespace !== namespace)
      return invalidArgument("Operation namespace did not match request's namespace.");
    if (!update.workflowExecution) return invalidArgument('Execution is not set on request.');
    if (!update.workflowExecution.workflowId) return invalidArgument('WorkflowId is not set on request.');
    if (update.workflowExecution.runId) return invalidArgument('RunId is not allowed.');
    if (update.firstExecutionRunId) return invalidArgument('FirstExecutionRunId is not allowed.');
    if (!update.request?.meta) return invalidArgument('Update meta is not set on request.');
    if (!update.request.input) return invalidArgument('Update input is not set on request.');
    if (!update.request.input.name) return invalidArgument('Update name is not set on request.');
    const stage = update.waitPolicy?.lifecycleStage ?? 0;
    if (stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
      return new ServiceError(
        status.PERMISSION_DENIED,
        'UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.',
      );
    }
    if (start.workflowId && update.workflowExecution.workflowId !== start.workflowId)
      return invalidArgument('WorkflowId is not consistent with previous operation(s).');
    return null;
  })();

  if (startError || updateError) {
    throw new MultiOperationError(FAILED, [startError ?? ABORTED, updateError ?? ABORTED]);
  }
  // Defaults the real frontend fills in: an update id, and waiting for completion.
  const meta = update.request!.meta!;
  if (!meta.updateId) meta.updateId = randomUUID();
  update.waitPolicy = {
    lifecycleStage:
      update.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
  };
  return { start, update };
}

interface Admitted {
  runId: string;
  started: boolean;
  /** The run's status, when an update with this id had already completed (a retried request). */
  completedStatus?: number;
}

/**
 * Inside one transaction: find the update (a retry), or use the running workflow the start policy lets us
 * use, or start a new run (after terminating the old one if the policy says so), and admit the update.
 * Start errors abort the update and vice versa; any error rolls the whole transaction back.
 */
async function admitWithStart(
  engine: Engine,
  wtx: WorkflowTransaction,
  start: StartRequest,
  update: wsv1.IUpdateWorkflowExecutionRequest,
  updateId: string,
): Promise<Admitted> {
  const updateOn = async (tx: ExecutionTx): Promise<void> => {
    try {
      await admitUpdate(wtx, tx, update.request!, updateId);
    } catch (e) {
      throw new MultiOperationError(FAILED, [ABORTED, asServiceError(e)]);
    }
  };
  const existing = await wtx.load();
  if (existing) {
    const s = existing.state;
    const known = await knownUpdate(engine, wtx.db, s, updateId);
    if (known?.stage === 'completed') {
      return { runId: s.runId, started: false, completedStatus: statusEnum(s.status) };
    }
    if (s.status === 'Running') {
      const sameStart = !!start.requestId && s.startRequestId === start.requestId;
      if (sameStart || known || start.conflictPolicy === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
        await updateOn(existing);
        return { runId: s.runId, started: false };
      }
      const terminate =
        start.conflictPolicy === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
        start.reusePolicy === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING;
      if (!terminate) {
        throw new MultiOperationError(FAILED, [
          alreadyExists(
            `Workflow execution is already running. WorkflowId: ${start.workflowId}, RunId: ${s.runId}.`,
            s.startRequestId,
            s.runId,
          ),
          ABORTED,
        ]);
      }
      terminateRun(
        engine,
        existing,
        'terminated by a new run with the same workflow id',
        undefined,
        start.identity,
      );
    } else {
      const reuse = start.reusePolicy || Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
      const refused =
        reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE ||
        (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
          (s.status === 'Completed' || s.status === 'ContinuedAsNew'));
      if (refused) {
        throw new MultiOperationError(FAILED, [
          alreadyExists(
            `Workflow execution already finished and Workflow ID reuse policy does not allow it. WorkflowId: ${start.workflowId}, RunId: ${s.runId}.`,
            s.startRequestId,
            s.runId,
          ),
          ABORTED,
        ]);
      }
    }
  }
  let tx: ExecutionTx;
  try {
    tx = startRun(engine, wtx, start);
  } catch (e) {
    throw new MultiOperationError(FAILED, [asServiceError(e), ABORTED]);
  }
  await updateOn(tx);
  return { runId: tx.runId, started: true };
}

export async function executeMultiOperation(
  engine: Engine,
  req: wsv1.IExecuteMultiOperationRequest,
  toStartRequest: (start: wsv1.IStartWorkflowExecutionRequest) => StartRequest,
  waitMs: number,
  signal: AbortSignal,
): Promise<wsv1.IExecuteMultiOperationResponse> {
  const { start, update } = checkOperations(req);
  const startRequest = toStartRequest({ ...start, namespace: req.namespace });
  const { updateId, wanted } = checkUpdateRequest(update);
  const namespace = startRequest.namespace;
  const workflowId = startRequest.workflowId;

  // An update admitted to a running workflow that then closes before accepting it is aborted; since this
  // request may start a workflow, it is tried once more (it then starts a new run), as the real server does.
  // An update lost with the run's in-memory state (updates.ts, updateAborted) is admitted again the same way;
  // the start then finds its own run by request id.
  let startedHere = false;
  for (let attempt = 1; ; attempt++) {
    const admitted = await engine.transact(namespace, workflowId, (wtx) =>
      admitWithStart(engine, wtx, startRequest, update, updateId),
    );
    startedHere ||= admitted.started;
    const startResponse: wsv1.IStartWorkflowExecutionResponse = {
      runId: admitted.runId,
      started: startedHere,
      status: admitted.completedStatus ?? enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    };
    let updateResponse: wsv1.IUpdateWorkflowExecutionResponse;
    try {
      updateResponse = await waitForStage(
        engine,
        namespace,
        workflowId,
        admitted.runId,
        updateId,
        admitted.completedStatus ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED : wanted,
        waitMs,
        signal,
        true,
      );
    } catch (e) {
      const closedBeforeAccepting = e instanceof ServiceError && e.code === status.NOT_FOUND;
      if (closedBeforeAccepting && !admitted.started && attempt === 1) continue;
      if (isUpdateAborted(e) && attempt < 3 && !signal.aborted && !engine.notifier.stopped) continue;
      const error = closedBeforeAccepting
        ? notFound('workflow update was aborted by closing workflow')
        : asServiceError(e);
      // The start half succeeded when this request created the run.
      throw new MultiOperationError(FAILED, [startedHere ? null : ABORTED, error]);
    }
    return {
      responses: [{ startWorkflow: startResponse }, { updateWorkflow: updateResponse }],
    };
  }
}

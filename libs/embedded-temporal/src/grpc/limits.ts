/**
 * The Go server's default limits (dynamic config defaults in `common/dynamicconfig/constants.go`) and the
 * frontend's checks of them, with its error codes and messages: id lengths (`limit.maxIDLength`), payload
 * size (`limit.blobSize.error`), memo size (`limit.memoSize.error`). Checked before a request reaches the
 * engine, so an over-long id is refused instead of being stored (an update-with-start on it then waited
 * forever). Limits that depend on a run's state (in-flight updates, history size) live in the engine and
 * import their numbers from here.
 */
import { encodeMessage, T, temporal } from '../proto';
import { invalidArgument, type ServiceError } from './errors';
import { ABORTED, MultiOperationError } from '../engine/multi-operation';
import { LIMITS } from '../limits';
import type { Handler } from './call-context';

export { LIMITS };

import wsv1 = temporal.api.workflowservice.v1;

type Check = string | null;

const tooLong = (value: string | null | undefined, what: string): Check =>
  (value?.length ?? 0) > LIMITS.maxIdLength ? `${what} exceeds length limit.` : null;

const sizeOf = (typeName: string, value: object | null | undefined) =>
  value ? encodeMessage(typeName, value).length : 0;

const blobTooLarge = (payloads: temporal.api.common.v1.IPayloads | null | undefined): Check =>
  sizeOf(T.Payloads, payloads) > LIMITS.blobSizeBytes ? 'Blob data size exceeds limit.' : null;

const memoTooLarge = (memo: temporal.api.common.v1.IMemo | null | undefined): Check =>
  sizeOf(T.Memo, memo) > LIMITS.memoSizeBytes ? 'Memo size exceeds limit.' : null;

const first = (...checks: Check[]): Check => checks.find((c) => c !== null) ?? null;

function startChecks(
  r: wsv1.IStartWorkflowExecutionRequest | wsv1.ISignalWithStartWorkflowExecutionRequest,
): Check {
  return first(
    tooLong(r.workflowId, 'WorkflowId'),
    tooLong(r.workflowType?.name, 'WorkflowType'),
    tooLong(r.taskQueue?.name, 'TaskQueue'),
    tooLong(r.requestId, 'RequestId'),
    blobTooLarge(r.input),
    memoTooLarge(r.memo),
  );
}

const CHECKS: Record<string, (r: never) => Check> = {
  StartWorkflowExecution: startChecks,
  SignalWithStartWorkflowExecution: (r: wsv1.ISignalWithStartWorkflowExecutionRequest) =>
    first(startChecks(r), tooLong(r.signalName, 'SignalName'), blobTooLarge(r.signalInput)),
  SignalWorkflowExecution: (r: wsv1.ISignalWorkflowExecutionRequest) =>
    first(
      tooLong(r.workflowExecution?.workflowId, 'WorkflowId'),
      tooLong(r.signalName, 'SignalName'),
      tooLong(r.requestId, 'RequestId'),
      blobTooLarge(r.input),
    ),
  UpdateWorkflowExecution: (r: wsv1.IUpdateWorkflowExecutionRequest) =>
    first(
      tooLong(r.workflowExecution?.workflowId, 'WorkflowId'),
      tooLong(r.request?.meta?.updateId, 'UpdateId'),
      tooLong(r.request?.input?.name, 'UpdateName'),
      blobTooLarge(r.request?.input?.args),
    ),
  QueryWorkflow: (r: wsv1.IQueryWorkflowRequest) =>
    first(tooLong(r.execution?.workflowId, 'WorkflowId'), blobTooLarge(r.query?.queryArgs)),
  RequestCancelWorkflowExecution: (r: wsv1.IRequestCancelWorkflowExecutionRequest) =>
    tooLong(r.workflowExecution?.workflowId, 'WorkflowId'),
  TerminateWorkflowExecution: (r: wsv1.ITerminateWorkflowExecutionRequest) =>
    first(tooLong(r.workflowExecution?.workflowId, 'WorkflowId'), blobTooLarge(r.details)),
  RespondActivityTaskCompleted: (r: wsv1.IRespondActivityTaskCompletedRequest) => blobTooLarge(r.result),
  RespondActivityTaskCompletedById: (r: wsv1.IRespondActivityTaskCompletedByIdRequest) =>
    blobTooLarge(r.result),
  RecordActivityTaskHeartbeat: (r: wsv1.IRecordActivityTaskHeartbeatRequest) => blobTooLarge(r.details),
  RecordActivityTaskHeartbeatById: (r: wsv1.IRecordActivityTaskHeartbeatByIdRequest) =>
    blobTooLarge(r.details),
};

/** Wraps the handlers so that each request is checked against the limits first. */
export function enforceLimits(handlers: Record<string, Handler>): Record<string, Handler> {
  const wrapped: Record<string, Handler> = { ...handlers };
  for (const [method, check] of Object.entries(CHECKS)) {
    const inner = handlers[method];
    if (!inner) continue;
    wrapped[method] = async (req, ctx) => {
      const problem = check(req);
      if (problem) throw invalidArgument(problem);
      return inner(req, ctx);
    };
  }
  const multi = handlers.ExecuteMultiOperation;
  if (multi) {
    // Update-with-start: the failing operation carries the error, the other is aborted (as the frontend).
    wrapped.ExecuteMultiOperation = async (req, ctx) => {
      const r = req as wsv1.IExecuteMultiOperationRequest;
      const ops = r.operations ?? [];
      const errors: (ServiceError | typeof ABORTED)[] = ops.map(() => ABORTED);
      let failed = false;
      ops.forEach((op, i) => {
        const problem = op.startWorkflow
          ? startChecks(op.startWorkflow)
          : op.updateWorkflow
            ? CHECKS.UpdateWorkflowExecution(op.updateWorkflow as never)
            : null;
        if (problem && !failed) {
          errors[i] = invalidArgument(problem);
          failed = true;
        }
      });
      if (failed) throw new MultiOperationError('Update-with-Start could not be executed.', errors);
      return multi(req, ctx);
    };
  }
  return wrapped;
}

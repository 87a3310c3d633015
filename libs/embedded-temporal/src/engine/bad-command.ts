/**
 * A command the server refuses fails the whole workflow task, as the Go server's workflowTaskCompletedHandler
 * does (failWorkflowTaskOnInvalidArgument, then api.go failWorkflowTask): nothing of the completion is kept
 * (its transaction is abandoned before it writes), WorkflowTaskFailed is written with the command's cause and a
 * server failure, a new attempt is scheduled, and the worker's RespondWorkflowTaskCompleted gets
 * INVALID_ARGUMENT. A task already past its first attempt is only answered so (GS: "drop this workflow task if
 * it keeps failing"), so that a worker that sends the same bad command every time waits for the task's
 * timeout instead of spinning.
 *
 * Thrown by the command handlers that check what GS's mutable state checks: a CancelTimer of a timer that is
 * neither pending nor fired during the task (AddTimerCanceledEvent), a RequestCancelActivityTask of an
 * activity that is neither pending nor finished during the task, or already asked to cancel
 * (AddActivityTaskCancelRequestedEvent).
 */
import { invalidArgument } from '../grpc/errors';
import { enums, type temporal } from '../proto';
import type { Engine } from './engine';
import { decodeToken } from './task-token';

export type WorkflowTaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

export class BadCommandError extends Error {
  override readonly name = 'BadCommandError';
  constructor(
    readonly failedCause: WorkflowTaskFailedCause,
    /** GS's mutable state wording: "invalid history builder state for action: <action>, <details>". */
    detail: string,
  ) {
    // GS workflowTaskFailedCause.Message(): the cause's name, then the error.
    super(`${enums.WorkflowTaskFailedCause[failedCause]}: ${detail}`);
  }
}

/** GS mutableStateInvalidHistoryActionMsgTemplate. */
export function invalidHistoryAction(action: string, details: string): string {
  return `invalid history builder state for action: ${action}, ${details}`;
}

/**
 * Runs a workflow task's completion; when one of its commands is refused, fails the task instead (see above)
 * and answers INVALID_ARGUMENT with the cause and the reason.
 */
export async function failingOnBadCommand<R>(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest,
  complete: () => Promise<R>,
  fail: (req: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest) => Promise<void>,
): Promise<R> {
  try {
    return await complete();
  } catch (error) {
    if (!(error instanceof BadCommandError)) throw error;
    if (decodeToken(req.taskToken, 'w').a <= 1) {
      await fail({
        taskToken: req.taskToken,
        cause: error.failedCause,
        failure: { message: error.message, serverFailureInfo: { nonRetryable: false } },
        identity: req.identity ?? '',
        binaryChecksum: req.binaryChecksum ?? '',
      });
    }
    throw invalidArgument(error.message);
  }
}

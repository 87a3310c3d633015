/**
 * Errors as Temporal's frontend returns them: a gRPC status code, a message, and optionally a typed
 * `temporal.api.errordetails.v1.*` detail in the `grpc-status-details-bin` trailer, which the SDK uses to
 * pick its error class (WorkflowExecutionAlreadyStartedError, NamespaceNotFoundError, ...).
 */
import { Metadata, status } from '@grpc/grpc-js';
import { encodeMessage, packAny } from '../proto';

export { status as GrpcStatus };

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: status,
    message: string,
    readonly detail?: { type: string; value: object },
  ) {
    super(message);
  }

  /** The google.rpc.Status of this error (the HTTP API's error body). */
  statusProto(): { code: number; message: string; details: object[] } {
    return {
      code: this.code,
      message: this.message,
      details: this.detail
        ? [packAny(`temporal.api.errordetails.v1.${this.detail.type}`, this.detail.value)]
        : [],
    };
  }

  /** The trailer metadata carrying a google.rpc.Status with the typed detail. */
  metadata(): Metadata | undefined {
    if (!this.detail) return undefined;
    const md = new Metadata();
    md.set('grpc-status-details-bin', Buffer.from(encodeMessage('google.rpc.Status', this.statusProto())));
    return md;
  }
}

export const notFound = (message: string) =>
  new ServiceError(status.NOT_FOUND, message, { type: 'NotFoundFailure', value: {} });
export const invalidArgument = (message: string) => new ServiceError(status.INVALID_ARGUMENT, message);
export const failedPrecondition = (message: string) => new ServiceError(status.FAILED_PRECONDITION, message);
export const alreadyExists = (message: string, startRequestId: string, runId: string) =>
  new ServiceError(status.ALREADY_EXISTS, message, {
    type: 'WorkflowExecutionAlreadyStartedFailure',
    value: { startRequestId, runId },
  });
export const namespaceNotFound = (namespace: string) =>
  new ServiceError(status.NOT_FOUND, `Namespace ${namespace} is not found.`, {
    type: 'NamespaceNotFoundFailure',
    value: { namespace },
  });
export const workflowCompleted = () => notFound('workflow execution already completed');
/** GS serviceerror.NewWorkflowNotReady: FAILED_PRECONDITION with a WorkflowNotReadyFailure detail. */
export const workflowNotReady = (message: string) =>
  new ServiceError(status.FAILED_PRECONDITION, message, { type: 'WorkflowNotReadyFailure', value: {} });

/** An RPC this server does not serve; the message names it (and the reason, when it is documented). */
export const unimplemented = (method: string, reason?: string) =>
  new ServiceError(
    status.UNIMPLEMENTED,
    `${method} is not implemented by this server${reason ? `: ${reason}` : ''}`,
  );

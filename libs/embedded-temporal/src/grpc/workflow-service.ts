/**
 * WorkflowService handlers: request validation and mapping onto the engine. Each handler gets the decoded
 * request and a context (call-context.ts); it returns the response object or throws a ServiceError. Here:
 * the system info and the RPCs of clients on workflows (start, signal, cancel, terminate, reset, describe,
 * history, query, update, visibility); namespaces (namespace-handlers.ts), workers' tasks
 * (worker-task-handlers.ts) and activity control (activity-control.ts) have files of their own.
 */
import type { Engine, WorkflowTransaction } from '../engine/engine';
import type { ExecutionTx } from '../engine/execution-tx';
import { getHistory } from '../engine/history';
import { queryWorkflow } from '../engine/queries';
import { resetWorkflow } from '../engine/reset';
import { executeMultiOperation } from '../engine/multi-operation';
import { pollWorkflowUpdate, updateWorkflow } from '../engine/updates';
import { countWorkflows, describeWorkflow, listWorkflows } from '../engine/visibility';
import { startEagerWorkflowTask } from '../engine/workflow-tasks';
import {
  requestCancelWorkflow,
  signalWorkflow,
  type StartRequest,
  startWorkflow,
  terminateWorkflow,
} from '../engine/workflow-api';
import { enums, msFromDur, temporal } from '../proto';
import { activityControlHandlers } from './activity-control';
import { type CallContext, type Handler, waitBudget } from './call-context';
import { invalidArgument } from './errors';
import { namespaceHandlers } from './namespace-handlers';
import { workerTaskHandlers } from './worker-task-handlers';

import wsv1 = temporal.api.workflowservice.v1;

/** The Temporal server version this server answers as (GetSystemInfo, GetClusterInfo). */
export const SERVER_VERSION = '1.28.0';

export function workflowServiceHandlers(engine: Engine): Record<string, Handler> {
  const ns = (name: string | null | undefined) => {
    if (!name) throw invalidArgument('Namespace not set on request.');
    engine.namespaces.get(name);
    return name;
  };

  const startRequest = (
    r: wsv1.IStartWorkflowExecutionRequest | wsv1.ISignalWithStartWorkflowExecutionRequest,
  ): StartRequest => ({
    namespace: ns(r.namespace),
    workflowId: r.workflowId ?? '',
    workflowType: r.workflowType?.name ?? '',
    taskQueue: r.taskQueue?.name ?? '',
    input: r.input,
    executionTimeoutMs: msFromDur(r.workflowExecutionTimeout),
    runTimeoutMs: msFromDur(r.workflowRunTimeout),
    taskTimeoutMs: msFromDur(r.workflowTaskTimeout),
    identity: r.identity ?? '',
    requestId: r.requestId ?? '',
    memo: r.memo,
    searchAttributes: r.searchAttributes,
    header: r.header,
    retryPolicy: r.retryPolicy,
    cronSchedule: r.cronSchedule ?? undefined,
    firstWftBackoffMs: msFromDur(r.workflowStartDelay),
    reusePolicy: r.workflowIdReusePolicy ?? 0,
    conflictPolicy: r.workflowIdConflictPolicy ?? 0,
    userMetadata: r.userMetadata,
    priority: r.priority,
  });

  const handlers: Record<string, (req: never, ctx: CallContext) => Promise<object>> = {
    GetSystemInfo: async () => ({
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: true,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
      },
    }),

    StartWorkflowExecution: async (r: wsv1.IStartWorkflowExecutionRequest) => {
      const eager = r.requestEagerExecution
        ? {
            startEager: (wtx: WorkflowTransaction, tx: ExecutionTx) =>
              startEagerWorkflowTask(engine, wtx, tx, r.identity ?? ''),
          }
        : {};
      const res = await startWorkflow(engine, { ...startRequest(r), ...eager });
      return { runId: res.runId, started: res.started, eagerWorkflowTask: res.eagerWorkflowTask };
    },

    SignalWithStartWorkflowExecution: async (r: wsv1.ISignalWithStartWorkflowExecutionRequest) => {
      const base = startRequest(r);
      const signal = {
        name: r.signalName ?? '',
        input: r.signalInput,
        header: r.header,
        identity: r.identity ?? '',
      };
      // A running workflow is signalled unless the conflict policy says to fail or to replace it.
      const conflict =
        base.conflictPolicy === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL ||
        base.conflictPolicy === enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING
          ? base.conflictPolicy
          : enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING;
      const res = await startWorkflow(engine, { ...base, conflictPolicy: conflict, signal });
      return { runId: res.runId, started: res.started };
    },

    SignalWorkflowExecution: async (r: wsv1.ISignalWorkflowExecutionRequest) => {
      await signalWorkflow(engine, {
        namespace: ns(r.namespace),
        workflowId: r.workflowExecution?.workflowId ?? '',
        runId: r.workflowExecution?.runId ?? '',
        name: r.signalName ?? '',
        input: r.input,
        header: r.header,
        identity: r.identity ?? '',
        requestId: r.requestId ?? '',
      });
      return {};
    },

    RequestCancelWorkflowExecution: async (r: wsv1.IRequestCancelWorkflowExecutionRequest) => {
      await requestCancelWorkflow(engine, {
        namespace: ns(r.namespace),
        workflowId: r.workflowExecution?.workflowId ?? '',
        runId: r.workflowExecution?.runId ?? '',
        identity: r.identity ?? '',
        reason: r.reason ?? '',
      });
      return {};
    },

    TerminateWorkflowExecution: async (r: wsv1.ITerminateWorkflowExecutionRequest) => {
      await terminateWorkflow(engine, {
        namespace: ns(r.namespace),
        workflowId: r.workflowExecution?.workflowId ?? '',
        runId: r.workflowExecution?.runId ?? '',
        reason: r.reason ?? '',
        details: r.details,
        identity: r.identity ?? '',
      });
      return {};
    },

    ResetWorkflowExecution: async (r: wsv1.IResetWorkflowExecutionRequest) =>
      resetWorkflow(engine, ns(r.namespace), r),

    DescribeWorkflowExecution: async (r: wsv1.IDescribeWorkflowExecutionRequest) =>
      describeWorkflow(engine, ns(r.namespace), r.execution?.workflowId ?? '', r.execution?.runId ?? ''),

    GetWorkflowExecutionHistory: async (r: wsv1.IGetWorkflowExecutionHistoryRequest, ctx) => {
      ns(r.namespace);
      return getHistory(engine, r, waitBudget(ctx, 20_000), ctx.signal);
    },

    QueryWorkflow: async (r: wsv1.IQueryWorkflowRequest, ctx) => {
      ns(r.namespace);
      return queryWorkflow(engine, r, waitBudget(ctx, 30_000), ctx.signal);
    },

    UpdateWorkflowExecution: async (r: wsv1.IUpdateWorkflowExecutionRequest, ctx) => {
      ns(r.namespace);
      return updateWorkflow(engine, r, waitBudget(ctx, 10_000), ctx.signal);
    },

    // Update-with-start: [StartWorkflow, UpdateWorkflow] as one unit.
    ExecuteMultiOperation: async (r: wsv1.IExecuteMultiOperationRequest, ctx) => {
      ns(r.namespace);
      return executeMultiOperation(engine, r, startRequest, waitBudget(ctx, 10_000), ctx.signal);
    },

    PollWorkflowExecutionUpdate: async (r: wsv1.IPollWorkflowExecutionUpdateRequest, ctx) => {
      ns(r.namespace);
      return pollWorkflowUpdate(engine, r, waitBudget(ctx, 10_000), ctx.signal);
    },

    ListWorkflowExecutions: async (r: wsv1.IListWorkflowExecutionsRequest) => {
      ns(r.namespace);
      return listWorkflows(engine, r);
    },

    ScanWorkflowExecutions: async (r: wsv1.IScanWorkflowExecutionsRequest) => {
      ns(r.namespace);
      return listWorkflows(engine, r);
    },

    CountWorkflowExecutions: async (r: wsv1.ICountWorkflowExecutionsRequest) => {
      ns(r.namespace);
      return countWorkflows(engine, r);
    },
  };
  return {
    ...handlers,
    ...namespaceHandlers(engine),
    ...workerTaskHandlers(engine, ns),
    ...activityControlHandlers(engine, ns),
  } as Record<string, Handler>;
}

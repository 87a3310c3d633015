/**
 * WorkflowService and OperatorService handlers: request validation and mapping onto the engine. Each
 * handler gets the decoded request and a context (cancellation signal, time left before the caller's
 * deadline); it returns the response object or throws a ServiceError.
 */
import { status } from '@grpc/grpc-js';
import {
  activityRefFromId,
  cancelActivity,
  completeActivity,
  failActivity,
  heartbeatActivity,
  pollActivityTask,
} from '../engine/activities';
import { failingOnBadCommand } from '../engine/bad-command';
import type { Engine, WorkflowTransaction } from '../engine/engine';
import type { ExecutionTx } from '../engine/execution-tx';
import { getHistory } from '../engine/history';
import { SEARCH_ATTRIBUTE_TYPES, type SearchAttributeType, SYSTEM_ATTRIBUTES } from '../engine/namespaces';
import { queryWorkflow } from '../engine/queries';
import { resetWorkflow } from '../engine/reset';
import { executeMultiOperation } from '../engine/multi-operation';
import { decodeToken } from '../engine/task-token';
import { unstickingOnFailure } from '../engine/speculative-failure';
import { resetStickyTaskQueue, shutdownStickyQueue } from '../engine/sticky';
import { pollWorkflowUpdate, updateWorkflow } from '../engine/updates';
import { countWorkflows, describeWorkflow, listWorkflows } from '../engine/visibility';
import { completeWorkflowTask } from '../engine/workflow-task-completion';
import {
  failWorkflowTask,
  LONG_POLL_MS,
  pollWorkflowTask,
  startEagerWorkflowTask,
} from '../engine/workflow-tasks';
import {
  requestCancelWorkflow,
  signalWorkflow,
  type StartRequest,
  startWorkflow,
  terminateWorkflow,
} from '../engine/workflow-api';
import { durFromMs, enums, msFromDur, temporal } from '../proto';
import { activityControlHandlers } from './activity-control';
import { invalidArgument, notFound, ServiceError } from './errors';

import wsv1 = temporal.api.workflowservice.v1;

export interface CallContext {
  signal: AbortSignal;
  /** Milliseconds until the caller's deadline (Infinity when none). */
  timeLeftMs(): number;
}

export type Handler = (req: never, ctx: CallContext) => Promise<object>;

/** Long operations answer a little before the caller's deadline so that the answer arrives. */
function waitBudget(ctx: CallContext, cap: number): number {
  return Math.max(0, Math.min(cap, ctx.timeLeftMs() - 1000));
}

/** The Temporal server version this server answers as (GetSystemInfo, GetClusterInfo). */
export const SERVER_VERSION = '1.28.0';

const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  Text: enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: enums.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

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

    DescribeNamespace: async (r: wsv1.IDescribeNamespaceRequest) => {
      const info = r.namespace
        ? engine.namespaces.get(r.namespace)
        : engine.namespaces.all().find((n) => n.id === r.id);
      if (!info) throw notFound(`Namespace ${r.id ?? ''} is not found.`);
      return namespaceDescription(info);
    },

    ListNamespaces: async () => ({
      namespaces: engine.namespaces.all().map(namespaceDescription),
      nextPageToken: Buffer.alloc(0),
    }),

    RegisterNamespace: async (r: wsv1.IRegisterNamespaceRequest) => {
      if (!r.namespace) throw invalidArgument('Namespace not set on request.');
      const retention = msFromDur(r.workflowExecutionRetentionPeriod) || 86_400_000;
      const created = await engine.namespaces.register(r.namespace, r.description ?? '', retention);
      if (!created)
        throw new ServiceError(status.ALREADY_EXISTS, 'Namespace already exists.', {
          type: 'NamespaceAlreadyExistsFailure',
          value: {},
        });
      return {};
    },

    GetSearchAttributes: async () => ({
      keys: Object.fromEntries(
        Object.entries({ ...SYSTEM_ATTRIBUTES, ...customAttributes(engine, 'default') }).map(([k, v]) => [
          k,
          INDEXED_VALUE_TYPE[v],
        ]),
      ),
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

    // A worker polls its normal queue and its own sticky queue alike (the name tells them apart).
    PollWorkflowTaskQueue: async (r: wsv1.IPollWorkflowTaskQueueRequest, ctx) =>
      pollWorkflowTask(
        engine,
        ns(r.namespace),
        r.taskQueue?.name ?? '',
        r.identity ?? '',
        waitBudget(ctx, LONG_POLL_MS),
        ctx.signal,
      ),

    // A command the server refuses (engine/bad-command.ts) fails the task instead; a speculative task whose
    // completion failed otherwise unbinds its run (engine/speculative-failure.ts).
    RespondWorkflowTaskCompleted: async (r: wsv1.IRespondWorkflowTaskCompletedRequest) =>
      unstickingOnFailure(r, engine, () =>
        failingOnBadCommand(
          engine,
          r,
          () => completeWorkflowTask(engine, r),
          (failed) => failWorkflowTask(engine, failed),
        ),
      ),

    RespondWorkflowTaskFailed: async (r: wsv1.IRespondWorkflowTaskFailedRequest) => {
      await failWorkflowTask(engine, r);
      return {};
    },

    PollActivityTaskQueue: async (r: wsv1.IPollActivityTaskQueueRequest, ctx) =>
      pollActivityTask(
        engine,
        ns(r.namespace),
        r.taskQueue?.name ?? '',
        r.identity ?? '',
        waitBudget(ctx, LONG_POLL_MS),
        ctx.signal,
      ),

    RespondActivityTaskCompleted: async (r: wsv1.IRespondActivityTaskCompletedRequest) => {
      await completeActivity(engine, { token: r.taskToken }, r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCompletedById: async (r: wsv1.IRespondActivityTaskCompletedByIdRequest) => {
      await completeActivity(engine, activityRefFromId(ns(r.namespace), r), r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed: async (r: wsv1.IRespondActivityTaskFailedRequest) => {
      await failActivity(engine, { token: r.taskToken }, r.failure, r.lastHeartbeatDetails, r.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskFailedById: async (r: wsv1.IRespondActivityTaskFailedByIdRequest) => {
      await failActivity(
        engine,
        activityRefFromId(ns(r.namespace), r),
        r.failure,
        r.lastHeartbeatDetails,
        r.identity ?? '',
      );
      return { failures: [] };
    },
    RespondActivityTaskCanceled: async (r: wsv1.IRespondActivityTaskCanceledRequest) => {
      await cancelActivity(engine, { token: r.taskToken }, r.details, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceledById: async (r: wsv1.IRespondActivityTaskCanceledByIdRequest) => {
      await cancelActivity(engine, activityRefFromId(ns(r.namespace), r), r.details, r.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeat: async (r: wsv1.IRecordActivityTaskHeartbeatRequest) =>
      heartbeatActivity(engine, { token: r.taskToken }, r.details),
    RecordActivityTaskHeartbeatById: async (r: wsv1.IRecordActivityTaskHeartbeatByIdRequest) =>
      heartbeatActivity(engine, activityRefFromId(ns(r.namespace), r), r.details),

    QueryWorkflow: async (r: wsv1.IQueryWorkflowRequest, ctx) => {
      ns(r.namespace);
      return queryWorkflow(engine, r, waitBudget(ctx, 30_000), ctx.signal);
    },

    RespondQueryTaskCompleted: async (r: wsv1.IRespondQueryTaskCompletedRequest) => {
      const token = decodeToken(r.taskToken, 'q');
      const answered = engine.queries.answerLegacy(token.q ?? '', {
        resultType:
          r.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
            ? enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
            : enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
        answer: r.queryResult,
        errorMessage: r.errorMessage,
        failure: r.failure,
      });
      if (!answered) throw notFound('query not found: it may have timed out');
      return {};
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

    ShutdownWorker: async (r: wsv1.IShutdownWorkerRequest) => {
      await shutdownStickyQueue(engine, ns(r.namespace), r.stickyTaskQueue ?? '');
      return {};
    },
    ResetStickyTaskQueue: async (r: wsv1.IResetStickyTaskQueueRequest) => {
      await resetStickyTaskQueue(
        engine,
        ns(r.namespace),
        r.execution?.workflowId ?? '',
        r.execution?.runId ?? '',
      );
      return {};
    },
  };
  return { ...handlers, ...activityControlHandlers(engine, ns) } as Record<string, Handler>;
}

function customAttributes(engine: Engine, namespace: string): Record<string, SearchAttributeType> {
  return engine.namespaces.has(namespace)
    ? Object.fromEntries(engine.namespaces.get(namespace).searchAttributes)
    : {};
}

function namespaceDescription(info: { name: string; id: string; description: string; retentionMs: number }) {
  return {
    namespaceInfo: {
      name: info.name,
      state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: info.description,
      id: info.id,
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerHeartbeats: false,
        pollerAutoscaling: false,
        workerPollCompleteOnShutdown: false,
      },
      supportsSchedules: true,
    },
    config: {
      workflowExecutionRetentionTtl: durFromMs(info.retentionMs),
      historyArchivalState: 1,
      visibilityArchivalState: 1,
    },
    isGlobalNamespace: false,
    failoverVersion: 0,
  };
}

export function operatorServiceHandlers(engine: Engine): Record<string, Handler> {
  const typeByEnum = new Map(
    Object.entries(INDEXED_VALUE_TYPE).map(([k, v]) => [v, k as SearchAttributeType]),
  );
  const handlers: Record<string, (req: never, ctx: CallContext) => Promise<object>> = {
    AddSearchAttributes: async (r: temporal.api.operatorservice.v1.IAddSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const attributes: Record<string, SearchAttributeType> = {};
      for (const [name, type] of Object.entries(r.searchAttributes ?? {})) {
        const t = typeByEnum.get(type);
        if (!t || !SEARCH_ATTRIBUTE_TYPES.includes(t))
          throw invalidArgument(`Unknown search attribute type ${type} for ${name}.`);
        if (SYSTEM_ATTRIBUTES[name]) throw invalidArgument(`Search attribute ${name} is reserved by system.`);
        attributes[name] = t;
      }
      await engine.namespaces.addSearchAttributes(namespace, attributes);
      return {};
    },
    RemoveSearchAttributes: async (r: temporal.api.operatorservice.v1.IRemoveSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const known = engine.namespaces.get(namespace).searchAttributes;
      for (const name of r.searchAttributes ?? []) {
        if (!known.has(name)) throw notFound(`Search attribute ${name} doesn't exist.`);
      }
      await engine.namespaces.removeSearchAttributes(namespace, r.searchAttributes ?? []);
      return {};
    },
    ListSearchAttributes: async (r: temporal.api.operatorservice.v1.IListSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const custom = customAttributes(engine, namespace);
      const toEnum = (m: Record<string, SearchAttributeType>) =>
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, INDEXED_VALUE_TYPE[v]]));
      return {
        customAttributes: toEnum(custom),
        systemAttributes: toEnum(SYSTEM_ATTRIBUTES),
        storageSchema: {},
      };
    },
  };
  return handlers as Record<string, Handler>;
}

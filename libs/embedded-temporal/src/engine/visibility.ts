/**
 * DescribeWorkflowExecution (from the run's state) and List / Count (from `temporal.executions_visibility`
 * through the visibility query translator).
 */
import { invalidArgument } from '../grpc/errors';
import {
  decodeMessage,
  durFromMs,
  enums,
  type Failure,
  fromB64,
  type Payloads,
  T,
  type temporal,
  tsFromMs,
} from '../proto';
import { InvalidVisibilityQueryError, translateVisibilityQuery } from '../visibility/query';
import type { Engine } from './engine';
import { resetPointsMessage } from './reset-points';
import { type ExecutionState, type ExecutionStatus, STATUSES_IN_ENUM_ORDER, statusEnum } from './state';

type IExecutionInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;

export async function describeWorkflow(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<object> {
  const s = await engine.loadState(namespace, workflowId, runId);
  const P = enums.PendingActivityState;
  // Static summary and details live on the start event only (GS describeworkflow reads it from there).
  const started = await engine.readEvent(s.runId, 1);
  return {
    executionConfig: {
      taskQueue: { name: s.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      workflowExecutionTimeout: durFromMs(s.executionTimeoutMs),
      workflowRunTimeout: durFromMs(s.runTimeoutMs),
      defaultWorkflowTaskTimeout: durFromMs(s.wftTimeoutMs),
      userMetadata: started.userMetadata ?? undefined,
    },
    workflowExecutionInfo: {
      ...executionInfo(s),
      priority: s.priority,
      autoResetPoints: resetPointsMessage(s.autoResetPoints),
    },
    workflowExtendedInfo: {
      executionExpirationTime: s.executionExpiration ? tsFromMs(s.executionExpiration) : undefined,
      cancelRequested: s.cancelRequested,
      resetRunId: s.resetRunId ?? '',
    },
    pendingActivities: Object.values(s.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      state: a.cancelRequested
        ? P.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
        : a.paused
          ? a.state === 'started'
            ? P.PENDING_ACTIVITY_STATE_PAUSE_REQUESTED
            : P.PENDING_ACTIVITY_STATE_PAUSED
          : a.state === 'started'
            ? P.PENDING_ACTIVITY_STATE_STARTED
            : P.PENDING_ACTIVITY_STATE_SCHEDULED,
      paused: !!a.paused,
      pauseInfo: a.paused
        ? {
            pauseTime: tsFromMs(a.paused.time),
            manual: { identity: a.paused.identity, reason: a.paused.reason },
          }
        : undefined,
      heartbeatDetails: a.heartbeatDetails ? fromB64<Payloads>(T.Payloads, a.heartbeatDetails) : undefined,
      lastHeartbeatTime: a.lastHeartbeatTime ? tsFromMs(a.lastHeartbeatTime) : undefined,
      lastStartedTime: a.startedTime ? tsFromMs(a.startedTime) : undefined,
      attempt: a.attempt,
      maximumAttempts: a.retry.maximumAttempts,
      scheduledTime: tsFromMs(a.attemptScheduledTime),
      expirationTime: a.scheduleToCloseMs ? tsFromMs(a.scheduledTime + a.scheduleToCloseMs) : undefined,
      lastFailure: a.lastFailure ? fromB64<Failure>(T.Failure, a.lastFailure) : undefined,
      lastWorkerIdentity: a.startedIdentity ?? '',
      priority: a.priority,
    })),
    pendingChildren: Object.values(s.children).map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId ?? '',
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    })),
    pendingWorkflowTask: s.wft
      ? {
          state: s.wft.startedEventId
            ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
            : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
          scheduledTime: tsFromMs(s.wft.scheduledTime),
          startedTime: s.wft.startedTime ? tsFromMs(s.wft.startedTime) : undefined,
          attempt: s.wft.attempt,
        }
      : undefined,
  };
}

function executionInfo(s: ExecutionState): IExecutionInfo {
  return {
    execution: { workflowId: s.workflowId, runId: s.runId },
    type: { name: s.workflowType },
    startTime: tsFromMs(s.startTime),
    closeTime: s.closeTime ? tsFromMs(s.closeTime) : undefined,
    status: statusEnum(s.status),
    historyLength: s.nextEventId - 1,
    parentNamespaceId: s.parent?.namespace,
    parentExecution: s.parent ? { workflowId: s.parent.workflowId, runId: s.parent.runId } : undefined,
    executionTime: tsFromMs(s.executionTime),
    memo: s.memo ? fromB64(T.Memo, s.memo) : { fields: {} },
    searchAttributes: {
      indexedFields: Object.fromEntries(
        Object.entries(s.searchAttributes).map(([k, v]) => [k, fromB64(T.Payload, v)]),
      ),
    },
    taskQueue: s.taskQueue,
    rootExecution: s.root,
    firstRunId: s.firstRunId,
  } as unknown as IExecutionInfo;
}

interface VisibilityDbRow {
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  task_queue: string;
  status: ExecutionStatus;
  start_time: Date;
  close_time: Date | null;
  execution_time: Date;
  history_length: number;
  search_attributes_raw: Buffer | null;
  memo: Buffer | null;
  parent_workflow_id: string | null;
  parent_run_id: string | null;
  root_workflow_id: string | null;
  root_run_id: string | null;
}

function translate(engine: Engine, namespace: string, query: string) {
  const custom = Object.fromEntries(engine.namespaces.get(namespace).searchAttributes);
  try {
    return translateVisibilityQuery(query, custom, { firstParamIndex: 2 });
  } catch (e) {
    if (e instanceof InvalidVisibilityQueryError) throw invalidArgument(e.message);
    throw e;
  }
}

const ORDER = `ORDER BY COALESCE(close_time, 'infinity') DESC, start_time DESC, run_id`;

export async function listWorkflows(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest,
): Promise<temporal.api.workflowservice.v1.IListWorkflowExecutionsResponse> {
  const namespace = req.namespace ?? '';
  const t = translate(engine, namespace, req.query ?? '');
  if (t.groupBy) throw invalidArgument("'group by' clause is only supported in count query");
  const pageSize = req.pageSize && req.pageSize > 0 ? Math.min(req.pageSize, 1000) : 1000;
  const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString('utf8')) || 0 : 0;
  const { rows } = await engine.pool.query<VisibilityDbRow>(
    `SELECT * FROM temporal.executions_visibility WHERE namespace = $1 AND (${t.where})
     ${ORDER} LIMIT ${pageSize + 1} OFFSET ${offset}`,
    [namespace, ...t.params],
  );
  const more = rows.length > pageSize;
  return {
    executions: rows.slice(0, pageSize).map(rowToInfo),
    nextPageToken: more ? Buffer.from(String(offset + pageSize)) : Buffer.alloc(0),
  };
}

function rowToInfo(r: VisibilityDbRow): IExecutionInfo {
  return {
    execution: { workflowId: r.workflow_id, runId: r.run_id },
    type: { name: r.workflow_type },
    startTime: tsFromMs(r.start_time.getTime()),
    closeTime: r.close_time ? tsFromMs(r.close_time.getTime()) : undefined,
    status: statusEnum(r.status),
    historyLength: r.history_length,
    executionTime: tsFromMs(r.execution_time.getTime()),
    memo: r.memo ? decodeMessage(T.Memo, r.memo) : { fields: {} },
    searchAttributes: r.search_attributes_raw
      ? decodeMessage(T.SearchAttributes, r.search_attributes_raw)
      : { indexedFields: {} },
    taskQueue: r.task_queue,
    parentExecution: r.parent_workflow_id
      ? { workflowId: r.parent_workflow_id, runId: r.parent_run_id ?? '' }
      : undefined,
    rootExecution: r.root_workflow_id
      ? { workflowId: r.root_workflow_id, runId: r.root_run_id ?? '' }
      : undefined,
  } as unknown as IExecutionInfo;
}

export async function countWorkflows(
  engine: Engine,
  req: temporal.api.workflowservice.v1.ICountWorkflowExecutionsRequest,
): Promise<object> {
  const namespace = req.namespace ?? '';
  const t = translate(engine, namespace, req.query ?? '');
  if (t.groupBy === 'ExecutionStatus') {
    // Groups in the order of the status enum (Running, Completed, Failed, ...), as `temporal server
    // start-dev` lists them: its SQLite store groups by the integer status column.
    const order = `$${t.params.length + 2}::text[]`;
    const { rows } = await engine.pool.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM temporal.executions_visibility WHERE namespace = $1 AND (${t.where})
       GROUP BY status ORDER BY array_position(${order}, status)`,
      [namespace, ...t.params, STATUSES_IN_ENUM_ORDER],
    );
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    return {
      count: total,
      groups: rows.map((r) => ({
        groupValues: [
          {
            metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
            data: Buffer.from(JSON.stringify(r.status)),
          },
        ],
        count: Number(r.n),
      })),
    };
  }
  const { rows } = await engine.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM temporal.executions_visibility WHERE namespace = $1 AND (${t.where})`,
    [namespace, ...t.params],
  );
  return { count: Number(rows[0].n) };
}

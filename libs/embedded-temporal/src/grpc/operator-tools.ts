/**
 * RPCs that operators and tools (the Temporal CLI and UI, `temporal task-queue describe`, `temporal workflow
 * show --reverse`) send rather than workers: cluster info, reverse history, and task-queue descriptions with
 * the pollers that matching has seen. Poll handlers are wrapped so that every poll is recorded.
 */
import { createHash } from 'node:crypto';
import type { Engine } from '../engine/engine';
import { getHistoryReverse } from '../engine/history-reverse';
import type { PollerRegistry, PollerTaskType } from '../engine/pollers';
import { enums, temporal, tsFromMs } from '../proto';
import { invalidArgument } from './errors';
import type { Handler } from './call-context';
import { SERVER_VERSION } from './workflow-service';

import wsv1 = temporal.api.workflowservice.v1;

/** The Go server's `headers.SupportedClients` (version_checker.go): which SDK versions it accepts. */
const SUPPORTED_CLIENTS: Record<string, string> = {
  'temporal-go': '<2.0.0',
  'temporal-java': '<2.0.0',
  'temporal-php': '<2.0.0',
  'temporal-typescript': '<2.0.0',
  'temporal-python': '<2.0.0',
  'temporal-dotnet': '<2.0.0',
  'temporal-ruby': '<2.0.0',
  'temporal-cli': '<2.0.0',
  'temporal-server': '<2.0.0',
  'temporal-ui': '<3.0.0',
};

/** As start-dev's: one cluster named "active" with failover version 1. */
export const CLUSTER_NAME = 'active';

export function operatorToolHandlers(engine: Engine, pollers: PollerRegistry): Record<string, Handler> {
  const ns = (name: string | null | undefined) => {
    if (!name) throw invalidArgument('Namespace not set on request.');
    engine.namespaces.get(name);
    return name;
  };

  const handlers: Record<string, (req: never) => Promise<object>> = {
    GetClusterInfo: async () => ({
      supportedClients: SUPPORTED_CLIENTS,
      serverVersion: SERVER_VERSION, // the same as GetSystemInfo's
      clusterId: clusterId(engine),
      clusterName: CLUSTER_NAME,
      historyShardCount: 1,
      persistenceStore: 'postgres12',
      visibilityStore: 'postgres12',
      initialFailoverVersion: 1,
      failoverVersionIncrement: 10,
    }),

    GetWorkflowExecutionHistoryReverse: async (r: wsv1.IGetWorkflowExecutionHistoryReverseRequest) => {
      ns(r.namespace);
      if (!r.execution?.workflowId) throw invalidArgument('WorkflowId is not set on request.');
      return getHistoryReverse(engine, r);
    },

    DescribeTaskQueue: async (r: wsv1.IDescribeTaskQueueRequest) => {
      const namespace = ns(r.namespace);
      const taskQueue = r.taskQueue?.name;
      if (!taskQueue) throw invalidArgument('TaskQueue is not set on request.');
      const type: PollerTaskType =
        r.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? 'activity' : 'workflow';
      const response: wsv1.IDescribeTaskQueueResponse = {
        pollers: pollers.list(namespace, taskQueue, type).map((p) => ({
          identity: p.identity,
          lastAccessTime: tsFromMs(p.lastAccessTimeMs),
          ratePerSecond: p.ratePerSecond,
        })),
      };
      if (r.reportStats || r.includeTaskQueueStatus) {
        const backlog = await backlogOf(engine, namespace, taskQueue, type);
        if (r.reportStats)
          response.stats = {
            approximateBacklogCount: backlog.count,
            approximateBacklogAge: { seconds: Math.floor(backlog.ageMs / 1000) },
          } as never;
        if (r.includeTaskQueueStatus)
          response.taskQueueStatus = { backlogCountHint: backlog.count, ratePerSecond: 100_000 } as never;
      }
      return response;
    },
  };
  return handlers as Record<string, Handler>;
}

/** Wraps the poll handlers so that each poll is recorded (at its start and when it answers). */
export function trackPollers(
  handlers: Record<string, Handler>,
  pollers: PollerRegistry,
): Record<string, Handler> {
  const wrap = (method: string, type: PollerTaskType): Handler | undefined => {
    const inner = handlers[method];
    if (!inner) return undefined;
    return async (req, ctx) => {
      const r = req as wsv1.IPollActivityTaskQueueRequest;
      const record = () =>
        pollers.record(
          r.namespace ?? '',
          r.taskQueue?.name ?? '',
          type,
          r.identity ?? '',
          r.taskQueueMetadata?.maxTasksPerSecond?.value ?? undefined,
        );
      record();
      try {
        return await inner(req, ctx);
      } finally {
        record();
      }
    };
  };
  const wrapped: Record<string, Handler> = { ...handlers };
  const workflow = wrap('PollWorkflowTaskQueue', 'workflow');
  const activity = wrap('PollActivityTaskQueue', 'activity');
  if (workflow) wrapped.PollWorkflowTaskQueue = workflow;
  if (activity) wrapped.PollActivityTaskQueue = activity;
  return wrapped;
}

/** A stable id for this database's server: derived from the default namespace's id. */
function clusterId(engine: Engine): string {
  const hex = createHash('sha256')
    .update(`cluster:${engine.namespaces.get('default').id}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function backlogOf(
  engine: Engine,
  namespace: string,
  taskQueue: string,
  type: PollerTaskType,
): Promise<{ count: number; ageMs: number }> {
  const { rows } = await engine.pool.query<{ count: string; oldest: Date | null }>(
    `SELECT count(*) AS count, min(created_at) AS oldest FROM temporal.tasks
     WHERE namespace = $1 AND task_queue = $2 AND kind = $3`,
    [namespace, taskQueue, type],
  );
  const oldest = rows[0]?.oldest;
  return {
    count: Number(rows[0]?.count ?? 0),
    ageMs: oldest ? Math.max(0, Date.now() - oldest.getTime()) : 0,
  };
}

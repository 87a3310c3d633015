/**
 * Queries (GS queryworkflow/api.go): a query rides on the next workflow task (`queries` map, answered in
 * RespondWorkflowTaskCompleted.query_results) when one is pending or running; otherwise, once a task has
 * completed, it goes to a worker as a legacy query task (answered by RespondQueryTaskCompleted).
 * Queries are transient: they live in memory only, like on the real server.
 */
import { status } from '@grpc/grpc-js';
import { failedPrecondition, ServiceError } from '../grpc/errors';
import { enums, type temporal } from '../proto';
import type { Engine } from './engine';
import type { QueryBroker } from './query-broker';
import { type ExecutionState, statusEnum } from './state';
import { DEFAULT_STICKY_SCHEDULE_TO_START_MS, unbind } from './sticky';
import { encodeToken } from './task-token';

/**
 * A legacy query task for a poller: the query and the run's full history, or none on the sticky queue,
 * whose worker has the run cached (GS frontend createPollWorkflowTaskQueueResponse).
 */
export async function pollQueryTask(
  engine: Engine,
  queryId: string,
  polledQueue: string,
): Promise<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | undefined> {
  const q = engine.queries.take(queryId, polledQueue);
  if (!q) return undefined;
  const s = await engine.loadState(q.namespace, q.workflowId, q.runId);
  const history =
    polledQueue === q.normalQueue ? await engine.readHistory(s.runId, 1, s.nextEventId - 1) : [];
  return <temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>(<unknown>{
    taskToken: encodeToken({ k: 'q', n: s.namespace, w: s.workflowId, r: s.runId, s: 0, a: 0, q: queryId }),
    workflowExecution: { workflowId: s.workflowId, runId: s.runId },
    workflowType: { name: s.workflowType },
    previousStartedEventId: s.lastCompletedWftStartedId,
    startedEventId: 0,
    attempt: 1,
    history: { events: history },
    nextPageToken: Buffer.alloc(0),
    query: q.query,
    workflowExecutionTaskQueue: { name: s.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
  });
}

/**
 * Sends a query as a legacy query task: to the run's sticky queue when a worker polls it (that worker has
 * the run cached and answers at once), else to the normal queue. If no sticky poller takes it within the
 * sticky schedule-to-start timeout, stickiness is cleared and the query goes to the normal queue (GS
 * queryworkflow/api.go), so it never waits on a worker that has gone.
 */
function dispatchQuery(engine: Engine, s: ExecutionState, id: string): void {
  const sticky = s.stickyTaskQueue;
  if (!sticky || !engine.matching.hasPoller(s.namespace, sticky)) {
    engine.queries.dispatchTo(id, s.taskQueue, engine.matching);
    return;
  }
  engine.queries.dispatchTo(id, sticky, engine.matching);
  const fallBack = async () => {
    const q = engine.queries.get(id);
    if (!q || q.taken || q.queue !== sticky) return;
    await engine.transact(s.namespace, s.workflowId, async (wtx) => {
      const tx = await wtx.load(s.runId);
      if (tx?.state.stickyTaskQueue === sticky) await unbind(engine, wtx.db, tx);
    });
    engine.queries.redispatch(id, engine.matching);
  };
  setTimeout(() => {
    fallBack().catch((e: unknown) =>
      engine.logger.error('query fallback to the normal queue failed', { error: String(e) }),
    );
  }, s.stickyScheduleToStartMs ?? DEFAULT_STICKY_SCHEDULE_TO_START_MS).unref();
}

/** After a workflow task with no next task to ride on, the run's waiting queries go out as query tasks. */
export function dispatchPendingQueries(engine: Engine, s: ExecutionState): void {
  for (const id of engine.queries.waitingIds(s.runId)) dispatchQuery(engine, s, id);
}

const REJECT = enums.QueryRejectCondition;

export async function queryWorkflow(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IQueryWorkflowRequest,
  waitMs: number,
  signal: AbortSignal,
): Promise<temporal.api.workflowservice.v1.IQueryWorkflowResponse> {
  const namespace = req.namespace ?? '';
  const workflowId = req.execution?.workflowId ?? '';
  let created: ReturnType<QueryBroker['create']> | undefined;
  const rejected = await engine.transact(namespace, workflowId, async (wtx) => {
    const tx = await wtx.mustLoad(req.execution?.runId ?? '');
    const s = tx.state;
    const condition = req.queryRejectCondition ?? 0;
    if (
      (condition === REJECT.QUERY_REJECT_CONDITION_NOT_OPEN && s.status !== 'Running') ||
      (condition === REJECT.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY &&
        s.status !== 'Running' &&
        s.status !== 'Completed')
    ) {
      return { queryRejected: { status: statusEnum(s.status) } };
    }
    if (s.lastCompletedWftStartedId === 0 && s.status !== 'Running') {
      throw failedPrecondition('Workflow completed before the first workflow task completed; cannot query.');
    }
    if (s.wft && s.wft.attempt >= 3) {
      throw failedPrecondition('Cannot query workflow due to Workflow Task in failed state.');
    }
    created = engine.queries.create(namespace, s.workflowId, s.runId, s.taskQueue, req.query ?? {});
    if (s.lastCompletedWftStartedId > 0 && (s.status !== 'Running' || !s.wft)) {
      const id = created.pending.id;
      tx.afterCommit.push(() => dispatchQuery(engine, s, id));
    }
    return undefined;
  });
  if (rejected) return rejected;
  const { pending, result } = created!;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), waitMs).unref()));
  const aborted = new Promise<undefined>((r) => signal.addEventListener('abort', () => r(undefined)));
  const answer = await Promise.race([result, timeout, aborted]);
  clearTimeout(timer);
  if (!answer) {
    engine.queries.forget(pending.id);
    throw new ServiceError(status.DEADLINE_EXCEEDED, 'query timed out before a worker answered');
  }
  if (answer.resultType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
    return { queryResult: answer.answer ?? { payloads: [] } };
  }
  throw new ServiceError(status.INVALID_ARGUMENT, answer.errorMessage || 'query failed', {
    type: 'QueryFailedFailure',
    value: { failure: answer.failure ?? undefined },
  });
}

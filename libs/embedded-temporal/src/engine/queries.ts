/**
 * Queries (GS queryworkflow/api.go): a query rides on the next workflow task (`queries` map, answered in
 * RespondWorkflowTaskCompleted.query_results) when one is pending or running; otherwise, once a task has
 * completed, it goes to a worker as a legacy query task (answered by RespondQueryTaskCompleted).
 * Queries are transient: they live in memory only, like on the real server.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { failedPrecondition, ServiceError } from '../grpc/errors';
import { enums, type temporal } from '../proto';
import type { Engine } from './engine';
import type { Matching } from './matching';
import type { ExecutionStatus } from './state';
import { encodeToken } from './task-token';

type IWorkflowQuery = temporal.api.query.v1.IWorkflowQuery;
type IQueryResult = temporal.api.query.v1.IWorkflowQueryResult;

interface PendingQuery {
  id: string;
  namespace: string;
  workflowId: string;
  runId: string;
  query: IWorkflowQuery;
  /** waiting: for a workflow task or a query task; legacy: queued as a query task. */
  mode: 'waiting' | 'legacy';
  resolve(result: IQueryResult): void;
}

export class QueryBroker {
  private readonly byRun = new Map<string, Map<string, PendingQuery>>();
  private readonly byId = new Map<string, PendingQuery>();

  create(
    namespace: string,
    workflowId: string,
    runId: string,
    query: IWorkflowQuery,
  ): {
    pending: PendingQuery;
    result: Promise<IQueryResult>;
  } {
    let resolve!: (r: IQueryResult) => void;
    const result = new Promise<IQueryResult>((r) => (resolve = r));
    const pending: PendingQuery = {
      id: randomUUID(),
      namespace,
      workflowId,
      runId,
      query,
      mode: 'waiting',
      resolve,
    };
    let run = this.byRun.get(runId);
    if (!run) this.byRun.set(runId, (run = new Map()));
    run.set(pending.id, pending);
    this.byId.set(pending.id, pending);
    return { pending, result };
  }

  forget(id: string): void {
    const q = this.byId.get(id);
    if (!q) return;
    this.byId.delete(id);
    const run = this.byRun.get(q.runId);
    run?.delete(id);
    if (run && run.size === 0) this.byRun.delete(q.runId);
  }

  /** The run's unanswered queries, for the workflow task being started. */
  attachToTask(runId: string): Record<string, IWorkflowQuery> | undefined {
    const run = this.byRun.get(runId);
    if (!run || run.size === 0) return undefined;
    const out: Record<string, IWorkflowQuery> = {};
    for (const q of run.values()) if (q.mode === 'waiting') out[q.id] = q.query;
    return Object.keys(out).length ? out : undefined;
  }

  answerFromTask(runId: string, results: Record<string, IQueryResult>): void {
    for (const [id, result] of Object.entries(results)) {
      const q = this.byId.get(id);
      if (!q || q.runId !== runId) continue;
      this.forget(id);
      q.resolve(result);
    }
  }

  /** Sends the run's waiting queries as legacy query tasks. */
  dispatchPending(runId: string, namespace: string, taskQueue: string, matching: Matching): void {
    const run = this.byRun.get(runId);
    if (!run) return;
    for (const q of run.values()) {
      if (q.mode !== 'waiting') continue;
      q.mode = 'legacy';
      matching.addQuery(namespace, taskQueue, { queryId: q.id });
    }
  }

  dispatchOne(id: string, taskQueue: string, matching: Matching): void {
    const q = this.byId.get(id);
    if (!q) return;
    q.mode = 'legacy';
    matching.addQuery(q.namespace, taskQueue, { queryId: id });
  }

  get(id: string): PendingQuery | undefined {
    return this.byId.get(id);
  }

  answerLegacy(id: string, result: IQueryResult): boolean {
    const q = this.byId.get(id);
    if (!q) return false;
    this.forget(id);
    q.resolve(result);
    return true;
  }
}

/** A legacy query task for a poller: the query and the run's full history. */
export async function pollQueryTask(
  engine: Engine,
  queryId: string,
): Promise<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse | undefined> {
  const q = engine.queries.get(queryId);
  if (!q) return undefined;
  const s = await engine.loadState(q.namespace, q.workflowId, q.runId);
  const history = await engine.readHistory(s.runId, 1, s.nextEventId - 1);
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

const REJECT = enums.QueryRejectCondition;

function statusEnum(status: ExecutionStatus): number {
  const W = enums.WorkflowExecutionStatus;
  return {
    Running: W.WORKFLOW_EXECUTION_STATUS_RUNNING,
    Completed: W.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    Failed: W.WORKFLOW_EXECUTION_STATUS_FAILED,
    Canceled: W.WORKFLOW_EXECUTION_STATUS_CANCELED,
    Terminated: W.WORKFLOW_EXECUTION_STATUS_TERMINATED,
    ContinuedAsNew: W.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
    TimedOut: W.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
  }[status];
}
export { statusEnum };

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
    created = engine.queries.create(namespace, s.workflowId, s.runId, req.query ?? {});
    if (s.lastCompletedWftStartedId > 0 && (s.status !== 'Running' || !s.wft)) {
      const id = created.pending.id;
      tx.afterCommit.push(() => engine.queries.dispatchOne(id, s.taskQueue, engine.matching));
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

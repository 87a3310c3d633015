/**
 * The queries waiting for an answer, in memory only as on the real server: each rides on the run's next
 * workflow task (`queries` map) or goes out as a legacy query task on a workflow queue.
 */
import { randomUUID } from 'node:crypto';
import type { temporal } from '../proto';
import type { Matching } from './matching';

type IWorkflowQuery = temporal.api.query.v1.IWorkflowQuery;
type IQueryResult = temporal.api.query.v1.IWorkflowQueryResult;

export interface PendingQuery {
  id: string;
  namespace: string;
  workflowId: string;
  runId: string;
  /** The run's normal task queue (where a query task goes when no sticky worker takes it). */
  normalQueue: string;
  query: IWorkflowQuery;
  /** waiting: for a workflow task or a query task; legacy: queued as a query task. */
  mode: 'waiting' | 'legacy';
  /** The queue its query task waits on (legacy mode), and whether a worker has taken it. */
  queue?: string;
  taken?: boolean;
  resolve(result: IQueryResult): void;
}

export class QueryBroker {
  private readonly byRun = new Map<string, Map<string, PendingQuery>>();
  private readonly byId = new Map<string, PendingQuery>();

  create(
    namespace: string,
    workflowId: string,
    runId: string,
    normalQueue: string,
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
      normalQueue,
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

  /**
   * The run's unanswered queries, for the workflow task being started; `answered` are those the completion
   * starting it answers (their answers are handed over after its commit).
   */
  attachToTask(runId: string, answered?: ReadonlySet<string>): Record<string, IWorkflowQuery> | undefined {
    const run = this.byRun.get(runId);
    if (!run || run.size === 0) return undefined;
    const out: Record<string, IWorkflowQuery> = {};
    for (const q of run.values()) if (q.mode === 'waiting' && !answered?.has(q.id)) out[q.id] = q.query;
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

  /** Ids of the run's queries that wait for a workflow task (none is coming: they go out as query tasks). */
  waitingIds(runId: string): string[] {
    return [...(this.byRun.get(runId)?.values() ?? [])].filter((q) => q.mode === 'waiting').map((q) => q.id);
  }

  /** Queues a query task on `taskQueue`, taking it off the queue it waited on before. */
  dispatchTo(id: string, taskQueue: string, matching: Matching): void {
    const q = this.byId.get(id);
    if (!q || q.taken) return;
    if (q.queue) matching.remove(q.namespace, q.queue, (i) => 'query' in i && i.query.queryId === id);
    q.mode = 'legacy';
    q.queue = taskQueue;
    matching.addQuery(q.namespace, taskQueue, { queryId: id });
  }

  /** Its sticky worker is gone: the query task goes to the run's normal queue. */
  redispatch(id: string, matching: Matching): void {
    const q = this.byId.get(id);
    if (q) this.dispatchTo(id, q.normalQueue, matching);
  }

  /** A poller on `taskQueue` takes the query task; false when it is stale (answered, moved elsewhere). */
  take(id: string, taskQueue: string): PendingQuery | undefined {
    const q = this.byId.get(id);
    if (!q || q.taken || q.queue !== taskQueue) return undefined;
    q.taken = true;
    return q;
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

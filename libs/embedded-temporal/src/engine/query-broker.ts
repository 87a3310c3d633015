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

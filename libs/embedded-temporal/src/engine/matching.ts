/**
 * Matching: hands tasks waiting on a task queue to long-polling workers. The backlog lives in
 * `temporal.tasks` (the truth, reloaded at start-up); this class mirrors it in memory per queue so that a
 * poll does not need a query, and wakes pollers when a transaction that added tasks commits.
 * Legacy query tasks (in memory only, like the real server) travel on the workflow queues too.
 */
import type { TaskRow } from '../store/execution-store';

export interface QueryTaskItem {
  queryId: string;
}

export type MatchItem = { task: TaskRow } | { query: QueryTaskItem };

interface Waiter {
  deliver(item: MatchItem): void;
}

class QueueState {
  readonly items: MatchItem[] = [];
  readonly waiters: Waiter[] = [];
}

export class Matching {
  private readonly queues = new Map<string, QueueState>();

  private queue(namespace: string, taskQueue: string, kind: 'workflow' | 'activity'): QueueState {
    const key = `${namespace}\u0000${kind}\u0000${taskQueue}`;
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = new QueueState()));
    return q;
  }

  add(task: TaskRow): void {
    this.offer(this.queue(task.namespace, task.taskQueue, task.kind), { task });
  }

  /** Puts a task back at the head (its dispatch failed for a reason other than staleness). */
  requeue(task: TaskRow): void {
    this.queue(task.namespace, task.taskQueue, task.kind).items.unshift({ task });
  }

  /** Starts a task a poller took; if starting fails, the task goes back to the front of its queue. */
  async startOrRequeue<T>(task: TaskRow, start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (e) {
      this.requeue(task);
      throw e;
    }
  }

  addQuery(namespace: string, taskQueue: string, query: QueryTaskItem): void {
    this.offer(this.queue(namespace, taskQueue, 'workflow'), { query });
  }

  private offer(q: QueueState, item: MatchItem): void {
    const waiter = q.waiters.shift();
    if (waiter) waiter.deliver(item);
    else q.items.push(item);
  }

  /** Waits up to `timeoutMs` for an item; undefined on timeout or when the poll was cancelled. */
  take(
    namespace: string,
    taskQueue: string,
    kind: 'workflow' | 'activity',
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<MatchItem | undefined> {
    const q = this.queue(namespace, taskQueue, kind);
    const ready = q.items.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(undefined);
      const finish = (item: MatchItem | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = q.waiters.indexOf(waiter);
        if (i >= 0) q.waiters.splice(i, 1);
        resolve(item);
      };
      const waiter: Waiter = { deliver: (item) => finish(item) };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
      timer.unref();
      q.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** Drops every waiter (server stop): their polls answer empty. */
  close(): void {
    for (const q of this.queues.values()) {
      for (const w of q.waiters.splice(0)) (w as Waiter).deliver(undefined as never);
    }
  }
}

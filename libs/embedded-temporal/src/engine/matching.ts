/**
 * Matching: hands tasks waiting on a task queue to long-polling workers. The backlog lives in
 * `temporal.tasks` (the truth, reloaded at start-up); this class mirrors it in memory per queue so that a
 * poll does not need a query, and wakes pollers when a transaction that added tasks commits.
 * Legacy query tasks (in memory only, like the real server) travel on the workflow queues too.
 */
import type { TaskRow } from '../store/execution-store';
import { queuePriorityKey } from './priority';

export interface QueryTaskItem {
  queryId: string;
  /** The run's priority key (GS newInternalQueryTask takes the request's priority); unset = default. */
  priorityKey?: number;
}

/**
 * `started`: a workflow task already started in the transaction that scheduled it, for a poll that was
 * waiting (sync match, see sync-match.ts); the item is the poll's answer.
 */
export type MatchItem = { task: TaskRow } | { query: QueryTaskItem } | { started: object };

/**
 * Thrown by a dispatch that finds its poll cancelled before its transaction commits: the transaction rolls
 * back and the item goes back to its queue (GS matching_engine.go PollWorkflowTaskQueue: a
 * recordWorkflowTaskStarted failed by the poll's cancelled context `task.finish`es with the error, which
 * returns the task; it is never recorded as started for a poller that has gone).
 */
export class PollGone extends Error {
  constructor() {
    super('the poll was cancelled before its task started');
  }
}

/** Throws PollGone if the poll has been cancelled (a dispatch's last step before its commit). */
export function throwIfPollGone(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PollGone();
}

/**
 * Where an item stands in its queue (GS matcher_data's taskBTreeLess: lower priority key first, then
 * the order of arrival). A task already started for a poll that went away comes before everything: it is
 * owed to a worker, not waiting for one.
 */
function orderKey(item: MatchItem): number {
  if ('task' in item) return queuePriorityKey(item.task.priorityKey);
  if ('query' in item) return queuePriorityKey(item.query.priorityKey);
  return 0;
}

interface Waiter {
  /** The polling worker's identity (WorkflowTaskStarted names it). */
  readonly identity: string;
  /** Whether the poll has ended (answered, timed out or cancelled). */
  done: boolean;
  /** Whether it ended because its caller went (cancelled, or its connection closed). */
  gone: boolean;
  deliver(item: MatchItem): void;
}

/**
 * A waiting poll taken off its queue by a transaction that starts a task for it. After commit the
 * transaction hands it the task (`deliver`); if the transaction fails, `release` puts the poll back.
 */
export interface ClaimedPoll {
  readonly identity: string;
  deliver(item: MatchItem): void;
  release(): void;
}

/**
 * A sticky queue counts as served while a poll waits on it or one arrived this recently (GS matching's
 * stickyPollerUnavailableWindow); otherwise its tasks go to the normal queue.
 */
export const STICKY_POLLER_WINDOW_MS = 10_000;

class QueueState {
  /** The backlog in dispatch order: by priority key, first in first out within a key. */
  readonly items: MatchItem[] = [];
  readonly waiters: Waiter[] = [];
  /** When a poll last arrived (wall clock: worker liveness is not workflow time). */
  lastPollAt = 0;

  constructor(readonly kind: 'workflow' | 'activity') {}

  /** Whether a worker polls this queue: one waits now, or one came within STICKY_POLLER_WINDOW_MS. */
  polled(now = Date.now()): boolean {
    return this.waiters.length > 0 || now - this.lastPollAt < STICKY_POLLER_WINDOW_MS;
  }
}

export class Matching {
  private readonly queues = new Map<string, QueueState>();
  /**
   * Takes a workflow task started on `taskQueue` whose poll went and that no poll there waits for (the
   * engine moves a sticky queue's to the normal queue, sticky-handover.ts); false leaves it to the queue.
   */
  startedWithoutPoll?: (namespace: string, taskQueue: string, started: object) => boolean;
  /** Called once when a workflow queue's backlog next shrinks (see onWorkflowBacklogShrink). */
  private readonly shrinkListeners = new Set<() => void>();

  private key(namespace: string, taskQueue: string, kind: 'workflow' | 'activity'): string {
    return `${namespace}\u0000${kind}\u0000${taskQueue}`;
  }

  private queue(namespace: string, taskQueue: string, kind: 'workflow' | 'activity'): QueueState {
    const key = this.key(namespace, taskQueue, kind);
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = new QueueState(kind)));
    return q;
  }

  add(task: TaskRow): void {
    this.offer(this.queue(task.namespace, task.taskQueue, task.kind), { task });
  }

  /**
   * Puts an item back at the head of its priority in its queue (its dispatch failed for a reason other than
   * staleness): it was next, and stays next among the tasks of its key. An item whose poll went away goes
   * to a poll that waits meanwhile (`toWaiter`), since no new item may come to wake it; a failed dispatch
   * waits for the next offer or poll instead of being retried at once by every waiting poll.
   */
  private putBack(
    namespace: string,
    taskQueue: string,
    kind: 'workflow' | 'activity',
    item: MatchItem,
    toWaiter = false,
  ): void {
    const q = this.queue(namespace, taskQueue, kind);
    const waiter = toWaiter ? q.waiters.shift() : undefined;
    if (waiter) return waiter.deliver(item);
    const items = q.items;
    const key = orderKey(item);
    let i = 0;
    while (i < items.length && orderKey(items[i]) < key) i++;
    items.splice(i, 0, item);
  }

  /**
   * The one long poll of every task queue: waits for an item, hands it to `dispatch` (which starts it in
   * the run's transaction and answers undefined when the item turned out stale), and takes the next until
   * `waitMs` is up. An item taken for a poll whose caller has gone away, or whose dispatch failed, goes back
   * to the front of its queue, so that it is dispatched once and never lost. A dead worker's poll is
   * cancelled when the server reads its connection's close, which a busy process may do only after the poll
   * has taken a task: a dispatch that sees the cancellation before its commit rolls back (PollGone), and a
   * task started and committed for it meanwhile is owed to the next poll of the queue (a `started` item)
   * instead of waiting out its start-to-close timeout.
   */
  async poll<R>(
    namespace: string,
    taskQueue: string,
    kind: 'workflow' | 'activity',
    waitMs: number,
    signal: AbortSignal,
    dispatch: (item: MatchItem) => Promise<R | undefined>,
    identity = '',
  ): Promise<R | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      const remaining = until - Date.now();
      if (remaining <= 0 || signal.aborted) return undefined;
      this.queue(namespace, taskQueue, kind).lastPollAt = Date.now();
      const item = await this.take(namespace, taskQueue, kind, remaining, signal, identity);
      this.queue(namespace, taskQueue, kind).lastPollAt = Date.now();
      if (!item) return undefined;
      if (signal.aborted) {
        this.putBack(namespace, taskQueue, kind, item, true);
        return undefined;
      }
      let response: R | undefined;
      try {
        response = await dispatch(item);
      } catch (e) {
        const gone = e instanceof PollGone;
        this.putBack(namespace, taskQueue, kind, item, gone);
        if (gone) return undefined;
        throw e;
      }
      if (response && signal.aborted) {
        this.owed(this.queue(namespace, taskQueue, kind), namespace, taskQueue, { started: response });
        return undefined;
      }
      if (response) return response;
    }
  }

  addQuery(namespace: string, taskQueue: string, query: QueryTaskItem): void {
    this.offer(this.queue(namespace, taskQueue, 'workflow'), { query });
  }

  /** Whether a worker polls this workflow queue (one waits now, or one came within the window). */
  hasPoller(namespace: string, taskQueue: string): boolean {
    const q = this.queues.get(this.key(namespace, taskQueue, 'workflow'));
    return !!q && q.polled();
  }

  /**
   * Items waiting in the workflow queues' backlogs: in the queues a worker polls (one waits, or one came
   * within the window) and in all of them. The deadline scheduler paces a catch-up of late timers by it.
   */
  workflowBacklog(): { served: number; all: number; servedUntil: number } {
    const now = Date.now();
    let served = 0;
    let all = 0;
    // When the first served queue with a backlog stops counting as polled (no poll waits, the window ends).
    let servedUntil = Infinity;
    for (const q of this.queues.values()) {
      if (q.kind !== 'workflow' || !q.items.length) continue;
      all += q.items.length;
      if (!q.polled(now)) continue;
      served += q.items.length;
      if (!q.waiters.length) servedUntil = Math.min(servedUntil, q.lastPollAt + STICKY_POLLER_WINDOW_MS);
    }
    return { served, all, servedUntil };
  }

  /**
   * Calls `listener` once, when an item next leaves a workflow queue's backlog (a poll took it, or it was
   * removed or moved); answers a function that forgets it. The catch-up of late timers waits on it.
   */
  onWorkflowBacklogShrink(listener: () => void): () => void {
    this.shrinkListeners.add(listener);
    return () => this.shrinkListeners.delete(listener);
  }

  private workflowBacklogShrank(): void {
    if (!this.shrinkListeners.size) return;
    const listeners = [...this.shrinkListeners];
    this.shrinkListeners.clear();
    for (const listener of listeners) listener();
  }

  /**
   * Takes the longest-waiting poll of a queue, if one waits, for a task a transaction is about to start
   * (GS matching's sync match: the task goes to the poll without being written to the backlog). A poll
   * that ends before the transaction commits does not lose the task: it is queued for the next poll.
   */
  claimWaiter(namespace: string, taskQueue: string, kind: 'workflow' | 'activity'): ClaimedPoll | undefined {
    const q = this.queues.get(this.key(namespace, taskQueue, kind));
    const waiter = q?.waiters.shift();
    if (!q || !waiter) return undefined;
    return {
      identity: waiter.identity,
      // A poll that timed out meanwhile has a live worker that polls again at once: its queue keeps the task.
      deliver: (item) => {
        if (!waiter.done) waiter.deliver(item);
        else if (waiter.gone) this.owed(q, namespace, taskQueue, item);
        else this.offer(q, item);
      },
      release: () => {
        if (!waiter.done) q.waiters.unshift(waiter);
      },
    };
  }

  /**
   * A task started for a poll that went before it was handed over: to a poll that waits on its queue, else
   * to `startedWithoutPoll` if it takes it (a sticky queue's task goes to the normal queue), else first in
   * its queue for the next poll.
   */
  private owed(q: QueueState, namespace: string, taskQueue: string, item: MatchItem): void {
    const waiter = q.waiters.shift();
    if (waiter) return waiter.deliver(item);
    if (
      'started' in item &&
      q.kind === 'workflow' &&
      this.startedWithoutPoll?.(namespace, taskQueue, item.started)
    )
      return;
    this.putBack(namespace, taskQueue, q.kind, item);
  }

  /** Puts a started task first in a queue, or hands it to a poll that waits there. */
  handOver(namespace: string, taskQueue: string, kind: 'workflow' | 'activity', item: MatchItem): void {
    this.putBack(namespace, taskQueue, kind, item, true);
  }

  /** Drops the waiting items of a workflow queue that match (stale ones, or ones moved elsewhere). */
  remove(namespace: string, taskQueue: string, match: (item: MatchItem) => boolean): MatchItem[] {
    const q = this.queues.get(this.key(namespace, taskQueue, 'workflow'));
    if (!q) return [];
    const removed = q.items.filter(match);
    if (removed.length) {
      q.items.splice(0, q.items.length, ...q.items.filter((i) => !match(i)));
      this.workflowBacklogShrank();
    }
    return removed;
  }

  /**
   * A worker shut down (ShutdownWorker names its sticky queue, GS ForceUnloadTaskQueuePartition): its
   * waiting polls answer empty, the queue no longer counts as polled, and its backlog is handed back to be
   * dispatched elsewhere.
   */
  unload(namespace: string, taskQueue: string): MatchItem[] {
    const key = this.key(namespace, taskQueue, 'workflow');
    const q = this.queues.get(key);
    if (!q) return [];
    this.queues.delete(key);
    for (const w of q.waiters.splice(0)) w.deliver(undefined as never);
    const items = q.items.splice(0);
    if (items.length) this.workflowBacklogShrank();
    return items;
  }

  /**
   * Hands an item to the longest-waiting poll, or queues it behind every item of its key or a lower one.
   * The search runs from the tail: in the common case (one key) the item goes at the end at once.
   */
  private offer(q: QueueState, item: MatchItem): void {
    const waiter = q.waiters.shift();
    if (waiter) return waiter.deliver(item);
    const key = orderKey(item);
    let i = q.items.length;
    while (i > 0 && orderKey(q.items[i - 1]) > key) i--;
    q.items.splice(i, 0, item);
  }

  /** Waits up to `timeoutMs` for an item; undefined on timeout or when the poll was cancelled. */
  take(
    namespace: string,
    taskQueue: string,
    kind: 'workflow' | 'activity',
    timeoutMs: number,
    signal?: AbortSignal,
    identity = '',
  ): Promise<MatchItem | undefined> {
    const q = this.queue(namespace, taskQueue, kind);
    const ready = q.items.shift();
    if (ready) {
      if (kind === 'workflow') this.workflowBacklogShrank();
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(undefined);
      const finish = (item: MatchItem | undefined) => {
        if (waiter.done) return;
        waiter.done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = q.waiters.indexOf(waiter);
        if (i >= 0) q.waiters.splice(i, 1);
        resolve(item);
      };
      const waiter: Waiter = { identity, done: false, gone: false, deliver: (item) => finish(item) };
      const onAbort = () => {
        if (!waiter.done) waiter.gone = true;
        finish(undefined);
      };
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

/**
 * The engine's shared machinery: one transaction per state change, serialised per workflow id, with
 * effects (waking pollers, arming the deadline scheduler, waking history/update waiters) after commit.
 * The per-feature state machines live beside this file and receive the Engine.
 */
import type { Pool, PoolClient } from 'pg';
import type { Clock } from '../clock';
import { notFound } from '../grpc/errors';
import type { Logger } from '../logger';
import { decodeEvent, encodeEvent, type HistoryEvent, num } from '../proto';
import * as store from '../store/execution-store';
import type { RunChanges } from '../store/persist';
import { GroupCommit } from './group-commit';
import { CompletedUpdates } from './completed-updates';
import { EventTail } from './event-tail';
import { ExecutionTx } from './execution-tx';
import { type MatchItem, Matching } from './matching';
import { QueryBroker } from './query-broker';
import { armSpeculativeTimeout } from './speculative-timeouts';
import { storedState } from './speculative';
import { StateCache } from './state-cache';
import { handOverStickyStart } from './sticky-handover';
import { type HandedTask, startForWaitingPoll } from './sync-match';
import type { NamespaceRegistry } from './namespaces';
import type { ExecutionState } from './state';
import { KeyedMutex, Notifier } from './sync';
import { visibilityRow } from './visibility-row';
import { WorkflowIdFilter } from './workflow-id-filter';

export interface DeadlineSink {
  /** Called after commit with the earliest new deadline. */
  poke(fireAt: number): void;
  /** Called after commit with each run's committed state. */
  committed?(state: ExecutionState): void;
}

/** Server-wide switches of behaviour the Go server puts in dynamic config. */
export interface EngineOptions {
  /**
   * GS `system.enableActivityEagerExecution` (off by default there, per namespace; here for every
   * namespace): a ScheduleActivityTask with `request_eager_execution` is started in the completion's
   * response. Off, it goes through the task queue like any other.
   */
  activityEagerExecution?: boolean;
  /** Runs whose state is kept in memory (GS history.cacheMaxSize); default 10,000. */
  stateCacheRuns?: number;
  /** Writes of other workflows that wait while one is in flight go as one statement (group-commit.ts). */
  groupCommit?: boolean;
  /**
   * Connections for the engine's writes (store/persist.ts) instead of each transaction's own; the server
   * gives a small pool whose sessions force generic plans, so the few prepared write shapes are planned once.
   */
  writer?: Pool;
  /** GS history.workflowTaskHeartbeatTimeout (workflow-task-completion.ts); default 30 minutes. */
  workflowTaskHeartbeatTimeoutMs?: number;
}

/** Reads of a run's state that a commit and an eviction overtook, before one is used uncached. */
const STALE_READ_ATTEMPTS = 3;

export class Engine {
  readonly matching = new Matching();
  readonly notifier = new Notifier();
  readonly queries = new QueryBroker();
  /** An evicted run's update waiters wake to find their in-memory updates gone (updates.ts). */
  readonly cache: StateCache;
  readonly eventTail = new EventTail();
  /** Ids of the updates each recently used run completed (kept out of its state). */
  readonly completedUpdates = new CompletedUpdates();
  readonly groupCommit: GroupCommit;
  private readonly locks = new KeyedMutex();
  deadlines: DeadlineSink = { poke: () => undefined };
  /** Ids that certainly have no current run: a new id's start skips reading current_executions. */
  readonly workflowIds: WorkflowIdFilter;

  constructor(
    readonly pool: Pool,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly namespaces: NamespaceRegistry,
    readonly options: EngineOptions = {},
  ) {
    this.cache = new StateCache(options.stateCacheRuns, (runId) => this.notifier.notify(this.runKey(runId)));
    this.workflowIds = new WorkflowIdFilter(pool, logger);
    this.groupCommit = new GroupCommit(options.groupCommit ?? true, options.writer);
    this.matching.startedWithoutPoll = (_namespace, taskQueue, started) =>
      handOverStickyStart(this, taskQueue, started);
  }

  /**
   * Runs `fn` with exclusive access to one workflow id. `fn` reads (from the state cache or the database)
   * and decides; every change it makes to the runs it loads or creates is written at the end by one atomic
   * statement (store/persist.ts), so a failure anywhere before leaves nothing half-written.
   */
  async transact<R>(
    namespace: string,
    workflowId: string,
    fn: (wtx: WorkflowTransaction) => Promise<R>,
  ): Promise<R> {
    return this.locks.run(`${namespace}\u0000${workflowId}`, async () => {
      const client = await this.pool.connect();
      const wtx = new WorkflowTransaction(this, client, namespace, workflowId, this.clock.now());
      try {
        const result = await fn(wtx);
        await wtx.persist();
        wtx.afterCommit();
        return result;
      } finally {
        client.release();
      }
    });
  }

  /** Decoded events [fromId, toId] of a run, from the database (never includes buffered events). */
  async readHistory(
    runId: string,
    fromId: number,
    toId: number,
    db: store.Db = this.pool,
  ): Promise<HistoryEvent[]> {
    const rows =
      this.eventTail.range(runId, fromId, toId) ?? (await store.readEvents(db, runId, fromId, toId));
    return rows.map((r) => decodeEvent(r));
  }

  /** The encoded events [fromId, toId] of a run, as readHistory reads them, not decoded. */
  async readHistoryBytes(
    runId: string,
    fromId: number,
    toId: number,
    db: store.Db = this.pool,
  ): Promise<Buffer[]> {
    return this.eventTail.range(runId, fromId, toId) ?? (await store.readEvents(db, runId, fromId, toId));
  }

  async readEvent(runId: string, eventId: number, db: store.Db = this.pool): Promise<HistoryEvent> {
    const row =
      this.eventTail.range(runId, eventId, eventId)?.[0] ?? (await store.readEvent(db, runId, eventId));
    if (!row) throw notFound(`event ${eventId} of run ${runId} not found`);
    return decodeEvent(row);
  }

  /** A run's committed state, outside any transaction (for describe, polls of closed runs, ...): read only. */
  async loadState(namespace: string, workflowId: string, runId?: string): Promise<ExecutionState> {
    const id = runId || (await this.currentRunId(this.pool, namespace, workflowId));
    const state = id ? await this.committedState(this.pool, namespace, workflowId, id) : undefined;
    if (!state) throw notFound(`workflow execution not found for workflow ID "${workflowId}"`);
    return state;
  }

  async currentRunId(db: store.Db, namespace: string, workflowId: string): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.cache.currentRun(namespace, workflowId);
      if (cached) return cached;
      if (this.workflowIds.certainlyAbsent(namespace, workflowId)) return undefined;
      const since = this.cache.mark();
      const runId = await store.currentRunId(db, namespace, workflowId);
      const filled = this.cache.fillCurrentRun(namespace, workflowId, runId, since);
      if (filled) return filled.runId;
      // Recorded by a commit and dropped for room during the read (as committedState): read again.
      if (attempt >= STALE_READ_ATTEMPTS) return runId;
    }
  }

  async committedState(
    db: store.Db,
    namespace: string,
    workflowId: string,
    runId: string,
  ): Promise<ExecutionState | undefined> {
    for (let attempt = 1; ; attempt++) {
      const cached = this.cache.get(runId);
      if (cached)
        return cached.namespace === namespace && cached.workflowId === workflowId ? cached : undefined;
      const since = this.cache.mark();
      const state = await store.loadExecution(db, namespace, workflowId, runId);
      if (!state) return undefined;
      const filled = this.cache.fill(state, since);
      if (filled) return filled;
      // Committed and evicted during the read: read again. A run that keeps doing so gets the last read
      // uncached (a snapshot, as any read outside the lock is).
      if (attempt >= STALE_READ_ATTEMPTS) return state;
    }
  }

  runKey(runId: string): string {
    return `run:${runId}`;
  }
}

export class WorkflowTransaction {
  private readonly runs = new Map<string, ExecutionTx>();
  private readonly taskDeletes: string[] = [];
  /** The encoded events `persist` wrote, per run, for the engine's event tail after commit. */
  private readonly written: { runId: string; events: { id: number; data: Buffer }[] }[] = [];
  private newCurrentRun?: string;
  /** Workflow tasks started here for polls that wait (sync-match.ts), handed over after commit. */
  private readonly handed: HandedTask[] = [];

  constructor(
    readonly engine: Engine,
    readonly db: PoolClient,
    readonly namespace: string,
    readonly workflowId: string,
    readonly now: number,
  ) {}

  async currentRunId(): Promise<string | undefined> {
    return this.newCurrentRun ?? (await this.engine.currentRunId(this.db, this.namespace, this.workflowId));
  }

  /** The run (current one when runId is empty), or undefined. */
  async load(runId?: string): Promise<ExecutionTx | undefined> {
    const id = runId || (await this.currentRunId());
    if (!id) return undefined;
    const loaded = this.runs.get(id);
    if (loaded) return loaded;
    const committed = await this.engine.committedState(this.db, this.namespace, this.workflowId, id);
    if (!committed) return undefined;
    const state = structuredClone(committed);
    const tx = this.track(new ExecutionTx(state, false, this.now));
    this.runs.set(id, tx);
    return tx;
  }

  async mustLoad(runId?: string): Promise<ExecutionTx> {
    const tx = await this.load(runId);
    if (!tx) {
      throw notFound(
        `workflow execution not found for workflow ID "${this.workflowId}"${runId ? ` and run ID "${runId}"` : ''}`,
      );
    }
    return tx;
  }

  /** A new run, which becomes the workflow id's current run. */
  create(state: ExecutionState): ExecutionTx {
    const tx = this.track(new ExecutionTx(state, true, this.now));
    this.runs.set(state.runId, tx);
    this.newCurrentRun = state.runId;
    return tx;
  }

  private track(tx: ExecutionTx): ExecutionTx {
    tx.stickyPolled = (namespace, taskQueue) => this.engine.matching.hasPoller(namespace, taskQueue);
    return tx;
  }

  /** A poll claimed this backlog row (deleted with the transaction's other changes). */
  claimTask(id: string): void {
    this.taskDeletes.push(id);
  }

  async persist(): Promise<void> {
    try {
      for (const tx of this.runs.values()) {
        const handed = await startForWaitingPoll(this.engine, this, tx);
        if (handed) this.handed.push(handed);
      }
      await this.write();
    } catch (e) {
      for (const h of this.handed) h.poll.release();
      throw e;
    }
  }

  private async write(): Promise<void> {
    const runs: RunChanges[] = [];
    const tasks: store.TaskRow[] = [];
    const deadlines: store.DeadlineRow[] = [];
    for (const tx of this.runs.values()) {
      const s = tx.state;
      // A speculative task is never persisted: a change written while it is pending converts it first.
      if (s.wft?.speculative && isDirty(tx) && !tx.speculativeAfterWrite) tx.convertSpeculative();
      const events = tx.newEvents.map((e) => ({
        id: num(e.eventId),
        data: tx.encoded.get(e) ?? encodeEvent(e),
      }));
      // The history's size as WorkflowTaskStarted reports it (historySizeBytes, the continue-as-new hint).
      if (events.length)
        s.historySizeBytes = events.reduce((sum, e) => sum + e.data.length, s.historySizeBytes ?? 0);
      if (!isDirty(tx)) continue;
      if (events.length) this.written.push({ runId: s.runId, events });
      runs.push({
        state: storedState(tx),
        isNew: tx.isNew,
        events,
        deadlineDeletes: tx.deadlineDeletes,
        workflowTaskDeletes: tx.workflowTaskDeletes,
        completedUpdates: tx.completedUpdates,
        visibility:
          tx.isNew || tx.visibilityChanged()
            ? visibilityRow(s, this.engine.namespaces.attributeTypes(s.namespace))
            : undefined,
      });
      tasks.push(...tx.tasks);
      deadlines.push(...tx.deadlines);
    }
    await this.engine.groupCommit.write(this.db, {
      runs,
      taskDeletes: this.taskDeletes,
      tasks,
      deadlines,
      currentRuns: this.newCurrentRun
        ? [{ namespace: this.namespace, workflowId: this.workflowId, runId: this.newCurrentRun }]
        : [],
    });
  }

  afterCommit(): void {
    const engine = this.engine;
    for (const tx of this.runs.values()) {
      engine.cache.put(tx.state);
      engine.deadlines.committed?.(tx.state);
      // Before waiters wake (below): a waiter of a completed update finds it here without a read.
      if (tx.isNew) engine.completedUpdates.created(tx.runId);
      if (tx.completedUpdates.length) engine.completedUpdates.committed(tx.runId, tx.completedUpdates);
    }
    for (const w of this.written) engine.eventTail.committed(w.runId, w.events);
    if (this.newCurrentRun) {
      engine.cache.setCurrentRun(this.namespace, this.workflowId, this.newCurrentRun);
      engine.workflowIds.add(this.namespace, this.workflowId);
    }
    for (const tx of this.runs.values()) {
      const converted = tx.convertedSpeculative;
      if (converted)
        engine.matching.remove(
          tx.state.namespace,
          converted.taskQueue,
          isSpeculativeEntry(tx.runId, converted.scheduledEventId),
        );
      for (const task of [...tx.tasks, ...tx.memoryTasks]) engine.matching.add(task);
      for (const t of tx.speculativeTimeouts) armSpeculativeTimeout(engine, tx.state, t);
      if (tx.deadlines.length) engine.deadlines.poke(Math.min(...tx.deadlines.map((d) => d.fireAt)));
      if (tx.changed || tx.notifyOnly) engine.notifier.notify(engine.runKey(tx.runId));
      for (const fn of tx.afterCommit) {
        try {
          fn();
        } catch (e) {
          engine.logger.error('after-commit effect failed', { error: String(e) });
        }
      }
    }
    if (this.newCurrentRun) engine.notifier.notify(`wf:${this.namespace}\u0000${this.workflowId}`);
    for (const h of this.handed) h.poll.deliver(h.item);
  }
}

/** Whether a run's changes must be written (a change held in memory only, `notifyOnly`, need not). */
function isDirty(tx: ExecutionTx): boolean {
  return (
    tx.isNew ||
    tx.changed ||
    tx.touched ||
    tx.tasks.length > 0 ||
    tx.deadlines.length > 0 ||
    tx.deadlineDeletes.length > 0 ||
    tx.workflowTaskDeletes.length > 0
  );
}

/** The in-memory queue entry (no backlog row) of a run's speculative task. */
function isSpeculativeEntry(runId: string, scheduledEventId: number) {
  return (item: MatchItem) =>
    'task' in item &&
    !item.task.id &&
    item.task.runId === runId &&
    item.task.scheduledEventId === scheduledEventId;
}

export { decodeEvent };

/**
 * The engine's shared machinery: one transaction per state change, serialised per workflow id, with
 * effects (waking pollers, arming the deadline scheduler, waking history/update waiters) after commit.
 * The per-feature state machines live beside this file and receive the Engine.
 */
import type { Pool, PoolClient } from 'pg';
import type { Clock } from '../clock';
import { notFound } from '../grpc/errors';
import type { Logger } from '../logger';
import {
  decodeEvent,
  fromB64,
  type HistoryEvent,
  type Payload,
  T,
  encodeEvent,
  encodeMessage,
  num,
} from '../proto';
import * as store from '../store/execution-store';
import { ExecutionTx } from './execution-tx';
import { Matching } from './matching';
import { QueryBroker } from './query-broker';
import type { NamespaceRegistry, SearchAttributeType } from './namespaces';
import type { ExecutionState } from './state';
import { KeyedMutex, Notifier } from './sync';

export interface DeadlineSink {
  /** Called after commit with the earliest new deadline. */
  poke(fireAt: number): void;
}

export class Engine {
  readonly matching = new Matching();
  readonly notifier = new Notifier();
  readonly queries = new QueryBroker();
  private readonly locks = new KeyedMutex();
  deadlines: DeadlineSink = { poke: () => undefined };

  constructor(
    readonly pool: Pool,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly namespaces: NamespaceRegistry,
  ) {}

  /**
   * Runs `fn` with exclusive access to one workflow id, inside one database transaction. Every run that
   * `fn` loads or creates is persisted at the end, atomically.
   */
  async transact<R>(
    namespace: string,
    workflowId: string,
    fn: (wtx: WorkflowTransaction) => Promise<R>,
  ): Promise<R> {
    return this.locks.run(`${namespace}\u0000${workflowId}`, async () => {
      const client = await this.pool.connect();
      let committed = false;
      const wtx = new WorkflowTransaction(this, client, namespace, workflowId, this.clock.now());
      try {
        await client.query('BEGIN');
        const result = await fn(wtx);
        await wtx.persist();
        await client.query('COMMIT');
        committed = true;
        wtx.afterCommit();
        return result;
      } catch (e) {
        if (!committed) await client.query('ROLLBACK').catch(() => undefined);
        throw e;
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
    const rows = await store.readEvents(db, runId, fromId, toId);
    return rows.map((r) => decodeEvent(r));
  }

  async readEvent(runId: string, eventId: number, db: store.Db = this.pool): Promise<HistoryEvent> {
    const row = await store.readEvent(db, runId, eventId);
    if (!row) throw notFound(`event ${eventId} of run ${runId} not found`);
    return decodeEvent(row);
  }

  /** Reads a run's state outside any transaction (for describe, polls of closed runs, ...). */
  async loadState(namespace: string, workflowId: string, runId?: string): Promise<ExecutionState> {
    const id = runId || (await store.currentRunId(this.pool, namespace, workflowId));
    const state = id ? await store.loadExecution(this.pool, namespace, workflowId, id) : undefined;
    if (!state) throw notFound(`workflow execution not found for workflow ID "${workflowId}"`);
    return state;
  }

  runKey(runId: string): string {
    return `run:${runId}`;
  }
}

export class WorkflowTransaction {
  private readonly runs = new Map<string, ExecutionTx>();
  private newCurrentRun?: string;

  constructor(
    readonly engine: Engine,
    readonly db: PoolClient,
    readonly namespace: string,
    readonly workflowId: string,
    readonly now: number,
  ) {}

  async currentRunId(): Promise<string | undefined> {
    return this.newCurrentRun ?? (await store.currentRunId(this.db, this.namespace, this.workflowId));
  }

  /** The run (current one when runId is empty), or undefined. */
  async load(runId?: string): Promise<ExecutionTx | undefined> {
    const id = runId || (await this.currentRunId());
    if (!id) return undefined;
    const loaded = this.runs.get(id);
    if (loaded) return loaded;
    const state = await store.loadExecution(this.db, this.namespace, this.workflowId, id);
    if (!state) return undefined;
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

  async persist(): Promise<void> {
    const db = this.db;
    for (const tx of this.runs.values()) {
      const s = tx.state;
      const events = tx.newEvents.map((e) => ({ id: num(e.eventId), data: encodeEvent(e) }));
      if (events.length)
        s.historySizeBytes = events.reduce((sum, e) => sum + e.data.length, s.historySizeBytes ?? 0);
      if (tx.isNew) await store.insertExecution(db, s);
      else if (
        tx.changed ||
        tx.touched ||
        tx.tasks.length ||
        tx.deadlines.length ||
        tx.deadlineDeletes.length
      ) {
        await store.updateExecution(db, s);
      } else continue;
      await store.appendEvents(db, s.runId, events);
      for (const d of tx.deadlineDeletes) await store.deleteDeadlines(db, s.runId, d.kinds, d.key);
      await store.insertTasks(db, tx.tasks);
      await store.insertDeadlines(db, tx.deadlines);
      if (tx.changed || tx.isNew)
        await store.upsertVisibility(
          db,
          visibilityRow(s, this.engine.namespaces.attributeTypes(s.namespace)),
        );
    }
    if (this.newCurrentRun)
      await store.setCurrentRun(db, this.namespace, this.workflowId, this.newCurrentRun);
  }

  afterCommit(): void {
    const engine = this.engine;
    for (const tx of this.runs.values()) {
      for (const task of tx.tasks) engine.matching.add(task);
      if (tx.deadlines.length) engine.deadlines.poke(Math.min(...tx.deadlines.map((d) => d.fireAt)));
      if (tx.changed) engine.notifier.notify(engine.runKey(tx.runId));
      for (const fn of tx.afterCommit) {
        try {
          fn();
        } catch (e) {
          engine.logger.error('after-commit effect failed', { error: String(e) });
        }
      }
    }
    if (this.newCurrentRun) engine.notifier.notify(`wf:${this.namespace}\u0000${this.workflowId}`);
  }
}

/** The visibility record of a run, with custom search attributes decoded to JSON values. */
export function visibilityRow(
  s: ExecutionState,
  types: Record<string, SearchAttributeType>,
): store.VisibilityRow {
  const decoded: Record<string, unknown> = {};
  const raw: Record<string, Payload> = {};
  for (const [name, b64] of Object.entries(s.searchAttributes)) {
    const payload = fromB64<Payload>(T.Payload, b64);
    raw[name] = payload;
    const value = normaliseValue(decodeSearchAttributeValue(payload), types[name]);
    if (value !== undefined) decoded[name] = value;
  }
  return {
    namespace: s.namespace,
    workflowId: s.workflowId,
    runId: s.runId,
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    status: s.status,
    startTime: s.startTime,
    closeTime: s.closeTime,
    executionTime: s.executionTime,
    historyLength: s.nextEventId - 1,
    searchAttributes: decoded,
    searchAttributesRaw: Object.keys(raw).length
      ? Buffer.from(encodeMessage(T.SearchAttributes, { indexedFields: raw }))
      : null,
    memo: s.memo ? Buffer.from(s.memo, 'base64') : null,
    parentWorkflowId: s.parent?.workflowId,
    parentRunId: s.parent?.runId,
    rootWorkflowId: s.root?.workflowId,
    rootRunId: s.root?.runId,
  };
}

/**
 * The SDK's untyped API sends every value as a list; the real server stores a one-element list under a
 * scalar type as the scalar, and a scalar under KeywordList as a one-element list.
 */
function normaliseValue(value: unknown, type: SearchAttributeType | undefined): unknown {
  if (value === undefined || !type) return value;
  if (type === 'KeywordList') return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.length ? value[0] : undefined;
  return value;
}

/** A search attribute payload holds JSON (json/plain); an empty or null payload unsets the attribute. */
export function decodeSearchAttributeValue(payload: Payload): unknown {
  if (!payload.data || payload.data.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    return value === null ? undefined : value;
  } catch {
    return undefined;
  }
}

export { decodeEvent };

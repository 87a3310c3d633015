/**
 * SQL for executions, history, task backlog, deadlines and visibility. Every function takes the client of
 * the caller's transaction; batching (one multi-row statement per table per transaction) happens here.
 */
import type { Pool, PoolClient } from 'pg';
import type { ExecutionState } from '../engine/state';

export type Db = Pool | PoolClient;

export interface TaskRow {
  id?: string;
  namespace: string;
  taskQueue: string;
  kind: 'workflow' | 'activity';
  workflowId: string;
  runId: string;
  scheduledEventId: number;
  attempt: number;
}

export interface DeadlineRow {
  id?: string;
  fireAt: number;
  namespace: string;
  workflowId: string;
  runId: string;
  kind: string;
  key: string;
  data: Record<string, unknown>;
}

export interface VisibilityRow {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: string;
  startTime: number;
  closeTime?: number;
  executionTime: number;
  historyLength: number;
  searchAttributes: Record<string, unknown>;
  searchAttributesRaw: Buffer | null;
  memo: Buffer | null;
  parentWorkflowId?: string;
  parentRunId?: string;
  rootWorkflowId?: string;
  rootRunId?: string;
}

export async function currentRunId(
  db: Db,
  namespace: string,
  workflowId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ run_id: string }>(
    'SELECT run_id FROM temporal.current_executions WHERE namespace = $1 AND workflow_id = $2',
    [namespace, workflowId],
  );
  return rows[0]?.run_id;
}

export async function loadExecution(
  db: Db,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<ExecutionState | undefined> {
  if (!isUuid(runId)) return undefined;
  const { rows } = await db.query<{ state: ExecutionState }>(
    'SELECT state FROM temporal.executions WHERE namespace = $1 AND workflow_id = $2 AND run_id = $3',
    [namespace, workflowId, runId],
  );
  return rows[0]?.state;
}

export async function insertExecution(db: Db, state: ExecutionState): Promise<void> {
  await db.query(
    `INSERT INTO temporal.executions (namespace, workflow_id, run_id, status, next_event_id, state)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [state.namespace, state.workflowId, state.runId, state.status, state.nextEventId, state],
  );
}

export async function updateExecution(db: Db, state: ExecutionState): Promise<void> {
  await db.query(
    `UPDATE temporal.executions SET status = $4, next_event_id = $5, state = $6
     WHERE namespace = $1 AND workflow_id = $2 AND run_id = $3`,
    [state.namespace, state.workflowId, state.runId, state.status, state.nextEventId, state],
  );
}

export async function setCurrentRun(
  db: Db,
  namespace: string,
  workflowId: string,
  runId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO temporal.current_executions (namespace, workflow_id, run_id) VALUES ($1, $2, $3)
     ON CONFLICT (namespace, workflow_id) DO UPDATE SET run_id = EXCLUDED.run_id`,
    [namespace, workflowId, runId],
  );
}

export async function appendEvents(
  db: Db,
  runId: string,
  events: { id: number; data: Buffer }[],
): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [runId];
  const tuples = events.map((e, i) => {
    values.push(e.id, e.data);
    return `($1, $${i * 2 + 2}, $${i * 2 + 3})`;
  });
  await db.query(
    `INSERT INTO temporal.history_events (run_id, event_id, data) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** Encoded events of a run with ids in [fromId, toId], in order. */
export async function readEvents(
  db: Db,
  runId: string,
  fromId: number,
  toId: number,
  limit?: number,
): Promise<Buffer[]> {
  const { rows } = await db.query<{ data: Buffer }>(
    `SELECT data FROM temporal.history_events WHERE run_id = $1 AND event_id BETWEEN $2 AND $3
     ORDER BY event_id ${limit ? `LIMIT ${Math.floor(limit)}` : ''}`,
    [runId, fromId, toId],
  );
  return rows.map((r) => r.data);
}

export async function readEvent(db: Db, runId: string, eventId: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ data: Buffer }>(
    'SELECT data FROM temporal.history_events WHERE run_id = $1 AND event_id = $2',
    [runId, eventId],
  );
  return rows[0]?.data;
}

export async function insertTasks(db: Db, tasks: TaskRow[]): Promise<void> {
  if (tasks.length === 0) return;
  const values: unknown[] = [];
  const tuples = tasks.map((t) => {
    const base = values.length;
    values.push(t.namespace, t.taskQueue, t.kind, t.workflowId, t.runId, t.scheduledEventId, t.attempt);
    return `(${[1, 2, 3, 4, 5, 6, 7].map((n) => `$${base + n}`).join(', ')})`;
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO temporal.tasks (namespace, task_queue, kind, workflow_id, run_id, scheduled_event_id, attempt)
     VALUES ${tuples.join(', ')} RETURNING id`,
    values,
  );
  rows.forEach((r, i) => (tasks[i].id = r.id));
}

/** Removes a task from the backlog; false when another poller (or a cleanup) already took it. */
export async function deleteTask(db: Db, id: string): Promise<boolean> {
  const res = await db.query('DELETE FROM temporal.tasks WHERE id = $1', [id]);
  return (res.rowCount ?? 0) > 0;
}

/** Removes a run's workflow task from the backlog, whichever queue it waits on (the backlog is small). */
export async function deleteWorkflowTask(db: Db, runId: string, scheduledEventId: number): Promise<void> {
  await db.query(
    "DELETE FROM temporal.tasks WHERE run_id = $1 AND kind = 'workflow' AND scheduled_event_id = $2",
    [runId, scheduledEventId],
  );
}

export async function loadAllTasks(db: Db): Promise<TaskRow[]> {
  const { rows } = await db.query<{
    id: string;
    namespace: string;
    task_queue: string;
    kind: 'workflow' | 'activity';
    workflow_id: string;
    run_id: string;
    scheduled_event_id: string;
    attempt: number;
  }>('SELECT * FROM temporal.tasks ORDER BY id');
  return rows.map((r) => ({
    id: r.id,
    namespace: r.namespace,
    taskQueue: r.task_queue,
    kind: r.kind,
    workflowId: r.workflow_id,
    runId: r.run_id,
    scheduledEventId: Number(r.scheduled_event_id),
    attempt: r.attempt,
  }));
}

export async function insertDeadlines(db: Db, deadlines: DeadlineRow[]): Promise<void> {
  if (deadlines.length === 0) return;
  const values: unknown[] = [];
  const tuples = deadlines.map((d) => {
    const base = values.length;
    values.push(new Date(d.fireAt), d.namespace, d.workflowId, d.runId, d.kind, d.key, d.data);
    return `(${[1, 2, 3, 4, 5, 6, 7].map((n) => `$${base + n}`).join(', ')})`;
  });
  await db.query(
    `INSERT INTO temporal.deadlines (fire_at, namespace, workflow_id, run_id, kind, key, data) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** Deletes a run's deadlines of the given kinds (and key, when given). */
export async function deleteDeadlines(db: Db, runId: string, kinds: string[], key?: string): Promise<void> {
  if (key === undefined) {
    await db.query('DELETE FROM temporal.deadlines WHERE run_id = $1 AND kind = ANY($2)', [runId, kinds]);
  } else {
    await db.query('DELETE FROM temporal.deadlines WHERE run_id = $1 AND kind = ANY($2) AND key = $3', [
      runId,
      kinds,
      key,
    ]);
  }
}

export async function deleteDeadline(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM temporal.deadlines WHERE id = $1', [id]);
}

export async function dueDeadlines(db: Db, now: number, limit: number): Promise<DeadlineRow[]> {
  const { rows } = await db.query<{
    id: string;
    fire_at: Date;
    namespace: string;
    workflow_id: string;
    run_id: string;
    kind: string;
    key: string;
    data: Record<string, unknown>;
  }>('SELECT * FROM temporal.deadlines WHERE fire_at <= $1 ORDER BY fire_at, id LIMIT $2', [
    new Date(now),
    limit,
  ]);
  return rows.map((r) => ({
    id: r.id,
    fireAt: r.fire_at.getTime(),
    namespace: r.namespace,
    workflowId: r.workflow_id,
    runId: r.run_id,
    kind: r.kind,
    key: r.key,
    data: r.data,
  }));
}

export async function nextDeadlineTime(db: Db): Promise<number | undefined> {
  const { rows } = await db.query<{ t: Date | null }>('SELECT min(fire_at) AS t FROM temporal.deadlines');
  return rows[0]?.t ? rows[0].t.getTime() : undefined;
}

export async function upsertVisibility(db: Db, v: VisibilityRow): Promise<void> {
  await db.query(
    `INSERT INTO temporal.executions_visibility (namespace, workflow_id, run_id, workflow_type, task_queue, status,
       start_time, close_time, execution_time, history_length, search_attributes, search_attributes_raw, memo,
       parent_workflow_id, parent_run_id, root_workflow_id, root_run_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (namespace, run_id) DO UPDATE SET status = EXCLUDED.status, close_time = EXCLUDED.close_time,
       history_length = EXCLUDED.history_length, search_attributes = EXCLUDED.search_attributes,
       search_attributes_raw = EXCLUDED.search_attributes_raw, memo = EXCLUDED.memo`,
    [
      v.namespace,
      v.workflowId,
      v.runId,
      v.workflowType,
      v.taskQueue,
      v.status,
      new Date(v.startTime),
      v.closeTime === undefined ? null : new Date(v.closeTime),
      new Date(v.executionTime),
      v.historyLength,
      JSON.stringify(v.searchAttributes),
      v.searchAttributesRaw,
      v.memo,
      v.parentWorkflowId ?? null,
      v.parentRunId ?? null,
      v.rootWorkflowId ?? null,
      v.rootRunId ?? null,
    ],
  );
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

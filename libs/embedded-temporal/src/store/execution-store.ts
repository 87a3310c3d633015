/**
 * SQL reads of executions, history, the task backlog and deadlines, and the scheduler's own writes. What an
 * engine transaction changes is written by store/persist.ts in one statement.
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
  /** The task's priority key as set (0 or absent: none; matching's priority.ts clips it to a level). */
  priorityKey?: number;
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

/** Every update the workflow completed in a run: [update id, its UpdateCompleted event id]. */
export async function loadCompletedUpdates(db: Db, runId: string): Promise<[string, number][]> {
  const { rows } = await db.query<{ update_id: string; event_id: number }>(
    'SELECT update_id, event_id FROM temporal.completed_updates WHERE run_id = $1',
    [runId],
  );
  return rows.map((r) => [r.update_id, r.event_id]);
}

export async function insertTasks(db: Db, tasks: TaskRow[]): Promise<void> {
  if (tasks.length === 0) return;
  const values: unknown[] = [];
  const tuples = tasks.map((t) => {
    const base = values.length;
    values.push(
      t.namespace,
      t.taskQueue,
      t.kind,
      t.workflowId,
      t.runId,
      t.scheduledEventId,
      t.attempt,
      t.priorityKey ?? 0,
    );
    return `(${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `$${base + n}`).join(', ')})`;
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO temporal.tasks (namespace, task_queue, kind, workflow_id, run_id, scheduled_event_id, attempt, priority_key)
     VALUES ${tuples.join(', ')} RETURNING id`,
    values,
  );
  rows.forEach((r, i) => (tasks[i].id = r.id));
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
    priority_key: number;
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
    ...(r.priority_key ? { priorityKey: r.priority_key } : {}),
  }));
}

export async function deleteDeadline(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM temporal.deadlines WHERE id = $1', [id]);
}

type DeadlineDbRow = {
  id: string;
  fire_at: Date;
  namespace: string;
  workflow_id: string;
  run_id: string;
  kind: string;
  key: string;
  data: Record<string, unknown>;
};

function deadlineOf(r: DeadlineDbRow): DeadlineRow {
  return {
    id: r.id,
    fireAt: r.fire_at.getTime(),
    namespace: r.namespace,
    workflowId: r.workflow_id,
    runId: r.run_id,
    kind: r.kind,
    key: r.key,
    data: r.data,
  };
}

/**
 * Deadlines due at `now`, earliest first. With `lateBefore`, user timers due before it are left out (the
 * scheduler fires those at a pace, `lateTimers`): the rows from `lateBefore` to `now` are read by their
 * index range, and other late kinds only when `lateOthers` (reading those scans the late timers' rows).
 */
export async function dueDeadlines(
  db: Db,
  now: number,
  limit: number,
  lateBefore?: number,
  lateOthers = true,
): Promise<DeadlineRow[]> {
  if (lateBefore === undefined) {
    const { rows } = await db.query<DeadlineDbRow>(
      'SELECT * FROM temporal.deadlines WHERE fire_at <= $1 ORDER BY fire_at, id LIMIT $2',
      [new Date(now), limit],
    );
    return rows.map(deadlineOf);
  }
  const recent = `SELECT * FROM temporal.deadlines WHERE fire_at <= $1 AND fire_at >= $3 ORDER BY fire_at, id LIMIT $2`;
  const others = `SELECT * FROM temporal.deadlines WHERE fire_at < $3 AND kind <> 'timer' ORDER BY fire_at, id LIMIT $2`;
  const { rows } = await db.query<DeadlineDbRow>(
    lateOthers ? `(${others}) UNION ALL (${recent}) ORDER BY fire_at, id LIMIT $2` : recent,
    [new Date(now), limit, new Date(lateBefore)],
  );
  return rows.map(deadlineOf);
}

/** User timers due before `lateBefore` (late: the server was down or behind), earliest first. */
export async function lateTimers(db: Db, lateBefore: number, limit: number): Promise<DeadlineRow[]> {
  const { rows } = await db.query<DeadlineDbRow>(
    `SELECT * FROM temporal.deadlines WHERE kind = 'timer' AND fire_at < $1 ORDER BY fire_at, id LIMIT $2`,
    [new Date(lateBefore), limit],
  );
  return rows.map(deadlineOf);
}

export async function nextDeadlineTime(db: Db): Promise<number | undefined> {
  const { rows } = await db.query<{ t: Date | null }>('SELECT min(fire_at) AS t FROM temporal.deadlines');
  return rows[0]?.t ? rows[0].t.getTime() : undefined;
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

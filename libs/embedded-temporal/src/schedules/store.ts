/** SQL for `temporal.schedules` (migration 2). */
import type { Db } from '../store/execution-store';
import type { ScheduleBookkeeping } from './state';

export interface ScheduleRow {
  namespace: string;
  scheduleId: string;
  /** Encoded temporal.api.schedule.v1.Schedule. */
  schedule: Buffer;
  state: ScheduleBookkeeping;
  /** Encoded temporal.api.common.v1.Memo (the schedule's own memo). */
  memo: Buffer | null;
  /** Encoded temporal.api.common.v1.SearchAttributes (the schedule's own search attributes). */
  searchAttributes: Buffer | null;
  nextWakeAt: number | undefined;
}

interface RawRow {
  namespace: string;
  schedule_id: string;
  schedule: Buffer;
  state: ScheduleBookkeeping;
  memo: Buffer | null;
  search_attributes: Buffer | null;
  next_wake_at: Date | null;
}

function fromRaw(r: RawRow): ScheduleRow {
  return {
    namespace: r.namespace,
    scheduleId: r.schedule_id,
    schedule: r.schedule,
    state: r.state,
    memo: r.memo,
    searchAttributes: r.search_attributes,
    nextWakeAt: r.next_wake_at ? r.next_wake_at.getTime() : undefined,
  };
}

/** $1 to $7 of the INSERT and the UPDATE, in the table's column order. */
function rowParams(row: ScheduleRow): unknown[] {
  return [
    row.namespace,
    row.scheduleId,
    row.schedule,
    JSON.stringify(row.state),
    row.memo,
    row.searchAttributes,
    row.nextWakeAt === undefined ? null : new Date(row.nextWakeAt),
  ];
}

/** Inserts a new schedule; false when the id is taken. */
export async function insertSchedule(db: Db, row: ScheduleRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO temporal.schedules (namespace, schedule_id, schedule, state, memo, search_attributes, next_wake_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    rowParams(row),
  );
  return rowCount === 1;
}

export async function saveSchedule(db: Db, row: ScheduleRow): Promise<void> {
  await db.query(
    `UPDATE temporal.schedules SET schedule = $3, state = $4, memo = $5, search_attributes = $6, next_wake_at = $7
     WHERE namespace = $1 AND schedule_id = $2`,
    rowParams(row),
  );
}

export async function loadSchedule(
  db: Db,
  namespace: string,
  scheduleId: string,
): Promise<ScheduleRow | undefined> {
  const { rows } = await db.query<RawRow>(
    'SELECT * FROM temporal.schedules WHERE namespace = $1 AND schedule_id = $2',
    [namespace, scheduleId],
  );
  return rows[0] ? fromRaw(rows[0]) : undefined;
}

export async function deleteSchedule(db: Db, namespace: string, scheduleId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM temporal.schedules WHERE namespace = $1 AND schedule_id = $2',
    [namespace, scheduleId],
  );
  return rowCount === 1;
}

/**
 * One page of a namespace's schedules in id order, starting after `afterId`, filtered by `filter` (a
 * condition from the visibility query translator, whose placeholders start at $2).
 *
 * The translator speaks in `executions_visibility` columns; schedules are presented in that shape: the
 * schedule id as the workflow id (the translator already maps `ScheduleId` to it), the create time as start
 * and execution time, status Running, and the schedule's search attributes plus TemporalSchedulePaused as
 * `search_attributes`.
 */
export async function listSchedules(
  db: Db,
  namespace: string,
  afterId: string,
  limit: number,
  filter: { where: string; params: unknown[] } = { where: 'TRUE', params: [] },
): Promise<ScheduleRow[]> {
  const n = filter.params.length;
  const { rows } = await db.query<RawRow>(
    `SELECT * FROM temporal.schedules
     WHERE namespace = $1 AND schedule_id > $${n + 2} AND schedule_id IN (${matchingIds(filter.where)})
     ORDER BY schedule_id LIMIT $${n + 3}`,
    [namespace, ...filter.params, afterId, limit],
  );
  return rows.map(fromRaw);
}

/** How many of a namespace's schedules match `filter` (CountSchedules). */
export async function countSchedules(
  db: Db,
  namespace: string,
  filter: { where: string; params: unknown[] } = { where: 'TRUE', params: [] },
): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*) AS count FROM (${matchingIds(filter.where)}) m`,
    [namespace, ...filter.params],
  );
  return Number(rows[0].count);
}

/** The ids of the schedules of namespace $1 that satisfy `where`, over the visibility-shaped view. */
function matchingIds(where: string): string {
  return `SELECT schedule_id FROM (
       SELECT schedule_id, schedule_id AS workflow_id, NULL::text AS run_id,
              'temporal-sys-scheduler-workflow'::text AS workflow_type, ''::text AS task_queue,
              'Running'::text AS status, NULL::text AS parent_workflow_id, 0 AS history_length,
              to_timestamp((state->>'createTime')::bigint / 1000.0) AS start_time,
              to_timestamp((state->>'createTime')::bigint / 1000.0) AS execution_time,
              NULL::timestamptz AS close_time,
              COALESCE(state->'visibility', '{}'::jsonb) AS search_attributes
       FROM temporal.schedules WHERE namespace = $1
     ) v WHERE (${where})`;
}

/** Every schedule's key (the runner looks at each one when the server starts). */
export async function allScheduleKeys(db: Db): Promise<{ namespace: string; scheduleId: string }[]> {
  const { rows } = await db.query<{ namespace: string; schedule_id: string }>(
    'SELECT namespace, schedule_id FROM temporal.schedules ORDER BY namespace, schedule_id',
  );
  return rows.map((r) => ({ namespace: r.namespace, scheduleId: r.schedule_id }));
}

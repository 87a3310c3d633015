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

/** Inserts a new schedule; false when the id is taken. */
export async function insertSchedule(db: Db, row: ScheduleRow): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO temporal.schedules (namespace, schedule_id, schedule, state, memo, search_attributes, next_wake_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [
      row.namespace,
      row.scheduleId,
      row.schedule,
      JSON.stringify(row.state),
      row.memo,
      row.searchAttributes,
      row.nextWakeAt === undefined ? null : new Date(row.nextWakeAt),
    ],
  );
  return rowCount === 1;
}

export async function saveSchedule(db: Db, row: ScheduleRow): Promise<void> {
  await db.query(
    `UPDATE temporal.schedules SET schedule = $3, state = $4, memo = $5, search_attributes = $6, next_wake_at = $7
     WHERE namespace = $1 AND schedule_id = $2`,
    [
      row.namespace,
      row.scheduleId,
      row.schedule,
      JSON.stringify(row.state),
      row.memo,
      row.searchAttributes,
      row.nextWakeAt === undefined ? null : new Date(row.nextWakeAt),
    ],
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

/** One page of a namespace's schedules in id order, starting after `afterId`. */
export async function listSchedules(
  db: Db,
  namespace: string,
  afterId: string,
  limit: number,
): Promise<ScheduleRow[]> {
  const { rows } = await db.query<RawRow>(
    `SELECT * FROM temporal.schedules WHERE namespace = $1 AND schedule_id > $2
     ORDER BY schedule_id LIMIT $3`,
    [namespace, afterId, limit],
  );
  return rows.map(fromRaw);
}

/** Every schedule's key (the runner looks at each one when the server starts). */
export async function allScheduleKeys(db: Db): Promise<{ namespace: string; scheduleId: string }[]> {
  const { rows } = await db.query<{ namespace: string; schedule_id: string }>(
    'SELECT namespace, schedule_id FROM temporal.schedules ORDER BY namespace, schedule_id',
  );
  return rows.map((r) => ({ namespace: r.namespace, scheduleId: r.schedule_id }));
}

/**
 * Everything one engine transaction changes, written by ONE statement (data-modifying CTEs): the runs'
 * mutable state, their new history events, task and deadline deletions and insertions, visibility and the
 * current run. One statement is atomic on its own, so a change costs one round trip and one commit instead
 * of BEGIN, a statement per table and COMMIT (the reads before it need no transaction: this server is the
 * only writer and serialises each workflow id in memory).
 *
 * The statement has at most one CTE per kind of row, each over arrays (`unnest`, or `jsonb_to_recordset` for
 * rows with a jsonb column, so that a state is serialised once and not escaped again inside an array
 * literal). So its text depends only on WHICH kinds of rows a change holds, not on how many runs or rows:
 * group commit's merged writes (engine/group-commit.ts) have as few shapes as the single ones, and all of
 * them are prepared (statement-names.ts). PostgreSQL then plans each shape once per connection, with a
 * generic plan; the joins against existing rows are also bounded by `= ANY` over their run ids, so that the
 * generic plan (which guesses 100 rows per set-returning function) still reaches those rows by index.
 */
import type { ExecutionState } from '../engine/state';
import type { Db, DeadlineRow, TaskRow, VisibilityRow } from './execution-store';
import { statementName } from './statement-names';

export interface RunChanges {
  state: ExecutionState;
  isNew: boolean;
  events: { id: number; data: Buffer }[];
  deadlineDeletes: { kinds: string[]; key?: string }[];
  /** Workflow tasks to drop from the backlog by scheduled event id, whichever queue they wait on. */
  workflowTaskDeletes: number[];
  visibility?: VisibilityRow;
  /** Updates the workflow completed here (rows of temporal.completed_updates, see completed-updates.ts). */
  completedUpdates: { updateId: string; eventId: number }[];
}

export interface Changes {
  runs: RunChanges[];
  /** Backlog rows claimed by a poll. */
  taskDeletes: string[];
  tasks: TaskRow[];
  deadlines: DeadlineRow[];
  currentRuns: { namespace: string; workflowId: string; runId: string }[];
}

/** The columns of a run's row as `jsonb_to_recordset` reads them. */
const RUN_COLUMNS =
  'x(namespace text, workflow_id text, run_id uuid, status text, next_event_id int, state jsonb)';

export async function persistChanges(db: Db, c: Changes): Promise<void> {
  const values: unknown[] = [];
  const p = (v: unknown, cast: string) => {
    values.push(v);
    return `$${values.length}${cast}`;
  };
  /** `unnest($1::t1[], $2::t2[], …)`: one array parameter per column, read from `rows`. */
  const unnest = <T>(rows: readonly T[], columns: [(row: T) => unknown, string][]) =>
    `unnest(${columns.map(([column, type]) => p(rows.map(column), `::${type}[]`)).join(', ')})`;
  const ctes: string[] = [];
  const cte = (sql: string) => ctes.push(`w${ctes.length} AS (${sql})`);
  const runRow = (s: ExecutionState) => ({
    namespace: s.namespace,
    workflow_id: s.workflowId,
    run_id: s.runId,
    status: s.status,
    next_event_id: s.nextEventId,
    state: s,
  });

  const created = c.runs.filter((r) => r.isNew);
  if (created.length) {
    cte(
      `INSERT INTO temporal.executions (namespace, workflow_id, run_id, status, next_event_id, state)
       SELECT * FROM jsonb_to_recordset(${p(JSON.stringify(created.map((r) => runRow(r.state))), '::jsonb')}) AS ${RUN_COLUMNS}`,
    );
  }
  const updated = c.runs.filter((r) => !r.isNew);
  if (updated.length) {
    cte(
      `UPDATE temporal.executions e SET status = x.status, next_event_id = x.next_event_id, state = x.state
       FROM jsonb_to_recordset(${p(JSON.stringify(updated.map((r) => runRow(r.state))), '::jsonb')}) AS ${RUN_COLUMNS}
       WHERE e.run_id = ANY(${p(
         updated.map((r) => r.state.runId),
         '::uuid[]',
       )}) AND e.namespace = x.namespace AND e.workflow_id = x.workflow_id AND e.run_id = x.run_id`,
    );
  }
  // The events' bytes go as ONE bytea parameter, each event cut from it by offset and length: pg sends a
  // Buffer parameter in binary, but a bytea[] as an array literal of hex text (twice the bytes, hex-encoded
  // here, then parsed and decoded by PostgreSQL). A registration's start event carries the ~36 KB case
  // configuration: its INSERT's backend CPU 0.93-1.04 → 0.45-0.64 ms (bench/notes/s15-registration.md).
  const events: { runId: string; id: number; at: number; length: number }[] = [];
  const eventData: Buffer[] = [];
  let offset = 1; // substring() counts from 1
  for (const r of c.runs) {
    for (const e of r.events) {
      events.push({ runId: r.state.runId, id: e.id, at: offset, length: e.data.length });
      eventData.push(e.data);
      offset += e.data.length;
    }
  }
  if (events.length) {
    const data = eventData.length === 1 ? eventData[0] : Buffer.concat(eventData, offset - 1);
    cte(
      `INSERT INTO temporal.history_events (run_id, event_id, data)
       SELECT x.run_id, x.event_id, substring(${p(data, '::bytea')} FROM x.at FOR x.length)
       FROM ${unnest(events, [
         [(e) => e.runId, 'uuid'],
         [(e) => e.id, 'int'],
         [(e) => e.at, 'int'],
         [(e) => e.length, 'int'],
       ])} AS x(run_id, event_id, at, length)`,
    );
  }
  // One row per (run, kind[, key]); a null key matches every key of the kind.
  const disarmed = c.runs.flatMap((r) =>
    r.deadlineDeletes.flatMap((d) =>
      d.kinds.map((kind) => ({ runId: r.state.runId, kind, key: d.key ?? null })),
    ),
  );
  if (disarmed.length) {
    cte(
      `DELETE FROM temporal.deadlines d USING ${unnest(disarmed, [
        [(d) => d.runId, 'uuid'],
        [(d) => d.kind, 'text'],
        [(d) => d.key, 'text'],
      ])} AS x(run_id, kind, key)
       WHERE d.run_id = ANY(${p([...new Set(disarmed.map((d) => d.runId))], '::uuid[]')})
         AND d.run_id = x.run_id AND d.kind = x.kind AND (x.key IS NULL OR d.key = x.key)`,
    );
  }
  const workflowTasks = c.runs.flatMap((r) =>
    r.workflowTaskDeletes.map((id) => ({ runId: r.state.runId, id })),
  );
  if (workflowTasks.length) {
    cte(
      `DELETE FROM temporal.tasks t USING ${unnest(workflowTasks, [
        [(t) => t.runId, 'uuid'],
        [(t) => t.id, 'bigint'],
      ])} AS x(run_id, scheduled_event_id)
       WHERE t.kind = 'workflow' AND t.run_id = x.run_id AND t.scheduled_event_id = x.scheduled_event_id`,
    );
  }
  const completed = c.runs.flatMap((r) => r.completedUpdates.map((u) => ({ runId: r.state.runId, ...u })));
  if (completed.length) {
    cte(
      `INSERT INTO temporal.completed_updates (run_id, update_id, event_id)
       SELECT * FROM ${unnest(completed, [
         [(u) => u.runId, 'uuid'],
         [(u) => u.updateId, 'text'],
         [(u) => u.eventId, 'int'],
       ])}`,
    );
  }
  const visibility = c.runs.flatMap((r) => (r.visibility ? [r.visibility] : []));
  if (visibility.length) cte(visibilityUpsert(p(JSON.stringify(visibility.map(visibilityJson)), '::jsonb')));
  if (c.taskDeletes.length)
    cte(`DELETE FROM temporal.tasks WHERE id = ANY(${p(c.taskDeletes, '::bigint[]')})`);
  if (c.deadlines.length) {
    const d = c.deadlines;
    cte(
      `INSERT INTO temporal.deadlines (fire_at, namespace, workflow_id, run_id, kind, key, data)
       SELECT * FROM ${unnest(d, [
         [(x) => new Date(x.fireAt), 'timestamptz'],
         [(x) => x.namespace, 'text'],
         [(x) => x.workflowId, 'text'],
         [(x) => x.runId, 'uuid'],
         [(x) => x.kind, 'text'],
         [(x) => x.key, 'text'],
         [(x) => JSON.stringify(x.data), 'jsonb'],
       ])}`,
    );
  }
  if (c.currentRuns.length) {
    const cr = c.currentRuns;
    cte(
      `INSERT INTO temporal.current_executions (namespace, workflow_id, run_id)
       SELECT * FROM ${unnest(cr, [
         [(x) => x.namespace, 'text'],
         [(x) => x.workflowId, 'text'],
         [(x) => x.runId, 'uuid'],
       ])}
       ON CONFLICT (namespace, workflow_id) DO UPDATE SET run_id = EXCLUDED.run_id`,
    );
  }
  let insertTasks =
    'SELECT NULL::bigint AS id, NULL::uuid AS run_id, NULL::text AS kind, NULL::bigint AS scheduled_event_id, NULL::int AS attempt WHERE false';
  if (c.tasks.length) {
    const t = c.tasks;
    insertTasks = `INSERT INTO temporal.tasks (namespace, task_queue, kind, workflow_id, run_id, scheduled_event_id, attempt, priority_key)
      SELECT * FROM ${unnest(t, [
        [(x) => x.namespace, 'text'],
        [(x) => x.taskQueue, 'text'],
        [(x) => x.kind, 'text'],
        [(x) => x.workflowId, 'text'],
        [(x) => x.runId, 'uuid'],
        [(x) => x.scheduledEventId, 'bigint'],
        [(x) => x.attempt, 'int'],
        [(x) => x.priorityKey ?? 0, 'int'],
      ])}
      RETURNING id, run_id, kind, scheduled_event_id, attempt`;
  }
  if (ctes.length === 0 && c.tasks.length === 0) return;
  const sql = `${ctes.length ? `WITH ${ctes.join(',\n')}\n` : ''}${insertTasks}`;
  const { rows } = await db.query<{
    id: string;
    run_id: string;
    kind: string;
    scheduled_event_id: string;
    attempt: number;
  }>({ name: statementName(sql), text: sql, values });
  // The new rows' ids, matched back to the tasks (RETURNING does not promise the input order).
  for (const task of c.tasks) {
    const i = rows.findIndex(
      (r) =>
        r.run_id === task.runId &&
        r.kind === task.kind &&
        Number(r.scheduled_event_id) === task.scheduledEventId &&
        r.attempt === task.attempt,
    );
    task.id = rows[i].id;
    rows.splice(i, 1);
  }
}

/** A visibility row as `jsonb_to_recordset` reads it (bytea as `\x` hex, times as ISO strings). */
function visibilityJson(v: VisibilityRow) {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const hex = (b: Buffer | null) => (b === null ? null : `\\x${b.toString('hex')}`);
  return {
    namespace: v.namespace,
    workflow_id: v.workflowId,
    run_id: v.runId,
    workflow_type: v.workflowType,
    task_queue: v.taskQueue,
    status: v.status,
    start_time: iso(v.startTime),
    close_time: iso(v.closeTime),
    execution_time: iso(v.executionTime),
    history_length: v.historyLength,
    search_attributes: v.searchAttributes,
    search_attributes_raw: hex(v.searchAttributesRaw),
    memo: hex(v.memo),
    parent_workflow_id: v.parentWorkflowId ?? null,
    parent_run_id: v.parentRunId ?? null,
    root_workflow_id: v.rootWorkflowId ?? null,
    root_run_id: v.rootRunId ?? null,
  };
}

function visibilityUpsert(rows: string): string {
  return `INSERT INTO temporal.executions_visibility (namespace, workflow_id, run_id, workflow_type, task_queue, status,
       start_time, close_time, execution_time, history_length, search_attributes, search_attributes_raw, memo,
       parent_workflow_id, parent_run_id, root_workflow_id, root_run_id)
     SELECT * FROM jsonb_to_recordset(${rows}) AS x(namespace text, workflow_id text, run_id uuid, workflow_type text,
       task_queue text, status text, start_time timestamptz, close_time timestamptz, execution_time timestamptz,
       history_length int, search_attributes jsonb, search_attributes_raw bytea, memo bytea, parent_workflow_id text,
       parent_run_id text, root_workflow_id text, root_run_id text)
     ON CONFLICT (namespace, run_id) DO UPDATE SET status = EXCLUDED.status, close_time = EXCLUDED.close_time,
       history_length = EXCLUDED.history_length, search_attributes = EXCLUDED.search_attributes,
       search_attributes_raw = EXCLUDED.search_attributes_raw, memo = EXCLUDED.memo`;
}

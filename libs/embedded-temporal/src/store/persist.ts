/**
 * Everything one engine transaction changes, written by ONE statement (data-modifying CTEs): the runs'
 * mutable state, their new history events, task and deadline deletions and insertions, visibility and the
 * current run. One statement is atomic on its own, so a change costs one round trip and one commit instead
 * of BEGIN, a statement per table and COMMIT (the reads before it need no transaction: this server is the
 * only writer and serialises each workflow id in memory).
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

/** `prepare` false: sent unnamed (parsed and planned each time), for shapes too varied to prepare. */
export async function persistChanges(db: Db, c: Changes, prepare = true): Promise<void> {
  const values: unknown[] = [];
  const p = (v: unknown, cast = '') => {
    values.push(v);
    return `$${values.length}${cast}`;
  };
  const ctes: string[] = [];
  const cte = (sql: string) => ctes.push(`w${ctes.length} AS (${sql})`);

  for (const r of c.runs) {
    const s = r.state;
    if (r.isNew) {
      cte(
        `INSERT INTO temporal.executions (namespace, workflow_id, run_id, status, next_event_id, state)
         VALUES (${p(s.namespace, '::text')}, ${p(s.workflowId, '::text')}, ${p(s.runId, '::uuid')},
           ${p(s.status, '::text')}, ${p(s.nextEventId, '::int')}, ${p(s, '::jsonb')})`,
      );
    } else {
      cte(
        `UPDATE temporal.executions SET status = ${p(s.status, '::text')}, next_event_id = ${p(s.nextEventId, '::int')},
         state = ${p(s, '::jsonb')}
         WHERE namespace = ${p(s.namespace, '::text')} AND workflow_id = ${p(s.workflowId, '::text')}
           AND run_id = ${p(s.runId, '::uuid')}`,
      );
    }
    if (r.events.length) {
      cte(
        `INSERT INTO temporal.history_events (run_id, event_id, data)
         SELECT ${p(s.runId, '::uuid')}, * FROM unnest(${p(
           r.events.map((e) => e.id),
           '::int[]',
         )}, ${p(
           r.events.map((e) => e.data),
           '::bytea[]',
         )})`,
      );
    }
    for (const d of r.deadlineDeletes) {
      cte(
        `DELETE FROM temporal.deadlines WHERE run_id = ${p(s.runId, '::uuid')} AND kind = ANY(${p(d.kinds, '::text[]')})` +
          (d.key === undefined ? '' : ` AND key = ${p(d.key, '::text')}`),
      );
    }
    if (r.workflowTaskDeletes.length) {
      cte(
        `DELETE FROM temporal.tasks WHERE run_id = ${p(s.runId, '::uuid')} AND kind = 'workflow'
         AND scheduled_event_id = ANY(${p(r.workflowTaskDeletes, '::bigint[]')})`,
      );
    }
    if (r.completedUpdates.length) {
      cte(
        `INSERT INTO temporal.completed_updates (run_id, update_id, event_id)
         SELECT ${p(s.runId, '::uuid')}, * FROM unnest(${p(
           r.completedUpdates.map((u) => u.updateId),
           '::text[]',
         )}, ${p(
           r.completedUpdates.map((u) => u.eventId),
           '::int[]',
         )})`,
      );
    }
    if (r.visibility) cte(visibilityUpsert(r.visibility, p));
  }
  if (c.taskDeletes.length)
    cte(`DELETE FROM temporal.tasks WHERE id = ANY(${p(c.taskDeletes, '::bigint[]')})`);
  if (c.deadlines.length) {
    const d = c.deadlines;
    cte(
      `INSERT INTO temporal.deadlines (fire_at, namespace, workflow_id, run_id, kind, key, data)
       SELECT * FROM unnest(${p(
         d.map((x) => new Date(x.fireAt)),
         '::timestamptz[]',
       )}, ${p(
         d.map((x) => x.namespace),
         '::text[]',
       )}, ${p(
         d.map((x) => x.workflowId),
         '::text[]',
       )},
         ${p(
           d.map((x) => x.runId),
           '::uuid[]',
         )}, ${p(
           d.map((x) => x.kind),
           '::text[]',
         )}, ${p(
           d.map((x) => x.key),
           '::text[]',
         )}, ${p(
           d.map((x) => JSON.stringify(x.data)),
           '::jsonb[]',
         )})`,
    );
  }
  for (const cr of c.currentRuns) {
    cte(
      `INSERT INTO temporal.current_executions (namespace, workflow_id, run_id)
       VALUES (${p(cr.namespace, '::text')}, ${p(cr.workflowId, '::text')}, ${p(cr.runId, '::uuid')})
       ON CONFLICT (namespace, workflow_id) DO UPDATE SET run_id = EXCLUDED.run_id`,
    );
  }
  let insertTasks =
    'SELECT NULL::bigint AS id, NULL::uuid AS run_id, NULL::text AS kind, NULL::bigint AS scheduled_event_id, NULL::int AS attempt WHERE false';
  if (c.tasks.length) {
    const t = c.tasks;
    insertTasks = `INSERT INTO temporal.tasks (namespace, task_queue, kind, workflow_id, run_id, scheduled_event_id, attempt, priority_key)
      SELECT * FROM unnest(${p(
        t.map((x) => x.namespace),
        '::text[]',
      )}, ${p(
        t.map((x) => x.taskQueue),
        '::text[]',
      )},
        ${p(
          t.map((x) => x.kind),
          '::text[]',
        )}, ${p(
          t.map((x) => x.workflowId),
          '::text[]',
        )},
        ${p(
          t.map((x) => x.runId),
          '::uuid[]',
        )}, ${p(
          t.map((x) => x.scheduledEventId),
          '::bigint[]',
        )},
        ${p(
          t.map((x) => x.attempt),
          '::int[]',
        )}, ${p(
          t.map((x) => x.priorityKey ?? 0),
          '::int[]',
        )})
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
  }>({ name: prepare ? statementName(sql) : undefined, text: sql, values });
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

function visibilityUpsert(v: VisibilityRow, p: (v: unknown, cast?: string) => string): string {
  return `INSERT INTO temporal.executions_visibility (namespace, workflow_id, run_id, workflow_type, task_queue, status,
       start_time, close_time, execution_time, history_length, search_attributes, search_attributes_raw, memo,
       parent_workflow_id, parent_run_id, root_workflow_id, root_run_id)
     VALUES (${p(v.namespace, '::text')}, ${p(v.workflowId, '::text')}, ${p(v.runId, '::uuid')}, ${p(v.workflowType, '::text')},
       ${p(v.taskQueue, '::text')}, ${p(v.status, '::text')}, ${p(new Date(v.startTime), '::timestamptz')},
       ${p(v.closeTime === undefined ? null : new Date(v.closeTime), '::timestamptz')},
       ${p(new Date(v.executionTime), '::timestamptz')}, ${p(v.historyLength, '::int')},
       ${p(JSON.stringify(v.searchAttributes), '::jsonb')}, ${p(v.searchAttributesRaw, '::bytea')}, ${p(v.memo, '::bytea')},
       ${p(v.parentWorkflowId ?? null, '::text')}, ${p(v.parentRunId ?? null, '::text')},
       ${p(v.rootWorkflowId ?? null, '::text')}, ${p(v.rootRunId ?? null, '::text')})
     ON CONFLICT (namespace, run_id) DO UPDATE SET status = EXCLUDED.status, close_time = EXCLUDED.close_time,
       history_length = EXCLUDED.history_length, search_attributes = EXCLUDED.search_attributes,
       search_attributes_raw = EXCLUDED.search_attributes_raw, memo = EXCLUDED.memo`;
}

/**
 * The server's own schema (`temporal`), created by idempotent, numbered migrations that run at start-up
 * under an advisory lock (so two servers starting on one database do not race).
 *
 * Tables:
 * - executions: one row per run; `state` is the run's mutable state as JSON (pending activities, timers,
 *   children, updates, workflow-task state, buffered events). Payloads stay in history events.
 * - current_executions: the run a workflow id currently points at (for start policies and empty run ids).
 * - history_events: append-only, encoded `HistoryEvent` protobufs, event ids 1..n per run.
 * - tasks: workflow and activity tasks waiting on a task queue (the matching backlog).
 * - deadlines: everything that must happen at a time: timers, timeouts, retry backoffs, delayed starts,
 *   and work for another execution ("transfer" tasks due now). The scheduler drives it from the Clock.
 * - executions_visibility: the list/count view, queried by the visibility query translator.
 * - schedules: Temporal schedules (spec, policies, state) and when each must be looked at next.
 * - completed_updates: insert-only, the updates each run's workflow completed (update id → UpdateCompleted
 *   event id), for a request repeating an update id (engine/completed-updates.ts).
 */
import type { Pool } from 'pg';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE IF NOT EXISTS temporal.namespaces (
    name text PRIMARY KEY,
    id uuid NOT NULL,
    description text NOT NULL DEFAULT '',
    retention_ms bigint NOT NULL DEFAULT 86400000,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS temporal.search_attributes (
    namespace text NOT NULL,
    name text NOT NULL,
    type text NOT NULL,
    PRIMARY KEY (namespace, name)
  );
  CREATE TABLE IF NOT EXISTS temporal.executions (
    namespace text NOT NULL,
    workflow_id text NOT NULL,
    run_id uuid NOT NULL,
    status text NOT NULL,
    next_event_id int NOT NULL,
    state jsonb NOT NULL,
    PRIMARY KEY (namespace, workflow_id, run_id)
  );
  CREATE INDEX IF NOT EXISTS executions_run_id ON temporal.executions (run_id);
  CREATE TABLE IF NOT EXISTS temporal.current_executions (
    namespace text NOT NULL,
    workflow_id text NOT NULL,
    run_id uuid NOT NULL,
    PRIMARY KEY (namespace, workflow_id)
  );
  CREATE TABLE IF NOT EXISTS temporal.history_events (
    run_id uuid NOT NULL,
    event_id int NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (run_id, event_id)
  );
  CREATE TABLE IF NOT EXISTS temporal.tasks (
    id bigserial PRIMARY KEY,
    namespace text NOT NULL,
    task_queue text NOT NULL,
    kind text NOT NULL,
    workflow_id text NOT NULL,
    run_id uuid NOT NULL,
    scheduled_event_id bigint NOT NULL,
    attempt int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS temporal.deadlines (
    id bigserial PRIMARY KEY,
    fire_at timestamptz NOT NULL,
    namespace text NOT NULL,
    workflow_id text NOT NULL,
    run_id uuid NOT NULL,
    kind text NOT NULL,
    key text NOT NULL DEFAULT '',
    data jsonb NOT NULL DEFAULT '{}'
  );
  CREATE INDEX IF NOT EXISTS deadlines_fire_at ON temporal.deadlines (fire_at);
  CREATE INDEX IF NOT EXISTS deadlines_run ON temporal.deadlines (run_id, kind, key);
  CREATE TABLE IF NOT EXISTS temporal.executions_visibility (
    namespace text NOT NULL,
    workflow_id text NOT NULL,
    run_id uuid NOT NULL,
    workflow_type text NOT NULL,
    task_queue text NOT NULL,
    status text NOT NULL,
    start_time timestamptz NOT NULL,
    close_time timestamptz,
    execution_time timestamptz NOT NULL,
    history_length int NOT NULL,
    search_attributes jsonb NOT NULL DEFAULT '{}',
    search_attributes_raw bytea,
    memo bytea,
    parent_workflow_id text,
    parent_run_id text,
    root_workflow_id text,
    root_run_id text,
    PRIMARY KEY (namespace, run_id)
  );
  CREATE INDEX IF NOT EXISTS visibility_order ON temporal.executions_visibility (namespace, start_time DESC, run_id);
  CREATE INDEX IF NOT EXISTS visibility_workflow_id ON temporal.executions_visibility (namespace, workflow_id);
  `,
  // Schedules (src/schedules/): one row per schedule. `schedule` is the encoded temporal.api.schedule.v1.Schedule
  // (canonical spec), `state` the scheduler's bookkeeping (buffer, running workflows, recent actions, counters,
  // last processed time) and `next_wake_at` when the schedule runner must look at it again (null: only on a
  // change or a closed workflow).
  `
  CREATE TABLE IF NOT EXISTS temporal.schedules (
    namespace text NOT NULL,
    schedule_id text NOT NULL,
    schedule bytea NOT NULL,
    state jsonb NOT NULL,
    memo bytea,
    search_attributes bytea,
    next_wake_at timestamptz,
    PRIMARY KEY (namespace, schedule_id)
  );
  CREATE INDEX IF NOT EXISTS schedules_next_wake_at ON temporal.schedules (next_wake_at);
  `,
  // A task's priority key (temporal.api.common.v1.Priority.priority_key; 0 = none), so that a backlog
  // reloaded at start-up is ordered by priority as it was before (engine/matching.ts).
  `ALTER TABLE temporal.tasks ADD COLUMN IF NOT EXISTS priority_key int NOT NULL DEFAULT 0;`,
  // Completed updates leave the mutable state, which every change of a run rewrites whole: a row each,
  // written once with the UpdateCompleted event. The ids states kept (`completedUpdates`, id → event id) move
  // here; the state keeps only their number, for the run's limit on total updates.
  `
  CREATE TABLE IF NOT EXISTS temporal.completed_updates (
    run_id uuid NOT NULL,
    update_id text NOT NULL,
    event_id int NOT NULL,
    PRIMARY KEY (run_id, update_id)
  );
  INSERT INTO temporal.completed_updates (run_id, update_id, event_id)
    SELECT e.run_id, c.key, c.value::int
    FROM temporal.executions e, jsonb_each_text(e.state->'completedUpdates') c
    WHERE e.state ? 'completedUpdates'
    ON CONFLICT DO NOTHING;
  UPDATE temporal.executions
    SET state = (state - 'completedUpdates')
      || jsonb_build_object('completedUpdateCount',
           (SELECT count(*) FROM jsonb_object_keys(state->'completedUpdates')))
    WHERE state ? 'completedUpdates';
  `,
];

/** A fixed key for pg_advisory_xact_lock: "tmprl" in ASCII. */
const MIGRATION_LOCK = 0x746d70726c;

export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS temporal');
    await client.query(
      'CREATE TABLE IF NOT EXISTS temporal.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM temporal.schema_migrations',
    );
    const applied = new Set(rows.map((r) => r.version));
    for (let i = 0; i < MIGRATIONS.length; i++) {
      if (applied.has(i + 1)) continue;
      await client.query(MIGRATIONS[i]);
      await client.query('INSERT INTO temporal.schema_migrations (version) VALUES ($1)', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Which work keeps time from skipping, read from the engine's persisted state (the truth, also after a
 * restart): a running workflow run with a workflow task scheduled or started (`state.wft`), or with an
 * activity that is scheduled or started (not waiting out a retry backoff). That is when the Java test
 * server holds its timer lock (TestWorkflowMutableStateImpl: scheduleWorkflowTask … completeWorkflowTask,
 * processScheduleActivityTask … complete/fail/cancel/timeout; unlocked during a retry backoff).
 */
import type { ClientBase, Pool, PoolClient } from 'pg';

const OUTSTANDING_SQL = `
  SELECT EXISTS (
    SELECT 1 FROM temporal.executions
     WHERE status = 'Running'
       AND (jsonb_typeof(state -> 'wft') = 'object'
            OR jsonb_path_exists(state -> 'activities', '$.* ? (@.state != "backoff")'))
  ) AS outstanding`;

export async function hasOutstandingTasks(db: Pool | ClientBase): Promise<boolean> {
  const { rows } = await db.query<{ outstanding: boolean }>(OUTSTANDING_SQL);
  return rows[0].outstanding;
}

/**
 * Holds the clock while any connection of `pool` is checked out: a transaction in progress may be about
 * to create a task or a deadline, and the probe cannot see it before it commits. (The server's probe runs
 * on its ownership connection, which is not the pool's.) Returns a function that stops watching.
 */
export function holdWhileDatabaseBusy(pool: Pool, hold: (reason: string) => () => void): () => void {
  const releases = new Map<unknown, () => void>();
  const onAcquire = (client: PoolClient) => {
    releases.get(client)?.();
    releases.set(client, hold('database work'));
  };
  const onRelease = (_err: Error | undefined, client: PoolClient) => {
    releases.get(client)?.();
    releases.delete(client);
  };
  pool.on('acquire', onAcquire);
  pool.on('release', onRelease);
  return () => {
    pool.off('acquire', onAcquire);
    pool.off('release', onRelease);
    for (const release of releases.values()) release();
    releases.clear();
  };
}

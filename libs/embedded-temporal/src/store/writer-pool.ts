/**
 * The connections the engine's writes go through (store/persist.ts), apart from the pool its reads use.
 *
 * The writes are a few prepared shapes over arrays. PostgreSQL would plan them afresh on every execution: its
 * generic plan guesses 10-100 rows per array and so looks dearer than a plan for the actual few rows, although
 * it reaches the same rows by the same indexes (the writes bound their joins by `run_id = ANY(...)`). These
 * sessions take the generic plan always (`plan_cache_mode`), so each shape is planned once per connection.
 * The engine's reads and visibility queries stay on the main pool, planned for their parameters.
 */
import { Pool } from 'pg';

export function writerPool(connectionString: string, groupCommit: boolean): Pool {
  const pool = new Pool({
    connectionString,
    // Group commit keeps one write in flight; without it, writes of different workflows go side by side.
    max: groupCommit ? 1 : 4,
    application_name: 'netral-temporal',
    // A SET after connecting rather than a startup `options` parameter, which PgBouncer refuses unless told to
    // ignore it. The pool hands the client out only once this has answered (a query queued behind another on
    // one client is deprecated in pg 8 and gone in pg 9). Where the setting does not hold (a pooler in
    // transaction mode) or is refused, writes are planned per execution as before: slower, still correct.
    onConnect: async (client) => {
      await client.query('SET plan_cache_mode = force_generic_plan').catch(() => undefined);
    },
  });
  return pool;
}

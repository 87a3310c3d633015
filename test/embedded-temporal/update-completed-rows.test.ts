/**
 * Completed updates live as rows of temporal.completed_updates, not in the run's mutable state
 * (engine/completed-updates.ts). A request repeating a completed update's id must still get that update's
 * outcome, without the workflow running it again: after a server restart (ids read back from the table),
 * and on a database whose states still hold the old `completedUpdates` maps (migration 4 moves them).
 * Rejected updates are not kept forever either: only the newest few stay in the state.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createTestDatabase } from '../support/database';
import { startEnv, type TemporalTestEnv } from './support';
import { setValueUpdate, totalQuery, updatable } from './workflows';

async function withDb<T>(databaseUrl: string, fn: (db: PgClient) => Promise<T>): Promise<T> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

async function stateOf(db: PgClient, workflowId: string): Promise<Record<string, unknown>> {
  const { rows } = await db.query<{ state: Record<string, unknown> }>(
    'SELECT state FROM temporal.executions WHERE workflow_id = $1',
    [workflowId],
  );
  return rows[0].state;
}

/** The run's completed updates are rows (in completion order), and its state keeps only their number. */
async function expectCompletedRows(databaseUrl: string, workflowId: string, ids: string[]): Promise<void> {
  await withDb(databaseUrl, async (db) => {
    const { rows } = await db.query<{ update_id: string }>(
      'SELECT update_id FROM temporal.completed_updates ORDER BY event_id',
    );
    expect(rows.map((r) => r.update_id)).toEqual(ids);
    const state = await stateOf(db, workflowId);
    expect(state.completedUpdates).toBeUndefined();
    expect(state.completedUpdateCount).toBe(ids.length);
  });
}

describe('completed updates as rows', () => {
  let env: TemporalTestEnv | undefined;
  afterEach(async () => {
    await env?.stop();
    env = undefined;
  });

  it('a completed update id repeated after a restart answers its first outcome and runs nothing', async () => {
    const databaseUrl = await createTestDatabase('update-rows-restart');
    env = await startEnv('update-rows-restart', { databaseUrl });
    const workflowId = 'rows-restart';
    const handle = await env.client.workflow.start(updatable, { workflowId, taskQueue: env.taskQueue });
    expect(await handle.executeUpdate(setValueUpdate, { args: ['a'], updateId: 'u1' })).toBe('initial');
    expect(await handle.executeUpdate(setValueUpdate, { args: ['bb'], updateId: 'u2' })).toBe('a');

    await expectCompletedRows(databaseUrl, workflowId, ['u1', 'u2']);

    await env.stop();
    env = await startEnv('update-rows-restart', { databaseUrl });
    const again = env.client.workflow.getHandle(workflowId);
    // Same id, other argument: the stored outcome comes back and the handler does not run.
    expect(await again.executeUpdate(setValueUpdate, { args: ['zzz'], updateId: 'u1' })).toBe('initial');
    expect(await again.query(totalQuery)).toBe('bb'.length);
    // A new id runs.
    expect(await again.executeUpdate(setValueUpdate, { args: ['ccc'], updateId: 'u3' })).toBe('bb');
    expect(await again.query(totalQuery)).toBe('ccc'.length);
  });

  it('migration 4 moves a state’s old completedUpdates map into rows, and the ids still deduplicate', async () => {
    const databaseUrl = await createTestDatabase('update-rows-migration');
    env = await startEnv('update-rows-migration', { databaseUrl });
    const workflowId = 'rows-migration';
    const handle = await env.client.workflow.start(updatable, { workflowId, taskQueue: env.taskQueue });
    expect(await handle.executeUpdate(setValueUpdate, { args: ['a'], updateId: 'm1' })).toBe('initial');
    expect(await handle.executeUpdate(setValueUpdate, { args: ['bb'], updateId: 'm2' })).toBe('a');
    await env.stop();
    env = undefined;

    // Put the database back as a server before migration 4 left it: ids in the state, no table.
    await withDb(databaseUrl, async (db) => {
      await db.query(`
        UPDATE temporal.executions e
          SET state = (e.state - 'completedUpdateCount')
            || jsonb_build_object('completedUpdates',
                 (SELECT jsonb_object_agg(c.update_id, c.event_id) FROM temporal.completed_updates c
                   WHERE c.run_id = e.run_id))
          WHERE e.workflow_id = '${workflowId}'`);
      await db.query('DROP TABLE temporal.completed_updates');
      await db.query('DELETE FROM temporal.schema_migrations WHERE version = 4');
      const state = await stateOf(db, workflowId);
      expect(Object.keys(state.completedUpdates as object).sort()).toEqual(['m1', 'm2']);
    });

    env = await startEnv('update-rows-migration', { databaseUrl });
    await expectCompletedRows(databaseUrl, workflowId, ['m1', 'm2']);
    const again = env.client.workflow.getHandle(workflowId);
    expect(await again.executeUpdate(setValueUpdate, { args: ['zzz'], updateId: 'm2' })).toBe('a');
    expect(await again.query(totalQuery)).toBe('bb'.length);
  });

  it('keeps only the newest rejected updates in the state', async () => {
    env = await startEnv('update-rows-rejected');
    const workflowId = 'rows-rejected';
    const handle = await env.client.workflow.start(updatable, { workflowId, taskQueue: env.taskQueue });
    for (let i = 1; i <= 13; i++) {
      await expect(
        handle.executeUpdate(setValueUpdate, { args: ['bad'], updateId: `r${i}` }),
      ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    }
    // A rejection leaves no trace for a new request: the same id is a new update (here accepted).
    expect(await handle.executeUpdate(setValueUpdate, { args: ['ok'], updateId: 'r13' })).toBe('initial');

    // Rejections in speculative tasks are not written by themselves; the accepted update's task writes the
    // state: the 10 newest rejections were kept (r4-r13), r13 then became the accepted, completed update.
    await withDb(env.databaseUrl, async (db) => {
      const updates = (await stateOf(db, workflowId)).updates as Record<string, { rejected?: boolean }>;
      const rejected = Object.keys(updates).filter((id) => updates[id].rejected);
      expect(rejected.sort()).toEqual(['r10', 'r11', 'r12', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    });
  });
});

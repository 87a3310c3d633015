/**
 * Engine.currentRunId reads a workflow id's current run outside the id's lock (describe, signals with an
 * empty run id, polls): a continue-as-new that commits during that read, and whose record the cache then
 * drops for room, must not let the read's older run back into the cache (the shape of the stale state fixed
 * in session 16, state-cache.ts fill).
 */
import type { Pool } from 'pg';
import { WallClock } from '../clock';
import { silentLogger } from '../logger';
import { Engine } from './engine';
import type { NamespaceRegistry } from './namespaces';

/** A database whose current-run reads the test answers one by one. */
function scriptedDb() {
  const answers: ((runId: string) => void)[] = [];
  const db = {
    query: (sql: string) =>
      sql.includes('FROM temporal.current_executions WHERE namespace = $1')
        ? new Promise((resolve) => answers.push((runId) => resolve({ rows: [{ run_id: runId }] })))
        : Promise.resolve({ rows: [] }),
  };
  return { db: db as unknown as Pool, answers };
}

it('a current run read before a continue-as-new, whose record was dropped meanwhile, is read again', async () => {
  const { db, answers } = scriptedDb();
  const engine = new Engine(db, new WallClock(), silentLogger, {} as NamespaceRegistry, {
    stateCacheRuns: 1,
  });
  engine.workflowIds.add('default', 'case-1');

  const read = engine.currentRunId(db, 'default', 'case-1');
  await new Promise((r) => setImmediate(r));
  expect(answers).toHaveLength(1);
  // While the SELECT is out: case-1 continues as new (r1 → r2), then another id's start drops its record.
  engine.cache.setCurrentRun('default', 'case-1', 'r2');
  engine.cache.setCurrentRun('default', 'other', 'x');
  answers[0]('r1');
  await new Promise((r) => setImmediate(r));
  // Refused and read again; the second read sees the commit.
  expect(answers).toHaveLength(2);
  answers[1]('r2');

  await expect(read).resolves.toBe('r2');
  expect(engine.cache.currentRun('default', 'case-1')).toBe('r2');
});

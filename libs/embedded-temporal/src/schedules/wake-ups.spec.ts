/**
 * A schedule's watcher of a workflow it started (wake-ups.ts watchChain) runs a step when that workflow
 * closes. It reads the chain's state from the database, then waits for a notification: a close committed
 * while it reads must wake it, or it sleeps to its 30 s recheck and the buffered starts wait that long.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { WallClock } from '../clock';
import type { Engine } from '../engine/engine';
import { Notifier } from '../engine/sync';
import { silentLogger } from '../logger';
import type { LoadedSchedule } from './model';
import { ScheduleWakeUps } from './wake-ups';

/** A database whose reads the test answers one by one, in order. */
function scriptedDb() {
  const reads: { sql: string; answer: (rows: object[]) => void }[] = [];
  const db = {
    query: (sql: string) =>
      new Promise((resolve) => reads.push({ sql, answer: (rows) => resolve({ rows }) })),
  };
  return { db: db as unknown as Pool, reads };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setImmediate(r));
};

it('a close committed while the watcher reads the chain wakes it at once', async () => {
  const { db, reads } = scriptedDb();
  const notifier = new Notifier();
  const engine = {
    pool: db,
    notifier,
    clock: new WallClock(),
    logger: silentLogger,
    runKey: (runId: string) => `run:${runId}`,
  } as unknown as Engine;
  const steps: string[] = [];
  const wakeUps = new ScheduleWakeUps(engine, async (_namespace, scheduleId) => {
    steps.push(scheduleId);
  });
  const runId = randomUUID();
  const state = (status: string) => ({ runId, firstRunId: runId, status });
  const answer = async (n: number, rows: object[]) => {
    await until(() => reads.length > n);
    reads[n].answer(rows);
  };

  wakeUps.watch({
    namespace: 'default',
    scheduleId: 'every-minute',
    state: { runningWorkflows: [{ workflowId: 'wf', runId }] },
  } as unknown as LoadedSchedule);
  // Its reads: the current run (twice: the watcher's, then chainStatus's), then the run's state.
  await answer(0, [{ run_id: runId }]);
  await answer(1, [{ run_id: runId }]);
  await until(() => reads.length > 2);
  expect(reads[2].sql).toContain('FROM temporal.executions');
  // The run closes now: its commit notifies while the watcher's read is out; the read predates it.
  notifier.notify(`run:${runId}`);
  reads[2].answer([{ state: state('Running') }]);
  // Woken, it reads again and finds the run closed: the schedule's step runs.
  await answer(3, [{ run_id: runId }]);
  await answer(4, [{ run_id: runId }]);
  await answer(5, [{ state: state('Completed') }]);
  await until(() => steps.length > 0);
  expect(steps).toEqual(['every-minute']);
  await wakeUps.stop();
}, 10_000);

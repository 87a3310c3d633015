/**
 * A GetWorkflowExecutionHistory long poll (the close-event filter the client's result() waits on) whose
 * read of the run's state misses the state cache while the run closes: the commit lands during that read and
 * another workflow's commit drops it from the cache before the read's answer comes. The poll must answer
 * with the close event at once, not sleep to its timeout on the older state it read (state-cache.ts fill
 * refuses a read overtaken by an evicted commit; the poll listens before it reads, history.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { WallClock } from '../clock';
import { buildEvent } from '../history/events';
import { silentLogger } from '../logger';
import { encodeEvent, enums } from '../proto';
import { Engine } from './engine';
import { getHistory } from './history';
import type { NamespaceRegistry } from './namespaces';
import type { ExecutionState } from './state';

/** A database whose reads of `temporal.executions` the test answers one by one. */
function scriptedDb(closeEvent: Buffer) {
  const stateReads: ((state: ExecutionState) => void)[] = [];
  const db = {
    query: (sql: string) => {
      if (sql.includes('FROM temporal.executions WHERE'))
        return new Promise((resolve) => stateReads.push((state) => resolve({ rows: [{ state }] })));
      if (sql.includes('FROM temporal.history_events'))
        return Promise.resolve({ rows: [{ data: closeEvent }] });
      return Promise.resolve({ rows: [] });
    },
  };
  return { db: db as unknown as Pool, stateReads };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setImmediate(r));
};

it('a run closed during the long poll read that missed the cache answers the poll with its close event', async () => {
  const runId = randomUUID();
  const run = (status: 'Running' | 'Completed', nextEventId: number) =>
    ({
      runId,
      firstRunId: runId,
      namespace: 'default',
      workflowId: 'wf',
      status,
      nextEventId,
    }) as ExecutionState;
  const close = buildEvent('WorkflowExecutionCompleted', 3, Date.now(), {});
  const { db, stateReads } = scriptedDb(encodeEvent(close));
  const engine = new Engine(db, new WallClock(), silentLogger, {} as NamespaceRegistry, {
    stateCacheRuns: 1,
  });
  const other = (n: number) => ({ ...run('Running', n), runId: randomUUID(), workflowId: `other-${n}` });

  const poll = getHistory(
    engine,
    {
      namespace: 'default',
      execution: { workflowId: 'wf', runId },
      waitNewEvent: true,
      historyEventFilterType: enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    },
    30_000,
    new AbortController().signal,
  );
  await until(() => stateReads.length === 1);
  stateReads[0](run('Running', 3));
  // The poll waits on the running run. Another workflow's commit evicts it (which wakes the poll), so the
  // poll's next read misses the cache.
  await new Promise((r) => setImmediate(r));
  engine.cache.put(other(1));
  await until(() => stateReads.length === 2);
  // During that read the run closes (afterCommit: cached, then waiters notified) and is evicted again.
  engine.cache.put(run('Completed', 4));
  engine.notifier.notify(engine.runKey(runId));
  engine.cache.put(other(2));
  stateReads[1](run('Running', 3)); // the read's answer predates the close
  // The overtaken read is not used: the poll reads again and finds the run closed.
  await until(() => stateReads.length === 3);
  stateReads[2](run('Completed', 4));

  const res = await poll;
  expect(res.history?.events?.map((e) => e.eventType)).toEqual([
    enums.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  ]);
}, 10_000);

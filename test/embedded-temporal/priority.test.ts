/**
 * Priority orders a task queue, as the Go server's matching does (`matching.priorityLevels` 5): a worker
 * that starts polling after tasks were queued gets the lowest priority key first, first in first out within
 * a key; a task without a key waits at the middle level (3), a key past the last level at the last (5).
 * Workflow tasks (the run's priority) and activity tasks (the run's merged with the activity's), through the
 * real SDK client and worker and plain HTTP, and a backlog reloaded by a restarted server keeps its order.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Priority } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { startTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { startEnv, type TemporalTestEnv } from './support';

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('priority', { server: { httpPort: 0 } });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

/** Workflow ids in the order raw polls on `taskQueue` receive their workflow tasks. */
async function pollOrder(connection: Connection, taskQueue: string, count: number): Promise<string[]> {
  const order: string[] = [];
  for (let i = 0; i < count; i++) {
    const task = await connection.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      identity: 'priority-test',
    });
    order.push(task.workflowExecution?.workflowId ?? '(none)');
  }
  return order;
}

async function startQueued(
  client: Client,
  taskQueue: string,
  prefix: string,
  priorities: (Priority | undefined)[],
) {
  const ids: string[] = [];
  for (const [i, priority] of priorities.entries()) {
    const workflowId = `${prefix}-${i}`;
    await client.workflow.start('reportPriority', {
      taskQueue,
      workflowId,
      ...(priority ? { priority } : {}),
    });
    ids.push(workflowId);
  }
  return ids;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

it('dispatches queued workflow tasks by priority key, lowest first, FIFO within a key', async () => {
  const taskQueue = `prio-wft-${randomUUID()}`;
  const prefix = `prio-wft-${randomUUID()}`;
  // Queued while nobody polls: keys 5, 1, none (= 3), 3, 9 (= 5, behind the first 5).
  const [k5, k1, none, k3] = await startQueued(env.client, taskQueue, prefix, [
    { priorityKey: 5 },
    { priorityKey: 1 },
    undefined,
    { priorityKey: 3 },
  ]);
  // One more through the HTTP API, with a key past the last level.
  const k9 = `${prefix}-http`;
  const res = await fetch(`${env.server.httpAddress}/api/v1/namespaces/default/workflows/${k9}`, {
    method: 'POST',
    body: JSON.stringify({
      workflowType: { name: 'reportPriority' },
      taskQueue: { name: taskQueue },
      priority: { priorityKey: 9 },
    }),
  });
  expect(res.status).toBe(200);

  expect(await pollOrder(env.connection, taskQueue, 5)).toEqual([k1, none, k3, k5, k9]);
  for (const id of [k5, k1, none, k3, k9]) await env.client.workflow.getHandle(id).terminate('test done');
}, 60_000);

it('dispatches queued activity tasks by the merged priority key to a worker that starts polling later', async () => {
  const activityQueue = `prio-act-${randomUUID()}`;
  const prefix = `prio-act-${randomUUID()}`;
  const runs: { label: string; run?: Priority; activity?: number }[] = [
    { label: 'five', activity: 5 },
    { label: 'one', activity: 1 },
    { label: 'three', activity: 3 },
    // No key of its own: the run's key 2 (GS priorities.Merge).
    { label: 'two-from-run', run: { priorityKey: 2 } },
  ];
  const handles = [];
  for (const r of runs) {
    handles.push(
      await env.client.workflow.start('echoWithPriority', {
        taskQueue: env.taskQueue,
        workflowId: `${prefix}-${r.label}`,
        args: [activityQueue, r.label, r.activity],
        ...(r.run ? { priority: r.run } : {}),
      }),
    );
  }
  // Every activity is scheduled (and so queued: no worker polls its queue yet).
  for (const h of handles) {
    await waitFor(async () => ((await h.describe()).raw.pendingActivities?.length ?? 0) === 1);
  }

  const order: string[] = [];
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: activityQueue,
    activities: { echo: async (value: string) => (order.push(value), value) },
    maxConcurrentActivityTaskExecutions: 1,
    shutdownGraceTime: '1s',
  });
  await worker.runUntil(Promise.all(handles.map((h) => h.result())));
  expect(order).toEqual(['one', 'two-from-run', 'three', 'five']);
}, 60_000);

it('a restarted server reloads its backlog in priority order', async () => {
  const databaseUrl = await createTestDatabase('priority-restart');
  const taskQueue = 'prio-restart';
  const first = await startTemporalServer({ databaseUrl });
  const connection = await Connection.connect({ address: first.address });
  const ids = await startQueued(new Client({ connection }), taskQueue, 'prio-restart', [
    { priorityKey: 4 },
    { priorityKey: 2 },
    { priorityKey: 4 },
    { priorityKey: 1 },
  ]);
  await connection.close();
  await first.stop();

  const second = await startTemporalServer({ databaseUrl });
  const again = await Connection.connect({ address: second.address });
  try {
    expect(await pollOrder(again, taskQueue, 4)).toEqual([ids[3], ids[1], ids[0], ids[2]]);
  } finally {
    await again.close();
    await second.stop();
  }
}, 60_000);

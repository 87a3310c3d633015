/**
 * Go-server semantics the SDK observes, through the real client and worker: an update sent during the start
 * delay triggers the first workflow task, a child's time-out reports the retry state the Go server sets
 * (TIMEOUT past the execution's expiration, RETRY_POLICY_NOT_SET or MAXIMUM_ATTEMPTS_REACHED for a run
 * time-out before it), and count with GROUP BY lists groups in the status enum's order.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { startEnv, type TemporalTestEnv } from './support';
import { waitFor } from '../support/wait';

const { EventType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('server-semantics');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

it('an update during the start delay starts the first workflow task at once', async () => {
  const handle = await env.client.workflow.start('updatable', {
    taskQueue: env.taskQueue,
    workflowId: `delayed-${randomUUID()}`,
    startDelay: '1 hour',
  });
  expect(await handle.executeUpdate<string, [string]>('setValue', { args: ['updated'] })).toBe('initial');
  await handle.signal('finish');
  expect(await handle.result()).toBe('updated');
  const types = ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
  expect(types.slice(0, 3)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  // Exactly one first workflow task: the start delay's deadline does not schedule another later.
  const description = await handle.describe();
  expect(description.status.name).toBe('COMPLETED');
}, 30_000);

it("a child's time-out reports the Go server's retry state", async () => {
  const run = (opts: object) =>
    env.client.workflow.execute('childTimesOut', {
      taskQueue: env.taskQueue,
      workflowId: `child-timeout-${randomUUID()}`,
      args: [opts],
    });
  const [execution, executionWithPolicy, runOnly, runWithPolicy] = await Promise.all([
    run({ executionTimeout: '1s' }),
    run({ executionTimeout: '1s', maximumAttempts: 1 }),
    run({ runTimeout: '1s' }),
    run({ runTimeout: '1s', maximumAttempts: 1 }),
  ]);
  expect(execution).toBe('TIMEOUT:TimeoutFailure');
  expect(executionWithPolicy).toBe('TIMEOUT:TimeoutFailure');
  expect(runOnly).toBe('RETRY_POLICY_NOT_SET:TimeoutFailure');
  expect(runWithPolicy).toBe('MAXIMUM_ATTEMPTS_REACHED:TimeoutFailure');
}, 60_000);

it('count with GROUP BY lists the groups in the status enum order (Running before Completed)', async () => {
  const prefix = `grouped-${randomUUID()}`;
  await env.client.workflow.execute('greet', {
    taskQueue: env.taskQueue,
    workflowId: `${prefix}-done`,
    args: ['x'],
  });
  const running = await env.client.workflow.start('sleeper', {
    taskQueue: env.taskQueue,
    workflowId: `${prefix}-running`,
  });
  const query = `WorkflowId STARTS_WITH '${prefix}' GROUP BY ExecutionStatus`;
  const grouped = await waitFor(async () => {
    const c = await env.client.workflow.count(query);
    return c.count === 2 ? c : undefined;
  });
  // The SDK decodes each Keyword group value as a one-element list.
  expect(grouped.groups.map((g) => [g.groupValues.flat(2), g.count])).toEqual([
    [['Running'], 1],
    [['Completed'], 1],
  ]);
  await running.terminate();
});

/**
 * PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions through the real SDK client and
 * worker: the running attempt learns of a pause or reset from its heartbeat response and is cancelled with
 * those details, a paused activity gets no new attempt until unpaused, describe shows the pause.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import Long from 'long';
import { temporal } from '@temporalio/proto';
import { cancellations, release } from './activities';
import { startEnv, type TemporalTestEnv } from './support';
import { waitFor } from '../support/wait';

const { PendingActivityState: S } = temporal.api.enums.v1;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('activity-control');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const svc = () => env.connection.workflowService;

async function startPausable() {
  const key = randomUUID();
  const workflowId = `pausable-${key}`;
  const handle = await env.client.workflow.start('runsPausable', {
    taskQueue: env.taskQueue,
    workflowId,
    args: [key],
  });
  await pendingIn(workflowId, S.PENDING_ACTIVITY_STATE_STARTED);
  return { key, workflowId, handle, execution: { workflowId } };
}

async function pendingIn(workflowId: string, state: number) {
  return waitFor(async () => {
    const d = await env.client.workflow.getHandle(workflowId).describe();
    const a = d.raw.pendingActivities?.[0];
    return a?.state === state ? a : undefined;
  });
}

it('a paused activity is cancelled through its heartbeat, waits paused, and runs again when unpaused', async () => {
  const { key, workflowId, handle, execution } = await startPausable();
  await svc().pauseActivity({
    namespace: 'default',
    execution,
    type: 'pausable',
    identity: 'operator',
    reason: 'inspect the evidence store',
  });
  const paused = await pendingIn(workflowId, S.PENDING_ACTIVITY_STATE_PAUSED);
  expect(paused.paused).toBe(true);
  expect(paused.pauseInfo?.manual).toMatchObject({
    identity: 'operator',
    reason: 'inspect the evidence store',
  });
  expect(paused.attempt).toBe(2);
  expect(cancellations.get(key)).toEqual([{ paused: true, reset: false }]);

  const again = await svc()
    .pauseActivity({ namespace: 'default', execution, type: 'pausable', identity: 'operator' })
    .then(
      () => undefined,
      (e: { code?: number }) => e,
    );
  expect(again?.code).toBe(status.FAILED_PRECONDITION);

  release(key);
  await svc().unpauseActivity({ namespace: 'default', execution, type: 'pausable', identity: 'operator' });
  expect(await handle.result()).toBe(2);
}, 60_000);

it('a reset activity learns it was reset and starts over from attempt 1', async () => {
  const { key, workflowId, handle, execution } = await startPausable();
  await svc().resetActivity({ namespace: 'default', execution, type: 'pausable', identity: 'operator' });
  await waitFor(async () => (cancellations.get(key)?.length ? true : undefined));
  expect(cancellations.get(key)).toEqual([{ paused: false, reset: true }]);
  // The attempt the reset cancelled counts as attempt 1; the next is 2.
  await waitFor(async () => {
    const d = await env.client.workflow.getHandle(workflowId).describe();
    const a = d.raw.pendingActivities?.[0];
    return a?.state === S.PENDING_ACTIVITY_STATE_STARTED && a.attempt === 2;
  });
  release(key);
  expect(await handle.result()).toBe(2);
}, 60_000);

it('UpdateActivityOptions changes the options of a running activity and answers them', async () => {
  const { key, workflowId, handle, execution } = await startPausable();
  const res = await svc().updateActivityOptions({
    namespace: 'default',
    execution,
    type: 'pausable',
    identity: 'operator',
    activityOptions: {
      retryPolicy: { maximumAttempts: 3 },
      heartbeatTimeout: { seconds: Long.fromNumber(5) },
    },
    updateMask: { paths: ['retry_policy.maximum_attempts', 'heartbeat_timeout'] },
  });
  expect(res.activityOptions?.retryPolicy?.maximumAttempts).toBe(3);
  expect(Number(res.activityOptions?.heartbeatTimeout?.seconds)).toBe(5);
  expect(Number(res.activityOptions?.startToCloseTimeout?.seconds)).toBe(60);
  const d = await env.client.workflow.getHandle(workflowId).describe();
  expect(d.raw.pendingActivities?.[0].maximumAttempts).toBe(3);

  const unknown = await svc()
    .pauseActivity({ namespace: 'default', execution, id: 'no-such-activity', identity: 'operator' })
    .then(
      () => undefined,
      (e: { code?: number }) => e,
    );
  expect(unknown?.code).toBe(status.NOT_FOUND);
  release(key);
  expect(await handle.result()).toBe(1);
}, 60_000);

/**
 * A call the caller cancels before it is answered ends its wait at the server (grpc-server.ts makes a
 * call's AbortSignal only when a handler asks for it and aborts it only for a cancellation before the
 * answer; grpc-js also reports 'cancelled' after every answered call). A cancelled long poll must give up
 * its place in matching: a task handed to it would be lost until its start-to-close timeout.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { waitFor } from '../support/wait';
import { startEnv, type TemporalTestEnv } from './support';

const { TaskQueueType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
/** Methods of the RPCs the server has answered, in order (its debug log line per answered RPC). */
const answered: string[] = [];

beforeAll(async () => {
  const record = (message: string, meta?: Record<string, unknown>) => {
    if (message === 'rpc' || message === 'rpc error') answered.push(String(meta?.method));
  };
  env = await startEnv('grpc-cancellation', {
    server: {
      logger: { debug: record, info: () => undefined, warn: () => undefined, error: () => undefined },
    },
  });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const svc = () => env.connection.workflowService;

it('a workflow-task poll cancelled by its caller leaves the next task to a live poll', async () => {
  const taskQueue = `cancelled-poll-${randomUUID()}`;
  const workflowId = `cancelled-poll-${randomUUID()}`;
  const polls = () => answered.filter((m) => m === 'PollWorkflowTaskQueue').length;
  const pollsBefore = polls();
  const abort = new AbortController();
  const abandoned = env.connection.withAbortSignal(abort.signal, () =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'gone' }),
  );
  abandoned.catch(() => undefined);
  // The server has the poll waiting in matching.
  await waitFor(async () => {
    const described = await svc().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return described.pollers.some((p) => p.identity === 'gone');
  });
  abort.abort();
  await expect(abandoned).rejects.toThrow();
  // ... and has ended it (answered it, to nobody) before the task exists.
  await waitFor(async () => polls() > pollsBefore);

  await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
  });
  const task = await svc().pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'live',
  });
  expect(task.workflowExecution?.workflowId).toBe(workflowId);
  expect(task.attempt).toBe(1);
  await svc().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
});

it('answers an RPC that no handler waits in, and keeps serving after many of them', async () => {
  // Each answered call is followed by grpc-js's 'cancelled'; it must not disturb later calls.
  for (let i = 0; i < 20; i++) await svc().getSystemInfo({});
  const info = await svc().getSystemInfo({});
  expect(info.capabilities?.eagerWorkflowStart).toBe(true);
});

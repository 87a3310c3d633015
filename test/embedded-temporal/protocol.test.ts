/**
 * Protocol details the SDK relies on but rarely shows: workflow task timeouts and retries, stale tokens,
 * UnhandledCommand, buffering, start policies, request-id dedupe, start delay, history paging, namespaces.
 * These drive the raw gRPC API (as Core does) against the embedded server.
 */
import { status } from '@grpc/grpc-js';
import { NamespaceNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import Long from 'long';
import { rawProtocol, type StartRequest } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';

const { EventType, CommandType, WorkflowIdReusePolicy } = temporal.api.enums.v1;
let env: TemporalTestEnv;

beforeAll(async () => {
  env = await startEnv('protocol');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'raw', 'test');
const { svc, poll } = raw;

/** A workflow on a queue no SDK worker polls, so that the test plays the worker. */
const start = (extra: Partial<StartRequest> = {}) => raw.start({ extra });

async function history(workflowId: string) {
  return (await raw.history({ workflowId })).map((e) => e.eventType as number);
}

const complete = (taskToken: Uint8Array, commands: temporal.api.command.v1.ICommand[] = []) =>
  raw.complete({ taskToken }, { commands });

const completeWorkflow: temporal.api.command.v1.ICommand = {
  commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  completeWorkflowExecutionCommandAttributes: {},
};

it('times out an unanswered workflow task and retries it with attempt 2', async () => {
  const wf = await start({ workflowTaskTimeout: { seconds: Long.fromNumber(1) } });
  const first = await poll(wf.taskQueue);
  expect(first.attempt).toBe(1);
  expect(Number(first.previousStartedEventId)).toBe(0);
  const second = await poll(wf.taskQueue);
  expect(second.attempt).toBe(2);
  expect(await history(wf.workflowId)).toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  // The first task's token is stale now.
  await expect(complete(first.taskToken!)).rejects.toMatchObject({ code: status.NOT_FOUND });
  await complete(second.taskToken!, [completeWorkflow]);
  expect((await history(wf.workflowId)).at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
});

it('buffers a signal that arrives during a task and refuses a completion that ignores it', async () => {
  const wf = await start();
  const task = await poll(wf.taskQueue);
  await svc().signalWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
    signalName: 'late',
    requestId: randomUUID(),
  });
  // Buffered: not in the history yet.
  expect(await history(wf.workflowId)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  await expect(complete(task.taskToken!, [completeWorkflow])).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    details: 'UnhandledCommand',
  });
  const next = await poll(wf.taskQueue);
  const types = (next.history?.events ?? []).map((e) => e.eventType);
  expect(types.slice(-4)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  await complete(next.taskToken!, [completeWorkflow]);
});

it('appends buffered events after the command events of the completing task', async () => {
  const wf = await start();
  const task = await poll(wf.taskQueue);
  await svc().signalWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
    signalName: 'during',
    requestId: randomUUID(),
  });
  await complete(task.taskToken!, [
    {
      commandType: CommandType.COMMAND_TYPE_START_TIMER,
      startTimerCommandAttributes: { timerId: 't1', startToFireTimeout: { seconds: Long.fromNumber(3600) } },
    },
  ]);
  expect((await history(wf.workflowId)).slice(3)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    EventType.EVENT_TYPE_TIMER_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  ]);
  const next = await poll(wf.taskQueue);
  expect(Number(next.previousStartedEventId)).toBe(3);
  await complete(next.taskToken!, [completeWorkflow]);
});

it('deduplicates starts by request id and applies the id reuse policy', async () => {
  const requestId = randomUUID();
  const wf = await start({ requestId });
  const again = await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId: wf.workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: wf.taskQueue },
    requestId,
  });
  expect(again.runId).toBe(wf.runId);
  const task = await poll(wf.taskQueue);
  await complete(task.taskToken!, [completeWorkflow]);
  await expect(
    svc().startWorkflowExecution({
      namespace: 'default',
      workflowId: wf.workflowId,
      workflowType: { name: 'rawWorkflow' },
      taskQueue: { name: wf.taskQueue },
      requestId: randomUUID(),
      workflowIdReusePolicy: WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
    }),
  ).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
  const reused = await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId: wf.workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: wf.taskQueue },
    requestId: randomUUID(),
  });
  expect(reused.runId).not.toBe(wf.runId);
});

it('delays the first workflow task by the start delay', async () => {
  const before = Date.now();
  const wf = await start({ workflowStartDelay: { seconds: Long.fromNumber(1) } });
  expect(await history(wf.workflowId)).toEqual([EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]);
  const task = await poll(wf.taskQueue);
  expect(Date.now() - before).toBeGreaterThanOrEqual(900);
  await complete(task.taskToken!, [completeWorkflow]);
});

it('pages history and long-polls for the close event', async () => {
  const wf = await start();
  const task = await poll(wf.taskQueue);
  const closeWait = svc().getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: wf.workflowId },
    waitNewEvent: true,
    historyEventFilterType:
      temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  await complete(task.taskToken!, [completeWorkflow]);
  const closed = await closeWait;
  expect(closed.history?.events?.map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  ]);
  const ids: number[] = [];
  let token: Uint8Array | undefined;
  do {
    const page = await svc().getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: wf.workflowId },
      maximumPageSize: 2,
      nextPageToken: token,
    });
    ids.push(...(page.history?.events ?? []).map((e) => Number(e.eventId)));
    token = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (token);
  expect(ids).toEqual([1, 2, 3, 4, 5]);
});

it('reports an unknown namespace', async () => {
  const { Client } = await import('@temporalio/client');
  const client = new Client({ connection: env.connection, namespace: 'tidak-ada' });
  await expect(client.workflow.start('x', { taskQueue: 'q', workflowId: 'w' })).rejects.toBeInstanceOf(
    NamespaceNotFoundError,
  );
});

it('answers UNIMPLEMENTED naming the method and the reason for RPCs it does not serve', async () => {
  await expect(svc().listBatchOperations({ namespace: 'default' })).rejects.toMatchObject({
    code: status.UNIMPLEMENTED,
    details: expect.stringMatching(
      /^ListBatchOperations is not implemented by this server: batch operations/,
    ),
  });
});

it('queues an activity asked for eagerly when eager dispatch is off (the Go server’s default)', async () => {
  // system.enableActivityEagerExecution is off unless the server is started with it (eager.test.ts has it on).
  const wf = await start();
  const task = await poll(wf.taskQueue);
  const res = await complete(task.taskToken!, [
    {
      commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
      scheduleActivityTaskCommandAttributes: {
        activityId: 'asked-eagerly',
        activityType: { name: 'rawActivity' },
        taskQueue: { name: wf.taskQueue },
        startToCloseTimeout: { seconds: Long.fromNumber(30) },
        requestEagerExecution: true,
      },
    },
  ]);
  expect(res.activityTasks ?? []).toHaveLength(0);
  const queued = await svc().pollActivityTaskQueue({
    namespace: 'default',
    taskQueue: { name: wf.taskQueue },
    identity: 'other',
  });
  expect(queued).toMatchObject({ activityId: 'asked-eagerly', attempt: 1 });
});

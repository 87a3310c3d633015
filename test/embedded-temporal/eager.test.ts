/**
 * Eager workflow start: a start that asks for eager execution gets the new run's first workflow task
 * started in its response (the SDK client on the worker's NativeConnection runs it there). Eager activity
 * dispatch: a ScheduleActivityTask that asks for eager execution on the workflow's own task
 * queue comes back started in the RespondWorkflowTaskCompleted response (the Go server's
 * activity_tasks), the others go through the queue; the SDK worker runs eager tasks end to end.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { startEnv, type TemporalTestEnv } from './support';

const { EventType, CommandType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
beforeAll(async () => {
  // Eager activity dispatch is off by default, as on the Go server (protocol.test.ts checks that).
  env = await startEnv('eager', { server: { activityEagerExecution: true } });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const svc = () => env.connection.workflowService;

const schedule = (
  activityId: string,
  taskQueue: string,
  eager: boolean,
): temporal.api.command.v1.ICommand => ({
  commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  scheduleActivityTaskCommandAttributes: {
    activityId,
    activityType: { name: 'rawActivity' },
    taskQueue: { name: taskQueue },
    startToCloseTimeout: { seconds: Long.fromNumber(30) },
    requestEagerExecution: eager,
  },
});

it('returns an eager activity started in the completion response; the others go through the queue', async () => {
  const taskQueue = `eager-raw-${randomUUID()}`;
  const workflowId = `eager-${randomUUID()}`;
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
    identity: 'raw-worker',
  });
  const res = await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    identity: 'raw-worker',
    commands: [
      schedule('eager-here', taskQueue, true),
      schedule('eager-elsewhere', `${taskQueue}-other`, true),
      schedule('queued', taskQueue, false),
    ],
  });
  expect(res.activityTasks?.map((t) => t.activityId)).toEqual(['eager-here']);
  const eager = res.activityTasks![0];
  expect(eager.attempt).toBe(1);
  expect(eager.workflowExecution?.workflowId).toBe(workflowId);

  const queued = await svc().pollActivityTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'raw-worker',
  });
  expect(queued.activityId).toBe('queued');

  await svc().respondActivityTaskCompleted({
    namespace: 'default',
    taskToken: eager.taskToken,
    identity: 'x',
  });
  const events = (
    await svc().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } })
  ).history?.events;
  const started = events?.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
  expect(started?.activityTaskStartedEventAttributes?.identity).toBe('raw-worker');
  expect(events?.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toBe(true);
});

it('the SDK worker runs activities it is given eagerly', async () => {
  const result = await env.client.workflow.execute('greet', {
    taskQueue: env.taskQueue,
    workflowId: `eager-sdk-${randomUUID()}`,
    args: ['eager'],
  });
  expect(result).toContain('eager');
});

it('returns the first workflow task of an eager start, started, and queues none', async () => {
  const taskQueue = `eager-start-${randomUUID()}`;
  const workflowId = `eager-start-${randomUUID()}`;
  const res = await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
    identity: 'starter-worker',
    requestEagerExecution: true,
  });
  const task = res.eagerWorkflowTask!;
  expect(task.workflowExecution).toMatchObject({ workflowId, runId: res.runId });
  expect(task.history?.events?.map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
  expect(task.history?.events?.[2].workflowTaskStartedEventAttributes?.identity).toBe('starter-worker');
  const backlog = await svc().describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    reportStats: true,
  });
  expect(Number(backlog.stats?.approximateBacklogCount ?? 0)).toBe(0);
  await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    identity: 'starter-worker',
    commands: [
      {
        commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: {},
      },
    ],
  });
  const closed = await svc().describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
  expect(closed.workflowExecutionInfo?.status).toBe(
    temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  );
});

it('the SDK client on the worker connection starts a workflow eagerly', async () => {
  const client = new Client({ connection: env.nativeConnection });
  const handle = await client.workflow.start('greet', {
    taskQueue: env.taskQueue,
    workflowId: `eager-sdk-start-${randomUUID()}`,
    args: ['eager start'],
    requestEagerStart: true,
  });
  expect(handle.eagerlyStarted).toBe(true);
  expect(await handle.result()).toContain('eager start');
});

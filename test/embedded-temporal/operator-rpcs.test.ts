/**
 * RPCs that operators and tools send, and the Go server's limits, through the real SDK client against the
 * embedded server: GetClusterInfo (consistent with GetSystemInfo), reverse history with paging,
 * DescribeTaskQueue with the polling workers, CountSchedules, NOT_FOUND for task tokens the server did not
 * issue (ActivityNotFoundError), id-length limits (also on update-with-start) and the in-flight update limit.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ActivityNotFoundError, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startEnv, type TemporalTestEnv } from './support';
import { waitFor } from '../support/wait';

const { TaskQueueType, UpdateWorkflowExecutionLifecycleStage: Stage } = temporal.api.enums.v1;

let env: TemporalTestEnv;
let raw: Connection; // without the client's retry interceptor: errors arrive as the server sent them

beforeAll(async () => {
  env = await startEnv('operator-rpcs');
  raw = await Connection.connect({
    address: env.server.address,
    interceptors: [],
    channelArgs: { 'grpc.max_receive_message_length': 32 * 1024 * 1024 },
  });
}, 60_000);
afterAll(async () => {
  await raw?.close();
  await env?.stop();
});

const svc = () => env.connection.workflowService;

/** The server's message, under the SDK's wrapping error ("Failed to start Workflow", ...). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const e = (await promise.then(
    () => undefined,
    (err: unknown) => err,
  )) as { message?: string; cause?: { message?: string; details?: string } } | undefined;
  if (!e) throw new Error('expected a refusal');
  return [e.message, e.cause?.message, e.cause?.details].join(' | ');
}

it('GetClusterInfo answers the same version as GetSystemInfo and a stable cluster id', async () => {
  const info = await svc().getClusterInfo({});
  const system = await svc().getSystemInfo({});
  expect(info.serverVersion).toBe(system.serverVersion);
  expect(info.clusterName).toBe('active');
  expect(info.clusterId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  expect((await svc().getClusterInfo({})).clusterId).toBe(info.clusterId);
  expect(info.supportedClients?.['temporal-typescript']).toBe('<2.0.0');
  expect(Number(info.historyShardCount)).toBe(1);
});

it('pages the history backwards, newest first, and the pages add up to the forward history', async () => {
  const handle = await env.client.workflow.start('counter', {
    taskQueue: env.taskQueue,
    workflowId: `rev-${randomUUID()}`,
  });
  for (let i = 1; i <= 3; i++) await handle.signal('add', i);
  await handle.signal('finish');
  expect(await handle.result()).toBe(6);
  const forward = (await handle.fetchHistory()).events!.map((e) => Number(e.eventId));

  const seen: number[] = [];
  let nextPageToken: Uint8Array | undefined;
  let pages = 0;
  do {
    const page = await svc().getWorkflowExecutionHistoryReverse({
      namespace: 'default',
      execution: { workflowId: handle.workflowId },
      maximumPageSize: 4,
      nextPageToken,
    });
    const ids = page.history!.events!.map((e) => Number(e.eventId));
    expect(ids.length).toBeLessThanOrEqual(4);
    seen.push(...ids);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    pages++;
  } while (nextPageToken);
  expect(seen).toEqual([...forward].reverse());
  expect(pages).toBe(Math.ceil(forward.length / 4));
  // The first page starts with the close event.
  const first = await svc().getWorkflowExecutionHistoryReverse({
    namespace: 'default',
    execution: { workflowId: handle.workflowId },
    maximumPageSize: 1,
  });
  expect(first.history!.events![0].eventType).toBe(
    temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  );
  await expect(
    svc().getWorkflowExecutionHistoryReverse({ namespace: 'default', execution: { workflowId: 'nope' } }),
  ).rejects.toMatchObject({ code: status.NOT_FOUND });
});

it('DescribeTaskQueue lists the workers polling each task type, and the backlog', async () => {
  const describe = (taskQueueType: number, taskQueue = env.taskQueue) =>
    svc().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType,
      reportStats: true,
    });
  const workflowPollers = await waitFor(async () => {
    const d = await describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    return d.pollers?.length ? d.pollers : undefined;
  });
  const identity = env.worker.options.identity;
  expect(workflowPollers.map((p) => p.identity)).toContain(identity);
  const last = Number(workflowPollers[0].lastAccessTime!.seconds) * 1000;
  expect(Math.abs(Date.now() - last)).toBeLessThan(120_000);
  expect(workflowPollers[0].ratePerSecond).toBeGreaterThan(0);
  const activityPollers = await waitFor(async () => {
    const d = await describe(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
    return d.pollers?.length ? d.pollers : undefined;
  });
  expect(activityPollers.map((p) => p.identity)).toContain(identity);

  // A queue nobody polls: no pollers, and a started workflow's first task waits in its backlog.
  const idle = `idle-${randomUUID()}`;
  await env.client.workflow.start('counter', { taskQueue: idle, workflowId: `idle-${randomUUID()}` });
  const idleQueue = await describe(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, idle);
  expect(idleQueue.pollers).toEqual([]);
  expect(Number(idleQueue.stats?.approximateBacklogCount)).toBe(1);
});

it('CountSchedules counts a namespace’s schedules, filtered by a visibility query', async () => {
  const action = { type: 'startWorkflow', workflowType: 'counter', taskQueue: env.taskQueue } as const;
  for (const id of ['count-a', 'count-b'])
    await env.client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { ...action, workflowId: id },
      state: { paused: id === 'count-b' },
    });
  expect(Number((await svc().countSchedules({ namespace: 'default' })).count)).toBe(2);
  const paused = await svc().countSchedules({ namespace: 'default', query: 'TemporalSchedulePaused = true' });
  expect(Number(paused.count)).toBe(1);
  await expect(svc().countSchedules({ namespace: 'default', query: 'Bogus = 1' })).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
  });
});

it('answers NOT_FOUND for a task token it did not issue (the SDK throws ActivityNotFoundError)', async () => {
  const token = new Uint8Array(Buffer.from('not a token of this server'));
  await expect(env.client.activity.heartbeat(token, 'details')).rejects.toBeInstanceOf(ActivityNotFoundError);
  await expect(env.client.activity.complete(token, 'done')).rejects.toBeInstanceOf(ActivityNotFoundError);
  await expect(
    raw.workflowService.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: token }),
  ).rejects.toMatchObject({ code: status.NOT_FOUND });
});

it('refuses ids longer than the Go server’s 1000-character limit, also in update-with-start', async () => {
  const longId = 'x'.repeat(2772);
  expect(
    await refusal(env.client.workflow.start('counter', { taskQueue: env.taskQueue, workflowId: longId })),
  ).toMatch(/INVALID_ARGUMENT: WorkflowId exceeds length limit/);
  const startedAt = Date.now();
  expect(
    await refusal(
      env.client.workflow.executeUpdateWithStart('setValue', {
        args: ['v'],
        startWorkflowOperation: new WithStartWorkflowOperation('updatable', {
          workflowId: longId,
          taskQueue: env.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }),
    ),
  ).toMatch(/WorkflowId exceeds length limit/);
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(
    await refusal(
      env.client.workflow.start('counter', { taskQueue: 'q'.repeat(1001), workflowId: `tq-${randomUUID()}` }),
    ),
  ).toMatch(/TaskQueue exceeds length limit/);
  // 1000 characters is still fine.
  const ok = await env.client.workflow.start('counter', {
    taskQueue: env.taskQueue,
    workflowId: 'y'.repeat(1000),
  });
  await ok.terminate('limit test over');
});

it('refuses an 11th in-flight update of one workflow with RESOURCE_EXHAUSTED', async () => {
  // No worker polls this queue, so admitted updates stay in flight.
  const workflowId = `updates-${randomUUID()}`;
  const taskQueue = `no-worker-${randomUUID()}`;
  await env.client.workflow.start('updatable', { taskQueue, workflowId });
  const update = (i: number) =>
    raw.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
      request: { meta: { updateId: `u${i}` }, input: { name: 'setValue' } },
    });
  for (let i = 1; i <= 10; i++) await update(i);
  await expect(update(11)).rejects.toMatchObject({
    code: status.RESOURCE_EXHAUSTED,
    details: 'limit on number of concurrent in-flight updates has been reached (10)',
  });
  // A retried update that is already in flight is not a new one.
  await expect(update(3)).resolves.toBeDefined();
  await env.client.workflow.getHandle(workflowId).terminate('limit test over');
});

it('tells a workflow its history size and suggests continue-as-new past 4 MiB', async () => {
  const small = await env.client.workflow.start('historyInfo', {
    taskQueue: env.taskQueue,
    workflowId: `size-${randomUUID()}`,
  });
  await small.signal('finish');
  const info = await small.result();
  expect(info.historySize).toBeGreaterThan(100);
  expect(info.suggested).toBe(false);
  expect(info.root).toBeUndefined(); // a top-level workflow has no root in its started event, as on Go

  // Three 1.5 MB signals (each under the 2 MiB payload limit) make a history past the 4 MiB threshold; the
  // test plays the worker so that the WorkflowTaskStarted event itself can be read.
  const taskQueue = `big-${randomUUID()}`;
  const workflowId = `big-${randomUUID()}`;
  await raw.workflowService.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'historyInfo' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
  });
  const big = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.alloc(1_500_000, 7) };
  for (let i = 0; i < 3; i++)
    await raw.workflowService.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'blob',
      input: { payloads: [big] },
      requestId: randomUUID(),
    });
  const task = await raw.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'test',
  });
  const started = task.history!.events!.at(-1)!.workflowTaskStartedEventAttributes!;
  expect(Number(started.historySizeBytes)).toBeGreaterThan(4_500_000);
  expect(started.suggestContinueAsNew).toBe(true);
  expect(started.suggestContinueAsNewReasons).toEqual([
    temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE,
  ]);
  await env.client.workflow.getHandle(workflowId).terminate('size test over');
});

/**
 * User metadata (static summary and details) and priority through the real SDK client and worker: the
 * workflow's own on describe and WorkflowExecutionStarted, timers', activities' and children's on their
 * command events, and priority carried to the tasks (workflowInfo().priority, the activity's info) merged
 * field by field as the Go server does.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startEnv, type TemporalTestEnv } from './support';

const { EventType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('metadata-priority');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const text = (p: temporal.api.common.v1.IPayload | null | undefined) =>
  p ? defaultPayloadConverter.fromPayload<string>(p) : undefined;

it('keeps static summaries and details and carries priority to workflow, activity and child tasks', async () => {
  const workflowId = `meta-${randomUUID()}`;
  const handle = await env.client.workflow.start('withMetadata', {
    taskQueue: env.taskQueue,
    workflowId,
    staticSummary: 'case 42',
    staticDetails: 'details of case 42',
    priority: { priorityKey: 4, fairnessKey: 'tenant-a', fairnessWeight: 2 },
  });
  const result = (await handle.result()) as Record<string, Record<string, unknown>>;
  expect(result.own).toMatchObject({ priorityKey: 4, fairnessKey: 'tenant-a', fairnessWeight: 2 });
  // The activity overrides the key only; the child overrides the fairness key only.
  expect(result.activity).toMatchObject({ priorityKey: 2, fairnessKey: 'tenant-a', fairnessWeight: 2 });
  expect(result.child).toMatchObject({ priorityKey: 4, fairnessKey: 'tenant-b', fairnessWeight: 2 });

  const description = await handle.describe();
  expect(await description.staticSummary()).toBe('case 42');
  expect(await description.staticDetails()).toBe('details of case 42');
  expect(description.raw.workflowExecutionInfo?.priority).toMatchObject({ priorityKey: 4 });

  const events = (await handle.fetchHistory()).events ?? [];
  const of = (type: number) => events.find((e) => e.eventType === type);
  const started = of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)!;
  expect(text(started.userMetadata?.summary)).toBe('case 42');
  expect(started.workflowExecutionStartedEventAttributes?.priority).toMatchObject({
    priorityKey: 4,
    fairnessKey: 'tenant-a',
  });
  expect(text(of(EventType.EVENT_TYPE_TIMER_STARTED)!.userMetadata?.summary)).toBe('short nap');
  const scheduled = of(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!;
  expect(text(scheduled.userMetadata?.summary)).toBe('what the activity was given');
  expect(scheduled.activityTaskScheduledEventAttributes?.priority).toMatchObject({ priorityKey: 2 });
  const initiated = of(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)!;
  expect(text(initiated.userMetadata?.summary)).toBe('child summary');
  // Events without a command of their own carry none.
  expect(of(EventType.EVENT_TYPE_TIMER_FIRED)!.userMetadata).toBeFalsy();

  const child = await env.client.workflow.getHandle(`${workflowId}-child`).describe();
  expect(await child.staticSummary()).toBe('child summary');
  expect(await child.staticDetails()).toBe('child details');
  expect(child.raw.workflowExecutionInfo?.priority).toMatchObject({
    priorityKey: 4,
    fairnessKey: 'tenant-b',
  });
}, 60_000);

it('a run without metadata or priority describes none, and a negative priority key is refused', async () => {
  const handle = await env.client.workflow.start('reportPriority', {
    taskQueue: env.taskQueue,
    workflowId: `meta-none-${randomUUID()}`,
  });
  // The SDK decodes an absent priority as an empty one.
  expect(await handle.result()).toEqual({});
  const description = await handle.describe();
  expect(await description.staticSummary()).toBeUndefined();
  expect(description.raw.workflowExecutionInfo?.priority).toBeFalsy();

  const refused = await env.connection.workflowService
    .startWorkflowExecution({
      namespace: 'default',
      workflowId: `meta-bad-${randomUUID()}`,
      workflowType: { name: 'reportPriority' },
      taskQueue: { name: env.taskQueue },
      requestId: randomUUID(),
      priority: { priorityKey: -1 },
    })
    .then(
      () => undefined,
      (e: { code?: number; details?: string }) => e,
    );
  expect(refused?.code).toBe(status.INVALID_ARGUMENT);
  expect(refused?.details).toBe("priority key can't be negative");
});

/**
 * Reset with a child pending at the reset point, as the Go server since 1.27
 * (`history.allowResetWithPendingChildren`, on by default; GS ndc/workflow_resetter.go,
 * recordchildworkflowcompleted): the child keeps running (the base run's parent-close policy is skipped),
 * the new run keeps its ChildWorkflowExecutionStarted, and the child's result reaches the new run, whether
 * it comes after the reset (through the base run's reset run id) or came before it (written again). The
 * new run's own close applies the policy to the child. Through the real SDK client and worker, and the reset
 * once through the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { waitFor } from '../support/wait';
import { startEnv, type TemporalTestEnv } from './support';
import { addSignal, finishSignal } from './workflows';

const { EventType, WorkflowExecutionStatus } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('reset-children', { server: { httpPort: 0 } });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

async function historyOf(workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  return (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}

const ofType = (events: HistoryEvent[], type: number) => events.filter((e) => e.eventType === type);

/** Starts `parentOfCounter` and waits until it completed the workflow task after its child started. */
async function parentWaitingOnChild(): Promise<{
  workflowId: string;
  childId: string;
  runId: string;
  point: number;
}> {
  const workflowId = `reset-parent-${randomUUID()}`;
  const childId = `${workflowId}-child`;
  const handle = await env.client.workflow.start('parentOfCounter', {
    taskQueue: env.taskQueue,
    workflowId,
    args: [childId],
  });
  const point = await waitFor(async () => {
    const events = await historyOf(workflowId);
    const started = events.findIndex(
      (e) => e.eventType === EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
    );
    if (started < 0) return undefined;
    const completed = events
      .slice(started)
      .find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    return completed ? Number(completed.eventId) : undefined;
  });
  return { workflowId, childId, runId: handle.firstExecutionRunId, point };
}

function reset(workflowId: string, runId: string, finishEventId: number) {
  return env.connection.workflowService.resetWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId, runId },
    reason: 'fixed the parent',
    workflowTaskFinishEventId: Long.fromNumber(finishEventId),
    requestId: randomUUID(),
  });
}

const statusOf = async (workflowId: string, runId?: string) =>
  (await env.client.workflow.getHandle(workflowId, runId).describe()).raw.workflowExecutionInfo?.status;

it('keeps a running child: its result reaches the run the reset made', async () => {
  const { workflowId, childId, runId: baseRunId, point } = await parentWaitingOnChild();
  const { runId } = await reset(workflowId, baseRunId, point);

  // The base run is terminated, its child is not (no parent-close policy for a run closed by a reset).
  expect(await statusOf(workflowId, baseRunId)).toBe(
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  );
  expect(await statusOf(childId)).toBe(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  const described = await env.client.workflow.getHandle(workflowId, runId!).describe();
  expect(described.raw.pendingChildren?.map((c) => c.workflowId)).toEqual([childId]);
  const kept = await historyOf(workflowId, runId!);
  expect(ofType(kept, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)).toHaveLength(1);

  const child = env.client.workflow.getHandle(childId);
  await child.signal(addSignal, 5);
  await child.signal(finishSignal);
  expect(await env.client.workflow.getHandle(workflowId, runId!).result()).toBe(5);
  const after = await historyOf(workflowId, runId!);
  const completed = ofType(after, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
  expect(completed).toHaveLength(1);
  const started = ofType(after, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)[0];
  expect(Number(completed[0].childWorkflowExecutionCompletedEventAttributes?.startedEventId)).toBe(
    Number(started.eventId),
  );
  // The base run learns nothing more.
  expect(
    ofType(await historyOf(workflowId, baseRunId), EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED),
  ).toHaveLength(0);
}, 60_000);

it("writes a child's result that came after the reset point again in the new run (reset over HTTP)", async () => {
  const { workflowId, childId, runId: baseRunId, point } = await parentWaitingOnChild();
  const child = env.client.workflow.getHandle(childId);
  await child.signal(addSignal, 2);
  await child.signal(finishSignal);
  expect(await env.client.workflow.getHandle(workflowId, baseRunId).result()).toBe(2);

  const res = await fetch(
    `${env.server.httpAddress}/api/v1/namespaces/default/workflows/${workflowId}/reset`,
    {
      method: 'POST',
      body: JSON.stringify({
        workflowExecution: { workflowId, runId: baseRunId },
        reason: 'replay the parent',
        workflowTaskFinishEventId: String(point),
        requestId: randomUUID(),
      }),
    },
  );
  expect(res.status).toBe(200);
  const { runId } = (await res.json()) as { runId: string };

  expect(await env.client.workflow.getHandle(workflowId, runId).result()).toBe(2);
  const events = await historyOf(workflowId, runId);
  expect(ofType(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)).toHaveLength(1);
  const failed = ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)[0];
  const reapplied = ofType(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED)[0];
  expect(Number(reapplied.eventId)).toBeGreaterThan(Number(failed.eventId));
}, 60_000);

it("applies the new run's parent-close policy to the kept child", async () => {
  const { workflowId, childId, runId: baseRunId, point } = await parentWaitingOnChild();
  const { runId } = await reset(workflowId, baseRunId, point);
  expect(await statusOf(childId)).toBe(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  await env.client.workflow.getHandle(workflowId, runId!).terminate('closing the case');
  await waitFor(
    async () => (await statusOf(childId)) === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  );
}, 60_000);

/**
 * ResetWorkflowExecution against the real SDK client and worker (GS resetworkflow/api.go, ndc/workflow_resetter.go):
 * a case that failed on a bad lookup is reset to the workflow task before the lookup and completes once the
 * lookup is fixed; signals and updates after the reset point are applied again unless excluded; the
 * running current run is terminated with the reset's reason; a retried reset makes no second run; bad
 * event ids are INVALID_ARGUMENT, an unknown workflow NOT_FOUND; the new history replays.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import Long from 'long';
import { waitFor } from '../support/wait';
import { verdicts } from './activities';
import { startEnv, type TemporalTestEnv } from './support';
import { noteSignal, noteUpdate } from './workflows/reset';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const { EventType, CommandType, WorkflowExecutionStatus, WorkflowTaskFailedCause, ResetReapplyExcludeType } =
  temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('reset');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const svc = () => env.connection.workflowService;

async function historyOf(workflowId: string, runId: string): Promise<HistoryEvent[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

/** The id of the first WorkflowTaskCompleted event after `afterType` (or the first one at all). */
function completedTaskAfter(events: HistoryEvent[], afterType?: number): number {
  const from = afterType === undefined ? 0 : events.findIndex((e) => e.eventType === afterType);
  const found = events.slice(from).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  if (!found) throw new Error('no completed workflow task');
  return Number(found.eventId);
}

function reset(workflowId: string, runId: string, finishEventId: number, extra: object = {}) {
  return svc().resetWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId, runId },
    reason: 'lookup fixed',
    workflowTaskFinishEventId: Long.fromNumber(finishEventId),
    requestId: randomUUID(),
    ...extra,
  });
}

async function statusOf(workflowId: string, runId: string): Promise<number> {
  const d = await svc().describeWorkflowExecution({ namespace: 'default', execution: { workflowId, runId } });
  return d.workflowExecutionInfo?.status ?? 0;
}

it('resets a case that failed on a bad lookup to the task before the lookup; it completes once fixed', async () => {
  const workflowId = `reset-bug-${randomUUID()}`;
  verdicts.set(workflowId, 'broken');
  const handle = await env.client.workflow.start('resettableCase', {
    workflowId,
    taskQueue: env.taskQueue,
  });
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  const oldRunId = handle.firstExecutionRunId;
  const old = await historyOf(workflowId, oldRunId);
  // The task that scheduled the lookup: everything after it (the lookup's result, the failure) is dropped.
  const resetPoint = completedTaskAfter(old);

  verdicts.set(workflowId, 'fine');
  const requestId = randomUUID();
  const { runId } = await reset(workflowId, oldRunId, resetPoint, { requestId });
  expect(runId).toBeTruthy();
  expect(runId).not.toBe(oldRunId);

  const fresh = env.client.workflow.getHandle(workflowId, runId);
  await fresh.signal(noteSignal, 'done');
  expect(await fresh.result()).toEqual(['done']);

  const events = await historyOf(workflowId, runId);
  expect(events.slice(0, resetPoint - 1).map((e) => e.eventType)).toEqual(
    old.slice(0, resetPoint - 1).map((e) => e.eventType),
  );
  const failed = events[resetPoint - 1];
  expect(failed.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  const attrs = failed.workflowTaskFailedEventAttributes!;
  expect(attrs.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
  expect(attrs.failure?.message).toBe('lookup fixed');
  expect(attrs.failure?.resetWorkflowFailureInfo).toBeTruthy();
  expect(attrs.baseRunId).toBe(oldRunId);
  expect(attrs.newRunId).toBe(runId);
  expect(events[resetPoint].eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);

  // The failed run stays failed (only a running current run is terminated); both runs are listed.
  expect(await statusOf(workflowId, oldRunId)).toBe(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
  const listed = await waitFor(async () => {
    const runs = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
    return runs.length === 2 && runs;
  });
  expect(listed.map((w) => [w.runId, w.status.name]).sort()).toEqual(
    [
      [oldRunId, 'FAILED'],
      [runId, 'COMPLETED'],
    ].sort(),
  );

  // A retried reset (same request id) answers the run it made, and makes no other.
  const again = await reset(workflowId, oldRunId, resetPoint, { requestId });
  expect(again.runId).toBe(runId);

  // The new history replays on the workflow code without non-determinism.
  await Worker.runReplayHistory(
    engineTestWorkflowCode(),
    { events } as temporal.api.history.v1.IHistory,
    workflowId,
  );
});

/** A running case with the lookup done, then signal "a", update "u", signal "b" after the reset point. */
async function runningCaseWithNotes(): Promise<{ workflowId: string; runId: string; resetPoint: number }> {
  const workflowId = `reset-notes-${randomUUID()}`;
  const handle = await env.client.workflow.start('resettableCase', { workflowId, taskQueue: env.taskQueue });
  const runId = handle.firstExecutionRunId;
  const resetPoint = await waitFor(async () => {
    const events = await historyOf(workflowId, runId);
    const done = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const task = events.slice(done).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    return done >= 0 && task && Number(task.eventId);
  });
  await handle.signal(noteSignal, 'a');
  expect(await handle.executeUpdate(noteUpdate, { args: ['u'] })).toBe(2);
  await handle.signal(noteSignal, 'b');
  return { workflowId, runId, resetPoint };
}

it('applies signals and updates after the reset point again and terminates the running run', async () => {
  const { workflowId, runId: oldRunId, resetPoint } = await runningCaseWithNotes();
  const { runId } = await reset(workflowId, oldRunId, resetPoint);

  expect(await statusOf(workflowId, oldRunId)).toBe(
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  );
  const oldEvents = await historyOf(workflowId, oldRunId);
  const terminated = oldEvents[oldEvents.length - 1].workflowExecutionTerminatedEventAttributes;
  expect(terminated?.reason).toBe('lookup fixed');
  expect(terminated?.identity).toBe('history-resetter');

  const fresh = env.client.workflow.getHandle(workflowId, runId);
  await fresh.signal(noteSignal, 'done');
  expect(await fresh.result()).toEqual(['a', 'u', 'b', 'done']);
  const events = await historyOf(workflowId, runId);
  const admitted = events.find(
    (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED,
  );
  expect(admitted?.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta?.updateId).toBeTruthy();
  await Worker.runReplayHistory(
    engineTestWorkflowCode(),
    { events } as temporal.api.history.v1.IHistory,
    workflowId,
  );
});

it('a completed update the reset keeps answers its id on the new run without running again', async () => {
  const workflowId = `reset-kept-update-${randomUUID()}`;
  const handle = await env.client.workflow.start('resettableCase', { workflowId, taskQueue: env.taskQueue });
  const oldRunId = handle.firstExecutionRunId;
  expect(await handle.executeUpdate(noteUpdate, { args: ['u'], updateId: 'kept-u' })).toBe(1);
  await handle.signal(noteSignal, 'b');
  // The reset point: the task that took signal "b", after the update's UpdateCompleted event.
  const resetPoint = await waitFor(async () => {
    const events = await historyOf(workflowId, oldRunId);
    const signalled = events.findIndex(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    );
    const task = events
      .slice(Math.max(signalled, 0))
      .find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    return signalled >= 0 && task && Number(task.eventId);
  });
  const { runId } = await reset(workflowId, oldRunId, resetPoint);

  const fresh = env.client.workflow.getHandle(workflowId, runId);
  expect(await fresh.executeUpdate(noteUpdate, { args: ['again'], updateId: 'kept-u' })).toBe(1);
  await fresh.signal(noteSignal, 'done');
  expect(await fresh.result()).toEqual(['u', 'b', 'done']);
});

it('leaves out the excluded types: signals (reset_reapply_exclude_types) or all (reset_reapply_type NONE)', async () => {
  const first = await runningCaseWithNotes();
  const noSignals = await reset(first.workflowId, first.runId, first.resetPoint, {
    resetReapplyExcludeTypes: [ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL],
  });
  const a = env.client.workflow.getHandle(first.workflowId, noSignals.runId);
  await a.signal(noteSignal, 'done');
  expect(await a.result()).toEqual(['u', 'done']);

  const second = await runningCaseWithNotes();
  const none = await reset(second.workflowId, second.runId, second.resetPoint, {
    resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_NONE,
  });
  const b = env.client.workflow.getHandle(second.workflowId, none.runId);
  await b.signal(noteSignal, 'done');
  expect(await b.result()).toEqual(['done']);
});

it('dispatches an activity pending at the reset point again, for the new run', async () => {
  const taskQueue = `reset-raw-${randomUUID()}`;
  const workflowId = `reset-raw-${randomUUID()}`;
  const { runId: oldRunId } = await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
  });
  const poll = () =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw' });
  const first = await poll();
  await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: first.taskToken,
    identity: 'raw',
    commands: [
      {
        commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'lookup',
          activityType: { name: 'rawActivity' },
          taskQueue: { name: taskQueue },
          startToCloseTimeout: { seconds: Long.fromNumber(30) },
        },
      },
    ],
  });
  // A signal makes a second workflow task, completed with the activity still pending.
  await svc().signalWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId },
    signalName: 'nudge',
    requestId: randomUUID(),
  });
  const second = await poll();
  await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: second.taskToken,
    identity: 'raw',
  });
  const old = await historyOf(workflowId, oldRunId!);
  const scheduled = old.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)!;
  const resetPoint = completedTaskAfter(old, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);

  // Not a workflow task's end: the event before ActivityTaskScheduled is a completed task, nothing pending.
  await expect(reset(workflowId, oldRunId!, Number(scheduled.eventId))).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    details: expect.stringContaining('Can only reset workflow to event ID in range'),
  });
  for (const bad of [1, old.length + 1]) {
    await expect(reset(workflowId, oldRunId!, bad)).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'Workflow task finish ID must be > 1 && <= workflow last event ID.',
    });
  }
  await expect(reset(`missing-${randomUUID()}`, '', 4)).rejects.toMatchObject({ code: status.NOT_FOUND });

  const { runId } = await reset(workflowId, oldRunId!, resetPoint);
  const task = await svc().pollActivityTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'raw',
  });
  expect(task.activityId).toBe('lookup');
  expect(task.workflowExecution?.runId).toBe(runId);
  expect(task.attempt).toBe(1);
  // The signal came before the reset point: it is in the kept history, not applied a second time.
  const events = await historyOf(workflowId, runId);
  expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(
    1,
  );
});

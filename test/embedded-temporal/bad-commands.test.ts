/**
 * Commands the Go server refuses fail their workflow task (GS workflowTaskCompletedHandler
 * failWorkflowTaskOnInvalidArgument, api.go failWorkflowTask): a CancelTimer of a timer that was never started
 * (BAD_CANCEL_TIMER_ATTRIBUTES, mutable state AddTimerCanceledEvent) and a RequestCancelActivityTask of an
 * activity that was never scheduled or is already asked to cancel (BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
 * AddActivityTaskCancelRequestedEvent). The completion answers INVALID_ARGUMENT and none of its events are
 * written; WorkflowTaskFailed (with the cause and a server failure) and a new attempt are, except past the
 * first attempt, which is only answered so. Before, the engine ignored such a cancel and completed the task.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { rawProtocol } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';

const { EventType, CommandType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
type Command = temporal.api.command.v1.ICommand;

let env: TemporalTestEnv;

beforeAll(async () => {
  env = await startEnv('bad_commands');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'bad', 'test');
const { svc } = raw;
const history = (workflowId: string) => raw.history({ workflowId });

/** A run of its own queue; returns a poll of that queue and the run's id. */
async function startRun() {
  const wf = await raw.start({ extra: { workflowTaskTimeout: { seconds: Long.fromNumber(60) } } });
  return { workflowId: wf.workflowId, poll: () => raw.poll(wf.taskQueue) };
}

const complete = (taskToken: Uint8Array | null | undefined, commands: Command[]) =>
  raw.complete({ taskToken }, { commands });

const startTimer: Command = {
  commandType: CommandType.COMMAND_TYPE_START_TIMER,
  startTimerCommandAttributes: { timerId: 'kept', startToFireTimeout: { seconds: Long.fromNumber(3600) } },
};

async function refusal(promise: Promise<unknown>): Promise<{ code?: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code?: number; details?: string; message: string },
  );
  if (!error) throw new Error('the completion was accepted');
  return error;
}

it('fails the task of a CancelTimer for a timer never started, and keeps none of its events', async () => {
  const { workflowId, poll } = await startRun();
  const task = await poll();
  const error = await refusal(
    complete(task.taskToken, [
      startTimer,
      {
        commandType: CommandType.COMMAND_TYPE_CANCEL_TIMER,
        cancelTimerCommandAttributes: { timerId: 'never-started' },
      },
    ]),
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  expect(error.message).toContain(
    'WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES: invalid history builder state for action: add-timer-canceled-event, TimerID: never-started',
  );
  const events = await history(workflowId);
  // (The next attempt's WorkflowTaskScheduled may follow, or be transient as in GS: not asserted here.)
  expect(events.slice(0, 4).map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  ]);
  expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)).toBe(false);
  const failed = events[3].workflowTaskFailedEventAttributes!;
  expect(failed.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES);
  expect(failed.failure?.message).toContain('TimerID: never-started');
  expect(failed.failure?.serverFailureInfo).toBeTruthy();

  // The next attempt completes normally: the run goes on.
  const retry = await poll();
  expect(retry.attempt).toBe(2);
  await complete(retry.taskToken, [startTimer]);
  expect((await history(workflowId)).slice(-2).map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    EventType.EVENT_TYPE_TIMER_STARTED,
  ]);
});

it('fails the task of a RequestCancelActivityTask for an unknown or already cancelled activity', async () => {
  const { workflowId, poll } = await startRun();
  const cancel = (scheduledEventId: number): Command => ({
    commandType: CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
    requestCancelActivityTaskCommandAttributes: { scheduledEventId: Long.fromNumber(scheduledEventId) },
  });
  const unknown = await refusal(complete((await poll()).taskToken, [cancel(99)]));
  expect(unknown.code).toBe(status.INVALID_ARGUMENT);
  expect(unknown.message).toContain(
    'WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES: invalid history builder state for action: add-activitytask-cancel-requested-event, ScheduledEventID: 99',
  );
  const failed = (await history(workflowId)).find(
    (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  )!;
  expect(failed.workflowTaskFailedEventAttributes?.cause).toBe(
    WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
  );

  // Past the first attempt the task is only refused: no second WorkflowTaskFailed, the attempt stays started.
  const retry = await poll();
  expect(retry.attempt).toBe(2);
  const before = (await history(workflowId)).length;
  const again = await refusal(complete(retry.taskToken, [cancel(99)]));
  expect(again.code).toBe(status.INVALID_ARGUMENT);
  expect((await history(workflowId)).length).toBe(before);
});

it('still accepts a cancel of a pending activity once, and refuses a second request for it', async () => {
  const { workflowId, poll } = await startRun();
  const task = await poll();
  await complete(task.taskToken, [
    {
      commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
      scheduleActivityTaskCommandAttributes: {
        activityId: 'a1',
        activityType: { name: 'echo' },
        taskQueue: { name: `nobody-polls-${randomUUID()}` },
        startToCloseTimeout: { seconds: Long.fromNumber(30) },
      },
    },
    startTimer,
  ]);
  const scheduled = (await history(workflowId)).find(
    (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  )!;
  await svc().signalWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId },
    signalName: 'go',
    requestId: randomUUID(),
  });
  const cancel: Command = {
    commandType: CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
    requestCancelActivityTaskCommandAttributes: { scheduledEventId: scheduled.eventId },
  };
  // Never started: cancelled at once (CancelRequested + Canceled) and a task for the workflow to see it.
  await complete((await poll()).taskToken, [cancel]);
  expect((await history(workflowId)).slice(-3).map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  ]);
  // The activity is gone: a second request is for an unknown activity.
  const second = await refusal(complete((await poll()).taskToken, [cancel]));
  expect(second.code).toBe(status.INVALID_ARGUMENT);
  expect(second.message).toContain('BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES');
});

/**
 * Commands that cancel what finished while their workflow task ran, as the Go server handles them; the worker
 * never saw the outcome (it is buffered), so it expects the cancellation's event in its command's place, and
 * Core matches command events to its commands in order:
 * - CancelTimer of a timer that fired (GS mutable_state_impl.go AddTimerCanceledEvent →
 *   checkAndClearTimerFiredEvent): the buffered TimerFired is dropped and TimerCanceled written. Writing
 *   nothing made Core match the next command's event against the cancelled timer ("Timer machine does not
 *   handle this event: ActivityTaskScheduled") on the next task and every replay: the case workflow stuck,
 *   its update answered 503 by the API (routes.test.ts, session 11).
 * - RequestCancelActivityTask of an activity that finished (GS AddActivityTaskCancelRequestedEvent,
 *   HasActivityFinishEvent): ActivityTaskCancelRequested is written and the buffered outcome follows.
 * The server's clock is moved by the test (ManualClock), so a timer fires exactly while a task is held.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { Clock } from '@netral/embedded-temporal';
import Long from 'long';
import { Client as PgClient } from 'pg';
import { release } from './activities';
import { startEnv, type TemporalTestEnv } from './support';
import { waitFor } from '../support/wait';
import { goSignal } from './workflows';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const { EventType, CommandType, PendingWorkflowTaskState } = temporal.api.enums.v1;
type Event = temporal.api.history.v1.IHistoryEvent;

/** Wall time plus what the test added: `advance` fires every wake-up the jump passes. */
class ManualClock implements Clock {
  private offset = 0;
  private readonly waits = new Set<{ at: number; fire: () => void }>();

  now(): number {
    return Date.now() + this.offset;
  }

  wakeAt(atMs: number, wake: () => void): () => void {
    const wait = {
      at: atMs,
      fire: () => {
        if (!this.waits.delete(wait)) return;
        clearTimeout(handle);
        wake();
      },
    };
    const handle = setTimeout(wait.fire, Math.min(Math.max(0, atMs - this.now()), 2_000_000_000));
    handle.unref();
    this.waits.add(wait);
    return () => {
      this.waits.delete(wait);
      clearTimeout(handle);
    };
  }

  advance(ms: number): void {
    this.offset += ms;
    for (const wait of [...this.waits]) if (wait.at <= this.now()) wait.fire();
  }
}

/**
 * The timers' length (workflows/cancel-buffered.ts too): long, so that they fire only when the test moves the
 * clock, never by wall time before the task to be held has started; the tasks' timeout is longer still, so
 * that the jump leaves the held task time to complete.
 */
const TIMER_MS = 30_000;
const TASK_TIMEOUT_MS = 90_000;
const clock = new ManualClock();
let env: TemporalTestEnv;
let db: PgClient;
let n = 0;

beforeAll(async () => {
  env = await startEnv('cancel_buffered', { server: { clock } });
  db = new PgClient({ connectionString: env.databaseUrl });
  await db.connect();
}, 60_000);
afterAll(async () => {
  await db?.end();
  await env?.stop();
});

const svc = () => env.connection.workflowService;

/** The timer's deadline row is gone once its handler ran: TimerFired is written (or buffered). */
async function timerFired(workflowId: string): Promise<void> {
  await waitFor(async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM temporal.deadlines WHERE workflow_id = $1 AND kind = 'timer'`,
      [workflowId],
    );
    return rows[0].n === 0;
  });
}

async function events(workflowId: string): Promise<Event[]> {
  const res = await svc().getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  return res.history?.events ?? [];
}

describe('raw protocol', () => {
  /**
   * A run whose first task sent `first` and whose second task (after a signal) is started when `during` runs;
   * returns the completion of that second task.
   */
  async function secondTask(
    first: temporal.api.command.v1.ICommand[],
    during: (run: { workflowId: string; taskQueue: string }) => Promise<void>,
  ) {
    const workflowId = `cancel-${++n}`;
    const taskQueue = `cancel-queue-${n}`;
    await svc().startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'rawWorkflow' },
      taskQueue: { name: taskQueue },
      workflowTaskTimeout: { seconds: Long.fromNumber(TASK_TIMEOUT_MS / 1000) },
      requestId: randomUUID(),
    });
    const poll = () =>
      svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'test' });
    const task1 = await poll();
    await svc().respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task1.taskToken,
      identity: 'test',
      commands: first,
    });
    await svc().signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'go',
      requestId: randomUUID(),
    });
    const task2 = await poll();
    await during({ workflowId, taskQueue });
    const complete = (commands: temporal.api.command.v1.ICommand[]) =>
      svc().respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: task2.taskToken,
        identity: 'test',
        commands,
      });
    return { workflowId, complete };
  }

  /** Timer "1" started by the first task fires while the second runs. */
  const taskWhileTimerFires = () =>
    secondTask(
      [
        {
          commandType: CommandType.COMMAND_TYPE_START_TIMER,
          startTimerCommandAttributes: {
            timerId: '1',
            startToFireTimeout: { seconds: Long.fromNumber(TIMER_MS / 1000) },
          },
        },
      ],
      async ({ workflowId }) => {
        clock.advance(TIMER_MS);
        await timerFired(workflowId);
      },
    );

  const cancelTimer: temporal.api.command.v1.ICommand = {
    commandType: CommandType.COMMAND_TYPE_CANCEL_TIMER,
    cancelTimerCommandAttributes: { timerId: '1' },
  };

  it('writes TimerCanceled in the command order and drops the buffered TimerFired', async () => {
    const { workflowId, complete } = await taskWhileTimerFires();
    await complete([
      cancelTimer,
      {
        commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'a1',
          activityType: { name: 'echo' },
          taskQueue: { name: 'nobody-polls' },
          startToCloseTimeout: { seconds: Long.fromNumber(10) },
        },
      },
    ]);
    const history = await events(workflowId);
    const started = history.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED)!;
    const completed = history
      .map((e) => e.eventType)
      .lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    // Nothing after the commands' events: the fired timer was the only buffered event, and it is gone.
    expect(history.slice(completed + 1).map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_TIMER_CANCELED,
      EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    ]);
    expect(history.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)).toBe(false);
    expect(history[completed + 1].timerCanceledEventAttributes).toMatchObject({
      timerId: '1',
      startedEventId: started.eventId,
    });
  });

  it('lets the task complete the workflow: the fired timer it cancels is no unhandled event', async () => {
    const { workflowId, complete } = await taskWhileTimerFires();
    await complete([
      cancelTimer,
      {
        commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: {},
      },
    ]);
    expect((await events(workflowId)).slice(-2).map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_TIMER_CANCELED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
  });

  it('writes ActivityTaskCancelRequested for an activity that finished meanwhile; its outcome follows', async () => {
    const activityQueue = `cancel-activities-${randomUUID()}`;
    const { workflowId, complete } = await secondTask(
      [
        {
          commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
          scheduleActivityTaskCommandAttributes: {
            activityId: 'a1',
            activityType: { name: 'echo' },
            taskQueue: { name: activityQueue },
            startToCloseTimeout: { seconds: Long.fromNumber(30) },
          },
        },
      ],
      async () => {
        // The test is the activity worker: the completion is buffered behind the started task.
        const task = await svc().pollActivityTaskQueue({
          namespace: 'default',
          taskQueue: { name: activityQueue },
          identity: 'test',
        });
        await svc().respondActivityTaskCompleted({ namespace: 'default', taskToken: task.taskToken });
      },
    );
    const scheduled = (await events(workflowId)).find(
      (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    )!;
    await complete([
      {
        commandType: CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
        requestCancelActivityTaskCommandAttributes: { scheduledEventId: scheduled.eventId },
      },
      {
        commandType: CommandType.COMMAND_TYPE_START_TIMER,
        startTimerCommandAttributes: { timerId: 't', startToFireTimeout: { seconds: Long.fromNumber(3600) } },
      },
    ]);
    const history = await events(workflowId);
    const completed = history
      .map((e) => e.eventType)
      .lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    expect(history.slice(completed + 1).map((e) => e.eventType)).toEqual([
      EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
      EventType.EVENT_TYPE_TIMER_STARTED,
      EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    ]);
    expect(history[completed + 1].activityTaskCancelRequestedEventAttributes?.scheduledEventId).toEqual(
      scheduled.eventId,
    );
  });
});

describe('the SDK worker', () => {
  /**
   * Starts `workflowType`, waits until its first task wrote `firstEvent`, signals it and, while the signal's
   * task is held open by a local activity, runs `during`; then releases the task and returns the result
   * once the history replays.
   */
  async function heldTask(
    workflowType: string,
    firstEvent: number,
    during: (workflowId: string) => Promise<void>,
    holdKey = (workflowId: string) => workflowId,
  ): Promise<string> {
    const workflowId = `${workflowType}-${randomUUID()}`;
    const handle = await env.client.workflow.start(workflowType, {
      workflowId,
      taskQueue: env.taskQueue,
      workflowTaskTimeout: TASK_TIMEOUT_MS,
      args: [workflowId],
    });
    await waitFor(async () => (await events(workflowId)).some((e) => e.eventType === firstEvent));
    await handle.signal(goSignal);
    await waitFor(async () => {
      const { raw } = await handle.describe();
      return (
        (await events(workflowId)).some(
          (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
        ) && raw.pendingWorkflowTask?.state === PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
      );
    });
    await during(workflowId);
    release(holdKey(workflowId));
    // Closed, or stuck failing its tasks on a nondeterminism.
    const history = await waitFor(async () => {
      const all = await events(workflowId);
      const closed = all.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      const failed = all.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      return (closed || failed) && all;
    }, 30_000);
    const failure = history.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failure?.workflowTaskFailedEventAttributes?.failure?.message).toBeUndefined();
    await Worker.runReplayHistory(engineTestWorkflowCode(), await handle.fetchHistory(), workflowId);
    return handle.result() as Promise<string>;
  }

  it('a workflow that cancels a timer which fired during its task goes on, and its history replays', async () => {
    const result = await heldTask(
      'cancelsFiredTimer',
      EventType.EVENT_TYPE_TIMER_STARTED,
      async (workflowId) => {
        clock.advance(TIMER_MS);
        await timerFired(workflowId);
      },
    );
    expect(result).toBe('cancelled/after');
  }, 60_000);

  it('a workflow that cancels an activity which finished during its task goes on, and its history replays', async () => {
    const result = await heldTask(
      'cancelsFinishedActivity',
      EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
      async (workflowId) => {
        release(`${workflowId}/activity`);
        // Its completion is in (buffered) once the run lists it no more.
        await waitFor(async () => {
          const { raw } = await env.client.workflow.getHandle(workflowId).describe();
          return (raw.pendingActivities ?? []).length === 0;
        });
      },
      (workflowId) => `${workflowId}/task`,
    );
    expect(result).toBe('cancelled/after');
  }, 60_000);
});

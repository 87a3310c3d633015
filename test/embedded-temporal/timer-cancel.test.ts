/**
 * CancelTimer for a timer that fired while the workflow task ran (its TimerFired buffered), as the Go server
 * handles it (GS mutable_state_impl.go AddTimerCanceledEvent → checkAndClearTimerFiredEvent): the buffered
 * TimerFired is dropped and TimerCanceled is written in the command's place. The worker never saw the timer
 * fire, so it expects TimerCanceled right there; writing nothing made Core match the next command's event
 * against the cancelled timer: "Timer machine does not handle this event: ActivityTaskScheduled" on the next
 * task and on every replay (the workflow stuck, its update answered 503 by the API).
 * The server's clock is moved by the test (ManualClock), so the timer fires exactly while the task is held.
 */
import * as path from 'node:path';
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

const clock = new ManualClock();
let env: TemporalTestEnv;
let db: PgClient;
let n = 0;

beforeAll(async () => {
  env = await startEnv('timer_cancel', { server: { clock } });
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
  /** A run whose first task started timer "1" (5 s) and whose second task (after a signal) is started. */
  async function taskWhileTimerFires() {
    const workflowId = `fired-${++n}`;
    const taskQueue = `fired-queue-${n}`;
    await svc().startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'rawWorkflow' },
      taskQueue: { name: taskQueue },
      requestId: randomUUID(),
    });
    const poll = () =>
      svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'test' });
    const first = await poll();
    await svc().respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      identity: 'test',
      commands: [
        {
          commandType: CommandType.COMMAND_TYPE_START_TIMER,
          startTimerCommandAttributes: { timerId: '1', startToFireTimeout: { seconds: Long.fromNumber(5) } },
        },
      ],
    });
    await svc().signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'go',
      requestId: randomUUID(),
    });
    const second = await poll();
    clock.advance(5_000);
    await timerFired(workflowId);
    const complete = (commands: temporal.api.command.v1.ICommand[]) =>
      svc().respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: second.taskToken,
        identity: 'test',
        commands,
      });
    return { workflowId, complete };
  }

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
});

it('a workflow that cancels a timer which fired during its task goes on, and its history replays', async () => {
  const key = `fired-sdk-${randomUUID()}`;
  const handle = await env.client.workflow.start('cancelsFiredTimer', {
    workflowId: key,
    taskQueue: env.taskQueue,
    args: [key],
  });
  // TimerStarted is written by the first task's completion.
  await waitFor(async () =>
    (await events(key)).some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
  );
  await handle.signal(goSignal);
  // The signal's task runs the local activity and stays started until it is released.
  await waitFor(async () => {
    const { raw } = await handle.describe();
    return (
      (await events(key)).some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) &&
      raw.pendingWorkflowTask?.state === PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
    );
  });
  clock.advance(5_000);
  await timerFired(key);
  release(key);
  // Closed, or stuck failing its tasks on the nondeterminism.
  const history = await waitFor(async () => {
    const all = await events(key);
    const closed = all.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    const failed = all.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    return (closed || failed) && all;
  }, 30_000);
  const failure = history.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(failure?.workflowTaskFailedEventAttributes?.failure?.message).toBeUndefined();
  expect(await handle.result()).toBe('cancelled/after');
  await Worker.runReplayHistory(
    { workflowsPath: path.join(__dirname, 'workflows') },
    await handle.fetchHistory(),
    key,
  );
}, 60_000);

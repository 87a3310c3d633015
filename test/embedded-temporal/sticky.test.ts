/**
 * Sticky execution, as the real server does it (GS workflow_task_state_machine.go, recordworkflowtaskstarted,
 * respondworkflowtaskcompleted, queryworkflow; /work/shared/docs/temporal-semantics.md §2): a completion with
 * sticky attributes binds the run to the worker's sticky queue; its next tasks go there with only the new
 * events; the sticky schedule-to-start timeout, a task failure, ResetStickyTaskQueue and ShutdownWorker send
 * it back to the normal queue with the full history; queries go to the sticky worker first.
 * The first part plays the worker over raw gRPC (to see exactly what a poll returns), the second runs the
 * real SDK worker.
 */
import * as path from 'node:path';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { ids, rawProtocol, types, type Event, type PollResponse, type RawWorkflow } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';
import { addSignal, finishSignal, totalQuery } from './workflows';
import { IMPOSTOR_TOTAL } from './workflows-impostor';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const { EventType, TaskQueueKind, TimeoutType, QueryResultType, WorkflowTaskFailedCause } =
  temporal.api.enums.v1;

let env: TemporalTestEnv;
let n = 0;

beforeAll(async () => {
  env = await startEnv('sticky');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'sticky-raw');
const { svc } = raw;

describe('raw protocol', () => {
  const { start, poll, pollSticky, signal } = raw;
  /** Completes a task the way Core does with a workflow cache: naming its sticky queue. */
  const completeSticky = (wf: RawWorkflow, task: PollResponse, scheduleToStartSeconds: number) =>
    raw.complete(task, { stickyAttributes: raw.stickyAttributes(wf, scheduleToStartSeconds) });
  const fullHistory = raw.history;

  /** The first task on the normal queue binds the run; the second runs on the sticky queue. */
  async function twoTasksOnSticky(scheduleToStartSeconds: number) {
    const wf = await start();
    const first = await poll(wf.taskQueue);
    // The worker polls its sticky queue too: a waiting poll is what makes the server dispatch there.
    const stickyPoll = pollSticky(wf);
    await completeSticky(wf, first, scheduleToStartSeconds);
    await signal(wf);
    return { wf, second: await stickyPoll };
  }

  it('sends the next task to the sticky queue with only the events after the previous started event', async () => {
    const wf = await start();
    const first = await poll(wf.taskQueue);
    const stickyPoll = pollSticky(wf);
    await completeSticky(wf, first, 10);
    await signal(wf);
    const next = await stickyPoll;
    expect(Number(next.previousStartedEventId)).toBe(3);
    expect(ids(next)).toEqual([4, 5, 6, 7]);
    expect(types(next.history?.events)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    // The history names the sticky queue on the task's scheduled event; the poll names the normal queue.
    const scheduled = next.history!.events![2].workflowTaskScheduledEventAttributes!;
    expect(scheduled.taskQueue).toMatchObject({
      name: wf.stickyQueue,
      kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
      normalName: wf.taskQueue,
    });
    expect(next.workflowExecutionTaskQueue).toMatchObject({
      name: wf.taskQueue,
      kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
    });
    // A further task on the same sticky worker again gets only what is new.
    await completeSticky(wf, next, 10);
    await signal(wf);
    const third = await pollSticky(wf);
    expect(Number(third.previousStartedEventId)).toBe(7);
    expect(ids(third)).toEqual([8, 9, 10, 11]);
  });

  it('falls back to the normal queue with the full history when no sticky worker starts the task in time', async () => {
    const { wf, second } = await twoTasksOnSticky(10);
    await completeSticky(wf, second, 1);
    // The sticky worker has just polled, so the next task waits on its sticky queue ... and nobody takes it.
    await signal(wf);
    const fallback = await poll(wf.taskQueue);
    expect(ids(fallback)[0]).toBe(1);
    expect(Number(fallback.previousStartedEventId)).toBe(7);
    const events = fallback.history!.events!;
    const timedOut = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)!;
    expect(timedOut.workflowTaskTimedOutEventAttributes).toMatchObject({
      timeoutType: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
    expect(Number(timedOut.workflowTaskTimedOutEventAttributes!.startedEventId)).toBe(0);
    const scheduledEvents = events.filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    );
    const [timedOutTask, retried] = scheduledEvents.slice(-2);
    expect(timedOutTask.workflowTaskScheduledEventAttributes!.taskQueue!.kind).toBe(
      TaskQueueKind.TASK_QUEUE_KIND_STICKY,
    );
    expect(retried.workflowTaskScheduledEventAttributes).toMatchObject({
      taskQueue: { name: wf.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      attempt: 1,
    });
    expect(types(await fullHistory(wf)).at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  });

  it('ResetStickyTaskQueue moves a task waiting on the sticky queue to the normal queue at once', async () => {
    const { wf, second } = await twoTasksOnSticky(60);
    // A minute's schedule-to-start timeout: only the reset can bring the next task to the normal queue now.
    await completeSticky(wf, second, 60);
    await signal(wf);
    await svc().resetStickyTaskQueue({ namespace: 'default', execution: { workflowId: wf.workflowId } });
    const next = await poll(wf.taskQueue);
    expect(ids(next)[0]).toBe(1);
    expect(types(next.history?.events)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  });

  it('sends a query to the sticky worker without history, and to the normal queue when it does not take it', async () => {
    const wf = await start();
    const first = await poll(wf.taskQueue);
    await completeSticky(wf, first, 1);
    const answer = (task: PollResponse, text: string) =>
      svc().respondQueryTaskCompleted({
        namespace: 'default',
        taskToken: task.taskToken,
        completedType: QueryResultType.QUERY_RESULT_TYPE_ANSWERED,
        queryResult: {
          payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(text) }],
        },
      });
    const query = () =>
      svc().queryWorkflow({
        namespace: 'default',
        execution: { workflowId: wf.workflowId },
        query: { queryType: 'state' },
      });
    const text = (res: temporal.api.workflowservice.v1.IQueryWorkflowResponse) =>
      Buffer.from(res.queryResult!.payloads![0].data!).toString();

    // The sticky worker polls: it gets the query with no events (it has the run in its cache).
    const stickyPoll = pollSticky(wf);
    const first_ = query();
    const stickyTask = await stickyPoll;
    expect(stickyTask.query?.queryType).toBe('state');
    expect(stickyTask.history?.events ?? []).toEqual([]);
    await answer(stickyTask, '"from the sticky worker"');
    expect(text(await first_)).toBe('"from the sticky worker"');

    // Nobody takes the next one from the sticky queue: after the sticky schedule-to-start timeout it goes to
    // the normal queue with the full history, and is answered there instead of timing out.
    const second_ = query();
    const normalTask = await poll(wf.taskQueue);
    expect(normalTask.query?.queryType).toBe('state');
    expect(ids(normalTask)[0]).toBe(1);
    await answer(normalTask, '"from the normal queue"');
    expect(text(await second_)).toBe('"from the normal queue"');
  });

  it('answers ResetStickyTaskQueue on a closed workflow with NOT_FOUND', async () => {
    const wf = await start();
    const first = await poll(wf.taskQueue);
    await svc().respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    });
    await expect(
      svc().resetStickyTaskQueue({ namespace: 'default', execution: { workflowId: wf.workflowId } }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('a failed sticky task is retried on the normal queue as attempt 1 with the full history', async () => {
    const { wf, second: sticky } = await twoTasksOnSticky(10);
    await svc().respondWorkflowTaskFailed({
      namespace: 'default',
      taskToken: sticky.taskToken,
      cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE,
      identity: 'raw',
    });
    const retry = await poll(wf.taskQueue);
    expect(retry.attempt).toBe(1);
    expect(ids(retry)[0]).toBe(1);
  });
});

describe('the SDK worker', () => {
  const worker = (
    taskQueue: string,
    identity: string,
    workflows: string,
    stickyTimeout: '10s' | '1m' = '10s',
    connection = env.nativeConnection,
  ) =>
    Worker.create({
      connection,
      taskQueue,
      identity,
      workflowsPath: path.join(__dirname, workflows),
      activities,
      shutdownGraceTime: '1s',
      stickyQueueScheduleToStartTimeout: stickyTimeout,
    });
  const ofType = (events: Event[], type: number) => events.filter((e) => e.eventType === type);

  it('keeps a workflow and its queries on the worker that holds it while another polls the same queue', async () => {
    const taskQueue = `sticky-sdk-${++n}`;
    // A minute's sticky timeout: only ShutdownWorker (below) can move the workflow off A's queue in time.
    const a = await worker(taskQueue, 'worker-a', 'workflows', '1m');
    const aRun = a.run();
    const handle = await env.client.workflow.start('counter', {
      taskQueue,
      workflowId: `sticky-sdk-wf-${n}`,
    });
    expect(await handle.query(totalQuery)).toBe(0);
    // B polls the same queue with code that answers differently (as a worker without the codec would). It
    // is another process's worker: its own connection (Core refuses two workers on one queue per client).
    const bConnection = await NativeConnection.connect({ address: env.server.address });
    const b = await worker(taskQueue, 'worker-b', 'workflows-impostor', '10s', bConnection);
    const bRun = b.run();
    try {
      for (let i = 1; i <= 5; i++) {
        await handle.signal(addSignal, 1);
        expect(await handle.query(totalQuery)).toBe(i);
      }
      let events = (await handle.fetchHistory()).events ?? [];
      const scheduled = ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED).map(
        (e) => e.workflowTaskScheduledEventAttributes!.taskQueue!,
      );
      expect(scheduled[0]).toMatchObject({ name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL });
      for (const queue of scheduled.slice(1)) {
        expect(queue).toMatchObject({ kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: taskQueue });
      }
      const startedBy = (list: Event[]) =>
        ofType(list, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).map(
          (e) => e.workflowTaskStartedEventAttributes!.identity,
        );
      expect(new Set(startedBy(events))).toEqual(new Set(['worker-a']));

      // A shuts down: Core's ShutdownWorker unloads A's sticky queue, so the next task goes to the normal
      // queue at once (not after A's minute) and B takes it with the full history.
      a.shutdown();
      await aRun;
      await handle.signal(finishSignal);
      expect(await handle.result()).toBe(IMPOSTOR_TOTAL);
      events = (await handle.fetchHistory()).events ?? [];
      expect(startedBy(events).at(-1)).toBe('worker-b');
      expect(ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)).toEqual([]);
    } finally {
      if (a.getState() === 'RUNNING') a.shutdown();
      b.shutdown();
      await Promise.all([aRun, bRun]);
      await bConnection.close();
    }
  }, 60_000);

  it('runs the suite workflows with sticky tasks and replays their histories', async () => {
    const taskQueue = `sticky-sdk-${++n}`;
    const w = await worker(taskQueue, 'worker-c', 'workflows');
    await w.runUntil(async () => {
      const handle = await env.client.workflow.start('updatable', {
        taskQueue,
        workflowId: `sticky-upd-${n}`,
      });
      for (let i = 0; i < 5; i++) {
        await handle.executeUpdate('setValue', { args: [`v${i}`] });
        await handle.executeUpdate('echoViaActivity', { args: [`e${i}`] });
      }
      await handle.signal(finishSignal);
      expect(await handle.result()).toBe('v4');
      const history = await handle.fetchHistory();
      const sticky = ofType(history.events ?? [], EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED).filter(
        (e) =>
          e.workflowTaskScheduledEventAttributes!.taskQueue!.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY,
      );
      expect(sticky.length).toBeGreaterThan(5);
      await Worker.runReplayHistory(engineTestWorkflowCode(), history, handle.workflowId);
    });
  }, 60_000);
});

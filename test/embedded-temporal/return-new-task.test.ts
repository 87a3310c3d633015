/**
 * return_new_workflow_task, as the Go server does it (GS respondworkflowtaskcompleted/api.go: with the flag
 * set and a new task needed by the completion itself, `bypassTaskGeneration` starts it in the same update
 * and returns it in the response, built by CreateRecordWorkflowTaskStartedResponse with sticky execution
 * enabled; its WorkflowTaskStarted names the request "request-from-RespondWorkflowTaskCompleted"). Core asks
 * for it on every completion of a cached run, and heartbeats a task held open by a long local activity with
 * force_create_new_workflow_task: each heartbeat's next task comes back in the response, not through a poll.
 * The first part plays the worker over raw gRPC, the second runs the real SDK worker.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { ids, rawProtocol, types, type PollResponse } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';

const { EventType, TaskQueueKind, CommandType } = temporal.api.enums.v1;

const INLINE = 'request-from-RespondWorkflowTaskCompleted';

let env: TemporalTestEnv;

beforeAll(async () => {
  env = await startEnv('return_new_task');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'return-new');
const { signal } = raw;
const fullHistory = (workflowId: string) => raw.history({ workflowId });

describe('raw protocol', () => {
  /** A run with its first task started. */
  async function start() {
    const wf = await raw.start();
    return { ...wf, first: await raw.poll(wf.taskQueue) };
  }
  /** Completes a task as Core does for a cached run: sticky attributes and return_new_workflow_task. */
  const complete = raw.completeCached;

  it('returns the task that events buffered during the task need, with only the new events', async () => {
    const wf = await start();
    await signal(wf);
    const res = await complete(wf, wf.first);
    const next = res.workflowTask!;
    expect(next.taskToken?.length).toBeGreaterThan(0);
    expect(next.workflowExecution).toMatchObject({ workflowId: wf.workflowId });
    expect(next.workflowType?.name).toBe('rawWorkflow');
    expect(Number(next.previousStartedEventId)).toBe(3);
    expect(Number(next.startedEventId)).toBe(7);
    expect(next.attempt).toBe(1);
    expect(ids(next)).toEqual([4, 5, 6, 7]);
    expect(types(next.history?.events)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(next.history!.events![2].workflowTaskScheduledEventAttributes!.taskQueue).toMatchObject({
      name: wf.stickyQueue,
      kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
    });
    expect(next.history!.events![3].workflowTaskStartedEventAttributes).toMatchObject({
      identity: 'raw',
      requestId: INLINE,
    });
    expect(next.workflowExecutionTaskQueue).toMatchObject({ name: wf.taskQueue });
    // The returned task is the run's started task: its token completes it, and it was written as started.
    const stored = await fullHistory(wf.workflowId);
    expect(types(stored).slice(-1)).toEqual([EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]);
    const done = await complete(wf, next, {
      commands: [
        {
          commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    });
    // The run completed: there is no next task to return.
    expect(done.workflowTask).toBeFalsy();
    expect(types(await fullHistory(wf.workflowId)).at(-1)).toBe(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    );
  });

  it('returns the heartbeat task force_create_new_workflow_task asks for', async () => {
    const wf = await start();
    const res = await complete(wf, wf.first, { forceCreateNewWorkflowTask: true });
    const next = res.workflowTask!;
    expect(types(next.history?.events)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(Number(next.previousStartedEventId)).toBe(3);
    // A second heartbeat on the returned task gets the next one the same way.
    const again = (await complete(wf, next, { forceCreateNewWorkflowTask: true })).workflowTask!;
    expect(Number(again.previousStartedEventId)).toBe(6);
    expect(ids(again)).toEqual([7, 8, 9]);
  });

  it('returns the update that arrived during the task in the next task', async () => {
    const wf = await start();
    const updateId = await raw.admit(wf);
    const next = (await complete(wf, wf.first)).workflowTask!;
    expect(next.messages?.map((m) => m.protocolInstanceId)).toEqual([updateId]);
    expect(Number(next.messages![0].eventId)).toBe(Number(next.startedEventId) - 1);
  });

  it('returns nothing when the completion needs no new task, or did not ask for one', async () => {
    const wf = await start();
    const idle = await complete(wf, wf.first);
    expect(idle.workflowTask).toBeFalsy();
    // Without the flag the task goes to the (sticky) queue, as before.
    const wf2 = await start();
    await signal(wf2);
    const queued = await complete(wf2, wf2.first, { returnNewWorkflowTask: false });
    expect(queued.workflowTask).toBeFalsy();
    const stored = await fullHistory(wf2.workflowId);
    expect(types(stored).at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  });
});

describe('real SDK worker', () => {
  it('completes a local activity that outlasts its workflow task, its heartbeat tasks returned inline', async () => {
    const workflowId = `slow-local-${randomUUID()}`;
    // Core heartbeats at 80 % of the 2 s task timeout: a 5 s local activity needs two or three heartbeats.
    const result = await env.client.workflow.execute('slowLocalActivity', {
      taskQueue: env.taskQueue,
      workflowId,
      args: [5_000],
      workflowTaskTimeout: '2s',
    });
    expect(result).toBe(5_000);
    const events = await fullHistory(workflowId);
    const started = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const inline = started.filter((e) => e.workflowTaskStartedEventAttributes?.requestId === INLINE);
    // Every task after the first was a heartbeat's, started by the completion that asked for it.
    expect(inline.length).toBeGreaterThanOrEqual(2);
    expect(inline.length).toBe(started.length - 1);
    expect(types(events)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    expect(types(events)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  }, 60_000);
});

describe('heartbeat timeout', () => {
  it('times out a task that only heartbeats past the heartbeat timeout, and answers NOT_FOUND, as GS does', async () => {
    // GS history.workflowTaskHeartbeatTimeout (30 min by default), here 1 s.
    const server = await startTemporalServer({
      databaseUrl: await createTestDatabase('wft_heartbeat_timeout'),
      workflowTaskHeartbeatTimeoutMs: 1_000,
    });
    const connection = await Connection.connect({ address: server.address });
    try {
      const hb = rawProtocol(() => ({ connection }), 'heartbeat-timeout');
      // Before the start: the server counts from the first task's schedule, which the poll answers later.
      const first = Date.now();
      const wf = await hb.start();
      let task: PollResponse = await hb.poll(wf.taskQueue);
      const heartbeat = (t: PollResponse) => hb.completeCached(wf, t, { forceCreateNewWorkflowTask: true });
      // Heartbeats at a worker's pace (Core: every 80 % of the task timeout) until the server refuses one.
      let refused: unknown;
      for (let i = 0; i < 20 && !refused; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          task = (await heartbeat(task)).workflowTask!;
        } catch (e) {
          refused = e;
        }
      }
      expect(refused).toMatchObject({ code: status.NOT_FOUND, details: 'workflow task heartbeat timeout' });
      // The chain counted from the first task's schedule, not from each heartbeat's.
      expect(Date.now() - first).toBeGreaterThanOrEqual(1_000);
      const events = await hb.history(wf);
      // The last heartbeat's task timed out; the next, on the normal queue (stickiness cleared), was started
      // for the request (GS bypassTaskGeneration) though the worker got NOT_FOUND: its timeout retries it.
      expect(types(events).slice(-3)).toEqual([
        EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
        EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      ]);
      expect(events.at(-2)!.workflowTaskScheduledEventAttributes).toMatchObject({
        taskQueue: { name: wf.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        attempt: 1,
      });
      expect(types(events).filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)).toHaveLength(1);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 60_000);
});

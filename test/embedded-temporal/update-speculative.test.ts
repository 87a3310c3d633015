/**
 * Speculative workflow tasks for updates (libs/embedded-temporal/src/engine/speculative.ts), as the Go server
 * keeps them (GS workflow_task_state_machine.go: AddWorkflowTaskCompletedEvent, skipWorkflowTaskCompletedEvent,
 * convertSpeculativeWorkflowTaskToNormal, AddWorkflowTaskFailedEvent): an update to a run with no pending
 * workflow task writes nothing until the worker answers; a rejection writes nothing at all; an acceptance
 * writes Scheduled, Started, Completed, UpdateAccepted (, UpdateCompleted) in one commit; a signal arriving
 * meanwhile converts the task into a normal one whose Scheduled (and Started) precede the signal.
 * The first part plays the worker over raw gRPC (to control when each answer comes), the second runs the
 * real SDK worker and replays what it wrote.
 */
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import {
  acceptance,
  rawProtocol,
  rejection,
  type Event,
  type Message,
  type PollResponse,
} from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';
import { finishSignal } from './workflows';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

installRoundTripCounter();

const { EventType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
let n = 0;

beforeAll(async () => {
  env = await startEnv('update-speculative');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'spec-raw');
const { svc } = raw;
const types = (events: Event[]) => events.map((e) => EventType[e.eventType!]);
const history = (workflowId: string) => raw.history({ workflowId });

describe('raw protocol', () => {
  /** A raw workflow whose first task completed with no commands: idle, no task pending. */
  async function idleWorkflow() {
    const wf = await raw.start();
    await raw.complete(await poll(wf.taskQueue));
    return wf;
  }

  const { poll, admit } = raw;

  const complete = (task: PollResponse, messages: Message[]) =>
    raw.complete(task, { messages, capabilities: { discardSpeculativeWorkflowTaskWithEvents: true } });

  it('a rejected update leaves no event and no row; the poll carried Scheduled/Started as transient events', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);

    let task: PollResponse = {};
    let updateId = '';
    let completed: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse = {};
    const trips = await roundTripsPer(1, async () => {
      updateId = await admit(wf);
      task = await poll(wf.taskQueue);
      completed = await complete(task, [rejection(task, updateId)]);
    });
    expect(trips.commits).toBe(0);
    // GS: the worker rolls its history back to the last task really completed.
    expect(Number(completed.resetHistoryEventId)).toBe(Number(task.previousStartedEventId));
    expect(Number(completed.resetHistoryEventId)).toBe(lastId - 1);

    // The poll response ends with the speculative task's events, ids after the last written one.
    const shipped = task.history!.events!;
    expect(types(shipped.slice(-2))).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    expect(shipped.slice(-2).map((e) => Number(e.eventId))).toEqual([lastId + 1, lastId + 2]);
    expect(Number(task.startedEventId)).toBe(lastId + 2);
    expect(task.messages!.map((m) => m.protocolInstanceId)).toEqual([updateId]);

    const after = await history(wf.workflowId);
    expect(after.length).toBe(before.length);
    expect(Number(after[after.length - 1].eventId)).toBe(lastId);

    // The caller gets the rejection.
    expect((await raw.outcome(wf, updateId))?.failure?.message).toBe('refused');

    // The next update's speculative task reuses the same ids; accepted, they are written in one commit.
    let second: PollResponse = {};
    const accepted = await roundTripsPer(1, async () => {
      const id = await admit(wf);
      second = await poll(wf.taskQueue);
      await complete(second, [acceptance(second, id)]);
    });
    expect(accepted.commits).toBe(1);
    expect(Number(second.startedEventId)).toBe(lastId + 2);
    const written = (await history(wf.workflowId)).slice(before.length);
    // GS AddWorkflowTaskCompletedEvent (speculative): Scheduled, Started, then Completed; the acceptance after.
    expect(types(written)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
    ]);
    expect(written.map((e) => Number(e.eventId))).toEqual([lastId + 1, lastId + 2, lastId + 3, lastId + 4]);
  }, 30_000);

  it('a signal while the speculative task runs converts it: Scheduled/Started first, the signal after completion', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);
    const updateId = await admit(wf);
    const task = await poll(wf.taskQueue);
    await raw.signal(wf);
    const converted = (await history(wf.workflowId)).slice(before.length);
    expect(types(converted)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    expect(converted.map((e) => Number(e.eventId))).toEqual([lastId + 1, lastId + 2]);

    // No longer speculative: even a rejection is written (WorkflowTaskCompleted), then the buffered signal.
    await complete(task, [rejection(task, updateId)]);
    const written = (await history(wf.workflowId)).slice(before.length);
    expect(types(written)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    ]);
    expect(written.map((e) => Number(e.eventId))).toEqual([1, 2, 3, 4, 5].map((i) => lastId + i));
  }, 30_000);

  it('a signal before the speculative task starts: Scheduled, then the signal, then Started on poll', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);
    const updateId = await admit(wf);
    await raw.signal(wf);
    const task = await poll(wf.taskQueue);
    expect(Number(task.startedEventId)).toBe(lastId + 3);
    expect(task.messages!.map((m) => m.protocolInstanceId)).toEqual([updateId]);
    const written = (await history(wf.workflowId)).slice(before.length);
    expect(types(written)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    expect(written.map((e) => Number(e.eventId))).toEqual([lastId + 1, lastId + 2, lastId + 3]);
    await complete(task, [acceptance(task, updateId)]);
  }, 30_000);

  it('a worker failing the speculative task writes Scheduled, Started, Failed; the retry is transient', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);
    const updateId = await admit(wf);
    const task = await poll(wf.taskQueue);
    await raw.fail(task, 'worker broke');
    const written = (await history(wf.workflowId)).slice(before.length);
    expect(types(written)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
    ]);
    expect(written.map((e) => Number(e.eventId))).toEqual([1, 2, 3].map((i) => lastId + i));
    // The update is delivered again with the retry, attempt 2: a transient task (GS), its Scheduled and
    // Started only in the poll response until it completes.
    const retry = await poll(wf.taskQueue);
    expect(Number(retry.attempt)).toBe(2);
    expect(retry.history!.events!.slice(-2).map((e) => Number(e.eventId))).toEqual([lastId + 4, lastId + 5]);
    expect(retry.messages!.map((m) => m.protocolInstanceId)).toEqual([updateId]);
    await complete(retry, [acceptance(retry, updateId)]);
  }, 30_000);

  it('terminated before its speculative task starts: only the termination is written', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);
    await admit(wf);
    await svc().terminateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: wf.workflowId },
      reason: 'test',
    });
    const written = (await history(wf.workflowId)).slice(before.length);
    expect(types(written)).toEqual(['EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED']);
    expect(Number(written[0].eventId)).toBe(lastId + 1);
  }, 30_000);

  /** Waits (by re-reading, no fixed sleep) until the history holds an event of this type. */
  async function historyWith(workflowId: string, type: number, withinMs: number): Promise<Event[]> {
    const until = Date.now() + withinMs;
    for (;;) {
      const events = await history(workflowId);
      if (events.some((e) => e.eventType === type) || Date.now() > until) return events;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('not polled within 5 s, the speculative task times out (schedule-to-start) and a normal one follows', async () => {
    const wf = await idleWorkflow();
    const before = await history(wf.workflowId);
    const lastId = Number(before[before.length - 1].eventId);
    const updateId = await admit(wf);
    expect((await history(wf.workflowId)).length).toBe(before.length);
    const events = await historyWith(wf.workflowId, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, 15_000);
    const written = events.slice(before.length);
    expect(types(written)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    ]);
    expect(written.map((e) => Number(e.eventId))).toEqual([lastId + 1, lastId + 2, lastId + 3]);
    expect(written[1].workflowTaskTimedOutEventAttributes?.timeoutType).toBe(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    const task = await poll(wf.taskQueue);
    expect(Number(task.startedEventId)).toBe(lastId + 4);
    expect(task.messages!.map((m) => m.protocolInstanceId)).toEqual([updateId]);
    await complete(task, [acceptance(task, updateId)]);
  }, 30_000);
});

describe('SDK worker', () => {
  it('rejections write nothing, acceptances one commit each, and the history replays', async () => {
    const handle = await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: `spec-sdk-${++n}`,
    });
    expect(await handle.executeUpdate('setValue', { args: ['a'] })).toBe('initial');
    const before = await handle.fetchHistory();
    const rejected = await roundTripsPer(3, async () => {
      await expect(handle.executeUpdate('setValue', { args: ['bad'] })).rejects.toThrow(
        'Workflow Update failed',
      );
    });
    expect(rejected.commits).toBe(0);
    const unchanged = await handle.fetchHistory();
    expect(unchanged.events!.length).toBe(before.events!.length);

    const accepted = await roundTripsPer(3, (i) => handle.executeUpdate('setValue', { args: [`v${i}`] }));
    expect(accepted.commits).toBe(1);
    await handle.executeUpdate('echoViaActivity', { args: ['e'] });
    await handle.executeUpdate('setValue', { args: ['bad'] }).catch(() => undefined);
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('v2');
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(engineTestWorkflowCode(), history, handle.workflowId);
  }, 60_000);
});

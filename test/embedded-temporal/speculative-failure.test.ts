/**
 * A speculative workflow task whose completion fails with an error (GS respondworkflowtaskcompleted/api.go
 * Invoke, the deferred clearStickyTaskQueue): the worker that gets the error drops the run from its cache,
 * so the run's next task must not go to its sticky queue with a partial history (the full history it would
 * fetch lacks the speculative task's events). GS clears stickiness and forgets the speculative task; the
 * update's next task goes to the normal queue with the full history, and nothing of the failed one is written.
 */
import { temporal } from '@temporalio/proto';
import { ids, rawProtocol, rejection, seconds, types } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';

const { CommandType, EventType } = temporal.api.enums.v1;

let env: TemporalTestEnv;

beforeAll(async () => {
  env = await startEnv('speculative-failure');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'spec-fail');

it('a failed completion of a speculative sticky task sends the update to the normal queue with the full history', async () => {
  const wf = await raw.start();
  await raw.completeCached(wf, await raw.poll(wf.taskQueue));
  const before = await raw.history(wf);
  // The sticky worker polls: the update's speculative task goes to it.
  const stickyPoll = raw.pollSticky(wf);
  const updateId = await raw.admit(wf);
  const speculative = await stickyPoll;
  expect(speculative.messages?.map((m) => m.protocolInstanceId)).toEqual([updateId]);
  expect(ids(speculative)[0]).toBeGreaterThan(1);

  // A completion the server refuses (a close command that is not the last).
  await expect(
    raw.completeCached(wf, speculative, {
      commands: [
        {
          commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
        {
          commandType: CommandType.COMMAND_TYPE_START_TIMER,
          startTimerCommandAttributes: { timerId: 't', startToFireTimeout: seconds(60) },
        },
      ],
    }),
  ).rejects.toThrow(/must be the last command/);

  // The next task is on the normal queue at once: first attempt, the whole history, the update again.
  const next = await raw.poll(wf.taskQueue);
  expect(next.attempt).toBe(1);
  expect(ids(next)[0]).toBe(1);
  expect(next.messages?.map((m) => m.protocolInstanceId)).toEqual([updateId]);
  // Nothing of the failed task was written.
  expect(types(await raw.history(wf))).toEqual(types(before));

  await raw.complete(next, { messages: [rejection(next, updateId)] });
  expect((await raw.outcome(wf, updateId))?.failure?.message).toBe('refused');
  expect(types(await raw.history(wf))).toEqual(types(before));
  expect(types(before).at(-1)).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
});

it('RespondWorkflowTaskFailed on a speculative sticky task: the retry is on the normal queue, attempt 1', async () => {
  const wf = await raw.start();
  await raw.completeCached(wf, await raw.poll(wf.taskQueue));
  const stickyPoll = raw.pollSticky(wf);
  const updateId = await raw.admit(wf);
  const speculative = await stickyPoll;
  await raw.fail(speculative);
  // GS failWorkflowTask: a sticky run is unbound and retried without counting the attempt.
  const next = await raw.poll(wf.taskQueue);
  expect(next.attempt).toBe(1);
  expect(ids(next)[0]).toBe(1);
  expect(next.messages?.map((m) => m.protocolInstanceId)).toEqual([updateId]);
  expect(types(await raw.history(wf)).slice(-3)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
});

it("a stale token's completion naming the current speculative task's id unbinds the sticky run, as GS does", async () => {
  const wf = await raw.start();
  await raw.completeCached(wf, await raw.poll(wf.taskQueue));
  const before = await raw.history(wf);
  // A first update's speculative task, rejected: dropped, nothing written; the next one reuses its ids.
  let stickyPoll = raw.pollSticky(wf);
  const first = await raw.admit(wf);
  const dropped = await stickyPoll;
  await raw.complete(dropped, {
    stickyAttributes: raw.stickyAttributes(wf),
    messages: [rejection(dropped, first)],
  });
  stickyPoll = raw.pollSticky(wf);
  const second = await raw.admit(wf);
  const current = await stickyPoll;
  expect(current.startedEventId?.toString()).toBe(dropped.startedEventId?.toString());

  // The dropped task's token again (a late retry): NOT_FOUND, and GS (keyed on the scheduled id) clears the
  // run's stickiness and its speculative task.
  await expect(raw.complete(dropped, { stickyAttributes: raw.stickyAttributes(wf) })).rejects.toThrow(
    /not found/i,
  );
  const next = await raw.poll(wf.taskQueue);
  expect(next.attempt).toBe(1);
  expect(ids(next)[0]).toBe(1);
  expect(next.messages?.map((m) => m.protocolInstanceId)).toEqual([second]);
  await expect(raw.complete(current)).rejects.toThrow(/not found/i);
  await raw.complete(next, { messages: [rejection(next, second)] });
  expect((await raw.outcome(wf, second))?.failure?.message).toBe('refused');
  expect(types(await raw.history(wf))).toEqual(types(before));
});

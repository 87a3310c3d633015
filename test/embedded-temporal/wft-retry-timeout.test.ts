/**
 * A workflow task that keeps timing out gets more time from its fourth attempt on, as in the Go server
 * (workflowTaskStateMachine.getStartToCloseTimeout: the run's task timeout, plus 5 s × 2^(attempt − 4) past
 * attempt 3). Why it matters: a worker busy after a restart overruns a task; its retry is handed to the same
 * worker, which holds it until the overrun attempt ends, so every retry starts with part of its time gone and
 * times out too, and from attempt 3 on the run refuses updates. The longer timeout ends that chain. The worker
 * is played over raw gRPC: it polls each attempt and never answers. Attempts past the first are transient
 * (transient-task.test.ts): their events come in the poll response, not the stored history.
 */
import { Connection } from '@temporalio/client';
import { type google, temporal } from '@temporalio/proto';
import Long from 'long';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { rawProtocol, type PollResponse } from './raw-protocol';

const { EventType, TimeoutType } = temporal.api.enums.v1;

let server: RunningTemporalServer;
let connection: Connection;

beforeAll(async () => {
  server = await startTemporalServer({ databaseUrl: await createTestDatabase('wft_retry_timeout') });
  await server.ready;
  connection = await Connection.connect({ address: server.address });
});
afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

const ms = (t: google.protobuf.ITimestamp | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

it('gives a workflow task 5 s more on its 4th attempt (10 s more on the 5th), as the Go server does', async () => {
  const raw = rawProtocol(() => ({ connection }), 'wft-retry', 'silent-worker');
  const wf = await raw.start({ extra: { workflowTaskTimeout: { seconds: Long.fromNumber(1) } } });
  // Attempts 1-3 time out after 1 s each; the 4th is polled and left to time out too (after 6 s).
  const tasks: PollResponse[] = [];
  for (let i = 0; i < 5; i++) tasks.push(await raw.poll(wf.taskQueue));
  // The 5th attempt is scheduled once the 4th timed out.
  expect(tasks.map((t) => t.attempt)).toEqual([1, 2, 3, 4, 5]);
  // Each task's own WorkflowTaskScheduled ends its history, before its Started (transient from attempt 2,
  // GS GetTransientWorkflowTaskInfo; attempt 1's is in the stored history).
  const ownScheduled = (t: PollResponse) => t.history!.events!.at(-2)!;
  const ownStarted = (t: PollResponse) => t.history!.events!.at(-1)!;
  expect(
    tasks.map((t) => {
      const a = ownScheduled(t).workflowTaskScheduledEventAttributes!;
      return [a.attempt, Number(a.startToCloseTimeout?.seconds)];
    }),
  ).toEqual([
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 6],
    [5, 11],
  ]);
  // The 4th attempt's deadline was its 6 s: the 5th was scheduled no sooner.
  expect(ms(ownScheduled(tasks[4]).eventTime) - ms(ownStarted(tasks[3]).eventTime)).toBeGreaterThanOrEqual(
    6_000,
  );

  // Only the first attempt's timeout is written (GS AddWorkflowTaskTimedOutEvent writes none for a transient
  // attempt): the stored history does not grow while the task keeps timing out.
  const events = await raw.history(wf);
  expect(events.map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
  ]);
  expect(events[3].workflowTaskTimedOutEventAttributes?.timeoutType).toBe(
    TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  );
}, 60_000);

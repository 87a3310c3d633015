/**
 * A workflow task that keeps timing out gets more time from its fourth attempt on, as in the Go server
 * (workflowTaskStateMachine.getStartToCloseTimeout: the run's task timeout, plus 5 s × 2^(attempt − 4) past
 * attempt 3). Why it matters: a worker busy after a restart overruns a task; its retry is handed to the same
 * worker, which holds it until the overrun attempt ends, so every retry starts with part of its time gone and
 * times out too, and from attempt 3 on the run refuses updates. The longer timeout ends that chain. The worker
 * is played over raw gRPC: it polls each attempt and never answers.
 */
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { type google, temporal } from '@temporalio/proto';
import Long from 'long';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';

const { EventType, TimeoutType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

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
  const svc = connection.workflowService;
  const workflowId = `wft-retry-${randomUUID()}`;
  const taskQueue = 'wft-retry-timeout';
  await svc.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    workflowTaskTimeout: { seconds: Long.fromNumber(1) },
    requestId: randomUUID(),
  });
  // Attempts 1-3 time out after 1 s each; the 4th is polled and left to time out too (after 6 s).
  const attempts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const task = await svc.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      identity: 'silent-worker',
    });
    attempts.push(task.attempt);
  }
  expect(attempts).toEqual([1, 2, 3, 4]);
  // The 5th attempt is scheduled once the 4th timed out.
  const fifth = await svc.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'silent-worker',
  });
  expect(fifth.attempt).toBe(5);

  const { history } = await svc.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId },
  });
  const events: HistoryEvent[] = history?.events ?? [];
  const scheduled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  expect(
    scheduled.map((e) => [
      e.workflowTaskScheduledEventAttributes?.attempt,
      Number(e.workflowTaskScheduledEventAttributes?.startToCloseTimeout?.seconds),
    ]),
  ).toEqual([
    [1, 1],
    [2, 1],
    [3, 1],
    [4, 6],
    [5, 11],
  ]);
  // The 4th attempt's deadline was its 6 s: it timed out no sooner (start-to-close, not schedule-to-start).
  const startedOf = new Map<number, HistoryEvent>(
    events
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
      .map((e) => [Number(e.workflowTaskStartedEventAttributes?.scheduledEventId), e]),
  );
  const timedOut = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  expect(timedOut.map((e) => e.workflowTaskTimedOutEventAttributes?.timeoutType)).toEqual(
    Array(4).fill(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE),
  );
  const fourth = timedOut[3].workflowTaskTimedOutEventAttributes!;
  const fourthStarted = startedOf.get(Number(fourth.scheduledEventId))!;
  expect(ms(timedOut[3].eventTime) - ms(fourthStarted.eventTime)).toBeGreaterThanOrEqual(6_000);
}, 60_000);

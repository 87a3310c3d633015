/**
 * A restart must not leave workflow tasks on the sticky queue of a worker from the previous process (issue
 * #14 item 11: the first command to a case after a restart stalled ~10 s). The run is bound to a sticky
 * queue with a one-minute schedule-to-start timeout and its next task waits there when the server stops;
 * the restarted server has seen no poll on that queue, so the task must be on the normal queue at once,
 * with the full history, and without a WorkflowTaskTimedOut (SCHEDULE_TO_START) in between. The worker is
 * played over raw gRPC so that the test sees exactly where the task is.
 */
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { Client as PgClient } from 'pg';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';

const { EventType, TaskQueueKind } = temporal.api.enums.v1;

let databaseUrl: string;
let server: RunningTemporalServer | undefined;
let connection: Connection | undefined;

async function up(): Promise<Connection> {
  server = await startTemporalServer({ databaseUrl });
  await server.ready;
  connection = await Connection.connect({ address: server.address });
  return connection;
}

async function down(): Promise<void> {
  await connection?.close();
  await server?.stop();
  connection = undefined;
  server = undefined;
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase('sticky_restart');
});
afterAll(down);

/** Where the run's workflow tasks wait in the persisted backlog (the truth matching reloads at start-up). */
async function backlogQueues(workflowId: string): Promise<string[]> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ task_queue: string }>(
      `SELECT task_queue FROM temporal.tasks WHERE workflow_id = $1 AND kind = 'workflow'`,
      [workflowId],
    );
    return rows.map((r) => r.task_queue);
  } finally {
    await pg.end();
  }
}

it('moves a task waiting on a dead worker’s sticky queue to the normal queue when the server restarts', async () => {
  const workflowId = `sticky-restart-${randomUUID()}`;
  const taskQueue = 'sticky-restart-queue';
  const stickyQueue = `${taskQueue}-sticky-${randomUUID()}`;
  const sticky = { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: taskQueue };
  let svc = (await up()).workflowService;
  await svc.startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
  });
  const first = await svc.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'old-worker',
  });
  // The worker polls its sticky queue and completes naming it: the run is bound, its next task goes there.
  const stickyPoll = svc.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: sticky,
    identity: 'old-worker',
  });
  const completeSticky = (token: Uint8Array | null | undefined) =>
    svc.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: token,
      identity: 'old-worker',
      stickyAttributes: { workerTaskQueue: sticky, scheduleToStartTimeout: { seconds: Long.fromNumber(60) } },
    });
  const signal = () =>
    svc.signalWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'poke',
      requestId: randomUUID(),
    });
  await completeSticky(first.taskToken);
  await signal();
  const second = await stickyPoll;
  expect(Number(second.previousStartedEventId)).toBe(3);
  await completeSticky(second.taskToken);
  // The sticky worker polled just now: this task is queued on its sticky queue, then the process stops.
  await signal();
  expect(await backlogQueues(workflowId)).toEqual([stickyQueue]);
  await down();

  svc = (await up()).workflowService;
  // Matching reloaded the backlog and found no poller for the old sticky queue: the task is on the normal
  // queue before any worker polls (no wait for the one-minute sticky schedule-to-start timeout).
  expect(await backlogQueues(workflowId)).toEqual([taskQueue]);
  const next = await svc.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    identity: 'new-worker',
  });
  const events = next.history?.events ?? [];
  // A new worker has no cache: it gets the whole history.
  expect(Number(events[0]?.eventId)).toBe(1);
  expect(events.map((e) => e.eventType)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  expect(events.at(-1)?.workflowTaskStartedEventAttributes?.identity).toBe('new-worker');
  // The new worker completes without stickiness: the run stays where it is and the pending timeout is gone.
  await svc.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: next.taskToken,
    identity: 'new-worker',
  });
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query(
      `SELECT kind FROM temporal.deadlines WHERE workflow_id = $1 AND kind = 'wft-schedule-to-start'`,
      [workflowId],
    );
    expect(rows).toEqual([]);
  } finally {
    await pg.end();
  }
});

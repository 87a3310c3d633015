/**
 * A restart must not leave workflow tasks on the sticky queue of a worker from the previous process (issue
 * #14 item 11: the first command to a case after a restart stalled ~10 s). The run is bound to a sticky
 * queue with a one-minute schedule-to-start timeout and its next task waits there when the server stops;
 * the restarted server has seen no poll on that queue, so the task must be on the normal queue at once,
 * with the full history, and without a WorkflowTaskTimedOut (SCHEDULE_TO_START) in between. The worker is
 * played over raw gRPC so that the test sees exactly where the task is.
 */
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { rawProtocol } from './raw-protocol';

const { EventType } = temporal.api.enums.v1;

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
  const conn = () => ({ connection: connection! });
  const oldWorker = rawProtocol(conn, 'sticky-restart', 'old-worker');
  const newWorker = rawProtocol(conn, 'sticky-restart', 'new-worker');
  await up();
  const wf = await oldWorker.start();
  const { workflowId, taskQueue, stickyQueue } = wf;
  const first = await oldWorker.poll(taskQueue);
  // The worker polls its sticky queue and completes naming it: the run is bound, its next task goes there.
  const stickyPoll = oldWorker.pollSticky(wf);
  const completeSticky = (token: Uint8Array | null | undefined) =>
    oldWorker.complete({ taskToken: token }, { stickyAttributes: oldWorker.stickyAttributes(wf, 60) });
  const signal = () => oldWorker.signal(wf);
  await completeSticky(first.taskToken);
  await signal();
  const second = await stickyPoll;
  expect(Number(second.previousStartedEventId)).toBe(3);
  await completeSticky(second.taskToken);
  // The sticky worker polled just now: this task is queued on its sticky queue, then the process stops.
  await signal();
  expect(await backlogQueues(workflowId)).toEqual([stickyQueue]);
  await down();

  await up();
  // Matching reloaded the backlog and found no poller for the old sticky queue: the task is on the normal
  // queue before any worker polls (no wait for the one-minute sticky schedule-to-start timeout).
  expect(await backlogQueues(workflowId)).toEqual([taskQueue]);
  const next = await newWorker.poll(taskQueue);
  const events = next.history?.events ?? [];
  // A new worker has no cache: it gets the whole history.
  expect(Number(events[0]?.eventId)).toBe(1);
  expect(events.map((e) => e.eventType)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  expect(events.at(-1)?.workflowTaskStartedEventAttributes?.identity).toBe('new-worker');
  // The new worker completes without stickiness: the run stays where it is and the pending timeout is gone.
  await newWorker.complete(next);
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

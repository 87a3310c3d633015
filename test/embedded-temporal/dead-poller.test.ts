/**
 * A worker that dies (SIGKILL, a dropped network) does not cancel its polls: its connection just closes.
 * The server must treat those polls as gone, never hand them a task, and a task handed to one whose
 * connection went meanwhile must go to a live poll (GS matching: a task is matched to a live poller only;
 * a failed RecordWorkflowTaskStarted returns it to the queue).
 * The dead worker is played by a connection through a TCP relay the test closes (what the kernel does for
 * a killed process), so that nothing on the client side says goodbye.
 */
import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { Client as PgClient } from 'pg';
import { waitFor } from '../support/wait';
import { ids, rawProtocol, type RawWorkflow } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';

const { TaskQueueType } = temporal.api.enums.v1;

let env: TemporalTestEnv;
/** Methods of the RPCs the server has answered, in order (its debug log line per answered RPC). */
const answered: string[] = [];
/** Methods of the RPCs whose caller went before the answer (the server's 'rpc cancelled' line). */
const cancelled: string[] = [];

beforeAll(async () => {
  const record = (message: string, meta?: Record<string, unknown>) => {
    if (message === 'rpc' || message === 'rpc error') answered.push(String(meta?.method));
    if (message === 'rpc cancelled') cancelled.push(String(meta?.method));
  };
  env = await startEnv('dead-poller', {
    server: {
      logger: { debug: record, info: () => undefined, warn: () => undefined, error: () => undefined },
    },
  });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const svc = () => env.connection.workflowService;

/** A TCP relay to the server whose connections the test can cut at once (no goodbye on either side). */
async function relay(target: string) {
  const colon = target.lastIndexOf(':');
  const [host, port] = [target.slice(0, colon), Number(target.slice(colon + 1))];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(port, host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${address.port}`,
    cut(): void {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/** A worker's connection through a relay (no retries: a dead worker retries nothing). */
async function deadWorker() {
  const r = await relay(env.server.address);
  const connection = await Connection.connect({ address: r.address, interceptors: [] });
  let method = '';
  return {
    poll(taskQueue: string) {
      method = 'PollWorkflowTaskQueue';
      const p = connection.workflowService.pollWorkflowTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: 'dead',
      });
      p.catch(() => undefined);
    },
    pollSticky(wf: RawWorkflow) {
      method = 'PollWorkflowTaskQueue';
      const p = connection.workflowService.pollWorkflowTaskQueue({
        namespace: 'default',
        taskQueue: {
          name: wf.stickyQueue,
          kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY,
          normalName: wf.taskQueue,
        },
        identity: 'dead',
      });
      p.catch(() => undefined);
    },
    pollActivity(taskQueue: string) {
      method = 'PollActivityTaskQueue';
      const p = connection.workflowService.pollActivityTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        identity: 'dead',
      });
      p.catch(() => undefined);
    },
    /** Cuts the connection and waits until the server has heard that its poll's caller is gone. */
    async die(): Promise<void> {
      const before = cancelled.filter((m) => m === method).length;
      r.cut();
      await waitFor(async () => cancelled.filter((m) => m === method).length > before);
      await connection.close().catch(() => undefined);
    },
  };
}

const livePoll = (taskQueue: string) =>
  svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'live' });

/** Holds the run's execution row (its next write waits) until `release`. */
async function holdRun(workflowId: string) {
  const pg = new PgClient({ connectionString: env.databaseUrl });
  await pg.connect();
  await pg.query('BEGIN');
  await pg.query('SELECT 1 FROM temporal.executions WHERE workflow_id = $1 FOR UPDATE', [workflowId]);
  return {
    /** Waits until a write of the engine waits for the row. */
    async blocking(): Promise<void> {
      await waitFor(async () => {
        const r = await pg.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return r.rows[0].n > 0;
      });
    },
    async release(): Promise<void> {
      await pg.query('COMMIT');
      await pg.end();
    },
  };
}

async function startOn(taskQueue: string, workflowId: string) {
  await svc().startWorkflowExecution({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'rawWorkflow' },
    taskQueue: { name: taskQueue },
    requestId: randomUUID(),
  });
}

const startedBy = (task: { history?: { events?: temporal.api.history.v1.IHistoryEvent[] | null } | null }) =>
  task.history?.events?.at(-1)?.workflowTaskStartedEventAttributes?.identity;

const waitForPoller = (
  taskQueue: string,
  identity: string,
  taskQueueType = TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
) =>
  waitFor(async () => {
    const described = await svc().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType,
    });
    return described.pollers.some((p) => p.identity === identity);
  });

it('a poll that goes while its task waits for the workflow: the task starts for the live poll instead', async () => {
  const taskQueue = `dead-lock-${randomUUID()}`;
  const workflowId = `dead-lock-${randomUUID()}`;
  await startOn(taskQueue, workflowId);
  // A signal's write waits for the row and holds the workflow: the dead poll's start waits behind it.
  const held = await holdRun(workflowId);
  const signalled = svc().signalWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId },
    signalName: 'poke',
    requestId: randomUUID(),
  });
  await held.blocking();
  const dead = await deadWorker();
  dead.poll(taskQueue);
  await waitForPoller(taskQueue, 'dead');
  await dead.die();
  const live = livePoll(taskQueue);
  await waitForPoller(taskQueue, 'live');
  await held.release();
  await signalled;

  const task = await live;
  expect(task.workflowExecution?.workflowId).toBe(workflowId);
  expect(task.attempt).toBe(1);
  // Started for the poll that got it: the dead poll's start rolled back.
  expect(startedBy(task)).toBe('live');
  await svc().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
});

it('a poll that goes while the start of its task is being written: the started task goes to the live poll', async () => {
  const taskQueue = `dead-write-${randomUUID()}`;
  const workflowId = `dead-write-${randomUUID()}`;
  await startOn(taskQueue, workflowId);
  const held = await holdRun(workflowId);
  const dead = await deadWorker();
  dead.poll(taskQueue);
  // The dead poll took the task and its WorkflowTaskStarted waits for the row.
  await held.blocking();
  await dead.die();
  const live = livePoll(taskQueue);
  await waitForPoller(taskQueue, 'live');
  await held.release();

  const task = await live;
  expect(task.workflowExecution?.workflowId).toBe(workflowId);
  expect(task.attempt).toBe(1);
  // Committed for the dead poll, handed over as it was: the live worker completes it.
  expect(startedBy(task)).toBe('dead');
  await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    identity: 'live',
    commands: [
      {
        commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: {},
      },
    ],
  });
  const described = await svc().describeWorkflowExecution({
    namespace: 'default',
    execution: { workflowId },
  });
  expect(described.workflowExecutionInfo?.status).toBe(
    temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  );
});

it('a poll whose connection closed gets no task: the next live poll gets it at once', async () => {
  const taskQueue = `dead-poll-${randomUUID()}`;
  const workflowId = `dead-poll-${randomUUID()}`;
  const dead = await deadWorker();
  dead.poll(taskQueue);
  await waitForPoller(taskQueue, 'dead');
  await dead.die();
  await startOn(taskQueue, workflowId);
  const task = await livePoll(taskQueue);
  expect(task.workflowExecution?.workflowId).toBe(workflowId);
  expect(task.attempt).toBe(1);
  await svc().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
});

it('an activity started for a poll that went while its start was written goes to the live poll', async () => {
  const taskQueue = `dead-act-wf-${randomUUID()}`;
  const activityQueue = `dead-act-${randomUUID()}`;
  const workflowId = `dead-act-${randomUUID()}`;
  await startOn(taskQueue, workflowId);
  await svc().respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: (await livePoll(taskQueue)).taskToken,
    identity: 'live',
    commands: [
      {
        commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
        scheduleActivityTaskCommandAttributes: {
          activityId: 'a1',
          activityType: { name: 'rawActivity' },
          taskQueue: { name: activityQueue },
          startToCloseTimeout: { seconds: Long.fromNumber(60) },
        },
      },
    ],
  });
  const held = await holdRun(workflowId);
  const dead = await deadWorker();
  dead.pollActivity(activityQueue);
  await held.blocking();
  await dead.die();
  const live = svc().pollActivityTaskQueue({
    namespace: 'default',
    taskQueue: { name: activityQueue },
    identity: 'live',
  });
  await waitForPoller(activityQueue, 'live', TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
  await held.release();

  const task = await live;
  expect(task.activityId).toBe('a1');
  expect(task.attempt).toBe(1);
  await svc().respondActivityTaskCompleted({
    namespace: 'default',
    taskToken: task.taskToken,
    identity: 'live',
  });
  await svc().terminateWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
});

const raw = rawProtocol(() => env, 'dead-sticky', 'live');

it("a sticky task whose dead poll's start rolled back keeps its schedule-to-start fallback to the normal queue", async () => {
  const wf = await raw.start();
  await raw.complete(await raw.poll(wf.taskQueue), { stickyAttributes: raw.stickyAttributes(wf, 1) });
  // The sticky queue counts as polled (a poll answered empty just now), so the signal's task goes there and
  // waits, unstarted, with its 1 s schedule-to-start timeout.
  await env.connection.withDeadline(Date.now() + 1200, () => raw.pollSticky(wf));
  await raw.signal(wf);
  // A second signal's write waits for the row and holds the workflow: the dead poll's start waits behind it.
  const held = await holdRun(wf.workflowId);
  const signalled = raw.signal(wf);
  await held.blocking();
  const dead = await deadWorker();
  dead.pollSticky(wf);
  await waitForPoller(wf.stickyQueue, 'dead');
  await dead.die();
  await held.release();
  await signalled;

  // Not started for the dead poll: timed out unstarted on the sticky queue, then taken from the normal one.
  const task = await raw.poll(wf.taskQueue);
  expect(task.attempt).toBe(1);
  expect(ids(task)[0]).toBe(1);
  const history = await raw.history(wf);
  const timedOut = history.filter((e) => e.workflowTaskTimedOutEventAttributes);
  expect(timedOut.map((e) => e.workflowTaskTimedOutEventAttributes?.timeoutType)).toEqual([
    temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
  ]);
  expect(history.map((e) => e.workflowTaskStartedEventAttributes?.identity).filter(Boolean)).not.toContain(
    'dead',
  );
  await svc().terminateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
  });
});

it('a sticky task started for a poll that went while the transaction that scheduled it committed goes to the normal queue', async () => {
  const wf = await raw.start();
  await raw.complete(await raw.poll(wf.taskQueue), { stickyAttributes: raw.stickyAttributes(wf) });
  const dead = await deadWorker();
  dead.pollSticky(wf);
  await waitForPoller(wf.stickyQueue, 'dead');
  // The signal's transaction schedules the task and starts it for the waiting sticky poll (sync match);
  // its write waits for the row while the poll's connection is cut.
  const held = await holdRun(wf.workflowId);
  const signalled = raw.signal(wf);
  await held.blocking();
  await dead.die();
  await held.release();
  await signalled;

  // Nobody polls the dead worker's sticky queue: the started task goes to the normal queue at once, with
  // the whole history, instead of waiting out its start-to-close timeout.
  const task = await raw.poll(wf.taskQueue);
  expect(task.attempt).toBe(1);
  expect(ids(task)[0]).toBe(1);
  expect(startedBy(task)).toBe('dead');
  await raw.complete(task, {
    commands: [
      {
        commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
        completeWorkflowExecutionCommandAttributes: {},
      },
    ],
  });
  const history = await raw.history(wf);
  expect(history.filter((e) => e.workflowTaskTimedOutEventAttributes)).toEqual([]);
  expect(history.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
});

it('a sticky task started for a poll that timed out during its commit goes to the normal queue when its worker shuts down', async () => {
  const wf = await raw.start();
  await raw.complete(await raw.poll(wf.taskQueue), { stickyAttributes: raw.stickyAttributes(wf) });
  // A sticky poll with a short deadline (answered empty about 0.2 s later: its budget is 1 s short of it).
  const shortPoll = env.connection.withDeadline(Date.now() + 1200, () => raw.pollSticky(wf));
  await waitForPoller(wf.stickyQueue, 'live');
  const held = await holdRun(wf.workflowId);
  const signalled = raw.signal(wf);
  await held.blocking();
  // The poll timed out while the signal's write (which started the task for it) waited for the row.
  expect((await shortPoll).taskToken?.length ?? 0).toBe(0);
  await held.release();
  await signalled;

  // Its worker is alive and would poll the sticky queue again; it shuts down instead.
  await svc().shutdownWorker({ namespace: 'default', stickyTaskQueue: wf.stickyQueue, identity: 'live' });
  const task = await raw.poll(wf.taskQueue);
  expect(task.attempt).toBe(1);
  expect(ids(task)[0]).toBe(1);
  expect((await raw.history(wf)).filter((e) => e.workflowTaskTimedOutEventAttributes)).toEqual([]);
  await svc().terminateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
  });
});

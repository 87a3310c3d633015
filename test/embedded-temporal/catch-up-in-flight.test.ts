/**
 * A restart with many overdue timers, and a worker whose slots are all busy: the late timers fire only while
 * few of their workflow tasks are not done, counting those the worker has started and not completed, not
 * only the backlog (scheduler.ts, catch-up-tasks.ts). So the backlog empties while late timers still wait,
 * an update that comes then is the worker's next task, answered during the catch-up instead of after every
 * catch-up task; and every timer still fires, once.
 *
 * The worker is played over the raw protocol: its slots are polls the test holds, so that "started and not
 * completed" lasts as long as the test decides, and each step waits on a condition, not on a time.
 */
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { type PollResponse, rawProtocol, rejection, seconds, types } from './raw-protocol';
import { startEnv } from './support';

const { CommandType, EventType } = temporal.api.enums.v1;

/** Late timers at the restart: many more than the catch-up lets be in flight at once (8). */
const TIMERS = 80;
/** The worker's slots: as many as the catch-up's tasks in flight, so that the worker is always busy. */
const SLOTS = 8;
const QUEUE = 'catch-up-in-flight';

async function until(what: string, check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('late timers after a restart, with a worker whose slots are all busy', () => {
  let server: RunningTemporalServer | undefined;
  let connection: Connection | undefined;
  let pg: PgClient | undefined;
  afterAll(async () => {
    await server?.stop();
    await connection?.close();
    await pg?.end();
  });

  it('keeps few catch-up tasks in flight, so that an update is the next task and answered during the catch-up', async () => {
    const env = await startEnv('catch-up-in-flight');
    pg = new PgClient({ connectionString: env.databaseUrl });
    await pg.connect();
    const count = async (sql: string) => Number((await pg!.query<{ n: string }>(sql)).rows[0].n);
    const pendingTimers = () => count("SELECT count(*) n FROM temporal.deadlines WHERE kind = 'timer'");

    // Before the downtime: TIMERS runs each waiting on a day's timer, and the officer's case, waiting.
    let raw = rawProtocol(() => env, 'catch-up-in-flight');
    const onQueue = { extra: { taskQueue: { name: QUEUE } } };
    const timed = [];
    for (let i = 0; i < TIMERS; i++) {
      timed.push(await raw.start(onQueue));
      await raw.complete(await raw.poll(QUEUE), {
        commands: [
          {
            commandType: CommandType.COMMAND_TYPE_START_TIMER,
            startTimerCommandAttributes: { timerId: 'reminder', startToFireTimeout: seconds(24 * 3600) },
          },
        ],
      });
    }
    const officerCase = await raw.start(onQueue);
    await raw.complete(await raw.poll(QUEUE));
    await env.stop();

    // The server was down for a day: every timer is a minute late when it starts again.
    await pg.query(
      "UPDATE temporal.deadlines SET fire_at = now() - interval '1 minute' WHERE kind = 'timer'",
    );
    server = await startTemporalServer({ databaseUrl: env.databaseUrl });
    await server.ready;
    connection = await Connection.connect({ address: server.address });
    raw = rawProtocol(() => ({ connection: connection! }), 'catch-up-in-flight');

    // The worker's slots: each takes a task and holds it (started, not completed) until the test releases it.
    const held: { task: PollResponse; release: () => void }[] = [];
    let updateTask: PollResponse | undefined;
    let draining = false;
    let stopping = false;
    const slot = async () => {
      while (!stopping) {
        const task = await raw.poll(QUEUE).catch(() => undefined);
        if (!task?.taskToken?.length) continue;
        if (task.messages?.length) {
          updateTask = task;
          continue;
        }
        if (!draining) await new Promise<void>((release) => held.push({ task, release }));
        await raw.complete(task);
      }
    };
    const slots = Array.from({ length: SLOTS }, slot);
    const releaseOldest = () => held.shift()!.release();

    // The worker completes its oldest task, one at a time, until nothing waits in the backlog: the tasks
    // fired before it polled are done, and its slots hold the catch-up's tasks. Paced by the backlog alone,
    // the catch-up kept the backlog filled until every late timer had fired.
    const backlog = () => count("SELECT count(*) n FROM temporal.tasks WHERE kind = 'workflow'");
    const ranOut = async () => (await backlog()) === 0 && (await pendingTimers()) === 0;
    for (;;) {
      await until('the slots busy', async () => held.length === SLOTS || (await ranOut()));
      if ((await backlog()) === 0) break;
      releaseOldest();
      await until('a slot taking the next task', async () => held.length === SLOTS || (await ranOut()));
    }
    expect(await pendingTimers()).toBeGreaterThan(0);

    // The officer's command: its update's task is next in the backlog, and the first slot freed takes it.
    const updateId = await raw.admit(officerCase);
    releaseOldest();
    await until('the update delivered', () => Promise.resolve(updateTask !== undefined));
    expect(await pendingTimers()).toBeGreaterThan(0);
    await raw.complete(updateTask!, { messages: [rejection(updateTask!, updateId)] });
    expect((await raw.outcome(officerCase, updateId))?.failure?.message).toBe('refused');

    // The worker completes what it holds and what it takes; the catch-up goes on, every timer fires once.
    draining = true;
    for (const h of held.splice(0)) h.release();
    await until('every timer fired and its task completed', async () => {
      const idle = await count(
        "SELECT count(*) n FROM temporal.executions WHERE status = 'Running' AND state->'wft' IS NULL",
      );
      return (await pendingTimers()) === 0 && idle === TIMERS + 1;
    });
    for (const wf of timed) {
      const fired = types(await raw.history(wf)).filter((t) => t === EventType.EVENT_TYPE_TIMER_FIRED);
      expect(fired).toHaveLength(1);
    }
    stopping = true;
    await server.stop();
    server = undefined;
    await connection.close();
    connection = undefined;
    await Promise.all(slots);
  }, 180_000);
});

/**
 * A restart after a downtime in which many timers fell due: the server fires the late ones in chunks at the
 * pace the workers take their tasks (scheduler.ts, CATCH_UP_CHUNK), not all at once before it is ready, so
 * that a task that comes meanwhile (an officer's command) does not wait behind all of them; every timer
 * still fires.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { createWorker, startEnv } from './support';

const WORKFLOWS = 60;

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query<T>(sql)).rows;
  } finally {
    await pg.end();
  }
}

async function until(what: string, check: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('late timers after a restart', () => {
  let server: RunningTemporalServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('fires them in chunks as workers take the tasks, and every one of them', async () => {
    const env = await startEnv('timer-catch-up');
    const { databaseUrl, taskQueue } = env;
    for (let i = 0; i < WORKFLOWS; i++)
      await env.client.workflow.start('longTimer', {
        taskQueue,
        workflowId: `catch-up-${i}`,
        args: [24 * 3600 * 1000],
      });
    const timers = async () =>
      Number(
        (
          await query<{ n: string }>(
            databaseUrl,
            "SELECT count(*) n FROM temporal.deadlines WHERE kind = 'timer'",
          )
        )[0].n,
      );
    await until('every timer started', async () => (await timers()) === WORKFLOWS);
    await env.stop();

    // The server was down for a day: every timer is a minute late when it starts again, with no worker yet.
    await query(
      databaseUrl,
      "UPDATE temporal.deadlines SET fire_at = now() - interval '1 minute' WHERE kind = 'timer'",
    );
    server = await startTemporalServer({ databaseUrl });
    await server.ready;
    const tasks = await query<{ n: string }>(
      databaseUrl,
      "SELECT count(*) n FROM temporal.tasks WHERE kind = 'workflow'",
    );
    // One chunk (8), perhaps a second one after a second without a poller; never all 60 at once.
    expect(Number(tasks[0].n)).toBeGreaterThan(0);
    expect(Number(tasks[0].n)).toBeLessThanOrEqual(16);

    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createWorker(nativeConnection, taskQueue);
    const run = worker.run();
    try {
      const client = new Client({ connection });
      const results = await Promise.all(
        Array.from({ length: WORKFLOWS }, (_v, i) => client.workflow.getHandle(`catch-up-${i}`).result()),
      );
      expect(results).toEqual(Array.from({ length: WORKFLOWS }, () => 'timer fired'));
      expect(await timers()).toBe(0);
    } finally {
      worker.shutdown();
      await run;
      await nativeConnection.close();
      await connection.close();
    }
  });
});

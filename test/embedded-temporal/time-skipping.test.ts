/**
 * Time skipping through the SDK's own TestWorkflowEnvironment.createTimeSkipping, launching our command line
 * exactly as it launches Temporal's Java test server (`<executable> <port>`): days-long timers complete in
 * seconds, a running activity keeps time locked, env.sleep() advances time, GetCurrentTime agrees with
 * workflow time. Without time skipping the TestService is not there at all.
 */
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { startTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import type { RaceActivities } from './workflows/time-skipping';

const bin = path.join(__dirname, '../../libs/embedded-temporal/bin/netral-temporal.js');
const DAY = 24 * 60 * 60 * 1000;
const taskQueue = 'time-skipping';

/** Activities gated by the test: each call waits until `release(key)`. */
const gates = new Map<string, () => void>();
const startedGates = new Set<string>();
const activities: RaceActivities = {
  gatedWork: (key) =>
    new Promise((resolve) => {
      gates.set(key, () => resolve(key));
      startedGates.add(key);
    }),
};

/** The TestService of a connection made with supportsTestService (createTimeSkipping does that). */
function testService(connection: Connection) {
  if (!connection.testService) throw new Error('the connection was made without the TestService');
  return connection.testService;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('time skipping with TestWorkflowEnvironment.createTimeSkipping and netral-temporal', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: bin } },
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./workflows/time-skipping'),
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('completes a workflow sleeping 30 days in seconds, with workflow time 30 days later', async () => {
    const wallStart = Date.now();
    const serverStart = await env.currentTimeMs();
    const result = await env.client.workflow.execute('sleeper', {
      taskQueue,
      workflowId: 'sleeper-30d',
      args: ['30 days'],
    });
    expect(Date.now() - wallStart).toBeLessThan(10_000);
    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(30 * DAY);
    expect(result.wokeAt - result.startedAt).toBeLessThan(30 * DAY + 60_000);
    expect(result.startedAt).toBeGreaterThanOrEqual(serverStart);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(serverStart + 30 * DAY);
  });

  it('keeps time locked while an activity runs: a 1-day timer does not beat a quick activity', async () => {
    const key = 'race-1';
    const handle = await env.client.workflow.start('timerRacesActivity', {
      taskQueue,
      workflowId: 'race-1',
      args: [key],
    });
    // Unlocked as while result() is awaited; only the running activity may keep time from jumping.
    await testService(env.connection).unlockTimeSkipping({});
    const before = await env.currentTimeMs();
    await waitFor(() => startedGates.has(key));
    // The workflow task is done and the 1-day timer is pending: a skip now would fire it.
    await waitFor(async () => (await handle.describe()).raw.pendingActivities?.[0]?.state === 2);
    expect((await env.currentTimeMs()) - before).toBeLessThan(60_000);
    gates.get(key)!();
    await testService(env.connection).lockTimeSkipping({});
    const result = await handle.result();
    expect(result.winner).toBe('activity');
    expect(result.elapsedMs).toBeLessThan(60_000);
  });

  it('times out condition(fn, "1 day") under skipping', async () => {
    const wallStart = Date.now();
    const result = await env.client.workflow.execute('awaitApproval', {
      taskQueue,
      workflowId: 'condition-1d',
      args: ['1 day'],
    });
    expect(result.approved).toBe(false);
    expect(result.waitedMs).toBeGreaterThanOrEqual(DAY);
    expect(result.waitedMs).toBeLessThan(DAY + 60_000);
    expect(Date.now() - wallStart).toBeLessThan(10_000);
  });

  it('env.sleep("2 days") advances time for a waiting condition', async () => {
    const handle = await env.client.workflow.start('awaitApproval', {
      taskQueue,
      workflowId: 'approval-3d',
      args: ['3 days'],
    });
    const before = await env.currentTimeMs();
    await env.sleep('2 days');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(2 * DAY);
    expect(after - before).toBeLessThan(2 * DAY + 60_000);
    await handle.signal('approve');
    const result = await handle.result();
    expect(result.approved).toBe(true);
    expect(result.waitedMs).toBeGreaterThan(2 * DAY - 60_000);
    expect(result.waitedMs).toBeLessThan(3 * DAY);
  });

  it('GetCurrentTime agrees with workflow time', async () => {
    const handle = await env.client.workflow.start('awaitApproval', {
      taskQueue,
      workflowId: 'approval-now',
      args: ['1 day'],
    });
    // Locked throughout (no result() yet): server time runs at wall speed while the signal is handled.
    const before = await env.currentTimeMs();
    await handle.signal('approve');
    await waitFor(async () => (await handle.describe()).status.name === 'COMPLETED');
    const after = await env.currentTimeMs();
    const result = await handle.result();
    expect(result.approved).toBe(true);
    expect(result.decidedAt).toBeGreaterThanOrEqual(before);
    expect(result.decidedAt).toBeLessThanOrEqual(after);
    expect(after - before).toBeLessThan(60_000);
  });

  it('a daily schedule fires on each skipped-to day during env.sleep("3 days")', async () => {
    const start = await env.currentTimeMs();
    const handle = await env.client.schedule.create({
      scheduleId: 'daily-sleeper',
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: ['1 hour'], taskQueue },
    });
    await env.sleep('3 days');
    const { info } = await handle.describe();
    await handle.delete();
    const actionTimes = info.recentActions.map((a) => a.scheduledAt.getTime());
    expect(actionTimes).toHaveLength(3);
    for (const t of actionTimes) {
      expect(t).toBeGreaterThan(start);
      expect(t).toBeLessThanOrEqual(start + 3 * DAY);
      expect(t % DAY).toBe(0); // interval times are multiples of the interval since the epoch
    }
    // Each started workflow runs its 1-hour timer (result() lets time skip again) and completes.
    for (const action of info.recentActions) {
      const run = env.client.workflow.getHandle(action.action.workflow.workflowId);
      const slept = (await run.result()) as { startedAt: number; wokeAt: number };
      expect(slept.wokeAt - slept.startedAt).toBeGreaterThanOrEqual(60 * 60 * 1000);
    }
  });

  it('answers an unbalanced unlock with FAILED_PRECONDITION', async () => {
    await expect(testService(env.connection).unlockTimeSkipping({})).resolves.toBeDefined();
    await expect(testService(env.connection).unlockTimeSkipping({})).rejects.toMatchObject({ code: 9 });
    await testService(env.connection).lockTimeSkipping({});
  });
});

describe('without time skipping', () => {
  it('the TestService is UNIMPLEMENTED, as on a real cluster', async () => {
    const server = await startTemporalServer({ databaseUrl: await createTestDatabase('no_time_skipping') });
    const connection = await Connection.connect({
      address: server.address,
      [InternalConnectionOptionsSymbol]: { supportsTestService: true },
    } as Parameters<typeof Connection.connect>[0]);
    try {
      await expect(testService(connection).getCurrentTime({})).rejects.toMatchObject({ code: 12 });
      await expect(testService(connection).unlockTimeSkipping({})).rejects.toMatchObject({ code: 12 });
    } finally {
      await connection.close();
      await server.stop();
    }
  });
});

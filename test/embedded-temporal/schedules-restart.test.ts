/**
 * Schedules across server restarts on the same database: actions that fell due while the server was down
 * run when it comes back (within the catch-up window; older ones are counted as missed), and no action is
 * lost or taken twice, even when the record of an action was lost after its workflow had been started.
 */
import { Client as PgClient } from 'pg';
import type { ScheduleOptions } from '@temporalio/client';
import { createTestDatabase } from '../support/database';
import {
  advanceWhenQuiet,
  eventually,
  quiet,
  type ScheduleTestEnv,
  SteppableClock,
  startScheduleEnv,
} from './workflows/schedule-test-env';

const TASK_QUEUE = 'tq-schedules-restart';
/** 2030-01-07T00:00:30Z: actions fall on whole minutes. */
const T0 = Date.UTC(2030, 0, 7, 0, 0, 30);
const minute = (m: number, s = 0) => Date.UTC(2030, 0, 7, 0, m, s);
const idAt = (prefix: string, m: number) => `${prefix}-2030-01-07T00:0${m}:00Z`;

function everyMinute(scheduleId: string, policies: ScheduleOptions['policies'] = {}): ScheduleOptions {
  return {
    scheduleId,
    spec: { intervals: [{ every: '1 minute' }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'quickJob',
      taskQueue: TASK_QUEUE,
      workflowId: scheduleId,
    },
    policies,
  };
}

describe('schedules across restarts', () => {
  let env: ScheduleTestEnv | undefined;
  afterEach(async () => {
    await env?.stop();
    env = undefined;
  });

  async function describeWhen(id: string, what: string, ok: (n: number) => boolean) {
    return eventually(async () => {
      const d = await env!.client.schedule.getHandle(id).describe();
      return ok(d.info.numActionsTaken) ? d : undefined;
    }, what);
  }

  /** How many runs each workflow id has (to prove that none was started twice). */
  async function runsPerWorkflowId(prefix: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for await (const wf of env!.client.workflow.list({ query: `WorkflowType = 'quickJob'` })) {
      if (wf.workflowId.startsWith(`${prefix}-`)) counts[wf.workflowId] = (counts[wf.workflowId] ?? 0) + 1;
    }
    return counts;
  }

  it('runs the actions missed while down, once each, and goes on', async () => {
    const databaseUrl = await createTestDatabase('schedules-restart-resume');
    let clock = new SteppableClock(T0);
    env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
    await env.client.schedule.create(everyMinute('resume', { overlap: 'ALLOW_ALL' }));
    await advanceWhenQuiet(env.client, clock, minute(1) - clock.now());
    await describeWhen('resume', 'the first action', (n) => n === 1);
    await quiet(env.client);
    await env.stop();

    // Down from 00:01 to 00:04:30: 00:02, 00:03 and 00:04 fell due meanwhile.
    clock = new SteppableClock(minute(4, 30));
    env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
    let d = await describeWhen('resume', 'the three missed actions', (n) => n === 4);
    expect(d.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual(
      [1, 2, 3, 4].map((m) => idAt('resume', m)),
    );
    expect(d.info.numActionsMissedCatchupWindow).toBe(0);
    expect(d.info.nextActionTimes[0]).toEqual(new Date(minute(5)));

    await advanceWhenQuiet(env.client, clock, minute(5) - clock.now());
    d = await describeWhen('resume', 'the next action', (n) => n === 5);
    expect(d.info.recentActions.at(-1)?.action.workflow.workflowId).toBe(idAt('resume', 5));
    await quiet(env.client);
    expect(await runsPerWorkflowId('resume')).toEqual(
      Object.fromEntries([1, 2, 3, 4, 5].map((m) => [idAt('resume', m), 1])),
    );
  });

  it('skips actions older than the catch-up window (10 s at least) and counts them as missed', async () => {
    const databaseUrl = await createTestDatabase('schedules-restart-window');
    let clock = new SteppableClock(T0);
    env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
    await env.client.schedule.create(everyMinute('window', { overlap: 'ALLOW_ALL', catchupWindow: '90s' }));
    await env.client.schedule.create(everyMinute('tight', { overlap: 'ALLOW_ALL', catchupWindow: '1s' }));
    expect((await env.client.schedule.getHandle('tight').describe()).policies.catchupWindow).toBe(10_000);
    await advanceWhenQuiet(env.client, clock, minute(1) - clock.now());
    await describeWhen('window', 'the first action', (n) => n === 1);
    await describeWhen('tight', 'the first action', (n) => n === 1);
    await quiet(env.client);
    await env.stop();

    // Back at 00:04:40: 00:02 (160 s ago) and 00:03 (100 s) are older than 90 s, 00:04 (40 s) is not.
    clock = new SteppableClock(minute(4, 40));
    env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
    const d = await describeWhen('window', 'the action within the window', (n) => n === 2);
    expect(d.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual([
      idAt('window', 1),
      idAt('window', 4),
    ]);
    expect(d.info.numActionsMissedCatchupWindow).toBe(2);
    // With the 10 s minimum, 00:04 is too old as well.
    const tight = await env.client.schedule.getHandle('tight').describe();
    expect(tight.info.numActionsTaken).toBe(1);
    expect(tight.info.numActionsMissedCatchupWindow).toBe(3);
  });

  it('finds the workflow it had started when the record of the action was lost (no doubled action)', async () => {
    const databaseUrl = await createTestDatabase('schedules-restart-crash');
    let clock = new SteppableClock(T0);
    env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
    await env.client.schedule.create(everyMinute('crash'));
    const db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    try {
      // The schedule as it was before its first action.
      const { rows } = await db.query<{ schedule: Buffer; state: object; next_wake_at: Date }>(
        "SELECT schedule, state, next_wake_at FROM temporal.schedules WHERE schedule_id = 'crash'",
      );
      const before = rows[0];
      await advanceWhenQuiet(env.client, clock, minute(1) - clock.now());
      const first = await describeWhen('crash', 'the first action', (n) => n === 1);
      const startedRunId = first.info.recentActions[0].action.workflow.firstExecutionRunId;
      await quiet(env.client);
      await env.stop();

      // As if the server died after starting the workflow but before anything about it was saved.
      await db.query(
        "UPDATE temporal.schedules SET schedule = $1, state = $2, next_wake_at = $3 WHERE schedule_id = 'crash'",
        [before.schedule, JSON.stringify(before.state), before.next_wake_at],
      );
      clock = new SteppableClock(minute(1, 30));
      env = await startScheduleEnv(databaseUrl, clock, TASK_QUEUE);
      const d = await describeWhen('crash', 'the action recorded again', (n) => n === 1);
      expect(d.info.recentActions.map((a) => a.action.workflow)).toEqual([
        { workflowId: idAt('crash', 1), firstExecutionRunId: startedRunId },
      ]);
      expect(d.info.numActionsSkippedOverlap).toBe(0);
      expect(await runsPerWorkflowId('crash')).toEqual({ [idAt('crash', 1)]: 1 });
    } finally {
      await db.end();
    }
  });
});

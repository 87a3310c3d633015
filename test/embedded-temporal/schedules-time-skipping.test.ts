/**
 * Schedules under time skipping (`startTemporalServer({ timeSkipping: true })`): the schedule runner waits
 * on the server's Clock, so skipped time brings each action at its computed time, and the started
 * workflows see that time. Days of a daily schedule pass in seconds of wall time.
 */
import type { TimeSkippingClock } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { eventually, type ScheduleTestEnv, startScheduleEnv } from './workflows/schedule-test-env';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('schedules under time skipping', () => {
  let env: ScheduleTestEnv;
  let clock: TimeSkippingClock;

  beforeAll(async () => {
    env = await startScheduleEnv(
      await createTestDatabase('schedules-time-skipping'),
      'time-skipping',
      'tq-ts',
    );
    clock = env.server.timeSkipping!;
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('fires the 07:00 Asia/Jakarta working-day digest on each working day of a skipped week', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'digest',
      spec: {
        calendars: [{ hour: 7, dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY' }] }],
        timezone: 'Asia/Jakarta',
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'digest',
      },
    });
    const from = clock.now();
    // 07:00 WIB is 00:00 UTC; working days only.
    const expected: string[] = [];
    for (let day = Math.floor(from / DAY) * DAY + DAY; day <= from + 7 * DAY; day += DAY) {
      const weekday = new Date(day).getUTCDay();
      if (weekday >= 1 && weekday <= 5) expected.push(new Date(day).toISOString().replace('.000Z', 'Z'));
    }
    expect(
      (await handle.describe()).info.nextActionTimes
        .slice(0, 5)
        .map((t) => t.toISOString().replace('.000Z', 'Z')),
    ).toEqual(expected.slice(0, 5));

    const wallStart = Date.now();
    await clock.unlockWithSleep(7 * DAY);
    const d = await eventually(async () => {
      const x = await handle.describe();
      return x.info.numActionsTaken === expected.length ? x : undefined;
    }, 'a week of digests');
    expect(Date.now() - wallStart).toBeLessThan(15_000);
    expect(d.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual(
      expected.map((t) => `digest-${t}`),
    );
    for (const a of d.info.recentActions) {
      // Each workflow started at its action time (skipping stopped there), not at the end of the week.
      const started = (await env.client.workflow.getHandle(a.action.workflow.workflowId).describe())
        .startTime;
      expect(started.getTime() - a.scheduledAt.getTime()).toBeGreaterThanOrEqual(0);
      expect(started.getTime() - a.scheduledAt.getTime()).toBeLessThan(5_000);
    }
    await handle.delete();
  });

  it('fires an interval with phase at each computed time of a skipped day', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'six-hourly',
      spec: { intervals: [{ every: '6 hours', offset: '1 hour' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'six',
      },
    });
    const from = clock.now();
    const first = Math.floor((from - HOUR) / (6 * HOUR)) * 6 * HOUR + 7 * HOUR;
    const expected = [0, 1, 2, 3].map((i) => first + i * 6 * HOUR).filter((t) => t <= from + DAY);
    await clock.unlockWithSleep(DAY);
    const d = await eventually(async () => {
      const x = await handle.describe();
      return x.info.numActionsTaken === expected.length ? x : undefined;
    }, 'a day of six-hourly actions');
    expect(d.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual(expected);
    await handle.delete();
  });
});

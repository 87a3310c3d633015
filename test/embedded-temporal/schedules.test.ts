/**
 * Schedules through the real SDK client (`client.schedule.*`): interval and calendar specs fire at the
 * computed times, with the real server's workflow ids and search attributes; describe and list show the
 * next times; errors are the real server's. Server time is a SteppableClock the tests move forward.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleDescription } from '@temporalio/client';
import { createTestDatabase } from '../support/database';
import {
  eventually,
  type ScheduleTestEnv,
  SteppableClock,
  startScheduleEnv,
} from './workflows/schedule-test-env';

const MINUTE = 60_000;
/** Monday 2030-01-07, 00:00:30 UTC (07:00:30 in Jakarta). */
const T0 = Date.UTC(2030, 0, 7, 0, 0, 30);
const at = (iso: string) => new Date(iso);

describe('schedules', () => {
  let env: ScheduleTestEnv;
  let clock: SteppableClock;

  beforeAll(async () => {
    clock = new SteppableClock(T0);
    env = await startScheduleEnv(await createTestDatabase('schedules'), clock, 'tq-schedules');
  });
  afterAll(async () => {
    await env?.stop();
  });

  const describeWhen = (id: string, what: string, ok: (d: ScheduleDescription) => boolean) =>
    eventually(async () => {
      const d = await env.client.schedule.getHandle(id).describe();
      return ok(d) ? d : undefined;
    }, what);

  it('fires an interval spec at the computed times, with the real server ids and search attributes', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'every-minute',
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'job',
        memo: { purpose: 'digest' },
        searchAttributes: { CustomKeywordField: ['officer-digest'] },
      },
    });
    let d = await handle.describe();
    expect(d.info.nextActionTimes.map((t) => t.toISOString())).toEqual(
      Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2030, 0, 7, 0, i + 1)).toISOString()),
    );
    expect(d.info.numActionsTaken).toBe(0);
    expect(d.policies.overlap).toBe('SKIP');

    clock.advance(MINUTE);
    d = await describeWhen('every-minute', 'the first action', (x) => x.info.recentActions.length === 1);
    const first = d.info.recentActions[0];
    expect(first.scheduledAt).toEqual(at('2030-01-07T00:01:00Z'));
    const workflowId = first.action.workflow.workflowId;
    expect(workflowId).toBe('job-2030-01-07T00:01:00Z');

    const started = env.client.workflow.getHandle(workflowId);
    expect(await started.result()).toEqual({ workflowId, run: 1 });
    const wf = await started.describe();
    expect(wf.searchAttributes.TemporalScheduledStartTime).toEqual([at('2030-01-07T00:01:00Z')]);
    expect(wf.searchAttributes.TemporalScheduledById).toEqual(['every-minute']);
    expect(wf.searchAttributes.CustomKeywordField).toEqual(['officer-digest']);
    expect(await wf.memo).toEqual({ purpose: 'digest' });

    clock.advance(MINUTE);
    d = await describeWhen('every-minute', 'the second action', (x) => x.info.recentActions.length === 2);
    expect(d.info.recentActions[1].action.workflow.workflowId).toBe('job-2030-01-07T00:02:00Z');
    // The previous run's result reaches the next one (lastCompletionResult), as on the real server.
    expect(await env.client.workflow.getHandle('job-2030-01-07T00:02:00Z').result()).toMatchObject({ run: 2 });
    expect(d.info.numActionsTaken).toBe(2);
    expect(d.info.nextActionTimes[0]).toEqual(at('2030-01-07T00:03:00Z'));
    await handle.delete();
  });
});

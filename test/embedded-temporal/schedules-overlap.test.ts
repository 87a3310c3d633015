/**
 * Overlap policies with the real SDK: an every-minute schedule whose workflow runs until signalled, and a
 * clock the test moves to the next action while the previous one still runs. Each policy behaves as the
 * real server documents it (temporal.api.enums.v1.ScheduleOverlapPolicy).
 */
import type { ScheduleOverlapPolicy } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createTestDatabase } from '../support/database';
import {
  advanceWhenQuiet,
  eventually,
  type ScheduleTestEnv,
  SteppableClock,
  startScheduleEnv,
} from './workflows/schedule-test-env';

/** 2030-01-07T00:00:30Z: actions fall on whole minutes. */
const T0 = Date.UTC(2030, 0, 7, 0, 0, 30);

describe('schedule overlap policies', () => {
  let env: ScheduleTestEnv;
  let clock: SteppableClock;

  beforeAll(async () => {
    clock = new SteppableClock(T0);
    env = await startScheduleEnv(await createTestDatabase('schedules-overlap'), clock, 'tq-overlap');
  });
  afterAll(async () => {
    await env?.stop();
  });

  /** A schedule every minute, starting `heldJob` as `<id>-<minute>`; the clock is moved to its next minute. */
  async function scheduleHeldJob(scheduleId: string, overlap: ScheduleOverlapPolicy) {
    const handle = await env.client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'heldJob',
        taskQueue: env.taskQueue,
        workflowId: scheduleId,
      },
      policies: { overlap },
    });
    const nextMinute = async () => {
      const next = (await handle.describe()).info.nextActionTimes[0];
      await advanceWhenQuiet(env.client, clock, next.getTime() - clock.now());
      return `${scheduleId}-${next.toISOString().replace('.000Z', 'Z')}`;
    };
    const when = (what: string, ok: (d: Awaited<ReturnType<typeof handle.describe>>) => boolean) =>
      eventually(async () => {
        const d = await handle.describe();
        return ok(d) ? d : undefined;
      }, what);
    const status = async (workflowId: string) =>
      (await env.client.workflow.getHandle(workflowId).describe()).status.name;
    const finish = (workflowId: string) => env.client.workflow.getHandle(workflowId).signal('finish');
    return { handle, nextMinute, when, status, finish };
  }

  it('SKIP (default): an action due while the last one runs is skipped', async () => {
    const s = await scheduleHeldJob('skip', 'SKIP');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.runningActions.length === 1);
    const second = await s.nextMinute();
    const d = await s.when('the skip', (x) => x.info.numActionsSkippedOverlap === 1);
    expect(d.info.numActionsTaken).toBe(1);
    expect(d.info.runningActions.map((a) => a.workflow.workflowId)).toEqual([first]);
    await expect(env.client.workflow.getHandle(second).describe()).rejects.toThrow();
    // A trigger with an overlap policy follows it too.
    await s.handle.trigger('SKIP');
    await s.when('the skipped trigger', (x) => x.info.numActionsSkippedOverlap === 2);

    await s.finish(first);
    await s.when('the first to close', (x) => x.info.runningActions.length === 0);
    const third = await s.nextMinute();
    const after = await s.when('the third start', (x) => x.info.numActionsTaken === 2);
    expect(after.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual([first, third]);
    await s.finish(third);
    await s.handle.delete();
  });

  it('BUFFER_ONE: one action waits for the running one, later ones are skipped', async () => {
    const s = await scheduleHeldJob('buffer-one', 'BUFFER_ONE');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.runningActions.length === 1);
    const second = await s.nextMinute();
    await s.when('one buffered', (d) => d.raw.info?.bufferSize?.toNumber() === 1);
    await s.nextMinute();
    await s.when('one skipped', (d) => d.info.numActionsSkippedOverlap === 1);

    await s.finish(first);
    // The buffered action starts as soon as the first closes: no clock move needed.
    const d = await s.when('the buffered start', (x) => x.info.numActionsTaken === 2);
    expect(d.info.runningActions.map((a) => a.workflow.workflowId)).toEqual([second]);
    expect(d.raw.info?.bufferSize?.toNumber()).toBe(0);
    await s.finish(second);
    await s.handle.delete();
  });

  it('BUFFER_ALL: every action waits its turn, one after the other', async () => {
    const s = await scheduleHeldJob('buffer-all', 'BUFFER_ALL');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.runningActions.length === 1);
    const second = await s.nextMinute();
    await s.when('one buffered', (d) => d.raw.info?.bufferSize?.toNumber() === 1);
    const third = await s.nextMinute();
    await s.when('two buffered', (d) => d.raw.info?.bufferSize?.toNumber() === 2);

    await s.finish(first);
    await s.when('the second start', (d) => d.info.runningActions[0]?.workflow.workflowId === second);
    await s.finish(second);
    const d = await s.when('the third start', (x) => x.info.runningActions[0]?.workflow.workflowId === third);
    expect(d.info.numActionsTaken).toBe(3);
    expect(d.info.numActionsSkippedOverlap).toBe(0);
    await s.finish(third);
    await s.handle.delete();
  });

  it('CANCEL_OTHER: the running workflow is cancelled, then the new one starts', async () => {
    const s = await scheduleHeldJob('cancel-other', 'CANCEL_OTHER');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.runningActions.length === 1);
    const second = await s.nextMinute();
    const d = await s.when(
      'the second start',
      (x) => x.info.runningActions[0]?.workflow.workflowId === second,
    );
    expect(await s.status(first)).toBe('CANCELLED');
    expect(d.info.recentActions[0].action.workflow.workflowId).toBe(first);
    await s.finish(second);
    await s.handle.delete();
  });

  it('TERMINATE_OTHER: the running workflow is terminated, then the new one starts', async () => {
    const s = await scheduleHeldJob('terminate-other', 'TERMINATE_OTHER');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.runningActions.length === 1);
    const second = await s.nextMinute();
    await s.when('the second start', (x) => x.info.runningActions[0]?.workflow.workflowId === second);
    expect(await s.status(first)).toBe('TERMINATED');
    const history = await env.client.workflow.getHandle(first).fetchHistory();
    const terminated = history.events?.at(-1)?.workflowExecutionTerminatedEventAttributes;
    expect(terminated?.reason).toBe('terminated by schedule overlap policy');
    await s.finish(second);
    await s.handle.delete();
  });

  it('ALLOW_ALL: actions start while others run, and do not hold back anything', async () => {
    const s = await scheduleHeldJob('allow-all', 'ALLOW_ALL');
    const first = await s.nextMinute();
    await s.when('the first start', (d) => d.info.numActionsTaken === 1);
    const second = await s.nextMinute();
    const d = await s.when('the second start', (x) => x.info.numActionsTaken === 2);
    expect(await s.status(first)).toBe('RUNNING');
    expect(await s.status(second)).toBe('RUNNING');
    // As on the real server, overlapping (ALLOW_ALL) runs are not tracked as "running actions".
    expect(d.info.runningActions).toEqual([]);
    expect(d.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual([first, second]);
    await s.finish(first);
    await s.finish(second);
    const COMPLETED = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
    const closed = await s.when('both closed in recent actions', (x) =>
      (x.raw.info?.recentActions ?? []).every((a) => a.startWorkflowStatus === COMPLETED),
    );
    expect(closed.info.numActionsSkippedOverlap).toBe(0);
    await s.handle.delete();
  });
});

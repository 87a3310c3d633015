/**
 * Schedules through the real SDK client (`client.schedule.*`): interval and calendar specs fire at the
 * computed times, with the real server's workflow ids and search attributes; describe and list show the
 * next times; errors are the real server's. Server time is a SteppableClock the tests move forward.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleDescription,
  type ScheduleOptions,
} from '@temporalio/client';
import { defineSearchAttributeKey, TypedSearchAttributes } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import Long from 'long';
import { createTestDatabase } from '../support/database';
import {
  advanceWhenQuiet,
  eventually,
  type ScheduleTestEnv,
  SteppableClock,
  startScheduleEnv,
} from './workflows/schedule-test-env';

const MINUTE = 60_000;
const KEYWORD = defineSearchAttributeKey('CustomKeywordField', 'KEYWORD');
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
      searchAttributes: { CustomKeywordField: ['schedule-level'] },
    });
    let d = await handle.describe();
    // Search attribute payloads come back typed, as the real server annotates them.
    expect(d.typedSearchAttributes.get(KEYWORD)).toBe('schedule-level');
    const actionAttributes = d.action.type === 'startWorkflow' ? d.action.typedSearchAttributes : undefined;
    expect(actionAttributes instanceof TypedSearchAttributes && actionAttributes.get(KEYWORD)).toBe(
      'officer-digest',
    );
    expect(d.info.nextActionTimes.map((t) => t.toISOString())).toEqual(
      Array.from({ length: 10 }, (_, i) => new Date(Date.UTC(2030, 0, 7, 0, i + 1)).toISOString()),
    );
    expect(d.info.numActionsTaken).toBe(0);
    expect(d.policies.overlap).toBe('SKIP');

    await advanceWhenQuiet(env.client, clock, MINUTE);
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

    await advanceWhenQuiet(env.client, clock, MINUTE);
    d = await describeWhen('every-minute', 'the second action', (x) => x.info.recentActions.length === 2);
    expect(d.info.recentActions[1].action.workflow.workflowId).toBe('job-2030-01-07T00:02:00Z');
    // The previous run's result reaches the next one (lastCompletionResult), as on the real server.
    expect(await env.client.workflow.getHandle('job-2030-01-07T00:02:00Z').result()).toMatchObject({
      run: 2,
    });
    expect(d.info.numActionsTaken).toBe(2);
    expect(d.info.nextActionTimes[0]).toEqual(at('2030-01-07T00:03:00Z'));
    await handle.delete();
  });

  it('computes interval phases and Asia/Jakarta calendars, and fires the calendar at 07:00 WIB', async () => {
    const phased = await env.client.schedule.create({
      scheduleId: 'hourly-at-quarter-past',
      spec: { intervals: [{ every: '1 hour', offset: '15 minutes' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'phased',
      },
      state: { paused: true },
    });
    const phasedTimes = (await phased.describe()).info.nextActionTimes
      .slice(0, 3)
      .map((t) => t.toISOString());
    expect(phasedTimes).toEqual([
      '2030-01-07T00:15:00.000Z',
      '2030-01-07T01:15:00.000Z',
      '2030-01-07T02:15:00.000Z',
    ]);

    // The officer digest: 07:00 in Jakarta (UTC+7, no DST) on working days.
    const digest = await env.client.schedule.create({
      scheduleId: 'officer-digest',
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
    const d = await digest.describe();
    // Monday 07:00 WIB is already past (the clock is a few minutes after it): Tuesday to Friday, then Monday.
    expect(d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString())).toEqual([
      '2030-01-08T00:00:00.000Z',
      '2030-01-09T00:00:00.000Z',
      '2030-01-10T00:00:00.000Z',
      '2030-01-11T00:00:00.000Z',
      '2030-01-14T00:00:00.000Z',
    ]);
    expect(d.spec.timezone).toBe('Asia/Jakarta');

    await advanceWhenQuiet(env.client, clock, 24 * 60 * MINUTE);
    const fired = await describeWhen(
      'officer-digest',
      'the Tuesday digest',
      (x) => x.info.numActionsTaken === 1,
    );
    expect(fired.info.recentActions[0].action.workflow.workflowId).toBe('digest-2030-01-08T00:00:00Z');
    expect(fired.info.nextActionTimes[0]).toEqual(at('2030-01-09T00:00:00Z'));
    await phased.delete();
    await digest.delete();
  });

  it('runs a jittered action at its jittered time, named and stamped with the nominal time', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'jittered',
      spec: { intervals: [{ every: '1 hour' }], jitter: '30 minutes' },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'jit',
      },
    });
    const actual = (await handle.describe()).info.nextActionTimes[0];
    const nominal = new Date(Math.floor(actual.getTime() / (60 * MINUTE)) * 60 * MINUTE);
    // Deterministic jitter below 30 minutes (the server's FarmHash of the time and the schedule).
    expect(actual.getTime() - nominal.getTime()).toBeLessThan(30 * MINUTE);
    await advanceWhenQuiet(env.client, clock, actual.getTime() - 1000 - clock.now());
    // One second before the jittered time, the nominal time has passed but nothing ran.
    let d = await handle.describe();
    expect(d.info.numActionsTaken).toBe(0);
    await advanceWhenQuiet(env.client, clock, 1000);
    d = await describeWhen('jittered', 'the jittered action', (x) => x.info.numActionsTaken === 1);
    const [action] = d.info.recentActions;
    expect(action.scheduledAt).toEqual(actual);
    const workflowId = `jit-${nominal.toISOString().replace('.000Z', 'Z')}`;
    expect(action.action.workflow.workflowId).toBe(workflowId);
    const wf = await env.client.workflow.getHandle(workflowId).describe();
    expect(wf.searchAttributes.TemporalScheduledStartTime).toEqual([nominal]);
    await handle.delete();
  });

  it('turns cron strings into structured calendars, and refuses an invalid cron with INVALID_ARGUMENT', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'cron-digest',
      spec: { cronExpressions: ['0 7 * * 1-5'], timezone: 'Asia/Jakarta' },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'cron',
      },
      state: { paused: true },
    });
    const { spec, raw: described } = await handle.describe();
    expect(described.schedule?.spec?.cronString ?? []).toEqual([]);
    expect(spec.calendars).toEqual([
      {
        second: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
        hour: [{ start: 7, end: 7, step: 1 }],
        dayOfMonth: [{ start: 1, end: 31, step: 1 }],
        month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
        year: [],
        dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
        comment: '',
      },
    ]);
    await handle.delete();

    const create = (cron: string) =>
      env.client.schedule.create({
        scheduleId: 'bad-cron',
        spec: { cronExpressions: [cron] },
        action: {
          type: 'startWorkflow',
          workflowType: 'quickJob',
          taskQueue: env.taskQueue,
          workflowId: 'bad',
        },
      });
    // The SDK turns "3 INVALID_ARGUMENT: Invalid schedule spec: <reason>" into a TypeError with the reason.
    await expect(create('61 * * * *')).rejects.toThrow(new TypeError('Minute is not in range [0-59]'));
    await expect(create('every morning')).rejects.toThrow(
      new TypeError('CronString does not have 5-7 fields'),
    );
    const raw = env.client.workflowService.createSchedule({
      namespace: 'default',
      scheduleId: 'bad-cron',
      requestId: 'r1',
      schedule: {
        spec: { cronString: ['61 * * * *'] },
        action: {
          startWorkflow: { workflowId: 'bad', workflowType: { name: 'quickJob' }, taskQueue: { name: 'q' } },
        },
      },
    });
    await expect(raw).rejects.toMatchObject({
      code: 3,
      details: 'Invalid schedule spec: Minute is not in range [0-59]',
    });
    await expect(env.client.schedule.getHandle('bad-cron').describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
  });

  it('answers a duplicate id with ALREADY_EXISTS and an unknown one with NOT_FOUND', async () => {
    const options: ScheduleOptions = {
      scheduleId: 'unique',
      spec: { intervals: [{ every: '1 day' }] },
      action: {
        type: 'startWorkflow' as const,
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'u',
      },
    };
    const handle = await env.client.schedule.create(options);
    await expect(env.client.schedule.create(options)).rejects.toBeInstanceOf(ScheduleAlreadyRunning);
    const raw = env.client.workflowService.createSchedule({
      namespace: 'default',
      scheduleId: 'unique',
      requestId: 'r2',
      schedule: { spec: { interval: [{ interval: { seconds: Long.fromNumber(60) } }] } },
    });
    await expect(raw).rejects.toMatchObject({ code: 6, details: 'schedule "unique" is already registered' });
    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(handle.delete()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(handle.pause()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    // The id is free again.
    await (await env.client.schedule.create(options)).delete();
  });

  it('lists schedules with their info, and lists matching times', async () => {
    await env.client.schedule.create({
      scheduleId: 'list-a',
      spec: { intervals: [{ every: '2 hours' }] },
      action: { type: 'startWorkflow', workflowType: 'quickJob', taskQueue: env.taskQueue, workflowId: 'a' },
      memo: { owner: 'tim-a' },
      searchAttributes: { CustomKeywordField: ['tim-a'] },
    });
    await env.client.schedule.create({
      scheduleId: 'list-b',
      spec: { calendars: [{ hour: 7 }], timezone: 'Asia/Jakarta' },
      action: { type: 'startWorkflow', workflowType: 'heldJob', taskQueue: env.taskQueue, workflowId: 'b' },
      state: { paused: true, note: 'waiting for go-live' },
    });
    const listed = [];
    for await (const s of env.client.schedule.list({ pageSize: 1 })) listed.push(s);
    const a = listed.find((s) => s.scheduleId === 'list-a')!;
    const b = listed.find((s) => s.scheduleId === 'list-b')!;
    expect(a.memo).toEqual({ owner: 'tim-a' });
    expect(a.action).toEqual({ type: 'startWorkflow', workflowType: 'quickJob' });
    expect(a.state).toEqual({ paused: false, note: '' });
    expect(a.info.nextActionTimes).toHaveLength(5);
    expect(a.spec?.intervals).toEqual([{ every: 2 * 60 * MINUTE, offset: undefined }]);
    expect(b.state).toEqual({ paused: true, note: 'waiting for go-live' });
    expect(b.action).toEqual({ type: 'startWorkflow', workflowType: 'heldJob' });
    expect(b.spec?.timezone).toBe('Asia/Jakarta');

    // Queries in the visibility language, over the schedules' own search attributes, as on the real server.
    const ids = async (query: string) => {
      const out = [];
      for await (const s of env.client.schedule.list({ query })) out.push(s.scheduleId);
      return out.sort();
    };
    expect(await ids('TemporalSchedulePaused = true')).toEqual(['list-b']);
    expect(await ids("CustomKeywordField = 'tim-a'")).toEqual(['list-a']);
    expect(await ids("ScheduleId STARTS_WITH 'list-'")).toEqual(['list-a', 'list-b']);
    await expect(ids('Nonsense = 1')).rejects.toMatchObject({
      cause: { code: 3, details: expect.stringMatching(/^invalid query: /) },
    });

    const { startTime } = await (env.client.workflowService.listScheduleMatchingTimes({
      namespace: 'default',
      scheduleId: 'list-b',
      startTime: { seconds: Long.fromNumber(Date.UTC(2030, 0, 1) / 1000) },
      endTime: { seconds: Long.fromNumber(Date.UTC(2030, 0, 4) / 1000) },
    }) as Promise<temporal.api.workflowservice.v1.IListScheduleMatchingTimesResponse>);
    expect((startTime ?? []).map((t) => new Date(Number(t.seconds) * 1000).toISOString())).toEqual([
      // (start, end]: as the real server, the start itself is excluded and the end included.
      '2030-01-02T00:00:00.000Z',
      '2030-01-03T00:00:00.000Z',
      '2030-01-04T00:00:00.000Z',
    ]);
    await env.client.schedule.getHandle('list-a').delete();
    await env.client.schedule.getHandle('list-b').delete();
  });

  it('updates the spec (new times, update time, conflict token), and refuses a stale conflict token', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'updatable',
      spec: { intervals: [{ every: '1 hour' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'upd',
      },
    });
    const before = await handle.describe();
    expect(before.info.lastUpdatedAt).toBeUndefined();
    await handle.update((d) => ({
      ...d,
      spec: { calendars: [{ hour: 7, minute: 30 }], timezone: 'Asia/Jakarta' },
    }));
    const after = await handle.describe();
    expect(after.info.lastUpdatedAt).toBeInstanceOf(Date);
    expect(after.spec.timezone).toBe('Asia/Jakarta');
    expect(after.info.nextActionTimes[0].toISOString().slice(11)).toBe('00:30:00.000Z');
    expect(after.raw.conflictToken).not.toEqual(before.raw.conflictToken);

    const stale = env.client.workflowService.updateSchedule({
      namespace: 'default',
      scheduleId: 'updatable',
      requestId: 'r3',
      conflictToken: before.raw.conflictToken,
      schedule: after.raw.schedule,
    });
    await expect(stale).rejects.toMatchObject({ code: 9, details: 'mismatched conflict token' });
    await handle.delete();
  });

  it('stops firing while paused, skips the paused time on unpause, and triggers on demand', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'pausable',
      spec: { intervals: [{ every: '1 minute' }] },
      action: { type: 'startWorkflow', workflowType: 'quickJob', taskQueue: env.taskQueue, workflowId: 'p' },
    });
    const nextAt = (await handle.describe()).info.nextActionTimes[0].getTime();
    await advanceWhenQuiet(env.client, clock, nextAt - clock.now());
    await describeWhen('pausable', 'the first action', (x) => x.info.numActionsTaken === 1);

    await handle.pause('libur nasional');
    let d = await handle.describe();
    expect(d.state).toMatchObject({ paused: true, note: 'libur nasional' });
    await advanceWhenQuiet(env.client, clock, 3 * MINUTE);
    await handle.unpause('kembali bekerja');
    d = await handle.describe();
    // The three minutes spent paused are passed over, not caught up.
    expect(d.info.numActionsTaken).toBe(1);
    expect(d.state).toMatchObject({ paused: false, note: 'kembali bekerja' });
    expect(d.info.nextActionTimes[0].getTime()).toBeGreaterThan(clock.now());

    await handle.pause();
    const before = clock.now();
    await handle.trigger();
    const after = clock.now();
    d = await describeWhen('pausable', 'the triggered action', (x) => x.info.numActionsTaken === 2);
    // Manual starts run even while paused; their id carries the trigger time (whole seconds).
    const id = d.info.recentActions[1].action.workflow.workflowId;
    expect(id).toMatch(/^p-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const idTime = Date.parse(id.slice(2));
    expect(idTime).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(idTime).toBeLessThanOrEqual(after);
    await handle.delete();
  });

  it('takes only the remaining actions of a limited schedule', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'limited',
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'quickJob',
        taskQueue: env.taskQueue,
        workflowId: 'lim',
      },
      state: { remainingActions: 2 },
    });
    expect((await handle.describe()).info.nextActionTimes).toHaveLength(2);
    for (const n of [1, 2]) {
      await advanceWhenQuiet(env.client, clock, MINUTE);
      await describeWhen('limited', `action ${n}`, (x) => x.info.numActionsTaken === n);
    }
    let d = await handle.describe();
    expect(d.state.remainingActions).toBe(0);
    expect(d.info.nextActionTimes).toEqual([]);
    // A later minute passes and a step runs (the pause and unpause catch up first): no action is left.
    await advanceWhenQuiet(env.client, clock, MINUTE);
    await handle.pause();
    await handle.unpause();
    d = await handle.describe();
    expect(d.info.numActionsTaken).toBe(2);
    expect(d.info.recentActions).toHaveLength(2);
    await handle.delete();
  });

  it('backfills a past range, start inclusive', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'backfilled',
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'quickJob', taskQueue: env.taskQueue, workflowId: 'bf' },
      state: { paused: true },
    });
    await handle.backfill({
      start: at('2029-12-31T21:00:00Z'),
      end: at('2029-12-31T23:30:00Z'),
      overlap: 'ALLOW_ALL',
    });
    const d = await describeWhen(
      'backfilled',
      'three backfilled actions',
      (x) => x.info.numActionsTaken === 3,
    );
    expect(d.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual([
      'bf-2029-12-31T21:00:00Z',
      'bf-2029-12-31T22:00:00Z',
      'bf-2029-12-31T23:00:00Z',
    ]);
    await handle.delete();
  });

  it('pauses itself when a started workflow fails and pauseOnFailure is set', async () => {
    const handle = await env.client.schedule.create({
      scheduleId: 'fragile',
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'failingJob',
        taskQueue: env.taskQueue,
        workflowId: 'f',
      },
      policies: { pauseOnFailure: true },
    });
    const nextAt = (await handle.describe()).info.nextActionTimes[0];
    await advanceWhenQuiet(env.client, clock, nextAt.getTime() - clock.now());
    const d = await describeWhen('fragile', 'the pause after the failure', (x) => x.state.paused);
    const id = `f-${nextAt.toISOString().replace('.000Z', 'Z')}`;
    expect(d.state.note).toBe(`paused due to workflow failure: ${id}: the digest could not be built`);
    expect(d.info.recentActions[0].action.workflow.workflowId).toBe(id);
    await handle.delete();
  });
});

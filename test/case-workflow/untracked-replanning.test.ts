/**
 * A deadline skipped because the working-day calendar did not cover its dates is planned again once a day
 * (a durable timer, RECORD_UNTRACKED_DEADLINES) and, once the worker's calendar covers them, recorded: its
 * DeadlineNotTracked clears. Under time skipping on the embedded server (startCaseEnv's serverTimeMs), so
 * days pass in seconds.
 */
import { type CaseConfig, caseCommandUpdate, caseStateQuery, caseTimersQuery } from '@netral/workflows';
import { type CaseCommand, type CaseState, planDeadline } from '@netral/domain';
import { OFFICER, TEST_CALENDAR, cmd, wib } from '@netral/domain/testing/fixtures';
import { type CaseTestEnv, startCaseEnv, waitFor } from './support';

const DAY = 24 * 60 * 60 * 1000;
/** An officer's command that leaves the registered stage, and its assignment deadline, as they are. */
const referral: CaseCommand = {
  type: 'RecordCriminalReferral',
  data: { reference: 'GAKKUMDU/12/I/2025', referredOn: '2025-01-06', offence: 'UU 7/2017 Ps 494' },
};

let env: CaseTestEnv;
/** Whether the worker's calendar covers the case's dates (as a calendar deployed later would). */
let calendarCovers = false;
let planned = 0;

beforeAll(async () => {
  env = await startCaseEnv('untracked_replanning', {
    serverTimeMs: Date.parse(wib('2025-01-06', '08:00')),
    // "uncovered-" cases plan with a calendar that ends before their dates until calendarCovers is set.
    planner: (input, compressing) => {
      planned++;
      return calendarCovers
        ? planDeadline(input.deadline, TEST_CALENDAR, input.policy, input.timeZone)
        : compressing(input);
    },
  });
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

beforeEach(() => {
  calendarCovers = false;
});

/** Lets server time run (skipping) up to `at`; time is locked again afterwards. */
async function sleepUntil(at: number): Promise<void> {
  const now = env.serverNow!();
  if (at > now) await env.skipTime!(at - now);
}

async function types(caseId: string): Promise<string[]> {
  return (await env.eventStore.readStream(caseId)).map((e) => e.type);
}

/** Starts and registers the case; answers its first run's id. */
async function registerUncovered(caseId: string, config: CaseConfig = env.config): Promise<string> {
  const started = await env.client.workflow.start('sanctionCase', {
    workflowId: caseId,
    taskQueue: env.taskQueue,
    args: [{ config }],
  });
  await env.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.register({ caseId }), actor: OFFICER }],
  });
  return started.firstExecutionRunId;
}

/** The deadline's pending daily try (the `n`th), once the workflow has scheduled it. */
function replanTimer(caseId: string, n: number) {
  const handle = env.client.workflow.getHandle(caseId);
  return waitFor(async () =>
    (await handle.query(caseTimersQuery)).find((t) => t.kind === 'replan' && t.n === n),
  );
}

async function expectRecordedAndCleared(caseId: string): Promise<void> {
  await waitFor(async () => (await types(caseId)).includes('DeadlineRecorded'));
  const handle = env.client.workflow.getHandle(caseId);
  const state: CaseState = await handle.query(caseStateQuery);
  expect(state.deadlines['assignment@1']).toMatchObject({ calendarVersion: TEST_CALENDAR.version });
  expect(state.untrackedDeadlines).toEqual({});
  expect((await handle.query(caseTimersQuery)).some((t) => t.kind === 'replan')).toBe(false);
  const [summary] = (await env.dataSource.query(
    `SELECT untracked_deadlines FROM case_summary WHERE case_id = $1`,
    [caseId],
  )) as { untracked_deadlines: number }[];
  expect(summary.untracked_deadlines).toBe(0);
}

it('is planned again daily while the calendar does not cover it, and recorded once it does', async () => {
  const caseId = 'uncovered-replan-1';
  await registerUncovered(caseId);
  await waitFor(async () => (await types(caseId)).includes('DeadlineNotTracked'));
  const first = await replanTimer(caseId, 1);
  expect(first).toMatchObject({ deadlineId: 'assignment@1' });
  const notedAt = (await env.eventStore.readStream(caseId)).find((e) => e.type === 'DeadlineNotTracked')!;
  expect(Date.parse(first.at) - Date.parse(notedAt.occurredAt)).toBeGreaterThanOrEqual(DAY - 60_000);
  expect(Date.parse(first.at) - Date.parse(notedAt.occurredAt)).toBeLessThanOrEqual(DAY);

  // A day later the calendar still does not cover it: tried again, still not tracked, nothing new appended.
  const triedBefore = planned;
  await sleepUntil(Date.parse(first.at) + 60_000);
  const second = await replanTimer(caseId, 2);
  expect(planned).toBeGreaterThan(triedBefore);
  expect((await types(caseId)).filter((t) => t === 'DeadlineNotTracked')).toHaveLength(1);
  expect(Date.parse(second.at) - Date.parse(first.at)).toBeGreaterThanOrEqual(DAY);

  // The calendar that covers it reaches the worker: the next daily try records the deadline.
  calendarCovers = true;
  await sleepUntil(Date.parse(second.at) + 60_000);
  await expectRecordedAndCleared(caseId);
}, 120_000);

it('keeps its daily try and its one DeadlineNotTracked across continue-as-new', async () => {
  const caseId = 'uncovered-replan-can';
  // A history this short continues as new at the workflow's next turn after the deadline is not tracked.
  const firstRun = await registerUncovered(caseId, { ...env.config, continueAsNewAfterHistoryEvents: 10 });
  const handle = env.client.workflow.getHandle(caseId);
  const first = await replanTimer(caseId, 1);
  // An officer's command wakes the workflow past its history threshold: it continues as new while the try
  // waits on its timer, and the next run keeps it (same time, same count).
  await handle.executeUpdate(caseCommandUpdate, { args: [{ command: referral, actor: OFFICER }] });
  await waitFor(async () => (await handle.describe()).runId !== firstRun);
  expect((await handle.query(caseTimersQuery)).find((t) => t.kind === 'replan')).toEqual(first);

  await sleepUntil(Date.parse(first.at) + 60_000);
  const second = await replanTimer(caseId, 2);
  expect(Date.parse(second.at) - Date.parse(first.at)).toBeGreaterThanOrEqual(DAY);
  // Each run knows the reason is recorded already (state.untrackedDeadlines is carried): not appended again.
  expect((await types(caseId)).filter((t) => t === 'DeadlineNotTracked')).toHaveLength(1);

  calendarCovers = true;
  await sleepUntil(Date.parse(second.at) + 60_000);
  await expectRecordedAndCleared(caseId);
}, 120_000);

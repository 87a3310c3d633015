/**
 * The sanctionCase workflow under time skipping with the REAL deadline policy (no compressed deadlines): the
 * embedded server starts at 2025-01-06 08:00 WIB with time skipping locked, commands arrive on their
 * fixture dates, and between them the test "sleeps" server time forward (startCaseEnv's skipTime: what
 * UnlockTimeSkippingWithSleep, env.sleep(), does), so that deadlines of days and sanction periods of a year
 * pass in seconds.
 */
import { temporal } from '@temporalio/proto';
import {
  type CaseCommand,
  type CaseState,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePlan,
  openDeadlines,
  planDeadline,
} from '@netral/domain';
import { OFFICER, SEDANG_PATH, SUPERVISOR, TEST_CALENDAR, cmd, wib } from '@netral/domain/testing/fixtures';
import { caseCommandUpdate, caseStateQuery, caseTimersQuery } from '@netral/workflows';
import { type CaseTestEnv, startCaseEnv, waitFor } from './support';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** A system command fires when its timer does: server time has moved on by at most a workflow task. */
const FIRING_SLACK_MS = 60_000;

// startCaseEnv's planner gives these cases ("case-ts-", no test prefix) the policy's real plan.
let env: CaseTestEnv;

beforeAll(async () => {
  env = await startCaseEnv('case_time_skipping', { serverTimeMs: Date.parse(wib('2025-01-06', '08:00')) });
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

async function serverNow(): Promise<number> {
  return env.serverNow!();
}

/** Lets server time run (skipping) up to `at`, as env.sleep() does; time is locked again afterwards. */
async function sleepUntil(at: string | number): Promise<void> {
  const target = typeof at === 'number' ? at : Date.parse(at);
  const now = await serverNow();
  if (target > now) await env.skipTime!(target - now);
}

async function startCase(caseId: string): Promise<void> {
  await env.client.workflow.start('sanctionCase', {
    workflowId: caseId,
    taskQueue: env.taskQueue,
    args: [{ config: env.config }],
  });
}

function send(caseId: string, command: CaseCommand, actor = OFFICER): Promise<CaseState> {
  return env.client.workflow
    .getHandle(caseId)
    .executeUpdate(caseCommandUpdate, { args: [{ command, actor }] });
}

async function stream(caseId: string) {
  return env.eventStore.readStream(caseId);
}

/** The plan the policy gives for the case's open deadline of a rule, computed here independently. */
function expectedPlan(state: CaseState, ruleId: string): DeadlinePlan {
  const deadline = openDeadlines(state, DEFAULT_DEADLINE_POLICY).find((d) => d.ruleId === ruleId);
  if (!deadline) throw new Error(`no open ${ruleId} deadline`);
  return planDeadline(deadline, TEST_CALENDAR, DEFAULT_DEADLINE_POLICY, 'Asia/Jakarta');
}

function expectFiredAt(occurredAt: string, plannedAt: string): void {
  const delay = Date.parse(occurredAt) - Date.parse(plannedAt);
  expect(delay).toBeGreaterThanOrEqual(0);
  expect(delay).toBeLessThan(FIRING_SLACK_MS);
}

describe('sanctionCase under time skipping with the real deadline policy', () => {
  it('a 12-month time-bound sanction takes effect, is served and closes the case, in seconds', async () => {
    const wallStart = Date.now();
    const caseId = 'case-ts-002';
    const path = SEDANG_PATH.map((s) =>
      s.name === 'registered'
        ? { ...s, command: cmd.register({ caseId }) }
        : s.name === 'decided'
          ? { ...s, command: cmd.decide('PEMOTONGAN_TUKIN_25', 12) }
          : s,
    );
    let state: CaseState | undefined;
    for (const s of path) {
      await sleepUntil(s.now);
      if (s.name === 'registered') await startCase(caseId);
      state = await send(caseId, s.command, s.actor);
    }
    expect(state!.stage).toBe('objection_window');
    const window = expectedPlan(state!, 'keberatan_window');

    // Fourteen months later the sanction has taken effect (after the keberatan window) and been served.
    await sleepUntil(wib('2026-04-06', '09:00'));
    const closed = await env.client.workflow.getHandle(caseId).query(caseStateQuery);
    expect(closed.stage).toBe('closed');
    expect(closed.closure?.outcome).toBe('sanction_served');
    expect(closed.sanctionInForce).toMatchObject({ sanctionCode: 'PEMOTONGAN_TUKIN_25', periodMonths: 12 });

    const events = await stream(caseId);
    const types = events.map((e) => e.type);
    // Each officer command was decided on its fixture date (server time had been moved exactly there).
    const commanded = events.filter(
      (e) => e.metadata.role !== 'system' && e.type !== 'ReporterIdentityRecorded',
    );
    expect(commanded).toHaveLength(path.length);
    path.forEach((s, i) => expectFiredAt(commanded[i].occurredAt, s.now));
    expect(types.slice(-4)).toEqual([
      'SanctionTookEffect',
      'DeadlineRecorded',
      'SanctionPeriodServed',
      'CaseClosed',
    ]);
    const tookEffect = events.find((e) => e.type === 'SanctionTookEffect')!;
    expectFiredAt(tookEffect.occurredAt, window.dueAt);
    const period = events.filter((e) => e.type === 'DeadlineRecorded').at(-1)!;
    const periodData = period.data as { deadlineId: string; dueAt: string; dueDate: string };
    expect(periodData.deadlineId).toMatch(/^sanction_period@/);
    // Twelve months from the day the sanction took effect.
    const months = (Date.parse(periodData.dueAt) - Date.parse(tookEffect.occurredAt)) / DAY;
    expect(months).toBeGreaterThan(364);
    expect(months).toBeLessThan(367);
    const served = events.find((e) => e.type === 'SanctionPeriodServed')!;
    expectFiredAt(served.occurredAt, periodData.dueAt);
    for (const e of [tookEffect, served])
      expect(e.metadata).toMatchObject({ actorId: 'workflow', role: 'system' });
    expect(Date.now() - wallStart).toBeLessThan(45_000);
  });

  it('a missed assignment deadline sends the reminder and the escalation at the policy times', async () => {
    const wallStart = Date.now();
    const caseId = 'case-ts-001';
    // Monday 6 April 2026 (the sanction case above brought server time here).
    await sleepUntil(wib('2026-04-06', '09:00'));
    await startCase(caseId);
    const registered = await send(caseId, cmd.register({ caseId }));
    const plan = expectedPlan(registered, 'assignment');
    // 3 working days from Monday 6 April 2026: due Thursday 9 April; reminder one working day before at
    // 08:00, escalation to the supervisor at the end of the due date.
    expect(plan.dueDate).toBe('2026-04-09');
    expect(plan.reminders.map((r) => r.at)).toEqual([wib('2026-04-08', '08:00')]);
    expect(plan.escalations.map((e) => [e.recipientRole, e.date])).toEqual([['supervisor', '2026-04-09']]);
    // A command that leaves the deadline as it was, while the reminder's timer runs (keep-deadline-timer).
    const handle = env.client.workflow.getHandle(caseId);
    await waitFor(async () => (await handle.query(caseTimersQuery)).length > 0 || undefined);
    await send(caseId, {
      type: 'RecordCriminalReferral',
      data: { reference: 'G-TS-1', referredOn: '2026-04-06', offence: 'UU 7/2017 Ps 494' },
    } as CaseCommand);

    await sleepUntil(Date.parse(plan.escalations[0].at) + HOUR);
    const events = await stream(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'CaseRegistered',
      'ReporterIdentityRecorded',
      'DeadlineRecorded',
      'CriminalReferralRecorded',
      'DeadlineReminderSent',
      'DeadlineEscalated',
    ]);
    // The referral kept the reminder's timer: one timer per due time, none cancelled and started again.
    const history = (await handle.fetchHistory()).events ?? [];
    const { EVENT_TYPE_TIMER_CANCELED: CANCELED, EVENT_TYPE_TIMER_STARTED: STARTED } =
      temporal.api.enums.v1.EventType;
    expect(history.filter((e) => e.eventType === CANCELED)).toHaveLength(0);
    expect(history.filter((e) => e.eventType === STARTED)).toHaveLength(2);
    const recorded = events.find((e) => e.type === 'DeadlineRecorded')!;
    expect(recorded.data).toMatchObject({ dueDate: plan.dueDate, dueAt: plan.dueAt });
    expectFiredAt(events.find((e) => e.type === 'DeadlineReminderSent')!.occurredAt, plan.reminders[0].at);
    expectFiredAt(events.find((e) => e.type === 'DeadlineEscalated')!.occurredAt, plan.escalations[0].at);

    const outbox = await waitFor(async () => {
      const rows = await env.dataSource.query(
        `SELECT o.kind, o.recipient_role, o.due_at, o.data, d.delivered_at
           FROM notification_outbox o LEFT JOIN notification_delivery d ON d.notification_id = o.id
          WHERE o.case_id = $1 ORDER BY o.id`,
        [caseId],
      );
      return rows.length === 2 && rows.every((r: { delivered_at: Date | null }) => r.delivered_at) && rows;
    });
    expect(outbox).toMatchObject([
      { kind: 'reminder', recipient_role: 'case_officer', data: { offset: 1, ruleId: 'assignment' } },
      { kind: 'escalation', recipient_role: 'supervisor', data: { step: 1, ruleId: 'assignment' } },
    ]);
    for (const row of outbox) expect(new Date(row.due_at).toISOString()).toBe(plan.dueAt);
    expect(env.logged.some((m) => m.includes('Eskalasi tahap 1'))).toBe(true);
    expect(Date.now() - wallStart).toBeLessThan(30_000);
  });

  it('keeps server time locked between sleeps: a command is decided at wall speed, no timer fires', async () => {
    const before = await serverNow();
    const assigned = await send('case-ts-001', cmd.assign(), SUPERVISOR);
    // The next stage's deadline (clarification, 14 working days) is open; locked time does not reach it.
    expect(assigned.stage).toBe('clarification');
    expect((await serverNow()) - before).toBeLessThan(FIRING_SLACK_MS);
    const last = (await stream('case-ts-001')).at(-1)!;
    expect(last.type).not.toBe('DeadlineReminderSent');
  });
});

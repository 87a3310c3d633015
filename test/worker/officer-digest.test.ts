/**
 * The officers' daily digest against the real worker, read models and embedded server: one digest per
 * officer with the upcoming and overdue deadlines of their open cases (Indonesian message), delivered
 * through the channels once; a holiday has no digest; the schedule is created at 07:00 Asia/Jakarta on
 * working days and brought up to date when it exists.
 */
import { type CivilDate, localDateOf, nextWorkingDayOnOrAfter } from '@netral/domain';
import { OFFICER, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import {
  OFFICER_DIGEST_WORKFLOW,
  type OfficerDigestInput,
  type OfficerDigestResult,
  registerCase,
  sendCaseCommand,
} from '@netral/workflows';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../apps/worker/src/digest/digest-schedule';
import { type CaseTestEnv, startCaseEnv, waitFor } from '../case-workflow/support';

let env: CaseTestEnv;
let runs = 0;

beforeAll(async () => {
  env = await startCaseEnv('officer_digest');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

async function openCase(caseId: string, officerId?: string): Promise<void> {
  await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config: env.config,
    taskQueue: env.taskQueue,
  });
  if (officerId) {
    await sendCaseCommand(env.client, {
      caseId,
      request: { command: cmd.assign(officerId), actor: SUPERVISOR },
      updateId: `assign-${caseId}`,
    });
  }
}

function digest(input: OfficerDigestInput): Promise<OfficerDigestResult> {
  return env.client.workflow.execute(OFFICER_DIGEST_WORKFLOW, {
    workflowId: `digest-run-${++runs}`,
    taskQueue: env.taskQueue,
    args: [input],
  });
}

interface DigestRow {
  id: string;
  officer_id: string;
  agency: string;
  message: string;
}

describe('officer digest', () => {
  it('puts one digest per officer with upcoming and overdue deadlines in the outbox and delivers it once', async () => {
    await openCase('digest-a', OFFICER.id);
    await openCase('late-digest-b', OFFICER.id); // its clarification deadline passes within seconds
    await openCase('digest-c', 'officer-budi');
    await openCase('digest-d'); // no officer yet: in nobody's digest
    await waitFor(async () => {
      const open = await env.dataSource.query(
        `SELECT case_id, due_at FROM case_deadlines WHERE rule_id = 'clarification' AND status = 'open'`,
      );
      const late = open.find((r: { case_id: string }) => r.case_id === 'late-digest-b');
      return open.length === 3 && late && new Date(late.due_at) < new Date() ? true : undefined;
    });

    // Any working day from today on (the digest of a weekend or holiday is skipped; tested below).
    const date: CivilDate = nextWorkingDayOnOrAfter(TEST_CALENDAR, localDateOf(new Date().toISOString()));
    const result = await digest({ date, upcomingWorkingDays: 20 });
    expect(result).toMatchObject({ date, delivered: 2 });
    expect(result.digestIds.sort()).toEqual(
      [`digest:${date}:pemkot-bekasi:officer-ani`, `digest:${date}:pemkot-bekasi:officer-budi`].sort(),
    );

    const rows = (await env.dataSource.query(
      `SELECT id, officer_id, agency, message FROM officer_digest WHERE digest_date = $1 ORDER BY officer_id`,
      [date],
    )) as DigestRow[];
    expect(rows.map((r) => r.officer_id)).toEqual(['officer-ani', 'officer-budi']);
    const [ani, budi] = rows;
    expect(ani.message).toMatch(/^Ringkasan tenggat .*: 1 tenggat terlewat, 1 tenggat jatuh tempo sampai /);
    expect(ani.message).toMatch(
      /- TERLEWAT: kasus late-digest-b, klarifikasi oleh Inspektorat\/BKPSDM, jatuh tempo/,
    );
    expect(ani.message).toMatch(
      /\n- kasus digest-a, klarifikasi oleh Inspektorat\/BKPSDM, jatuh tempo \d+ \w+ \d{4}/,
    );
    expect(ani.message).not.toMatch(/digest-c|digest-d/);
    expect(budi.message).toMatch(/0 tenggat terlewat, 1 tenggat jatuh tempo/);
    expect(budi.message).toContain('kasus digest-c');

    const deliveries = await env.dataSource.query(
      `SELECT notification_id, attempts, channels FROM notification_delivery WHERE notification_id LIKE 'digest:%' ORDER BY notification_id`,
    );
    expect(deliveries).toEqual(rows.map((r) => ({ notification_id: r.id, attempts: 1, channels: ['log'] })));
    expect(env.logged.filter((m) => m.startsWith('[digest] Ringkasan tenggat'))).toHaveLength(2);

    // A second run the same day (e.g. a retried schedule action) neither adds nor resends a digest.
    const again = await digest({ date, upcomingWorkingDays: 20 });
    expect(again.digestIds.sort()).toEqual(result.digestIds.sort());
    expect(await env.dataSource.query(`SELECT id FROM officer_digest`)).toHaveLength(2);
    expect(env.logged.filter((m) => m.startsWith('[digest]'))).toHaveLength(2);
  });

  it('skips a holiday from the working calendar', async () => {
    // Idul Fitri 2025 fell on a Monday.
    expect(await digest({ date: '2025-03-31', upcomingWorkingDays: 3 })).toEqual({
      date: '2025-03-31',
      skipped: 'not_a_working_day',
      digestIds: [],
      delivered: 0,
    });
    expect(
      await env.dataSource.query(`SELECT id FROM officer_digest WHERE digest_date = '2025-03-31'`),
    ).toEqual([]);
  });

  it('creates the 07:00 Asia/Jakarta working-day schedule, and updates it when it exists', async () => {
    expect(await ensureDigestSchedule(env.client, env.taskQueue)).toBe('created');
    expect(await ensureDigestSchedule(env.client, env.taskQueue)).toBe('updated');
    const handle = env.client.schedule.getHandle(DIGEST_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Jakarta');
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 7, end: 7, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
      dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
    });
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: OFFICER_DIGEST_WORKFLOW });
    // The next runs are working-day mornings at 07:00 WIB (00:00 UTC).
    for (const next of described.info.nextActionTimes.slice(0, 5)) {
      expect(next.toISOString()).toMatch(/T00:00:00\.000Z$/);
      expect([1, 2, 3, 4, 5]).toContain(new Date(next.getTime() + 7 * 3_600_000).getUTCDay());
    }
    await handle.delete();
  });
});

/**
 * A statutory deadline the system cannot compute reaches people, not only a log: a case registered while the
 * worker's working-day calendar does not cover its dates (as a year whose calendar is not loaded yet) shows
 * the deadline as not tracked in GET /cases/{id}, in the case list's filter, in /metrics and in the audit
 * history and export; it stops counting once the stage it belonged to is over. Real HTTP, PostgreSQL, the
 * SDK worker and the embedded Temporal server.
 */
import { planDeadline } from '@netral/domain';
import { ENDED_CALENDAR, compressingPlanner } from '../case-workflow/support';
import { startTestService, type TestService } from '../support/service';
import { Api, BEKASI, OFFICER, SUPERVISOR, type Caller, waitFor } from './support';

let netral: TestService;
let api: Api;
/** Whether the worker's calendar covers the cases' dates; it does not until the test says so. */
let calendarCovers = false;

const ADMIN: Caller = { role: 'admin', agency: BEKASI, sub: 'admin-bekasi' };

beforeAll(async () => {
  netral = await startTestService('api_untracked_deadlines', {
    planner: (input) =>
      calendarCovers
        ? compressingPlanner(input)
        : planDeadline(input.deadline, ENDED_CALENDAR, input.policy, input.timeZone),
  });
  api = new Api(netral);
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

interface NotTracked {
  deadlineId: string;
  ruleId: string;
  stage: string;
  reason: string;
  timer: string | null;
  at: string;
}

async function notTracked(id: string): Promise<NotTracked[]> {
  const res = await api.get<{ deadlinesNotTracked: NotTracked[] }>(`/cases/${id}`, OFFICER);
  expect(res.status).toBe(200);
  return res.body.deadlinesNotTracked;
}

async function listed(filter: string): Promise<string[]> {
  const res = await api.get<{ items: { caseId: string }[] }>(`/cases?${filter}&limit=100`, SUPERVISOR);
  expect(res.status).toBe(200);
  return res.body.items.map((i) => i.caseId);
}

async function untrackedGauge(): Promise<number> {
  const res = await api.get(`/metrics`, { role: 'admin', agency: '*', sub: 'admin-national' });
  expect(res.status).toBe(200);
  const line = /^netral_deadlines_untracked (\d+)$/m.exec(res.text);
  if (!line) throw new Error('no netral_deadlines_untracked in /metrics');
  return Number(line[1]);
}

it('a deadline the calendar does not cover is shown as not tracked, filterable, counted and audited; it clears when its stage ends', async () => {
  expect(await untrackedGauge()).toBe(0);
  const uncovered = await api.register(OFFICER);

  // The assignment deadline (3 working days) cannot be computed: recorded as not tracked, and why.
  const [deadline] = await waitFor(async () => {
    const found = await notTracked(uncovered);
    return found.length > 0 ? found : undefined;
  });
  expect(deadline).toMatchObject({
    deadlineId: 'assignment@1',
    ruleId: 'assignment',
    stage: 'intake',
    reason: 'calendar_not_covering',
    timer: null,
  });
  const state = (await api.get<{ deadlines: object }>(`/cases/${uncovered}`, OFFICER)).body;
  expect(state.deadlines).toEqual({});

  // A case registered once the calendar covers its dates has its deadline counted as usual.
  calendarCovers = true;
  const covered = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: 'LAP-002/2025', receivedOn: '2025-01-03' },
  });
  await waitFor(async () => {
    const res = await api.get<{ deadlines: Record<string, unknown> }>(`/cases/${covered}`, OFFICER);
    return Object.keys(res.body.deadlines).length > 0;
  });
  expect(await notTracked(covered)).toEqual([]);
  // Its legal basis comes in Bahasa Indonesia beside the policy's English text.
  const described = await api.get<{ items: { ruleId: string; legalBasis: string; legalBasisId: string }[] }>(
    `/cases/${covered}/deadlines`,
    OFFICER,
  );
  expect(described.body.items).toEqual([
    expect.objectContaining({
      ruleId: 'assignment',
      legalBasis: 'Internal service target [I]',
      legalBasisId: 'Target layanan internal [I]',
    }),
  ]);

  // The supervisors' list filters on it, both ways.
  expect(await listed('deadlinesNotTracked=true')).toEqual([uncovered]);
  const without = await listed('deadlinesNotTracked=false');
  expect(without).toContain(covered);
  expect(without).not.toContain(uncovered);
  const refused = await api.get(`/cases?deadlinesNotTracked=maybe`, SUPERVISOR);
  expect(refused.status).toBe(400);
  // Its list items count them (the console's lists mark it), in the search and the work list alike.
  for (const path of ['/cases?limit=100', '/work-list?limit=100']) {
    const list = await api.get<{ items: { caseId: string; untrackedDeadlines: number }[] }>(path, SUPERVISOR);
    const counted = (id: string) => list.body.items.find((i) => i.caseId === id)?.untrackedDeadlines;
    expect([path, counted(uncovered), counted(covered)]).toEqual([path, 1, 0]);
  }

  // Operators see it in /metrics.
  expect(await untrackedGauge()).toBe(1);

  // The audit history holds it as the system's event, with the deadline and the reason only.
  const events = await api.get<{ items: { type: string; data: object; actor: { role: string } }[] }>(
    `/cases/${uncovered}/events`,
    ADMIN,
  );
  const recorded = events.body.items.filter((e) => e.type === 'DeadlineNotTracked');
  expect(recorded).toHaveLength(1);
  expect(recorded[0].actor.role).toBe('system');
  expect(recorded[0].data).toEqual({
    deadlineId: 'assignment@1',
    ruleId: 'assignment',
    stage: 'intake',
    reason: 'calendar_not_covering',
    timer: null,
    at: deadline.at,
  });
  const html = await api.get(`/cases/${uncovered}/export?format=html`, ADMIN);
  expect(html.text).toContain('Tenggat tidak terpantau');

  // The case is assigned: the assignment deadline is over, the clarification's is computed with the
  // calendar that now covers it, and nothing is left uncounted.
  const assigned = await api.post(`/cases/${uncovered}/assignment`, SUPERVISOR, {
    officerId: OFFICER.sub,
    officerName: 'Ani',
  });
  expect(assigned.status).toBe(200);
  await waitFor(async () => (await notTracked(uncovered)).length === 0);
  expect(await listed('deadlinesNotTracked=true')).toEqual([]);
  expect(await untrackedGauge()).toBe(0);
}, 120_000);

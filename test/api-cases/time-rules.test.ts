/**
 * The case clock over real HTTP, the workflow and the Indonesian working calendar: keberatan counted in
 * working days (holidays and cuti bersama inside the window do not count), a timely objection recorded after
 * the system marked the sanction in force retracts that mark, and facts dated before what they depend on or
 * beyond the backdating horizon are refused with both dates, in English and in Indonesian.
 */
import { type CivilDate, type WorkingCalendar, addWorkingDays } from '@netral/domain';
import { buildIndonesianCalendar } from '@netral/domain/calendar';
import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import { startTestService, type TestService } from '../support/service';
import { Api, expectProblem, OFFICER, PPK, registerBody, SUPERVISOR, waitFor, type Caller } from './support';

let netral: TestService;
let api: Api;
let calendar: WorkingCalendar;

interface CaseView {
  stage: string;
  version: number;
  sanctionInForce: { effectiveOn: string } | null;
  objection: { filedOn: string; timeliness: string } | null;
}

beforeAll(async () => {
  netral = await startTestService('api_time_rules');
  api = new Api(netral);
  calendar = buildIndonesianCalendar({ fromYear: 2026, toYear: new Date().getUTCFullYear() + 1 });
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

const ok = (path: string, as: Caller, body: unknown) => api.ok(path, as, body);

/** A sedang case of `year` (default: the delivery's) through examination and decision, delivered on `deliveredOn`. */
async function deliveredCase(
  nip: string,
  deliveredOn: CivilDate,
  year = deliveredOn.slice(0, 4),
): Promise<string> {
  const id = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: `LAP-${nip.slice(-4)}/${year}`, receivedOn: `${year}-01-05` },
    reportedAsn: { ...(registerBody().reportedAsn as object), nip },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    election: { kind: 'pilkada', year: Number(year) },
  });
  const c = `/cases/${id}`;
  await api.assignAndClarify(id, { reportReference: 'LHP-1/2026' });
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-1/2026',
    letterDate: `${year}-01-12`,
  });
  await ok(`${c}/summons`, OFFICER, {
    sequence: 1,
    letterNumber: 'SP-1/2026',
    issuedOn: `${year}-01-13`,
    deliveredOn: `${year}-01-13`,
    deliveryProofRef: 'TT-SP-1',
    hearingDate: `${year}-01-30`,
  });
  await ok(`${c}/attendance`, OFFICER, { sequence: 1, attended: true });
  await ok(`${c}/bap`, OFFICER, { number: 'BAP-1/2026', signedOn: `${year}-01-30`, asnSigned: true });
  await ok(`${c}/sanction/decision`, PPK, {
    sanctionCode: 'PEMOTONGAN_TPP_25',
    periodMonths: 6,
    decreeNumber: 'SK-1/2026',
    decreeDate: `${year}-02-03`,
    decidingOfficial: { name: 'Wali Kota', position: 'PPK', authority: 'ppk' },
  });
  await ok(`${c}/sanction/delivery`, OFFICER, { deliveredOn, method: 'in_person', proofRef: 'TT-SK-1' });
  return id;
}

const objection = (filedOn: CivilDate) => ({
  filedOn,
  grounds: 'Terlalu berat',
  reference: `KEB/${filedOn}`,
});
const getCase = async (id: string) => (await api.get<CaseView>(`/cases/${id}`, OFFICER)).body;

it('keberatan: the 14th working day after receipt is in time across Idul Fitri and cuti bersama, the 15th is late', async () => {
  // The test service plans deadlines with TEST_CALENDAR (the real 2025 holidays and cuti bersama around
  // Idul Fitri 1446 H and Good Friday): delivered Mon 24 Mar 2025, the 14th working day is Wed 23 Apr.
  const deliveredOn = '2025-03-24';
  const due = addWorkingDays(TEST_CALENDAR, deliveredOn, 14);
  expect(due).toBe('2025-04-23');
  const inside = TEST_CALENDAR.nonWorkingDays.filter((d) => d.date > deliveredOn && d.date <= due);
  expect(inside.map((d) => d.kind)).toEqual(expect.arrayContaining(['national_holiday', 'cuti_bersama']));
  const id = await deliveredCase('198001012005011101', deliveredOn);

  const late = await api.post(`/cases/${id}/objection`, OFFICER, objection('2025-04-24'));
  expectProblem(late, 422, 'LATE_OBJECTION');
  const filed = await api.post(`/cases/${id}/objection`, OFFICER, objection(due));
  expect({ status: filed.status, text: filed.status === 200 ? '' : filed.text }).toEqual({
    status: 200,
    text: '',
  });
  expect(await getCase(id)).toMatchObject({
    stage: 'objection',
    sanctionInForce: null,
    objection: { filedOn: due, timeliness: 'in_time' },
  });
});

it('a delivery recorded late goes in force at once; the timely objection recorded after it retracts that', async () => {
  // 40 days ago: the 15th working day after it has passed, the 6-month sanction from then has not (so the
  // case stays in force instead of being served at once).
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const deliveredOn = new Date(today - 40 * 86_400_000).toISOString().slice(0, 10) as CivilDate;
  const id = await deliveredCase('198001012005011102', deliveredOn, '2026');
  // The window ended long ago: the workflow records it and marks the sanction in force.
  await waitFor(async () => (await getCase(id)).stage === 'in_force');
  const inForce = await getCase(id);
  expect(inForce.sanctionInForce?.effectiveOn).toBe(addWorkingDays(calendar, deliveredOn, 15));

  const filedOn = addWorkingDays(calendar, deliveredOn, 6);
  const filed = await api.post(`/cases/${id}/objection`, OFFICER, objection(filedOn));
  expect(filed.status).toBe(200);
  expect(await getCase(id)).toMatchObject({
    stage: 'objection',
    sanctionInForce: null,
    objection: { filedOn },
  });
  const history = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `/cases/${id}/events`,
    SUPERVISOR,
  );
  const types = history.body.items.map((e) => e.type);
  expect(types.slice(types.indexOf('SanctionTookEffect'))).toEqual(
    expect.arrayContaining(['SanctionTookEffect', 'SanctionInForceRetracted', 'ObjectionFiled']),
  );
  expect(types.indexOf('SanctionInForceRetracted')).toBeGreaterThan(types.indexOf('SanctionTookEffect'));
  // The timers are planned anew: the keberatan decision (21 working days) is recorded.
  await waitFor(async () => {
    const { deadlines } = (await api.get<{ deadlines: Record<string, unknown> }>(`/cases/${id}`, OFFICER))
      .body;
    return Object.keys(deadlines).some((key) => key.startsWith('keberatan_decision@'));
  });
  // The outcome is consistent with the sanction it rules on: "increased" to the same cut is no increase.
  const decidedOn = addWorkingDays(calendar, filedOn, 5);
  const outcome = { decidedOn, decisionRef: 'KEP-KEB/2/2026' };
  const same = { outcome: 'increased', sanctionCode: 'PEMOTONGAN_TPP_25', periodMonths: 6 };
  expectProblem(
    await api.post(`/cases/${id}/objection/outcome`, OFFICER, { ...outcome, ...same }),
    422,
    'INVALID_OBJECTION_OUTCOME',
  );
  await ok(`/cases/${id}/objection/outcome`, OFFICER, { ...outcome, outcome: 'upheld' });
  const decided = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `/cases/${id}/events`,
    SUPERVISOR,
  );
  // Upheld, it takes effect from the objection decision (the first, retracted mark stays in the history).
  const marks = decided.body.items.filter((e) => e.type === 'SanctionTookEffect');
  expect(marks.map((e) => e.data.effectiveOn)).toEqual([
    addWorkingDays(calendar, deliveredOn, 15),
    decidedOn,
  ]);
});

it('facts dated 1999 on a 2026 case are refused, naming both dates in English and in Indonesian', async () => {
  const id = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: 'LAP-1999/2026', receivedOn: '2026-11-02' },
    reportedAsn: { ...(registerBody().reportedAsn as object), nip: '198001012005011103' },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    election: { kind: 'pilkada', year: 2026 },
  });
  const c = `/cases/${id}`;
  // No occurredOn given: the recording day stands in and the event says it was defaulted.
  await api.assignAndClarify(id, { reportReference: 'LHP-2/2026' }, { assignment: {}, start: {} });
  const history = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `${c}/events`,
    SUPERVISOR,
  );
  for (const type of ['ClarificationStarted', 'ClarificationConcluded']) {
    expect(history.body.items.find((e) => e.type === type)?.data).toMatchObject({
      occurredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      occurredOnDefaulted: true,
    });
  }
  const followUp = await api.post(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-2/1999',
    letterDate: '1999-01-04',
  });
  expectProblem(followUp, 422, 'FACT_BEFORE_DEPENDENCY');
  const problem = followUp.body as { detail: string; detailId: string; dependsOnDate?: string };
  expect(problem.detail).toContain('1999-01-04');
  expect(problem.detail).toContain('2026-11-02');
  expect(problem.detailId).toBe(
    'Tanggal peristiwa tidak boleh mendahului tanggal peristiwa yang menjadi dasarnya: letterDate 4 Januari 1999 mendahului tanggal laporan/temuan diterima, 2 November 2026',
  );

  // Each later fact of the 1999 lifecycle that was once accepted (summons, BAP, decree, delivery, objection)
  // is refused with both dates; dated in 2026, in the order of the procedure, it is accepted.
  const refused1999 = async (
    path: string,
    as: typeof OFFICER,
    body: Record<string, unknown>,
    date: string,
  ) => {
    const res = await api.post(`${c}/${path}`, as, body);
    expectProblem(res, 422, 'FACT_BEFORE_DEPENDENCY');
    const { detail, detailId } = res.body as { detail: string; detailId: string };
    expect(detail).toContain(date);
    expect(detail).toContain('2026-11-02');
    expect(detailId).toContain('1999');
    expect(detailId).toContain('2 November 2026');
  };
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-2/2026',
    letterDate: '2026-11-03',
  });
  const summons = { sequence: 1, letterNumber: 'SP-2/2026', deliveryProofRef: 'TT-SP-2' };
  await refused1999(
    'summons',
    OFFICER,
    { ...summons, issuedOn: '1999-01-05', deliveredOn: '1999-01-05', hearingDate: '1999-01-20' },
    '1999-01-05',
  );
  await ok(`${c}/summons`, OFFICER, {
    ...summons,
    issuedOn: '2026-11-04',
    deliveredOn: '2026-11-04',
    hearingDate: '2026-11-17',
  });
  await ok(`${c}/attendance`, OFFICER, { sequence: 1, attended: true });
  const bap = { number: 'BAP-2/2026', asnSigned: true };
  await refused1999('bap', OFFICER, { ...bap, signedOn: '1999-01-20' }, '1999-01-20');
  await ok(`${c}/bap`, OFFICER, { ...bap, signedOn: '2026-11-17' });
  const decree = {
    sanctionCode: 'PEMOTONGAN_TPP_25',
    periodMonths: 6,
    decreeNumber: 'SK-2/2026',
    decidingOfficial: { name: 'Wali Kota', position: 'PPK', authority: 'ppk' },
  };
  await refused1999('sanction/decision', PPK, { ...decree, decreeDate: '1999-02-10' }, '1999-02-10');
  // Nor a 2026 decree dated before the BAP it rests on (the issue saw one accepted).
  const early = await api.post(`${c}/sanction/decision`, PPK, { ...decree, decreeDate: '2026-11-16' });
  expectProblem(early, 422, 'FACT_BEFORE_DEPENDENCY');
  expect((early.body as { detail: string }).detail).toMatch(/2026-11-16.*2026-11-17/);
  await ok(`${c}/sanction/decision`, PPK, { ...decree, decreeDate: '2026-11-18' });
  const delivery = { method: 'in_person', proofRef: 'TT-SK-2' };
  await refused1999('sanction/delivery', OFFICER, { ...delivery, deliveredOn: '1999-02-10' }, '1999-02-10');
  await ok(`${c}/sanction/delivery`, OFFICER, { ...delivery, deliveredOn: '2026-11-19' });
  await refused1999('objection', OFFICER, objection('1999-02-11'), '1999-02-11');
  expect((await getCase(id)).stage).not.toBe('closed');
});

it('beyond the policy horizon of 60 days only a supervisor records a fact, with the reason on the event', async () => {
  const previous = process.env.NETRAL_BACKDATING_HORIZON_DAYS;
  delete process.env.NETRAL_BACKDATING_HORIZON_DAYS; // the policy's own 60 days for the cases started now
  try {
    const body = {
      source: { kind: 'public_report', reference: 'LAP-OLD/2026', receivedOn: '2026-08-03' },
      reportedAsn: { ...(registerBody().reportedAsn as object), nip: '198001012005011104' },
    };
    expectProblem(await api.post('/cases', OFFICER, registerBody(body)), 422, 'FACT_OUTSIDE_HORIZON');
    const reason = 'Laporan diteruskan terlambat oleh Panwascam';
    const created = await api.post<{ caseId: string }>('/cases', SUPERVISOR, {
      ...registerBody(body),
      lateRecordingReason: reason,
    });
    expect(created.status).toBe(201);
    const events = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
      `/cases/${created.body.caseId}/events`,
      SUPERVISOR,
    );
    expect(events.body.items.find((e) => e.type === 'CaseRegistered')?.data.lateRecording).toEqual({
      reason,
      approvedBy: SUPERVISOR.sub,
    });
  } finally {
    if (previous === undefined) delete process.env.NETRAL_BACKDATING_HORIZON_DAYS;
    else process.env.NETRAL_BACKDATING_HORIZON_DAYS = previous;
  }
});

it('facts without a letter date carry occurredOn; each later fact is refused before the one it follows', async () => {
  const id = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: 'LAP-ORDER/2026', receivedOn: '2026-11-02' },
    reportedAsn: { ...(registerBody().reportedAsn as object), nip: '198001012005011105' },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    election: { kind: 'pilkada', year: 2026 },
  });
  const c = `/cases/${id}`;
  await ok(`${c}/assignment`, SUPERVISOR, { officerId: OFFICER.sub });
  // A clarification cannot start before the report was received.
  const early = await api.post(`${c}/clarification/start`, OFFICER, {
    by: 'inspektorat',
    occurredOn: '2026-11-01',
  });
  expectProblem(early, 422, 'FACT_BEFORE_DEPENDENCY');
  // Nor on a day still to come: the refusal names the date and today, in both languages.
  const future = await api.post(`${c}/clarification/start`, OFFICER, {
    by: 'inspektorat',
    occurredOn: '2099-01-05',
  });
  expectProblem(future, 422, 'FUTURE_DATE');
  expect((future.body as { detail: string }).detail).toMatch(
    /occurredOn 2099-01-05 is after today, \d{4}-\d{2}-\d{2}/,
  );
  expect((future.body as { detailId: string }).detailId).toContain('5 Januari 2099 sesudah hari ini');
  await ok(`${c}/clarification/start`, OFFICER, { by: 'inspektorat', occurredOn: '2026-11-04' });
  const lhp = {
    result: 'proceed',
    likelyLevel: 'sedang',
    timPemeriksaNeeded: false,
    reportReference: 'LHP-3/2026',
    summary: 'Cukup bukti',
  };
  const lhpEarly = await api.post(`${c}/clarification/result`, OFFICER, { ...lhp, occurredOn: '2026-11-03' });
  expectProblem(lhpEarly, 422, 'FACT_BEFORE_DEPENDENCY');
  const problem = lhpEarly.body as { detail: string; detailId: string };
  expect(problem.detail).toContain('2026-11-03');
  expect(problem.detail).toContain('2026-11-04');
  expect(problem.detailId).toBe(
    'Tanggal peristiwa tidak boleh mendahului tanggal peristiwa yang menjadi dasarnya: occurredOn 3 November 2026 mendahului tanggal dimulainya klarifikasi, 4 November 2026',
  );
  await ok(`${c}/clarification/result`, OFFICER, { ...lhp, occurredOn: '2026-11-09' });
  const followUp = { action: 'examination', letterNumber: 'TL-3/2026' };
  expectProblem(
    await api.post(`${c}/ppk-follow-up`, PPK, { ...followUp, letterDate: '2026-11-06' }),
    422,
    'FACT_BEFORE_DEPENDENCY',
  );
  await ok(`${c}/ppk-follow-up`, PPK, { ...followUp, letterDate: '2026-11-10' });
  const events = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `${c}/events`,
    SUPERVISOR,
  );
  const dates = events.body.items
    .filter((e) => e.type.startsWith('Clarification'))
    .map((e) => [e.type, e.data.occurredOn]);
  expect(dates).toEqual([
    ['ClarificationStarted', '2026-11-04'],
    ['ClarificationConcluded', '2026-11-09'],
  ]);
});

/**
 * The routes beside the PP 94/2021 procedure over real HTTP and the workflow: a BUMD employee's case is
 * forwarded to the employer and closed as forwarded (UU 7/2017 Ps 455); an ASN's case is not; a Gakkumdu
 * referral is recorded beside the disciplinary track, which goes on, and its outcome is recorded even after
 * the case closed. The commands appear in `allowedCommands` only when they are possible.
 */
import type { CaseCommand } from '@netral/domain';
import { SANCTION_CASE_WORKFLOW, caseCommandUpdate } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import { Api, expectProblem, OFFICER, PPK, registerBody, SUPERVISOR, waitFor, type Caller } from './support';

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('api_routes');
  api = new Api(netral);
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

interface CaseView {
  stage: string;
  closure: { outcome: string; reason: string | null } | null;
  forwarding: { employer: string; letterNumber: string; letterDate: string } | null;
  criminalReferrals: { reference: string; referredOn: string; outcome: { outcome: string } | null }[];
  superiorCase: { linkedCaseId: string; superior: { name: string }; deadlineId: string } | null;
  superiorCaseOf: string[];
  escalations: { deadlineId: string }[];
  allowedCommands: { type: string }[];
}

const getCase = async (id: string) => (await api.get<CaseView>(`/cases/${id}`, OFFICER)).body;
const allowed = async (id: string, as = OFFICER) =>
  (await api.get<CaseView>(`/cases/${id}`, as)).body.allowedCommands.map((c) => c.type);

const ok = (path: string, as: Caller, body: unknown) => api.ok(path, as, body);

/** Assigned, and the clarification ended with "proceed" (sedang): the PPK follows up next. */
const assignAndClarify = (id: string, reportReference: string) =>
  api.assignAndClarify(
    id,
    { reportReference, occurredOn: '2026-11-05' },
    { assignment: {}, start: { occurredOn: '2026-11-03' } },
  );

async function clarifiedCase(nip: string | null, employeeType: string): Promise<string> {
  const id = await api.register(OFFICER, {
    source: {
      kind: 'bawaslu_finding',
      reference: `TEMUAN-${nip ?? employeeType}/2026`,
      receivedOn: '2026-11-02',
    },
    reportedAsn: { ...(registerBody().reportedAsn as object), nip, employeeType },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    election: { kind: 'pilkada', year: 2026 },
    reporter: null,
  });
  await assignAndClarify(id, 'LHP-9/2026');
  return id;
}

const forwarding = {
  employer: 'Direksi PDAM Tirta Patriot',
  letterNumber: '800/45/BKPSDM/2026',
  letterDate: '2026-11-06',
};

it('a BUMD employee is not examined under PP 94/2021: the case is forwarded and closed as forwarded', async () => {
  const id = await clarifiedCase(null, 'BUMD');
  expect(await allowed(id)).toContain('ForwardToEmployer');
  const followUp = await api.post(`/cases/${id}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-9/2026',
    letterDate: '2026-11-06',
  });
  expectProblem(followUp, 409, 'NOT_SUBJECT_TO_PP94');
  expect((followUp.body as { detailId: string }).detailId).toContain('tidak tunduk pada PP 94/2021');

  await ok(`/cases/${id}/forwarding`, OFFICER, forwarding);
  expect(await getCase(id)).toMatchObject({
    stage: 'closed',
    closure: { outcome: 'forwarded' },
    forwarding,
  });
});

it('an ASN case cannot be forwarded; a Gakkumdu referral runs beside the examination and outlasts it', async () => {
  const id = await clarifiedCase('198001012005011201', 'PNS');
  expect(await allowed(id)).not.toContain('ForwardToEmployer');
  expectProblem(await api.post(`/cases/${id}/forwarding`, OFFICER, forwarding), 409, 'SUBJECT_TO_PP94');

  expect(await allowed(id)).not.toContain('RecordCriminalReferralOutcome');
  const referral = {
    reference: 'GAKKUMDU/12/XI/2026',
    referredOn: '2026-11-04',
    offence: 'UU 7/2017 Ps 494',
  };
  await ok(`/cases/${id}/criminal-referrals`, OFFICER, referral);
  // The disciplinary track goes on: the PPK follows up and the case moves to the examination.
  await ok(`/cases/${id}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-10/2026',
    letterDate: '2026-11-06',
  });
  expect((await getCase(id)).stage).toBe('examination');
  expect(await allowed(id)).toContain('RecordCriminalReferralOutcome');

  await ok(`/cases/${id}/withdraw`, SUPERVISOR, { reason: 'Laporan dicabut' });
  const early = await api.post(`/cases/${id}/criminal-referrals/outcome`, OFFICER, {
    reference: referral.reference,
    outcome: 'convicted',
    decidedOn: '2026-11-03',
    decisionRef: 'PUT-PN-BKS/1/2026',
  });
  expectProblem(early, 422, 'FACT_BEFORE_DEPENDENCY');
  await ok(`/cases/${id}/criminal-referrals/outcome`, OFFICER, {
    reference: referral.reference,
    outcome: 'convicted',
    decidedOn: '2026-11-20',
    decisionRef: 'PUT-PN-BKS/1/2026',
  });
  expect(await getCase(id)).toMatchObject({
    stage: 'closed',
    closure: { outcome: 'withdrawn' },
    criminalReferrals: [
      { reference: referral.reference, referredOn: '2026-11-04', outcome: { outcome: 'convicted' } },
    ],
  });
  const events = await api.get<{ items: { type: string }[] }>(`/cases/${id}/events`, SUPERVISOR);
  expect(events.body.items.map((e) => e.type)).toEqual(
    expect.arrayContaining(['CriminalReferralRecorded', 'CriminalReferralConcluded']),
  );
});

it('a recommendation comes from the supervisory body in office on its letter date: BKN, no longer KASN', async () => {
  const id = await clarifiedCase('198001012005011204', 'PNS');
  const letter = {
    letterNumber: 'REK-1/2026',
    letterDate: '2026-11-04',
    receivedOn: '2026-11-05',
    proven: true,
  };
  const kasn = await api.post(`/cases/${id}/recommendation`, OFFICER, { ...letter, body: 'KASN' });
  expectProblem(kasn, 422, 'WRONG_SUPERVISORY_BODY');
  expect((kasn.body as { detailId: string }).detailId).toContain('4 November 2026');
  await ok(`/cases/${id}/recommendation`, OFFICER, { ...letter, body: 'BKN' });
  // Received before the letter was written: refused, naming both dates.
  const early = await api.post(`/cases/${id}/recommendation`, OFFICER, {
    ...letter,
    letterNumber: 'REK-2/2026',
    receivedOn: '2026-11-03',
    body: 'BKN',
  });
  expectProblem(early, 422, 'FACT_BEFORE_DEPENDENCY');
});

it('a case against the direct superior is not offered before the first-summons deadline escalated', async () => {
  const id = await clarifiedCase('198001012005011202', 'PNS');
  // Today's letter: its first-summons deadline (7 working days) is still ahead. A letter of a past date would
  // be overdue when recorded, and its escalation would race the refusal this test asserts.
  await ok(`/cases/${id}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-11/2026',
    letterDate: new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' }),
  });
  expect(await allowed(id)).not.toContain('LinkSuperiorCase');
  const refused = await api.post(`/cases/${id}/superior-case`, SUPERVISOR, {
    linkedCaseId: 'NTR-0000000000AB',
    superior: { name: 'Camat Bekasi Timur', nip: '197501012000031002', position: 'Camat' },
  });
  expectProblem(refused, 409, 'SUPERIOR_CASE_NOT_OFFERED');
  expect((refused.body as { detailId: string }).detailId).toContain('atasan langsung');
});

it('once the first-summons deadline escalated, a supervisor links the case against the direct superior, seen from both cases', async () => {
  // A case whose deadlines are seconds away (the test planner compresses "late-" cases), so the first-summons
  // deadline (7 working days after the follow-up) escalates while the test waits.
  const id = 'late-superior-001';
  await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
    workflowId: id,
    taskQueue: 'cases-api_routes',
    args: [{}],
  });
  const register = {
    type: 'RegisterReport',
    data: {
      ...registerBody({
        source: { kind: 'bawaslu_finding', reference: 'TEMUAN-SUP/2026', receivedOn: '2026-11-02' },
        reportedAsn: { ...(registerBody().reportedAsn as object), nip: '198001012005011203' },
        violationType: 'PP94_5N_1_IKUT_KAMPANYE',
        election: { kind: 'pilkada', year: 2026 },
        reporter: null,
      }),
      caseId: id,
    },
  } as CaseCommand;
  await netral.client.workflow.getHandle(id).executeUpdate(caseCommandUpdate, {
    args: [{ command: register, actor: { id: 'officer-ani', role: 'officer', agency: 'kota-bekasi' } }],
  });
  await assignAndClarify(id, 'LHP-12/2026');
  await ok(`/cases/${id}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-12/2026',
    letterDate: '2026-11-06',
  });
  // The atasan langsung did not summon in time: the deadline escalates and the link is offered.
  await waitFor(async () => (await allowed(id, SUPERVISOR)).includes('LinkSuperiorCase'), 30_000);
  expect((await getCase(id)).escalations.map((e) => e.deadlineId)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^first_summons@/)]),
  );

  // The case against the superior, registered as an internal finding, then linked by a supervisor.
  const superiorId = await api.register(OFFICER, {
    source: { kind: 'internal', reference: `TEMUAN-ATASAN/${id}`, receivedOn: '2026-11-20' },
    reportedAsn: {
      nip: '197501012000031002',
      name: 'Bambang Suryadi',
      position: 'Camat Bekasi Timur',
      unit: 'Kecamatan Bekasi Timur',
      agency: 'Pemerintah Kota Bekasi',
      employeeType: 'PNS',
    },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    conduct: 'Tidak memanggil dan memeriksa bawahan yang diduga melanggar netralitas (PP 94/2021 Ps 26, 28)',
    election: { kind: 'pilkada', year: 2026 },
    reporter: null,
  });
  const superior = { name: 'Bambang Suryadi', nip: '197501012000031002', position: 'Camat Bekasi Timur' };
  const linked = await api.post(`/cases/${id}/superior-case`, SUPERVISOR, {
    linkedCaseId: superiorId,
    superior,
  });
  expect({ status: linked.status, text: linked.status === 200 ? '' : linked.text }).toEqual({
    status: 200,
    text: '',
  });

  // From the subordinate's case: the linked case, the superior and the escalated deadline that offered it.
  expect(await getCase(id)).toMatchObject({
    superiorCase: {
      linkedCaseId: superiorId,
      superior,
      deadlineId: expect.stringMatching(/^first_summons@/),
    },
    superiorCaseOf: [],
  });
  // From the superior's case: the case that linked it.
  expect(await getCase(superiorId)).toMatchObject({ superiorCase: null, superiorCaseOf: [id] });
  // Linked once: no longer offered, and a second link (another superior case) is refused.
  expect(await allowed(id, SUPERVISOR)).not.toContain('LinkSuperiorCase');
  const again = await api.post(`/cases/${id}/superior-case`, SUPERVISOR, {
    linkedCaseId: 'NTR-0000000000AC',
    superior,
  });
  expectProblem(again, 409, 'SUPERIOR_CASE_NOT_OFFERED');
  expect((again.body as { detailId: string }).detailId).toContain('atasan langsung');
  expect((await getCase(id)).superiorCase).toMatchObject({ linkedCaseId: superiorId });
  const events = await api.get<{ items: { type: string }[] }>(`/cases/${id}/events`, SUPERVISOR);
  expect(events.body.items.filter((e) => e.type === 'SuperiorCaseLinked')).toHaveLength(1);
});

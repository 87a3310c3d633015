/**
 * Deadline policy versions and their audited migration over real HTTP, the embedded Temporal server and
 * PostgreSQL: an administrator publishes a corrected version (the keberatan window lengthened), moves one
 * open case to it, and the window is re-planned under its id (the due date moves in GET /cases/{id} and its
 * case_deadlines row is updated, not duplicated); an auditor sees the event with its reason and actor; the
 * bulk migration is idempotent; a bad version is a 422 problem+json. A fact recorded late (the Majelis's
 * first sitting) re-plans the deadline that counts from it, under the same id.
 */
import {
  type CivilDate,
  DEFAULT_DEADLINE_POLICY,
  addDays,
  addWorkingDays,
  localDateOf,
} from '@netral/domain';
import { DEADLINE_POLICY_2026_1 } from '@netral/domain/published-deadline-policies';
import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import { type CaseCommand } from '@netral/domain';
import { SANCTION_CASE_WORKFLOW, caseCommandUpdate, caseConfigSource } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import {
  Api,
  AUDITOR,
  BEKASI,
  type Caller,
  expectProblem,
  OFFICER,
  PPK,
  registerBody,
  SUPERVISOR,
  waitFor,
} from '../api-cases/support';

const ADMIN: Caller = { role: 'admin', agency: BEKASI, sub: 'admin-bekasi' };
const CORRECTED_VERSION = `${DEFAULT_DEADLINE_POLICY.version}-koreksi`;
/** The bundled policy with the keberatan window corrected to 21 working days (a hypothetical correction). */
const corrected = (length = 21) => ({
  ...DEFAULT_DEADLINE_POLICY,
  version: CORRECTED_VERSION,
  rules: DEFAULT_DEADLINE_POLICY.rules.map((r) => (r.id === 'keberatan_window' ? { ...r, length } : r)),
});

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('policy_migration');
  api = new Api(netral);
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

interface CaseView {
  stage: string;
  version: number;
  policyVersion?: string | null;
  deadlines: Record<string, { ruleId: string; dueDate: string; policyVersion: string; length: number }>;
}

const ok = (path: string, as: Caller, body: unknown) => api.ok(path, as, body);

const getCase = async (id: string) => (await api.get<CaseView>(`/cases/${id}`, SUPERVISOR)).body;
const keberatanWindow = (c: CaseView) =>
  Object.entries(c.deadlines).find(([, d]) => d.ruleId === 'keberatan_window');

/** A sedang case through examination and decision, delivered yesterday: its keberatan window is open. */
async function deliveredCase(nip: string): Promise<{ id: string; deliveredOn: CivilDate }> {
  const today = localDateOf(new Date().toISOString(), 'Asia/Jakarta');
  const summonedOn = addDays(today, -34);
  const hearing = addWorkingDays(TEST_CALENDAR, summonedOn, 8);
  const deliveredOn = addDays(today, -1);
  const id = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: `LAP-${nip.slice(-4)}`, receivedOn: addDays(today, -40) },
    reportedAsn: { ...(registerBody().reportedAsn as object), nip },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    election: { kind: 'pilkada', year: Number(today.slice(0, 4)) },
  });
  const c = `/cases/${id}`;
  await api.assignAndClarify(id, { reportReference: 'LHP-1' });
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-1',
    letterDate: addDays(today, -35),
  });
  await ok(`${c}/summons`, OFFICER, {
    sequence: 1,
    letterNumber: 'SP-1',
    issuedOn: summonedOn,
    deliveredOn: summonedOn,
    deliveryProofRef: 'TT-SP-1',
    hearingDate: hearing,
  });
  await ok(`${c}/attendance`, OFFICER, { sequence: 1, attended: true });
  await ok(`${c}/bap`, OFFICER, { number: 'BAP-1', signedOn: hearing, asnSigned: true });
  await ok(`${c}/sanction/decision`, PPK, {
    sanctionCode: 'PEMOTONGAN_TPP_25',
    periodMonths: 6,
    decreeNumber: 'SK-1',
    decreeDate: addDays(hearing, 1),
    decidingOfficial: { name: 'Wali Kota', position: 'PPK', authority: 'ppk' },
  });
  await ok(`${c}/sanction/delivery`, OFFICER, { deliveredOn, method: 'in_person', proofRef: 'TT-SK-1' });
  return { id, deliveredOn };
}

it('publishes a corrected version once, validated, and lists it for supervisors and auditors', async () => {
  const body = { reason: 'Koreksi tenggat keberatan (uji)', policy: corrected() };
  const created = await api.post('/deadline-policies', ADMIN, body);
  expect(created.status).toBe(201);
  const again = await api.post('/deadline-policies', ADMIN, body);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ version: CORRECTED_VERSION, publishedBy: ADMIN.sub });
  expectProblem(
    await api.post('/deadline-policies', ADMIN, { ...body, policy: corrected(30) }),
    409,
    'POLICY_VERSION_TAKEN',
  );
  const withoutBasis = {
    ...corrected(),
    version: 'tanpa-dasar',
    rules: corrected().rules.map((r) => (r.id === 'delivery' ? { ...r, legalBasis: '' } : r)),
  };
  const invalid = await api.post('/deadline-policies', ADMIN, { ...body, policy: withoutBasis });
  expectProblem(invalid, 422, 'INVALID_DEADLINE_POLICY');
  expect(invalid.text).toContain('legalBasis');
  expectProblem(await api.post('/deadline-policies', SUPERVISOR, body), 403);

  for (const as of [SUPERVISOR, AUDITOR, ADMIN]) {
    const list = await api.get<{ version: string; policy: { rules: { legalBasis: string }[] } }[]>(
      '/deadline-policies',
      as,
    );
    expect(list.status).toBe(200);
    // 2026.1 seeded by the migration (frozen), the bundled 2026.2 published at start-up, then the correction.
    expect(list.body.map((p) => p.version)).toEqual([
      '2026.1',
      DEFAULT_DEADLINE_POLICY.version,
      CORRECTED_VERSION,
    ]);
    list.body.forEach((p) => p.policy.rules.forEach((r) => expect(r.legalBasis).not.toBe('')));
  }
  expectProblem(await api.get('/deadline-policies', OFFICER), 403);
});

it('migrates one open case: the keberatan window moves under its id, audited with reason and actor', async () => {
  const { id, deliveredOn } = await deliveredCase('198001012005011301');
  const due14 = addWorkingDays(TEST_CALENDAR, deliveredOn, 14);
  const due21 = addWorkingDays(TEST_CALENDAR, deliveredOn, 21);
  await waitFor(async () => keberatanWindow(await getCase(id))?.[1].dueDate === due14);
  const [deadlineId] = keberatanWindow(await getCase(id))!;

  const path = `/cases/${id}/deadline-policy`;
  const reason = 'SE BKN: tenggat keberatan dikoreksi';
  const unknown = await api.post(path, ADMIN, { toVersion: '2099.9', reason });
  expectProblem(unknown, 422, 'UNKNOWN_POLICY_VERSION');
  expect((unknown.body as { detailId: string }).detailId).toContain('tidak ada kebijakan tenggat');
  // A malformed version is a validation failure of the request itself.
  expectProblem(await api.post(path, ADMIN, { toVersion: 'bad version!', reason }), 400, 'VALIDATION_FAILED');
  expectProblem(
    await api.post(path, ADMIN, { toVersion: DEFAULT_DEADLINE_POLICY.version, reason }),
    409,
    'DEADLINE_POLICY_UNCHANGED',
  );
  expectProblem(await api.post(path, SUPERVISOR, { toVersion: CORRECTED_VERSION, reason }), 403);

  const { version } = await getCase(id);
  const headers = { 'Idempotency-Key': `migrate-${id}`, 'If-Match': `"${version}"` };
  const migrated = await api.post<CaseView>(path, ADMIN, { toVersion: CORRECTED_VERSION, reason }, headers);
  expect(migrated.status).toBe(200);
  expect(migrated.body.policyVersion).toBe(CORRECTED_VERSION);
  // The same key replays the answer instead of migrating twice.
  const replayed = await api.post<CaseView>(path, ADMIN, { toVersion: CORRECTED_VERSION, reason }, headers);
  expect(replayed.status).toBe(200);

  await waitFor(async () => keberatanWindow(await getCase(id))?.[1].dueDate === due21);
  expect(keberatanWindow(await getCase(id))).toEqual([
    deadlineId,
    expect.objectContaining({ policyVersion: CORRECTED_VERSION, length: 21 }),
  ]);
  const rows: { due_date: string; policy_version: string; status: string }[] = await netral.dataSource.query(
    `SELECT due_date::text AS due_date, policy_version, status FROM case_deadlines
     WHERE case_id = $1 AND rule_id = 'keberatan_window'`,
    [id],
  );
  expect(rows).toEqual([{ due_date: due21, policy_version: CORRECTED_VERSION, status: 'open' }]);

  const history = await api.get<{
    items: { type: string; data: Record<string, unknown>; actor: { id: string }; reason: string | null }[];
  }>(`/cases/${id}/events`, AUDITOR);
  const events = history.body.items.filter((e) => e.type === 'DeadlinePolicyMigrated');
  expect(events).toEqual([
    expect.objectContaining({
      data: expect.objectContaining({
        fromVersion: DEFAULT_DEADLINE_POLICY.version,
        toVersion: CORRECTED_VERSION,
        reason,
      }),
      actor: expect.objectContaining({ id: ADMIN.sub }),
      reason,
    }),
  ]);
});

it('the bulk migration moves every open case of the scope once; run again it migrates none', async () => {
  const fresh = await api.register(OFFICER);
  const body = { toVersion: CORRECTED_VERSION, reason: 'Koreksi untuk semua kasus terbuka' };
  expectProblem(
    await api.post('/policy-migrations', ADMIN, { ...body, toVersion: '2099.9' }),
    422,
    'UNKNOWN_POLICY_VERSION',
  );
  const first = await api.post<{ migrated: number; already: number; refused: number; considered: number }>(
    '/policy-migrations',
    ADMIN,
    body,
  );
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ migrated: 1, migratedCaseIds: [fresh], refused: 0 });
  expect(first.body.already).toBe(first.body.considered - 1);
  const second = await api.post<typeof first.body>('/policy-migrations', ADMIN, body);
  expect(second.body).toMatchObject({ migrated: 0, refused: 0, already: first.body.considered });
  expect((await getCase(fresh)).policyVersion).toBe(CORRECTED_VERSION);
});

it('a Majelis sitting recorded late re-plans the recommendation deadline under its id', async () => {
  const today = localDateOf(new Date().toISOString(), 'Asia/Jakarta');
  const letterDate = addDays(today, -20);
  const sitting = addDays(today, -15);
  const id = await api.register(OFFICER, {
    source: { kind: 'public_report', reference: 'LAP-ETIK-1', receivedOn: addDays(today, -30) },
    violationType: 'SKB_ETIK_MEDSOS_INTERAKSI',
  });
  const c = `/cases/${id}`;
  await api.assignAndClarify(
    id,
    { likelyLevel: 'moral', reportReference: 'LHP-2', summary: 'Menyukai unggahan kampanye' },
    { start: { letterReference: '700/2/Insp' } },
  );
  await ok(`${c}/ppk-follow-up`, PPK, { action: 'majelis_kode_etik', letterNumber: 'TL-2', letterDate });
  const recommendation = async () =>
    Object.entries((await getCase(id)).deadlines).find(([, d]) => d.ruleId === 'majelis_recommendation');
  const fromLetter = addWorkingDays(TEST_CALENDAR, letterDate, 21);
  await waitFor(async () => (await recommendation())?.[1].dueDate === fromLetter);
  const [deadlineId] = (await recommendation())!;

  await ok(`${c}/majelis-kode-etik`, PPK, {
    decreeNumber: 'SK-MKE-1',
    decreeDate: addDays(letterDate, 1),
    members: ['Ketua', 'Sekretaris', 'Anggota'],
    hearingDate: sitting,
  });
  const fromSitting = addWorkingDays(TEST_CALENDAR, sitting, 21);
  await waitFor(async () => (await recommendation())?.[1].dueDate === fromSitting);
  expect((await recommendation())?.[0]).toBe(deadlineId);
  const rows: { due_date: string }[] = await netral.dataSource.query(
    `SELECT due_date::text AS due_date FROM case_deadlines WHERE case_id = $1 AND rule_id = 'majelis_recommendation'`,
    [id],
  );
  expect(rows).toEqual([{ due_date: fromSitting }]);
});

it('an open case started under 2026.1 migrates to the bundled 2026.2: the clarification deadline keeps its date, recorded under 2026.2', async () => {
  // A case as one started before the upgrade: its start configuration carries the 2026.1 policy.
  const caseId = 'NTR-POLICY2026V1';
  const config = caseConfigSource({ policy: DEADLINE_POLICY_2026_1, calendar: () => TEST_CALENDAR })();
  await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
    workflowId: caseId,
    taskQueue: 'cases-policy_migration',
    args: [{ config }],
  });
  const register = {
    type: 'RegisterReport',
    data: {
      ...registerBody({
        reportedAsn: { ...(registerBody().reportedAsn as object), nip: '198001012005011399' },
      }),
      caseId,
    },
  } as CaseCommand;
  await netral.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
    args: [{ command: register, actor: { id: 'officer-ani', role: 'officer', agency: BEKASI } }],
  });
  await ok(`/cases/${caseId}/assignment`, SUPERVISOR, { officerId: OFFICER.sub, officerName: 'Ani' });
  const clarification = (c: CaseView) =>
    Object.entries(c.deadlines).find(([, d]) => d.ruleId === 'clarification');
  const before = await waitFor(async () => clarification(await getCase(caseId)));
  expect(before[1]).toMatchObject({ policyVersion: '2026.1', length: 14 });
  expect((await getCase(caseId)).policyVersion ?? null).toBeNull();
  // The deadlines view describes the rule of the case's own version, not the bundled one.
  const basisShown = async () => {
    const view = await api.get<{ items: { ruleId: string; legalBasis: string; policyVersion: string }[] }>(
      `/cases/${caseId}/deadlines`,
      SUPERVISOR,
    );
    expect(view.status).toBe(200);
    return view.body.items.find((d) => d.ruleId === 'clarification');
  };
  expect(await basisShown()).toMatchObject({
    policyVersion: '2026.1',
    legalBasis: expect.stringMatching(/^Internal service target \[I\]; Instruksi Wali Kota Bekasi/),
  });

  const reason = 'Kebijakan 2026.2: dasar tenggat klarifikasi adalah target internal';
  const migrated = await api.post<CaseView>(`/cases/${caseId}/deadline-policy`, ADMIN, {
    toVersion: '2026.2',
    reason,
  });
  expect(migrated.status).toBe(200);
  expect(migrated.body.policyVersion).toBe('2026.2');
  // Re-recorded under the same id with the new version; the length (and so the date) is unchanged.
  const after = await waitFor(async () => {
    const found = clarification(await getCase(caseId));
    return found?.[1].policyVersion === '2026.2' ? found : undefined;
  });
  expect(after).toEqual([
    before[0],
    { ...before[1], policyVersion: '2026.2', recordedAt: expect.any(String) },
  ]);
  const events = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `/cases/${caseId}/events`,
    AUDITOR,
  );
  expect(events.body.items.filter((e) => e.type === 'DeadlinePolicyMigrated').map((e) => e.data)).toEqual([
    expect.objectContaining({ fromVersion: '2026.1', toVersion: '2026.2', reason }),
  ]);
  const shownAfter = await basisShown();
  expect(shownAfter).toMatchObject({ policyVersion: '2026.2' });
  expect(shownAfter?.legalBasis).not.toMatch(/^Internal service target \[I\]; Instruksi Wali Kota Bekasi/);
});

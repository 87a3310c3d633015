/**
 * The case responses conform to the OpenAPI document the API serves (issue #12: the schema shows every code
 * and invariant): a case taken through its whole lifecycle (clarification, recommendation, examination,
 * decision, delivery, keberatan and its outcome), and a case whose deadlines pass (reminders, escalations),
 * checked after every command and as GET /cases/{id} for a role that sees the reporter and one that does not.
 */
import { type CaseCommand } from '@netral/domain';
import { SANCTION_CASE_WORKFLOW, caseCommandUpdate } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import { type OpenApiDocument, ResponseConformance } from './openapi-conformance';
import { Api, OFFICER, PPK, registerBody, SUPERVISOR, waitFor, type Caller } from './support';

let netral: TestService;
let api: Api;
let conformance: ResponseConformance;

beforeAll(async () => {
  netral = await startTestService('api_case_schema');
  api = new Api(netral);
  const doc = await api.request<OpenApiDocument>('GET', '/docs-json');
  conformance = new ResponseConformance(doc.body);
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

/** Issues a command and returns the errors of its response against the operation's declared schema. */
async function step(template: string, id: string, as: Caller, body: unknown): Promise<string[]> {
  const res = await api.post(template.replace('{id}', id), as, body);
  if (res.status !== 200) throw new Error(`${template}: ${res.status} ${res.text}`);
  return conformance.errorsOfResponse('POST', template, 200, res.body).map((e) => `${template}: ${e}`);
}

async function caseErrors(
  id: string,
  as: Caller,
): Promise<{ errors: string[]; body: Record<string, unknown> }> {
  const res = await api.get(`/cases/${id}`, as);
  expect(res.status).toBe(200);
  return { errors: conformance.errorsOfResponse('GET', '/cases/{id}', 200, res.body), body: res.body };
}

it('a case through its whole lifecycle conforms to CaseStateView after every command', async () => {
  const registered = await api.post(
    '/cases',
    OFFICER,
    registerBody({ reportedAsn: { ...asn(), grade: 'III/c' } }),
  );
  expect(registered.status).toBe(201);
  const errors = conformance.errorsOfResponse('POST', '/cases', 201, registered.body);
  const id = (registered.body as { caseId: string }).caseId;
  const steps: [string, Caller, unknown][] = [
    ['/cases/{id}/assignment', SUPERVISOR, { officerId: OFFICER.sub, officerName: 'Ani' }],
    ['/cases/{id}/clarification/start', OFFICER, { by: 'inspektorat', letterReference: '700/1/Insp' }],
    [
      '/cases/{id}/clarification/result',
      OFFICER,
      {
        result: 'proceed',
        likelyLevel: 'sedang',
        timPemeriksaNeeded: true,
        reportReference: 'LHP-1/2025',
        summary: 'Cukup bukti',
      },
    ],
    [
      '/cases/{id}/recommendation',
      OFFICER,
      {
        body: 'BKN',
        letterNumber: 'BKN/REK/07/2025',
        letterDate: '2025-01-08',
        receivedOn: '2025-01-08',
        proven: true,
        recommendedSanction: 'PEMOTONGAN_TPP_25',
      },
    ],
    [
      '/cases/{id}/ppk-follow-up',
      PPK,
      { action: 'examination', letterNumber: 'TL-1', letterDate: '2025-01-10' },
    ],
    [
      '/cases/{id}/tim-pemeriksa',
      PPK,
      {
        decreeNumber: 'SK-TP/1/2025',
        decreeDate: '2025-01-10',
        members: [
          { name: 'Drs. Bambang Sutrisno', role: 'atasan_langsung', grade: 'IV/a' },
          { name: 'Rudi Hartono', role: 'pengawasan', grade: 'IV/a' },
          { name: 'Sri Wahyuni', role: 'kepegawaian', grade: 'III/d' },
        ],
      },
    ],
    [
      '/cases/{id}/summons',
      OFFICER,
      {
        sequence: 1,
        letterNumber: 'SP-1',
        issuedOn: '2025-01-13',
        deliveredOn: '2025-01-13',
        deliveryProofRef: 'TT-SP-1',
        hearingDate: '2025-01-22',
      },
    ],
    ['/cases/{id}/attendance', OFFICER, { sequence: 1, attended: true }],
    [
      '/cases/{id}/bap',
      OFFICER,
      { number: 'BAP-1', signedOn: '2025-01-22', asnSigned: false, refusalNote: 'Menolak' },
    ],
    [
      '/cases/{id}/sanction/decision',
      PPK,
      {
        sanctionCode: 'PEMOTONGAN_TPP_25',
        periodMonths: 9,
        decreeNumber: 'SK-HD/1/2025',
        decreeDate: '2025-02-03',
        decidingOfficial: { name: 'Wali Kota Bekasi', position: 'PPK', authority: 'ppk' },
      },
    ],
    [
      '/cases/{id}/sanction/delivery',
      OFFICER,
      { deliveredOn: '2025-02-05', method: 'in_person', proofRef: 'TT-SK-1' },
    ],
    [
      '/cases/{id}/objection',
      OFFICER,
      { kind: 'keberatan', filedOn: '2025-02-10', grounds: 'Berat', reference: 'KEB-1' },
    ],
    [
      '/cases/{id}/objection/outcome',
      OFFICER,
      {
        outcome: 'lightened',
        decidedOn: '2025-03-03',
        decisionRef: 'KEP-KEB-1/2025',
        sanctionCode: 'PEMOTONGAN_TPP_25',
        periodMonths: 6,
      },
    ],
  ];
  for (const [template, as, body] of steps) errors.push(...(await step(template, id, as, body)));
  const asSupervisor = await caseErrors(id, SUPERVISOR);
  const asOfficer = await caseErrors(id, OFFICER);
  // The same state as the audit views carry it: at an earlier version, and in the exported case file.
  const earlier = await api.get(`/cases/${id}/state?version=3`, SUPERVISOR);
  errors.push(...conformance.errorsOfResponse('GET', '/cases/{id}/state', 200, earlier.body));
  const exported = await api.get(`/cases/${id}/export?format=json`, SUPERVISOR);
  errors.push(...conformance.errorsOfResponse('GET', '/cases/{id}/export', 200, exported.body));
  expect([earlier.status, exported.status]).toEqual([200, 200]);
  expect([...errors, ...asSupervisor.errors, ...asOfficer.errors]).toEqual([]);
  // The case really carries what the schema now describes (not nulls that would pass trivially).
  const state = asSupervisor.body;
  expect(state).toMatchObject({
    election: { kind: 'pilkada', year: 2024 },
    clarification: { by: 'inspektorat', result: 'proceed', likelyLevel: 'sedang' },
    recommendations: [{ body: 'BKN', proven: true }],
    examination: { timPemeriksa: { members: expect.any(Array) }, bap: { asnSigned: false } },
    delivery: { method: 'in_person', objectionRoute: 'keberatan' },
    objection: { kind: 'keberatan', outcome: { outcome: 'lightened' } },
    confidential: { reporter: { name: 'Siti Rahma' } },
  });
  expect(Object.keys(state.deadlines as object).length).toBeGreaterThan(0);
  expect(asOfficer.body).toMatchObject({ confidential: { reporter: null } });
});

it('a case whose deadline passed, with reminders and an escalation, conforms too', async () => {
  // The test planner puts the deadlines of "late-" cases seconds away.
  const caseId = 'late-schema-001';
  await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
    workflowId: caseId,
    taskQueue: 'cases-api_case_schema',
    args: [{}],
  });
  const register = { type: 'RegisterReport', data: { ...registerBody(), caseId } } as CaseCommand;
  await netral.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
    args: [{ command: register, actor: { id: 'officer-ani', role: 'officer', agency: 'kota-bekasi' } }],
  });
  const escalated = await waitFor(async () => {
    const res = await api.get<{ escalations: unknown[]; reminders: unknown[] }>(
      `/cases/${caseId}`,
      SUPERVISOR,
    );
    return res.body.escalations?.length > 0 && res.body.reminders?.length > 0 ? res.body : undefined;
  });
  expect(escalated.escalations.length).toBeGreaterThan(0);
  const { errors } = await caseErrors(caseId, SUPERVISOR);
  expect(errors).toEqual([]);
});

it('a response with an undeclared field or a code outside its enum does not conform (the check bites)', () => {
  const close = {
    outcome: 'not_proven',
    reason: null,
    closedFromStage: 'clarification',
    at: '2025-01-01T00:00:00Z',
  };
  expect(conformance.errorsAgainst('ClosureView', close)).toEqual([]);
  expect(conformance.errorsAgainst('ClosureView', { ...close, extra: 1 }).join()).toMatch(/additional/);
  expect(conformance.errorsAgainst('ClosureView', { ...close, closedFromStage: 'nowhere' }).join()).toMatch(
    /allowed values/,
  );
  expect(conformance.errorsAgainst('ClosureView', { ...close, at: '2025-01-01' }).join()).toMatch(/format/);
});

function asn() {
  return registerBody().reportedAsn as Record<string, unknown>;
}

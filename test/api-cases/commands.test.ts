/**
 * The case commands over real HTTP against the whole service (embedded Temporal, worker, API): a full case
 * lifecycle by officer, supervisor and PPK; idempotent retries; If-Match; domain refusals; access (401, 403,
 * cross-agency 404); and bad input that must be refused without changing anything.
 */
import { mintLocalToken } from '../../apps/api/src/platform';
import { startTestService, TEST_SECRET, type TestService } from '../support/service';
import {
  Api,
  AUDITOR,
  BOGOR_OFFICER,
  BOGOR_SUPERVISOR,
  expectProblem,
  OFFICER,
  officerEventCount,
  OTHER_OFFICER,
  PPK,
  registerBody,
  SUPERVISOR,
  waitFor,
} from './support';

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('api_cases_commands');
  api = new Api(netral);
});
afterAll(async () => {
  await netral?.stop();
});

interface State {
  caseId: string;
  version: number;
  stage: string;
  agency: string;
  confidential: { reporter: { name: string } | null };
  closure: { outcome: string } | null;
}

describe('a moral-sanction case from report to served sanction', () => {
  it('is driven by officer, supervisor and PPK, each answer carrying the new state and its version', async () => {
    const registered = await api.post<State>('/cases', OFFICER, registerBody(), {
      'X-Request-Id': 'req-register-1',
    });
    expect(registered.status).toBe(201);
    const caseId = registered.body.caseId;
    expect(caseId).toMatch(/^NTR-[0-9A-Z]{12}$/);
    expect(registered.headers.get('location')).toBe(`/cases/${caseId}`);
    expect(registered.headers.get('etag')).toBe(`"${registered.body.version}"`);
    expect(registered.body).toMatchObject({ stage: 'intake', agency: 'kota-bekasi' });
    // The officer registered the report but does not see who reported it.
    expect(registered.body.confidential.reporter).toBeNull();

    const path = `/cases/${caseId}`;
    const steps: [string, typeof OFFICER, Record<string, unknown>, string][] = [
      ['assignment', SUPERVISOR, { officerId: 'officer-ani', officerName: 'Ani' }, 'clarification'],
      [
        'clarification/start',
        OFFICER,
        { by: 'inspektorat', letterReference: 'INS/01/2025' },
        'clarification',
      ],
      [
        'clarification/result',
        OFFICER,
        {
          result: 'proceed',
          likelyLevel: 'moral',
          timPemeriksaNeeded: false,
          reportReference: 'LHP-01/2025',
          summary: 'Cukup bukti untuk sidang kode etik',
        },
        'follow_up',
      ],
      [
        'ppk-follow-up',
        PPK,
        { action: 'majelis_kode_etik', letterNumber: 'PPK/TL/01/2025', letterDate: '2025-01-10' },
        'ethics_hearing',
      ],
      [
        'majelis-kode-etik',
        PPK,
        {
          decreeNumber: 'SK-MKE/01/2025',
          decreeDate: '2025-01-13',
          members: ['Ketua', 'Sekretaris', 'Anggota'],
          hearingDate: '2025-01-20',
          reason: 'Nota dinas 800/12/2025',
        },
        'ethics_hearing',
      ],
      [
        'majelis-kode-etik/recommendation',
        OFFICER,
        {
          proven: true,
          recommendedSanction: 'PERNYATAAN_TERBUKA',
          minutesRef: 'MKE-REK/01/2025',
          decidedOn: '2025-01-22',
        },
        'decision',
      ],
      [
        'sanction/decision',
        PPK,
        {
          sanctionCode: 'PERNYATAAN_TERBUKA',
          periodMonths: null,
          decreeNumber: 'SK-MORAL/800/01/2025',
          decreeDate: '2025-02-03',
          decidingOfficial: {
            name: 'Wali Kota Bekasi',
            position: 'Pejabat Pembina Kepegawaian',
            authority: 'ppk',
          },
        },
        'delivery',
      ],
      [
        'sanction/delivery',
        OFFICER,
        { deliveredOn: '2025-02-05', method: 'in_person', proofRef: 'TT-SK-01' },
        'closed',
      ],
    ];
    let last = registered.body;
    for (const [step, caller, body, stage] of steps) {
      const res = await api.post<State>(`${path}/${step}`, caller, body);
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.text}`);
      expect(res.body.stage).toBe(stage);
      expect(res.body.version).toBeGreaterThan(last.version);
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
      // Supervisors and the PPK see the reporter; officers never do.
      expect(res.body.confidential.reporter === null).toBe(caller.role === 'officer');
      last = res.body;
    }
    expect(last.closure).toMatchObject({ outcome: 'moral_sanction' });

    // The read side agrees, and reveals the reporter to the supervisor only.
    const asOfficer = await api.get<State>(path, OFFICER);
    const asSupervisor = await api.get<State>(path, SUPERVISOR);
    expect(asOfficer.body).toMatchObject({ stage: 'closed' });
    expect(asOfficer.body.confidential.reporter).toBeNull();
    expect(asSupervisor.body.confidential.reporter).toMatchObject({ name: 'Siti Rahma' });
    expect(asSupervisor.headers.get('etag')).toBe(`"${asSupervisor.body.version}"`);

    // Events carry who acted, the request's correlation id and the reason given.
    const events = (await netral.dataSource.query(
      `SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY version`,
      [caseId],
    )) as { type: string; metadata: Record<string, string> }[];
    expect(events.find((e) => e.type === 'CaseRegistered')?.metadata).toMatchObject({
      actorId: 'officer-ani',
      role: 'officer',
      agency: 'kota-bekasi',
      correlationId: 'req-register-1',
    });
    expect(events.find((e) => e.type === 'MajelisKodeEtikConvened')?.metadata).toMatchObject({
      actorId: 'ppk-walikota',
      reason: 'Nota dinas 800/12/2025',
    });
    expect(events.find((e) => e.type === 'SanctionDecided')?.metadata.role).toBe('ppk');
  });
});

describe('idempotency and concurrency', () => {
  it('a retried registration with the same Idempotency-Key names the same case and records it once', async () => {
    const key = 'c1d0a0e2-2b7e-4d8c-9c5e-1f2a3b4c5d6e';
    const first = await api.post<State>('/cases', OFFICER, registerBody(), { 'Idempotency-Key': key });
    const again = await api.post<State>('/cases', OFFICER, registerBody(), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.body.version).toBe(first.body.version);
    const registrations = (await netral.dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'CaseRegistered'`,
      [first.body.caseId],
    )) as { n: number }[];
    expect(registrations[0].n).toBe(1);
  });

  it('a retried command returns the first answer and leaves one set of events', async () => {
    const caseId = await api.register();
    const key = 'assign-retry-0001';
    const first = await api.post<State>(
      `/cases/${caseId}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      {
        'Idempotency-Key': key,
      },
    );
    const before = await officerEventCount(netral, caseId);
    const again = await api.post<State>(
      `/cases/${caseId}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      {
        'Idempotency-Key': key,
      },
    );
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    expect(await officerEventCount(netral, caseId)).toBe(before);
    // Without the key the same command is a new one, and the domain refuses it (already assigned).
    const repeated = await api.post(`/cases/${caseId}/assignment`, SUPERVISOR, { officerId: 'officer-ani' });
    expectProblem(repeated, 422, 'INVALID_COMMAND');
  });

  it('rejects a malformed Idempotency-Key', async () => {
    const caseId = await api.register();
    const res = await api.post(
      `/cases/${caseId}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      {
        'Idempotency-Key': 'bad key!',
      },
    );
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('If-Match: only workflow (system) events since the tag pass; an officer event gets 412', async () => {
    const caseId = await api.register();
    /** Version of the newest event of this case whose actor is (not) the workflow. */
    const lastVersion = async (system: boolean): Promise<number> => {
      const [row] = (await netral.dataSource.query(
        `SELECT coalesce(max(version), 0)::int AS v FROM events
          WHERE stream_id = $1 AND (metadata->>'role' = 'system') = $2`,
        [caseId, system],
      )) as { v: number }[];
      return row.v;
    };
    // The workflow records the assignment deadline on its own (a system event) after the registration.
    await waitFor(async () => (await lastVersion(true)) > (await lastVersion(false)));
    const registeredAt = await lastVersion(false);
    const read = await api.get<State>(`/cases/${caseId}`, SUPERVISOR);
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    expect(read.body.version).toBeGreaterThan(registeredAt);

    // A form opened at the registration's version: only the deadline event came since, so it passes.
    const accepted = await api.post<State>(
      `/cases/${caseId}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      { 'If-Match': `"${registeredAt}"` },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('etag')).toBe(`"${accepted.body.version}"`);

    // The same tag now lies before an officer's event (the assignment): refused, nothing recorded.
    const before = await officerEventCount(netral, caseId);
    const stale = await api.post(
      `/cases/${caseId}/withdraw`,
      SUPERVISOR,
      { reason: 'x' },
      { 'If-Match': `"${registeredAt}"` },
    );
    expectProblem(stale, 412, 'VERSION_MISMATCH');
    // Nor does a tag from the future match.
    expectProblem(
      await api.post(`/cases/${caseId}/withdraw`, SUPERVISOR, { reason: 'x' }, { 'If-Match': '"999"' }),
      412,
      'VERSION_MISMATCH',
    );
    expect(await officerEventCount(netral, caseId)).toBe(before);

    const current = (await api.get<State>(`/cases/${caseId}`, SUPERVISOR)).headers.get('etag')!;
    // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches, even the current version.
    expectProblem(
      await api.post(
        `/cases/${caseId}/withdraw`,
        SUPERVISOR,
        { reason: 'x' },
        { 'If-Match': `W/${current}` },
      ),
      412,
      'VERSION_MISMATCH',
    );
    expectProblem(
      await api.post(`/cases/${caseId}/withdraw`, SUPERVISOR, { reason: 'x' }, { 'If-Match': 'W/1' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await officerEventCount(netral, caseId)).toBe(before);
  });
});

describe('domain refusals', () => {
  it('a command in the wrong stage is 409 with the domain code in both languages', async () => {
    const caseId = await api.register();
    const before = await officerEventCount(netral, caseId);
    const res = await api.post(`/cases/${caseId}/sanction/delivery`, OFFICER, {
      deliveredOn: '2025-02-05',
      method: 'in_person',
      proofRef: 'TT-1',
    });
    expectProblem(res, 409, 'WRONG_STAGE');
    expect((res.body as { detailId: string }).detailId).toMatch(/Tidak dapat dilakukan pada tahap ini/);
    expect(await officerEventCount(netral, caseId)).toBe(before);
  });

  it('a rule violation is 422: an unknown violation type registers nothing', async () => {
    const before = await officerEventCount(netral);
    const res = await api.post('/cases', OFFICER, registerBody({ violationType: 'NO_SUCH_VIOLATION' }));
    expectProblem(res, 422, 'UNKNOWN_VIOLATION_TYPE');
    expect((res.body as { detailId: string }).detailId).toMatch(/Jenis pelanggaran tidak dikenal/);
    expect(await officerEventCount(netral)).toBe(before);
  });

  it('only the assigned officer acts on a case (403 with the domain code)', async () => {
    const caseId = await api.register();
    await api.post(`/cases/${caseId}/assignment`, SUPERVISOR, { officerId: 'officer-ani' });
    const res = await api.post(`/cases/${caseId}/clarification/start`, OTHER_OFFICER, { by: 'inspektorat' });
    expectProblem(res, 403, 'NOT_ASSIGNED_OFFICER');
  });

  it('an unknown case is 404', async () => {
    expectProblem(await api.post('/cases/NTR-000000000000/assignment', SUPERVISOR, { officerId: 'x' }), 404);
    expectProblem(await api.get('/cases/NTR-000000000000', SUPERVISOR), 404, 'NOT_FOUND');
    expectProblem(await api.get('/cases/..%2F..%2Fetc', SUPERVISOR), 404);
  });
});

describe('access', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = await api.register();
  });

  it('another agency gets 404, for reads and for commands, and nothing changes', async () => {
    const before = await officerEventCount(netral, caseId);
    expectProblem(await api.get(`/cases/${caseId}`, BOGOR_OFFICER), 404, 'NOT_FOUND');
    const command = await api.post(`/cases/${caseId}/assignment`, BOGOR_SUPERVISOR, { officerId: 'x' });
    expectProblem(command, 404, 'NOT_FOUND');
    expect(await officerEventCount(netral, caseId)).toBe(before);
  });

  it('a role the domain does not allow gets 403 (officer assigning, PPK clarifying)', async () => {
    expectProblem(
      await api.post(`/cases/${caseId}/assignment`, OFFICER, { officerId: 'officer-ani' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(
      await api.post(`/cases/${caseId}/clarification/start`, PPK, { by: 'inspektorat' }),
      403,
      'FORBIDDEN',
    );
  });

  it('auditors read but every command is 403', async () => {
    expect((await api.get(`/cases/${caseId}`, AUDITOR)).status).toBe(200);
    expectProblem(await api.post('/cases', AUDITOR, registerBody()), 403, 'FORBIDDEN');
    expectProblem(await api.post(`/cases/${caseId}/withdraw`, AUDITOR, { reason: 'x' }), 403, 'FORBIDDEN');
  });

  it('a missing, expired or wrongly signed token gets 401', async () => {
    expectProblem(await api.post('/cases', undefined, registerBody()), 401, 'UNAUTHENTICATED');
    // Issued two hours ago for one hour (the test service allows no clock skew).
    const expired = await mintLocalToken({
      secret: TEST_SECRET,
      role: 'officer',
      agency: 'kota-bekasi',
      ttl: '1h',
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
    });
    expectProblem(
      await api.request('POST', '/cases', {
        body: registerBody(),
        headers: { Authorization: `Bearer ${expired}` },
      }),
      401,
      'UNAUTHENTICATED',
    );
    const good = await netral.token('officer', 'kota-bekasi');
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expectProblem(
      await api.request('GET', `/cases/${caseId}`, { headers: { Authorization: `Bearer ${forged}` } }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('bad input is a 400 problem that changes nothing', () => {
  let caseId: string;
  let before: number;
  beforeAll(async () => {
    caseId = await api.register();
    await api.post(`/cases/${caseId}/assignment`, SUPERVISOR, { officerId: 'officer-ani' });
  });
  beforeEach(async () => {
    before = await officerEventCount(netral);
  });
  afterEach(async () => {
    expect(await officerEventCount(netral)).toBe(before);
  });

  it('malformed JSON', async () => {
    const res = await api.request('POST', `/cases/${caseId}/clarification/start`, {
      as: OFFICER,
      raw: '{"by": "inspektorat",',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('unknown fields, at the top and nested', async () => {
    const top = await api.post(`/cases/${caseId}/clarification/start`, OFFICER, {
      by: 'inspektorat',
      admin: true,
    });
    expectProblem(top, 400, 'VALIDATION_FAILED');
    expect((top.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('admin');
    const nested = await api.post('/cases', OFFICER, {
      ...registerBody(),
      reportedAsn: { ...(registerBody().reportedAsn as object), salary: 1 },
    });
    expectProblem(nested, 400, 'VALIDATION_FAILED');
    expect((nested.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      'reportedAsn.salary',
    );
  });

  it('wrong types, bad enums and bad dates, each field named', async () => {
    const res = await api.post('/cases', OFFICER, {
      ...registerBody(),
      election: { kind: 'pilpres', year: '2024' },
      source: { kind: 'public_report', receivedOn: '2025-02-30' },
      evidence: 'photo',
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['election.kind', 'election.year', 'source.receivedOn', 'evidence']),
    );
    const attendance = await api.post(`/cases/${caseId}/attendance`, OFFICER, {
      sequence: '1',
      attended: 'yes',
    });
    expectProblem(attendance, 400, 'VALIDATION_FAILED');
    const notObject = await api.request('POST', `/cases/${caseId}/withdraw`, {
      as: SUPERVISOR,
      raw: '"withdraw"',
    });
    expect(notObject.status).toBe(400);
  });

  it('an oversized body is 413', async () => {
    const res = await api.post('/cases', OFFICER, registerBody({ conduct: 'x'.repeat(200_000) }));
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('script tags and control characters in text', async () => {
    const script = await api.post('/cases', OFFICER, registerBody({ conduct: '<script>alert(1)</script>' }));
    expectProblem(script, 400, 'VALIDATION_FAILED');
    const control = await api.post(`/cases/${caseId}/clarification/start`, OFFICER, {
      by: 'inspektorat',
      letterReference: 'INS\u0000/01',
    });
    expectProblem(control, 400, 'VALIDATION_FAILED');
  });

  it('SQL in fields and in the search', async () => {
    const sqlName = await api.post('/cases', OFFICER, {
      ...registerBody(),
      reportedAsn: { ...(registerBody().reportedAsn as object), nip: "1' OR '1'='1" },
    });
    expectProblem(sqlName, 400, 'VALIDATION_FAILED');
    const search = await api.get(`/cases?q=${encodeURIComponent("'; DROP TABLE case_summary; --")}`, OFFICER);
    expectProblem(search, 400, 'VALIDATION_FAILED');
    const [{ n }] = (await netral.dataSource.query(`SELECT count(*)::int AS n FROM case_summary`)) as {
      n: number;
    }[];
    expect(n).toBeGreaterThan(0);
  });
});

it('publishes every command in the OpenAPI document with its roles, body schema and problems', async () => {
  const doc = (await (await fetch(`${netral.url}/docs-json`)).json()) as {
    paths: Record<
      string,
      Record<string, { operationId: string; responses: Record<string, unknown>; security?: unknown[] }>
    >;
  };
  const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
  const ids = operations.map((o) => o.operationId);
  for (const id of [
    'RegisterReport',
    'AssignOfficer',
    'DecideSanction',
    'ReopenCase',
    'listCases',
    'statistics',
  ]) {
    expect(ids).toContain(id);
  }
  const decide = doc.paths['/cases/{id}/sanction/decision'].post;
  expect(Object.keys(decide.responses)).toEqual(
    expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '422']),
  );
  expect(decide.security).toEqual([{ bearer: [] }]);
});

it('counts command outcomes in the metrics', async () => {
  const admin = await netral.token('admin', '*');
  const text = await (
    await fetch(`${netral.url}/metrics`, { headers: { Authorization: `Bearer ${admin}` } })
  ).text();
  expect(text).toMatch(/netral_commands_total\{command="RegisterReport",outcome="accepted"\} \d+/);
  expect(text).toMatch(/netral_commands_total\{command="RecordDelivery",outcome="rejected"\} \d+/);
});

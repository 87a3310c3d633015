/**
 * Which sanction a decision may carry, over real HTTP and the workflow (domain.md "Sanction catalogue"): the
 * sedang variant by the agency's pay scheme (Kota Bekasi pays TPP), the SKB 2022 reading an administrator
 * chooses (recorded on each new case, never changing a running one), a moral sanction beside the disciplinary
 * one, PTDH for party membership on its own track, who may decide (a dismissal: the PPK alone), the objection
 * route of a dismissal (banding, not keberatan) and the Tim Pemeriksa members' rank.
 */
import { startTestService, type TestService } from '../support/service';
import { Api, BEKASI, expectProblem, OFFICER, PPK, SUPERVISOR, type Caller } from './support';

let netral: TestService;
let api: Api;

const ADMIN: Caller = { role: 'admin', agency: BEKASI, sub: 'admin-bekasi' };

beforeAll(async () => {
  netral = await startTestService('api_sanctions');
  api = new Api(netral);
}, 180_000);
afterAll(async () => {
  await netral?.stop();
});

const ok = (path: string, as: Caller, body: unknown) => api.ok(path, as, body);

const put = (path: string, as: Caller, body: unknown) => api.request('PUT', path, { as, body });

const decision = (
  sanctionCode: string,
  periodMonths: number | null,
  extra: Record<string, unknown> = {},
) => ({
  sanctionCode,
  periodMonths,
  decreeNumber: 'SK-HD/1/2025',
  decreeDate: '2025-02-03',
  decidingOfficial: { name: 'Wali Kota Bekasi', position: 'PPK', authority: 'ppk' },
  ...extra,
});

/** A case of Kota Bekasi registered and clarified (sedang), ready for the PPK's follow-up. */
async function clarifiedCase(nip: string, violationType: string): Promise<string> {
  const id = await api.register(OFFICER, { violationType, reportedAsn: registered(nip) });
  await api.assignAndClarify(id, { reportReference: 'LHP-1/2025' });
  return id;
}

function registered(nip: string) {
  return {
    nip,
    name: 'Dedi Kurniawan',
    position: 'Kepala Seksi Pelayanan',
    unit: 'Kecamatan Bekasi Timur',
    agency: 'Pemerintah Kota Bekasi',
    employeeType: 'PNS',
  };
}

/** Through the examination to the decision stage (hearing attended, BAP signed). */
async function examinedCase(nip: string, violationType: string): Promise<string> {
  const id = await clarifiedCase(nip, violationType);
  const c = `/cases/${id}`;
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-1',
    letterDate: '2025-01-10',
  });
  await ok(`${c}/summons`, OFFICER, {
    sequence: 1,
    letterNumber: 'SP-1',
    issuedOn: '2025-01-13',
    deliveredOn: '2025-01-13',
    deliveryProofRef: 'TT-SP-1',
    hearingDate: '2025-01-22',
  });
  await ok(`${c}/attendance`, OFFICER, { sequence: 1, attended: true });
  await ok(`${c}/bap`, OFFICER, { number: 'BAP-1', signedOn: '2025-01-22', asnSigned: true });
  return id;
}

async function registration(id: string): Promise<Record<string, unknown>> {
  const events = await api.get<{ items: { type: string; data: Record<string, unknown> }[] }>(
    `/cases/${id}/events`,
    SUPERVISOR,
  );
  return events.body.items.find((e) => e.type === 'CaseRegistered')!.data;
}

it('a TPP agency decides the TPP cut; the tukin cut is refused with SANCTION_NOT_FOR_PAY_SCHEME', async () => {
  const id = await examinedCase('198001012005011201', 'PP94_5N_1_IKUT_KAMPANYE');
  expect(await registration(id)).toMatchObject({ payScheme: 'tpp' });
  const refused = await api.post(`/cases/${id}/sanction/decision`, PPK, decision('PEMOTONGAN_TUKIN_25', 6));
  expectProblem(refused, 422, 'SANCTION_NOT_FOR_PAY_SCHEME');
  expect((refused.body as { detailId: string }).detailId).toMatch(/^Varian hukuman disiplin sedang/);
  const decided = await api.post(`/cases/${id}/sanction/decision`, PPK, decision('PEMOTONGAN_TPP_25', 9));
  expect({ status: decided.status, text: decided.status === 200 ? '' : decided.text }).toEqual({
    status: 200,
    text: '',
  });
});

it('moral + disciplinary together; two disciplinary sanctions are refused', async () => {
  const id = await examinedCase('198001012005011202', 'SKB_ETIK_MEDSOS_INTERAKSI');
  const c = `/cases/${id}/sanction/decision`;
  const twice = await api.post(
    c,
    PPK,
    decision('PEMOTONGAN_TPP_25', 6, { moralSanctionCode: 'TEGURAN_LISAN' }),
  );
  expectProblem(twice, 422, 'MORAL_SANCTION_COMBINATION_NOT_ALLOWED');
  const both = await api.post(
    c,
    PPK,
    decision('PEMOTONGAN_TPP_25', 6, { moralSanctionCode: 'PERNYATAAN_TERBUKA' }),
  );
  expect(both.status).toBe(200);
  const view = await api.get<{ decision: { sanctionCode: string; moralSanctionCode: string } }>(
    `/cases/${id}`,
    OFFICER,
  );
  expect(view.body.decision).toMatchObject({
    sanctionCode: 'PEMOTONGAN_TPP_25',
    moralSanctionCode: 'PERNYATAAN_TERBUKA',
  });
});

it('an administrator chooses the SKB 2022 reading (recorded); new cases record it, running ones keep theirs', async () => {
  const before = await examinedCase('198001012005011203', 'SKB_ETIK_MEDSOS_INTERAKSI');
  expect(await registration(before)).toMatchObject({ violationReading: 'moral_dan_disiplin' });

  expectProblem(
    await put('/catalogues/violation-reading', OFFICER, { reading: 'moral_saja', reason: 'x' }),
    403,
  );
  expectProblem(
    await put('/catalogues/violation-reading', ADMIN, { reading: 'sangat_ketat', reason: 'Uji' }),
    422,
    'UNKNOWN_VIOLATION_READING',
  );
  const chosen = await put('/catalogues/violation-reading', ADMIN, {
    reading: 'moral_saja',
    reason: 'SE Wali Kota Bekasi 800/12/2025',
  });
  expect(chosen.status).toBe(200);
  expect(chosen.body).toMatchObject({
    agency: BEKASI,
    reading: 'moral_saja',
    chosen: true,
    history: [{ reading: 'moral_saja', reason: 'SE Wali Kota Bekasi 800/12/2025', actorId: 'admin-bekasi' }],
  });
  const read = await api.get('/catalogues/violation-reading', OFFICER);
  expect(read.body).toMatchObject({ reading: 'moral_saja' });

  const after = await examinedCase('198001012005011204', 'SKB_ETIK_MEDSOS_INTERAKSI');
  expect(await registration(after)).toMatchObject({ violationReading: 'moral_saja' });
  // Under moral_saja a "like" carries only a moral sanction; the case registered before keeps sedang.
  expectProblem(
    await api.post(`/cases/${after}/sanction/decision`, PPK, decision('PEMOTONGAN_TPP_25', 6)),
    422,
    'SANCTION_NOT_ALLOWED_FOR_VIOLATION',
  );
  expect(
    (await api.post(`/cases/${before}/sanction/decision`, PPK, decision('PEMOTONGAN_TPP_25', 6))).status,
  ).toBe(200);
  // Restore the default for the other tests of this file (a new choice, recorded like any other).
  expect(
    (await put('/catalogues/violation-reading', ADMIN, { reading: 'moral_dan_disiplin', reason: 'Kembali' }))
      .status,
  ).toBe(200);
});

it('PTDH for party membership runs on its own track, without a hearing', async () => {
  const id = await clarifiedCase('198001012005011205', 'SKB_ANGGOTA_PARPOL');
  const c = `/cases/${id}`;
  expectProblem(
    await api.post(`${c}/ppk-follow-up`, PPK, {
      action: 'ptdh_partai',
      letterNumber: 'TL-2',
      letterDate: '2025-01-10',
    }),
    422,
    'INVALID_COMMAND',
  );
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'ptdh_partai',
    letterNumber: 'TL-2',
    letterDate: '2025-01-10',
    membershipProofRef: 'KTA-PARTAI/0042',
  });
  const view = await api.get<{ stage: string; allowedCommands: { type: string }[] }>(c, PPK);
  expect(view.body.stage).toBe('decision');
  expect(view.body.allowedCommands.map((a) => a.type)).toContain('DecideSanction');
  await ok(`${c}/sanction/decision`, PPK, decision('PTDH', null));
  const other = await clarifiedCase('198001012005011206', 'PP94_5N_1_IKUT_KAMPANYE');
  expectProblem(
    await api.post(`/cases/${other}/ppk-follow-up`, PPK, {
      action: 'ptdh_partai',
      letterNumber: 'TL-3',
      letterDate: '2025-01-10',
      membershipProofRef: 'KTA-PARTAI/0043',
    }),
    422,
    'PARTY_MEMBERSHIP_TRACK_NOT_APPLICABLE',
  );
});

it('a part-time PPPK gets contract termination (banding to BPASN), never a PNS dismissal', async () => {
  const id = await api.register(OFFICER, {
    violationType: 'PP94_5N_4_FASILITAS_NEGARA',
    reportedAsn: { ...registered('198001012005011207'), employeeType: 'PPPK_PARUH_WAKTU' },
  });
  const c = `/cases/${id}`;
  await api.assignAndClarify(
    id,
    { likelyLevel: 'berat', timPemeriksaNeeded: true, reportReference: 'LHP-2/2025' },
    { start: { letterReference: '700/2/Insp' } },
  );
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-4',
    letterDate: '2025-01-10',
  });
  await ok(`${c}/tim-pemeriksa`, PPK, {
    decreeNumber: 'SK-TIM/2/2025',
    decreeDate: '2025-01-10',
    members: [
      { name: 'Camat', role: 'atasan_langsung' },
      { name: 'Auditor Inspektorat', role: 'pengawasan' },
      { name: 'Analis BKPSDM', role: 'kepegawaian' },
    ],
  });
  await ok(`${c}/summons`, OFFICER, {
    sequence: 1,
    letterNumber: 'SP-2',
    issuedOn: '2025-01-13',
    deliveredOn: '2025-01-13',
    deliveryProofRef: 'TT-SP-2',
    hearingDate: '2025-01-22',
  });
  await ok(`${c}/attendance`, OFFICER, { sequence: 1, attended: true });
  await ok(`${c}/bap`, OFFICER, { number: 'BAP-2', signedOn: '2025-01-22', asnSigned: true });
  expectProblem(
    await api.post(`${c}/sanction/decision`, PPK, decision('PDHTAPS', null)),
    422,
    'SANCTION_NOT_APPLICABLE_TO_EMPLOYEE_TYPE',
  );
  // A dismissal (here the contract's termination) is the PPK's own decision, never a delegated one.
  const delegated = {
    name: 'Sekretaris Daerah',
    position: 'Sekda',
    authority: 'delegated',
    delegationRef: 'Perwal 12/2024',
  };
  expectProblem(
    await api.post(
      `${c}/sanction/decision`,
      PPK,
      decision('PPPK_PEMUTUSAN_PERJANJIAN', null, { decidingOfficial: delegated }),
    ),
    422,
    'DECIDING_OFFICIAL_NOT_AUTHORISED',
  );
  await ok(`${c}/sanction/decision`, PPK, decision('PPPK_PEMUTUSAN_PERJANJIAN', null));
  await ok(`${c}/sanction/delivery`, OFFICER, {
    deliveredOn: '2025-02-05',
    method: 'in_person',
    proofRef: 'TT-SK-2',
  });
  const view = await api.get<{ delivery: { objectionRoute: string } }>(c, OFFICER);
  expect(view.body.delivery.objectionRoute).toBe('banding');
  // It is appealed to BPASN (banding), not objected to the official above (keberatan).
  const keberatan = await api.post(`${c}/objection`, OFFICER, {
    kind: 'keberatan',
    filedOn: '2025-02-10',
    grounds: 'Terlalu berat',
    reference: 'KEB-PPPK/2025',
  });
  expectProblem(keberatan, 422, 'WRONG_OBJECTION_ROUTE');
});

it('a delegated official decides with the delegation reference, also a moral sanction beside the cut', async () => {
  const id = await examinedCase('198001012005011208', 'SKB_ETIK_MEDSOS_INTERAKSI');
  const c = `/cases/${id}/sanction/decision`;
  const sekda = { name: 'Sekretaris Daerah', position: 'Sekda', authority: 'delegated' };
  const moral = { moralSanctionCode: 'PERNYATAAN_TERBUKA' };
  expectProblem(
    await api.post(c, PPK, decision('PEMOTONGAN_TPP_25', 6, { ...moral, decidingOfficial: sekda })),
    422,
    'DECIDING_OFFICIAL_NOT_AUTHORISED',
  );
  const withRef = { ...sekda, delegationRef: 'Perwal 12/2024' };
  await ok(c, PPK, decision('PEMOTONGAN_TPP_25', 6, { ...moral, decidingOfficial: withRef }));
  const view = await api.get<{ decision: { moralSanctionCode: string } }>(`/cases/${id}`, OFFICER);
  expect(view.body.decision.moralSanctionCode).toBe('PERNYATAAN_TERBUKA');
});

it('Tim Pemeriksa members do not rank below the examined ASN, naming both golongan', async () => {
  const id = await api.register(OFFICER, {
    violationType: 'PP94_5N_4_FASILITAS_NEGARA',
    reportedAsn: { ...registered('198001012005011209'), grade: 'III/c' },
  });
  const c = `/cases/${id}`;
  await api.assignAndClarify(
    id,
    {
      likelyLevel: 'berat',
      timPemeriksaNeeded: true,
      reportReference: 'LHP-3/2025',
      occurredOn: '2025-01-09',
    },
    { start: { occurredOn: '2025-01-07' } },
  );
  await ok(`${c}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'TL-5',
    letterDate: '2025-01-10',
  });
  const tim = (auditorGrade: string) => ({
    decreeNumber: 'SK-TIM/3/2025',
    decreeDate: '2025-01-10',
    members: [
      { name: 'Camat', role: 'atasan_langsung', grade: 'IV/a' },
      { name: 'Auditor Inspektorat', role: 'pengawasan', grade: auditorGrade },
      { name: 'Analis BKPSDM', role: 'kepegawaian', grade: 'III/d' },
    ],
  });
  const below = await api.post(`${c}/tim-pemeriksa`, PPK, tim('III/a'));
  expectProblem(below, 422, 'TIM_MEMBER_RANK_BELOW_ASN');
  expect((below.body as { detailId: string }).detailId).toContain('III/a');
  expect((below.body as { detailId: string }).detailId).toContain('III/c');
  await ok(`${c}/tim-pemeriksa`, PPK, tim('III/c'));
});

it('GET /catalogues lists the sedang variants with their pay schemes and the levels under every reading', async () => {
  const res = await api.get<{
    sanctions: {
      sanctions: { code: string; paySchemes: string[]; legalBasis: string; confidence: string }[];
    };
    agencies: { agencies: { confidence: string; confidenceNote?: string }[] };
    supervisoryBodies: { periods: { confidence: string }[] };
    violations: {
      defaultReading: string;
      readings: { code: string; confidence: string }[];
      violations: { code: string; byReading: { reading: string; allowedLevels: string[] }[] }[];
    };
  }>('/catalogues', OFFICER);
  const tpp = res.body.sanctions.sanctions.find((s) => s.code === 'PEMOTONGAN_TPP_25');
  expect(tpp).toMatchObject({ paySchemes: ['tpp'], legalBasis: expect.stringContaining('PP 94/2021 Ps 8') });
  expect(res.body.sanctions.sanctions.find((s) => s.code === 'PP53_PENUNDAAN_KGB')?.legalBasis).toContain(
    'PP 53/2010 Ps 7',
  );
  // Confidence is a field of its own (C cited, S secondary sources, I interpretation); legalBasis is clean text.
  expect(res.body.sanctions.sanctions.find((s) => s.code === 'TEGURAN_LISAN')).toMatchObject({
    legalBasis: 'PP 94/2021 Ps 8 ayat (2) huruf a',
    confidence: 'C',
  });
  expect(tpp).toMatchObject({ confidence: 'S', confidenceNote: expect.stringContaining('TPP') });
  for (const s of res.body.sanctions.sanctions) expect(s.legalBasis).not.toMatch(/\[[CSI]\b/);
  expect(res.body.violations.readings.map((r) => r.confidence)).toEqual(['S', 'I', 'C']);
  expect(res.body.agencies.agencies.every((a) => a.confidence === 'I' && !!a.confidenceNote)).toBe(true);
  expect(res.body.supervisoryBodies.periods.map((p) => p.confidence)).toEqual(['C', 'C']);
  const doc = (
    await api.request<{ components: { schemas: Record<string, { properties?: object }> } }>(
      'GET',
      '/docs-json',
    )
  ).body;
  for (const view of [
    'SanctionView',
    'ViolationView',
    'ViolationReadingView',
    'AgencyView',
    'SupervisoryBodyPeriodView',
  ]) {
    expect(JSON.stringify(doc.components.schemas[view])).toContain('"confidence"');
  }
  expect(res.body.violations.defaultReading).toBe('moral_dan_disiplin');
  expect(res.body.violations.readings.map((r) => r.code)).toEqual([
    'moral_dan_disiplin',
    'moral_saja',
    'ketat',
  ]);
  const medsos = res.body.violations.violations.find((v) => v.code === 'SKB_ETIK_MEDSOS_INTERAKSI');
  expect(medsos?.byReading).toEqual([
    {
      reading: 'moral_dan_disiplin',
      allowedLevels: ['moral', 'sedang'],
      allowedSanctions: expect.any(Array),
    },
    {
      reading: 'moral_saja',
      allowedLevels: ['moral'],
      allowedSanctions: ['PERNYATAAN_TERTUTUP', 'PERNYATAAN_TERBUKA'],
    },
    { reading: 'ketat', allowedLevels: ['moral', 'berat'], allowedSanctions: expect.any(Array) },
  ]);
});

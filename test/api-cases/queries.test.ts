/**
 * The case queries over real HTTP, from the read models: list filters, text search, cursor paging and
 * sorting, the work list, upcoming and overdue deadlines (a "late-" case gets deadlines seconds away),
 * statistics with real numbers, and agency scoping throughout.
 */
import { type CaseCommand, COMMANDS, COMMAND_TYPES } from '@netral/domain';
import { SANCTION_CASE_WORKFLOW, caseCommandUpdate } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import {
  Api,
  BOGOR,
  BOGOR_OFFICER,
  expectProblem,
  OFFICER,
  OTHER_OFFICER,
  PPK,
  registerBody,
  SUPERVISOR,
  waitFor,
  type Caller,
} from './support';

let netral: TestService;
let api: Api;
const ids: Record<string, string> = {};
const LATE = 'late-bekasi-001';
const NATIONAL_AUDITOR: Caller = { role: 'auditor', agency: '*', sub: 'auditor-bkn' };

interface Item {
  caseId: string;
  agency: string;
  stage: string;
  officerId: string | null;
  reportedAsn: { name: string; nip: string | null };
  nextDueAt: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  nextDeadline?: { ruleId: string; dueAt: string } | null;
}
interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

function asn(name: string, nip: string) {
  return { ...(registerBody().reportedAsn as object), name, nip };
}

const recommendation = {
  body: 'BKN',
  letterNumber: 'BKN/REK/07/2025',
  letterDate: '2025-01-08',
  receivedOn: '2025-01-08',
  proven: true,
  recommendedSanction: 'PEMOTONGAN_TUKIN_25',
};

beforeAll(async () => {
  netral = await startTestService('api_cases_queries');
  api = new Api(netral);
  // Bekasi: five cases at different points; Bogor: one. Independent cases are set up concurrently.
  [ids.dedi, ids.rina, ids.agus, ids.budi, ids.dewi] = await Promise.all([
    api.register(OFFICER, { reportedAsn: asn('Dedi Kurniawan', '198001012005011001') }),
    api.register(OFFICER, {
      reportedAsn: asn('Rina Marlina', '198502022010012002'),
      violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    }),
    api.register(OFFICER, { reportedAsn: asn('Agus Salim', '197703032000031003') }),
    api.register(OFFICER, { reportedAsn: asn('Budi Hartono', '199004042015041004') }),
    api.register(OFFICER, {
      reportedAsn: asn('Dewi Lestari', '198806062012062006'),
      source: { kind: 'bawaslu_finding', reference: 'TEMUAN/BWSL/09/2024', receivedOn: '2025-01-03' },
      reporter: null,
    }),
  ]);
  ids.bogor = await api.register(BOGOR_OFFICER, { reportedAsn: asn('Rina Bogor', '198101012006011001') });
  await Promise.all([
    ...['rina', 'agus', 'dewi'].map((key) =>
      api.post(`/cases/${ids[key]}/assignment`, SUPERVISOR, { officerId: 'officer-ani' }),
    ),
    api.post(`/cases/${ids.budi}/assignment`, SUPERVISOR, { officerId: 'officer-budi' }),
  ]);
  // Two recommendations, one followed up by the PPK.
  await api.post(`/cases/${ids.rina}/recommendation`, OFFICER, recommendation);
  await api.post(`/cases/${ids.agus}/recommendation`, OFFICER, {
    ...recommendation,
    letterNumber: 'BKN/REK/08/2025',
  });
  const followed = await api.post(`/cases/${ids.rina}/ppk-follow-up`, PPK, {
    action: 'examination',
    letterNumber: 'PPK/TL/07/2025',
    letterDate: '2025-01-10',
  });
  if (followed.status !== 200) throw new Error(followed.text);

  // A case whose deadlines are seconds away (the test planner compresses "late-" cases).
  await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
    workflowId: LATE,
    taskQueue: 'cases-api_cases_queries',
    args: [{}],
  });
  const register = {
    type: 'RegisterReport',
    data: { ...registerBody({ reportedAsn: asn('Lambat Sekali', '198909092014091009') }), caseId: LATE },
  } as CaseCommand;
  await netral.client.workflow.getHandle(LATE).executeUpdate(caseCommandUpdate, {
    args: [{ command: register, actor: { id: 'officer-ani', role: 'officer', agency: 'kota-bekasi' } }],
  });
});
afterAll(async () => {
  await netral?.stop();
});

const list = (query: string, as: Caller = OFFICER) => api.get<PageOf<Item>>(`/cases?${query}`, as);

describe('GET /cases', () => {
  it('lists the cases of the caller’s agency only', async () => {
    const res = await list('limit=100');
    expect(res.status).toBe(200);
    const names = res.body.items.map((i) => i.reportedAsn.name).sort();
    expect(names).toEqual([
      'Agus Salim',
      'Budi Hartono',
      'Dedi Kurniawan',
      'Dewi Lestari',
      'Lambat Sekali',
      'Rina Marlina',
    ]);
    expect(res.body.items.every((i) => i.agency === 'kota-bekasi')).toBe(true);
    expect(res.text).not.toContain('Siti Rahma');
    // Another agency in the filter is outside the scope: nothing, not an error.
    expect((await list(`agency=${BOGOR}`)).body.items).toEqual([]);
    // A national auditor may pick any agency.
    const bogor = await list(`agency=${BOGOR}`, NATIONAL_AUDITOR);
    expect(bogor.body.items.map((i) => i.caseId)).toEqual([ids.bogor]);
  });

  it('filters by stage, violation type and officer', async () => {
    const intake = await list('stage=intake&limit=100');
    expect(intake.body.items.map((i) => i.caseId).sort()).toEqual([ids.dedi, LATE].sort());
    const several = await list('stage=intake,examination&limit=100');
    expect(several.body.items.map((i) => i.caseId).sort()).toEqual([ids.dedi, ids.rina, LATE].sort());
    const campaign = await list('violationType=PP94_5N_1_IKUT_KAMPANYE');
    expect(campaign.body.items.map((i) => i.caseId)).toEqual([ids.rina]);
    const ani = await list('officerId=officer-ani&limit=100');
    expect(ani.body.items.map((i) => i.caseId).sort()).toEqual([ids.rina, ids.agus, ids.dewi].sort());
    expectProblem(await list('stage=nonsense'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('limit=0'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('limit=101'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('overdue=yes'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('colour=red'), 400, 'VALIDATION_FAILED');
  });

  it('searches names, NIP and letter numbers, case-insensitively', async () => {
    const byName = await list('q=marlina');
    expect(byName.body.items.map((i) => i.caseId)).toEqual([ids.rina]);
    const byNip = await list('q=19770303');
    expect(byNip.body.items.map((i) => i.caseId)).toEqual([ids.agus]);
    const byLetter = await list(`q=${encodeURIComponent('ppk/tl/07')}`);
    expect(byLetter.body.items.map((i) => i.caseId)).toEqual([ids.rina]);
    const bySource = await list(`q=${encodeURIComponent('TEMUAN/BWSL')}`);
    expect(bySource.body.items.map((i) => i.caseId)).toEqual([ids.dewi]);
    // LIKE wildcards are literal.
    expect((await list('q=_')).body.items).toEqual([]);
    expectProblem(await list(`q=${encodeURIComponent('<script>')}`), 400, 'VALIDATION_FAILED');
  });

  it('pages with an opaque cursor that is stable under inserts, in the requested order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = false;
    do {
      const res: { body: PageOf<Item>; status: number } = await list(
        `sort=createdAt&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i) => i.caseId));
      cursor = res.body.nextCursor;
      if (!inserted) {
        // A case registered while paging comes last in createdAt order and shifts nothing already seen.
        ids.extra = await api.register(OFFICER, { reportedAsn: asn('Eko Prasetyo', '199212122018121012') });
        inserted = true;
      }
    } while (cursor);
    const all = (await list('sort=createdAt&order=asc&limit=100')).body.items.map((i) => i.caseId);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[seen.length - 1]).toBe(ids.extra);

    const desc = (await list('sort=updatedAt&order=desc&limit=100')).body.items.map((i) => i.updatedAt);
    expect([...desc].sort().reverse()).toEqual(desc);
    const due = (await list('limit=100')).body.items;
    const dueKeys = due.map((i) => i.nextDueAt ?? '9999');
    expect([...dueKeys].sort()).toEqual(dueKeys);

    const first = await list('sort=createdAt&limit=2');
    expectProblem(
      await list(`sort=updatedAt&limit=2&cursor=${first.body.nextCursor}`),
      400,
      'INVALID_CURSOR',
    );
    expectProblem(await list('cursor=bm90LWEtY3Vyc29y'), 400, 'INVALID_CURSOR');
  });
});

describe('the search index', () => {
  it('keeps GIN’s pending list short, which every search reads through in full (#15)', async () => {
    const [index] = (await netral.dataSource.query(
      `SELECT am.amname, c.reloptions FROM pg_class c JOIN pg_am am ON am.oid = c.relam
       WHERE c.relname = 'case_summary_search_idx'`,
    )) as { amname: string; reloptions: string[] | null }[];
    if (index.amname !== 'gin') return; // the B-tree fallback, without pg_trgm
    expect(index.reloptions).toContain('gin_pending_list_limit=64');
  });
});

describe('deadlines and the work list', () => {
  it('shows a missed deadline as overdue, in /deadlines, /cases?overdue and the metrics', async () => {
    const overdue = await waitFor(async () => {
      const res = await api.get<PageOf<{ caseId: string; status: string; ruleId: string }>>(
        '/deadlines?status=overdue',
        SUPERVISOR,
      );
      return res.body.items.some((d) => d.caseId === LATE) ? res.body.items : undefined;
    });
    expect(overdue.every((d) => d.status === 'overdue')).toBe(true);
    expect(overdue.find((d) => d.caseId === LATE)?.ruleId).toBe('assignment');
    const cases = await list('overdue=true&limit=100');
    // Agus's recommendation letter (received 2025-01-08) was never followed up: overdue for real. Rina's
    // first summons counts from the PPK's follow-up letter (dated 2025-01-10): overdue for real too.
    expect(cases.body.items.map((i) => i.caseId).sort()).toEqual([LATE, ids.agus, ids.rina].sort());
    expect(cases.body.items.every((i) => i.overdue && Date.parse(i.nextDueAt!) < Date.now())).toBe(true);
    const notOverdue = (await list('overdue=false&limit=100')).body.items;
    expect(notOverdue.map((i) => i.caseId)).not.toContain(LATE);
    expect(notOverdue.every((i) => !i.overdue)).toBe(true);

    const upcoming = await api.get<PageOf<{ caseId: string; dueAt: string }>>(
      '/deadlines?status=upcoming&within=P60D&limit=100',
      SUPERVISOR,
    );
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.items.length).toBeGreaterThan(0);
    expect(upcoming.body.items.every((d) => Date.parse(d.dueAt) >= Date.now() - 60_000)).toBe(true);
    expect(upcoming.body.items.map((d) => d.caseId)).not.toContain(ids.bogor);
    expectProblem(await api.get('/deadlines?within=7days', SUPERVISOR), 400, 'VALIDATION_FAILED');

    const admin = await netral.token('admin', '*');
    await waitFor(async () => {
      const text = await (
        await fetch(`${netral.url}/metrics`, { headers: { Authorization: `Bearer ${admin}` } })
      ).text();
      const match = /^netral_deadlines_overdue (\d+)/m.exec(text);
      return match && Number(match[1]) >= 1;
    });
  });

  it('gives an officer the cases assigned to them, earliest deadline first, with that deadline', async () => {
    const ani = await api.get<PageOf<Item>>('/work-list', OFFICER);
    expect(ani.status).toBe(200);
    expect(ani.body.items.map((i) => i.caseId).sort()).toEqual([ids.rina, ids.agus, ids.dewi].sort());
    const due = ani.body.items.map((i) => i.nextDeadline?.dueAt ?? '9999');
    expect([...due].sort()).toEqual(due);
    expect(ani.body.items.some((i) => i.nextDeadline !== null)).toBe(true);
    const budi = await api.get<PageOf<Item>>('/work-list', OTHER_OFFICER);
    expect(budi.body.items.map((i) => i.caseId)).toEqual([ids.budi]);
    const supervisor = await api.get<PageOf<Item>>('/work-list?limit=100', SUPERVISOR);
    expect(supervisor.body.items.length).toBeGreaterThanOrEqual(7);
    expect(supervisor.body.items.every((i) => i.agency === 'kota-bekasi' && i.stage !== 'closed')).toBe(true);
  });
});

describe('GET /statistics', () => {
  it('counts by stage, violation type and agency, the follow-up rate and days per stage', async () => {
    const res = await api.get<{
      totalCases: number;
      openCases: number;
      byStage: { key: string; count: number }[];
      byViolationType: { key: string; count: number }[];
      byAgency: { key: string; count: number }[];
      bySanction: { key: string; count: number }[];
      recommendationFollowUp: { received: number; followedUp: number; rate: number | null };
      medianDaysPerStage: { stage: string; medianDays: number; stays: number }[];
    }>('/statistics', SUPERVISOR);
    expect(res.status).toBe(200);
    const s = res.body;
    const [{ n }] = (await netral.dataSource.query(
      `SELECT count(*)::int AS n FROM case_summary WHERE agency = 'kota-bekasi'`,
    )) as { n: number }[];
    expect(s.totalCases).toBe(n);
    expect(s.openCases).toBe(n);
    expect(s.byAgency).toEqual([{ key: 'kota-bekasi', count: n }]);
    expect(s.byStage).toEqual(
      expect.arrayContaining([
        { key: 'examination', count: 1 },
        { key: 'clarification', count: 3 },
      ]),
    );
    expect(s.byStage.reduce((sum, r) => sum + r.count, 0)).toBe(n);
    expect(s.byViolationType).toEqual(
      expect.arrayContaining([
        { key: 'PP94_5N_1_IKUT_KAMPANYE', count: 1 },
        { key: 'SKB_ETIK_MEDSOS_INTERAKSI', count: n - 1 },
      ]),
    );
    expect(s.bySanction).toEqual([]);
    expect(s.recommendationFollowUp).toEqual({ received: 2, followedUp: 1, rate: 0.5 });
    const intake = s.medianDaysPerStage.find((d) => d.stage === 'intake');
    expect(intake?.stays).toBe(4);
    expect(intake?.medianDays).toBeGreaterThanOrEqual(0);
    expect(s.medianDaysPerStage.find((d) => d.stage === 'clarification')?.stays).toBe(1);

    const national = await api.get<{ byAgency: { key: string; count: number }[] }>(
      '/statistics',
      NATIONAL_AUDITOR,
    );
    expect(national.body.byAgency).toEqual(
      expect.arrayContaining([
        { key: 'kota-bekasi', count: n },
        { key: 'kota-bogor', count: 1 },
      ]),
    );
    const other = await api.get<{ totalCases: number }>(`/statistics?agency=${BOGOR}`, SUPERVISOR);
    expect(other.body.totalCases).toBe(0);
  });
});

describe('GET /statistics with the search filters', () => {
  interface Stats {
    totalCases: number;
    byStage: { key: string; count: number }[];
    byViolationType: { key: string; count: number }[];
    recommendationFollowUp: { received: number; followedUp: number };
  }
  const stats = (query: string) => api.get<Stats>(`/statistics?${query}`, SUPERVISOR);
  /** The same filters through the search: the statistics count exactly the cases it lists. */
  const searched = async (query: string) => (await list(`${query}&limit=100`, SUPERVISOR)).body.items.length;

  it('counts only the cases the same search lists', async () => {
    for (const query of [
      'stage=clarification',
      'stage=clarification,examination',
      'violationType=PP94_5N_1_IKUT_KAMPANYE',
      'officerId=officer-ani',
      'officerId=officer-ani&stage=clarification',
      'electionKind=pilkada',
      'electionKind=pemilu',
    ]) {
      const res = await stats(query);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      expect({ query, total: res.body.totalCases }).toEqual({ query, total: await searched(query) });
    }
    const ani = (await stats('officerId=officer-ani')).body;
    expect(ani.totalCases).toBe(3);
    expect(ani.recommendationFollowUp).toEqual({ received: 2, followedUp: 1, rate: 0.5 });
    expect((await stats('officerId=officer-budi')).body.recommendationFollowUp.received).toBe(0);
    expect((await stats('violationType=PP94_5N_1_IKUT_KAMPANYE')).body.byViolationType).toEqual([
      { key: 'PP94_5N_1_IKUT_KAMPANYE', count: 1 },
    ]);
  });

  it('filters by registration date (whole days in WIB) in both, and refuses impossible dates', async () => {
    const [{ day }] = (await netral.dataSource.query(
      `SELECT to_char(min(created_at) AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS day
         FROM case_summary WHERE agency = 'kota-bekasi'`,
    )) as { day: string }[];
    const all = (await stats('')).body.totalCases;
    const sameDay = `registeredFrom=${day}&registeredTo=${day}`;
    expect((await stats(sameDay)).body.totalCases).toBe(await searched(sameDay));
    expect((await stats(`registeredFrom=${day}`)).body.totalCases).toBe(all);
    expect((await stats('registeredTo=2000-01-01')).body.totalCases).toBe(0);
    expect(await searched('registeredTo=2000-01-01')).toBe(0);
    expect((await stats('registeredFrom=2999-01-01')).body.totalCases).toBe(0);
    expectProblem(
      await api.get('/statistics?registeredFrom=2026-02-30', SUPERVISOR),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await api.get('/cases?registeredTo=yesterday', SUPERVISOR), 400, 'VALIDATION_FAILED');
    expectProblem(await api.get('/statistics?stage=nowhere', SUPERVISOR), 400, 'VALIDATION_FAILED');
  });
});

describe('what the caller may do next, and the catalogues', () => {
  const typesFor = async (caseId: string, as: Caller) => {
    const res = await api.get<{ stage: string; allowedCommands: { type: string; stages: string[] }[] }>(
      `/cases/${caseId}`,
      as,
    );
    expect(res.status).toBe(200);
    return { stage: res.body.stage, types: res.body.allowedCommands.map((c) => c.type).sort() };
  };

  it('GET /cases/:id lists the commands the caller may issue now, by role, assignment and stage', async () => {
    // Rina's case: the PPK chose the examination track; officer-ani is assigned.
    expect(await typesFor(ids.rina, OFFICER)).toEqual({
      stage: 'examination',
      // A Gakkumdu referral may be recorded in any open stage, beside the disciplinary track.
      types: ['AttachDocument', 'IssueSummons', 'RecordCriminalReferral', 'RecordRecommendation'],
    });
    expect((await typesFor(ids.rina, PPK)).types).toEqual([
      'AttachDocument',
      'CloseCase',
      'FormTimPemeriksa',
    ]);
    expect((await typesFor(ids.rina, SUPERVISOR)).types).toEqual(
      expect.arrayContaining(['AssignOfficer', 'ApproveSanctionDeparture', 'IssueSummons', 'WithdrawCase']),
    );
    // Not the assigned officer, or an auditor: nothing to do.
    expect((await typesFor(ids.rina, OTHER_OFFICER)).types).toEqual([]);
    expect((await typesFor(ids.rina, NATIONAL_AUDITOR)).types).toEqual([]);
    // Dedi's case waits for an officer: only a supervisor can move it.
    expect(await typesFor(ids.dedi, OFFICER)).toEqual({
      stage: 'intake',
      types: ['AttachDocument', 'RecordCriminalReferral', 'RecordRecommendation'],
    });
  });

  it('GET /catalogues shows every code with its legal basis, and the OpenAPI schema names every field', async () => {
    const res = await api.get<{
      sanctions: { sanctions: { code: string; level: string; periodMonths: number[]; legalBasis: string }[] };
      violations: { violations: { code: string; allowedSanctions: string[]; legalBasis: string }[] };
      agencies: { agencies: { code: string; payScheme: string }[] };
      clarifyingBodies: { code: string }[];
      timPemeriksaRoles: { code: string; required: boolean }[];
      commands: { type: string; stages: string[]; preconditions: { id: string }[] }[];
    }>('/catalogues', OFFICER);
    expect(res.status).toBe(200);
    const tukin = res.body.sanctions.sanctions.find((s) => s.code === 'PEMOTONGAN_TUKIN_25');
    expect(tukin).toEqual(
      expect.objectContaining({ level: 'sedang', periodMonths: [6, 9, 12], legalBasis: expect.any(String) }),
    );
    expect(res.body.violations.violations.find((v) => v.code === 'PP94_5N_1_IKUT_KAMPANYE')).toEqual(
      expect.objectContaining({ allowedSanctions: expect.arrayContaining(['PEMOTONGAN_TUKIN_25']) }),
    );
    expect(res.body.agencies.agencies.map((a) => a.code)).toEqual(
      expect.arrayContaining(['kota-bekasi', 'kab-bogor', 'kota-kediri']),
    );
    expect(res.body.clarifyingBodies.map((b) => b.code)).toEqual(['inspektorat', 'bkpsdm']);
    expect(res.body.timPemeriksaRoles.find((r) => r.code === 'pengawasan')?.required).toBe(true);
    expect(res.body.commands.find((c) => c.type === 'FileObjection')).toEqual(
      expect.objectContaining({
        // Also after an in-force mark: a timely filing recorded late retracts it.
        stages: ['objection_window', 'in_force', 'closed'],
        preconditions: [
          expect.objectContaining({ id: 'objection_route_open' }),
          expect.objectContaining({ id: 'no_objection_yet' }),
        ],
      }),
    );
    // Without a token: 401.
    expectProblem(await api.request('GET', '/catalogues'), 401);

    // No free-form objects in the catalogue and allowed-command schemas.
    const doc = (await api.request<{ components: { schemas: Record<string, unknown> } }>('GET', '/docs-json'))
      .body;
    const freeForm: string[] = [];
    const walk = (schema: unknown, path: string) => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as { type?: string; properties?: object; $ref?: string; allOf?: unknown[] };
      if (s.type === 'object' && !s.properties && !s.$ref && !s.allOf) freeForm.push(path);
      for (const [key, value] of Object.entries(s)) walk(value, `${path}.${key}`);
    };
    for (const name of Object.keys(doc.components.schemas).filter(
      (n) => /View$/.test(n) && !/^(CaseStateView)$/.test(n),
    )) {
      if (
        /Catalogue|Agenc|Sanction|Violation|Supervisory|DeadlineRule|DeadlinePolicy|CommandRule|AllowedCommand|Precondition|CodeName|TimPemeriksaRole/.test(
          name,
        )
      ) {
        walk(doc.components.schemas[name], name);
      }
    }
    expect(freeForm).toEqual([]);
  });

  it('the OpenAPI document has no bare object in any schema, request or response', async () => {
    type Schema = Record<string, unknown>;
    type Operation = {
      operationId?: string;
      requestBody?: unknown;
      responses?: unknown;
      parameters?: unknown;
    };
    const doc = (
      await api.request<{
        paths: Record<string, Record<string, Operation>>;
        components: { schemas: Record<string, Schema> };
      }>('GET', '/docs-json')
    ).body;
    // Every officer command has its endpoint (operationId = the domain's command type; the system's own
    // commands are issued by the workflow only).
    const commandTypes = new Set<string>(COMMAND_TYPES);
    const commandBodies: string[] = [];
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        if (operation.operationId && commandTypes.has(operation.operationId) && operation.requestBody) {
          commandBodies.push(operation.operationId);
        }
      }
    }
    const officerCommands = COMMANDS.filter((c) => !c.roles.every((role) => role === 'system')).map(
      (c) => c.type,
    );
    expect(commandBodies.sort()).toEqual(expect.arrayContaining(officerCommands));
    // Truly free-form values, each justified; anything else of type object must list its properties (or be a
    // map whose values have a schema, e.g. CaseStateView.deadlines by deadlineId).
    const FREE_FORM: Record<string, string> = {
      // An event's payload and metadata: one shape per event type (dozens, versioned with upcasters); the
      // audit trail shows them as recorded, so a closed schema would misstate older events.
      'AuditEventView.properties.data': 'event payload, shape per event type and version',
      'AuditEventView.properties.metadata': 'event metadata as recorded',
      // Temporal's own history attributes and describe output, passed through for operators.
      'WorkflowEventView.properties.attributes': 'Temporal history event attributes, per event type',
      'WorkflowRunView.properties.raw': "Temporal's describe response, only with raw=true",
      // The request's parameters as the access log recorded them (whatever the caller sent).
      'AccessRecordView.properties.params': 'request parameters as sent',
      'AccessSearchRecordView.properties.params': 'request parameters as sent',
      // The body of whichever command the letter records (its own endpoint's schema).
      'LetterDraftDto.properties.command': "the letter's command body, per template",
      // An agency's own letter block lists, same shape as the bundled templates (validated on save).
      'LetterSettingsDto.properties.templates': 'template block lists by template id',
    };
    const freeForm: string[] = [];
    const walk = (schema: unknown, path: string): void => {
      if (!schema || typeof schema !== 'object') return;
      if (Array.isArray(schema)) return schema.forEach((s, i) => walk(s, `${path}[${i}]`));
      const s = schema as Schema;
      const typedMap = !!s.additionalProperties && typeof s.additionalProperties === 'object';
      const composed = s.properties || s.allOf || s.oneOf || s.anyOf || s.enum || s.$ref || typedMap;
      if ((s.type === 'object' && !composed) || s.additionalProperties === true) {
        if (!(path in FREE_FORM)) freeForm.push(path);
      }
      for (const [key, value] of Object.entries(s)) if (key !== 'example') walk(value, `${path}.${key}`);
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) walk(schema, name);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const { requestBody, responses, parameters } = operation;
        walk({ requestBody, responses, parameters }, `${method.toUpperCase()} ${path}`);
      }
    }
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(100);
    expect(freeForm).toEqual([]);
  });
});

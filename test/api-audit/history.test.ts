/**
 * The audit API over real HTTP: an auditor reads a case's history and its state as of an earlier time and
 * version; the reporter's identity is redacted for officers; other agencies get 404; officers get 403 on
 * oversight routes; every read (including an auditor's, and a failed one) lands in the access log, which
 * is append-only and without which nothing is served.
 */
import { startTestService, type TestService } from '../support/service';
import { createCase, http, waitFor } from './support';

const LABEL = 'api_audit_history';
const AGENCY = 'kota-bekasi';
const CASE_ID = 'audit-hist-001';
const GENESIS = '0'.repeat(64);

let netral: TestService;
let api: ReturnType<typeof http>;
const tokens: Record<string, string> = {};

interface Event {
  eventId: string;
  version: number;
  position: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string; agency: string | null };
  reason: string | null;
  correlationId: string | null;
  causationId: string | null;
  metadata: Record<string, unknown>;
  redacted: boolean;
  data: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

beforeAll(async () => {
  netral = await startTestService(LABEL);
  api = http(netral);
  await createCase(netral, `cases-${LABEL}`, CASE_ID, AGENCY);
  for (const [name, role, agency] of [
    ['auditor', 'auditor', AGENCY],
    ['officer', 'officer', AGENCY],
    ['supervisor', 'supervisor', AGENCY],
    ['ppk', 'ppk', AGENCY],
    ['admin', 'admin', AGENCY],
    ['nationalAuditor', 'auditor', '*'],
    ['bogorOfficer', 'officer', 'kota-bogor'],
    ['bogorAuditor', 'auditor', 'kota-bogor'],
  ] as const) {
    tokens[name] = await netral.token(role, agency, { name: `${name} (uji)` });
  }
}, 50_000);
afterAll(async () => {
  await netral?.stop();
});

async function allEvents(token: string): Promise<Event[]> {
  const res = await api.get<{ items: Event[] }>(`/cases/${CASE_ID}/events?limit=1000`, token);
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('case history', () => {
  it('gives an auditor every event with actor, reason, ids, times and an unbroken hash chain, in pages', async () => {
    const res = await api.get(`/cases/${CASE_ID}/events`, tokens.auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = res.body as { headVersion: number; items: Event[]; nextFromVersion: number | null };
    expect(page.items.length).toBe(page.headVersion);
    expect(page.nextFromVersion).toBeNull();
    const events = page.items;
    expect(events.map((e) => e.version)).toEqual(events.map((_e, i) => i + 1));
    expect(events[0]).toMatchObject({
      eventId: `${CASE_ID}:1`,
      type: 'CaseRegistered',
      actor: { id: 'officer-ani', role: 'officer', agency: AGENCY },
      previousHash: GENESIS,
    });
    events.forEach((e, i) => {
      if (i > 0) expect(e.previousHash).toBe(events[i - 1].hash);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(e.recordedAt)).not.toBeNaN();
      if (i > 0) expect(e.position).toBeGreaterThan(events[i - 1].position);
    });
    const assigned = events.find((e) => e.type === 'OfficerAssigned')!;
    expect(assigned).toMatchObject({
      actor: { id: 'supervisor-citra', role: 'supervisor', agency: AGENCY },
      reason: 'Disposisi Kepala Inspektorat',
      correlationId: `assign-${CASE_ID}`,
      causationId: `assign-${CASE_ID}`,
      metadata: { workflowId: CASE_ID },
    });
    // Auditors may see the reporter's identity.
    const identity = events.find((e) => e.type === 'ReporterIdentityRecorded')!;
    expect(identity.redacted).toBe(false);
    expect(identity.data).toMatchObject({ reporter: { name: 'Siti Rahma' } });

    // Paging: two at a time covers the same events.
    const paged: Event[] = [];
    let from: number | null = 1;
    while (from !== null) {
      const next: { body: { items: Event[]; nextFromVersion: number | null } } = await api.get(
        `/cases/${CASE_ID}/events?fromVersion=${from}&limit=2`,
        tokens.auditor,
      );
      expect(next.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...next.body.items);
      from = next.body.nextFromVersion;
    }
    expect(paged.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
  });

  it('rebuilds the state as of an earlier version and an earlier time', async () => {
    const events = await allEvents(tokens.auditor);
    const assigned = events.find((e) => e.type === 'OfficerAssigned')!;

    const atTwo = await api.get(`/cases/${CASE_ID}/state?version=2`, tokens.auditor);
    expect(atTwo.status).toBe(200);
    expect(atTwo.body).toMatchObject({ caseId: CASE_ID, version: 2, requestedVersion: 2, asOf: null });
    expect(atTwo.body.state).toMatchObject({ version: 2, stage: 'intake', assignedOfficer: null });
    expect(atTwo.body.state.confidential.reporter).toMatchObject({ name: 'Siti Rahma' });
    expect(atTwo.body.lastEvent).toMatchObject({ version: 2, type: 'ReporterIdentityRecorded' });

    // As of the moment the officer was assigned: everything recorded up to then, and nothing later.
    const asOf = assigned.recordedAt;
    const recordedBy = events.filter((e) => Date.parse(e.recordedAt) <= Date.parse(asOf)).length;
    const then = await api.get(`/cases/${CASE_ID}/state?asOf=${encodeURIComponent(asOf)}`, tokens.auditor);
    expect(then.status).toBe(200);
    expect(then.body.version).toBe(recordedBy);
    expect(then.body.state.assignedOfficer).toMatchObject({ id: 'officer-ani' });
    expect(then.body.state.clarification).toBeNull();

    // One millisecond earlier (written in WIB, +07:00): the officer was not assigned yet.
    const before = new Date(Date.parse(asOf) - 1 + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    const earlier = await api.get(
      `/cases/${CASE_ID}/state?asOf=${encodeURIComponent(before)}`,
      tokens.auditor,
    );
    expect(earlier.status).toBe(200);
    expect(earlier.body.version).toBe(
      events.filter((e) => Date.parse(e.recordedAt) < Date.parse(asOf)).length,
    );
    expect(earlier.body.state.assignedOfficer).toBeNull();

    const now = await api.get(`/cases/${CASE_ID}/state`, tokens.auditor);
    expect(now.body.state.stage).toBe('clarification');
    expect(now.body.version).toBe(now.body.headVersion);
  });

  it('refuses bad points in time with a 400 problem', async () => {
    const cases: [string, string][] = [
      ['?asOf=2025-01-06T00:00:00Z&version=1', 'AMBIGUOUS_POINT_IN_TIME'],
      ['?version=0', 'VALIDATION_FAILED'],
      ['?version=abc', 'VALIDATION_FAILED'],
      ['?version=1.5', 'VALIDATION_FAILED'],
      ['?version=9999', 'VERSION_OUT_OF_RANGE'],
      ['?asOf=kemarin', 'VALIDATION_FAILED'],
      ['?asOf=2025-01-06T09:00:00', 'VALIDATION_FAILED'],
      ['?asOf=2025-02-30T09:00:00Z', 'VALIDATION_FAILED'],
      ['?asOf=2000-01-01T00:00:00Z', 'BEFORE_FIRST_EVENT'],
      ['?at=2025-01-01T00:00:00Z', 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const res = await api.get(`/cases/${CASE_ID}/state${query}`, tokens.auditor);
      expect([query, res.status, res.headers.get('content-type')]).toEqual([
        query,
        400,
        'application/problem+json; charset=utf-8',
      ]);
      expect([query, res.body.code]).toEqual([query, code]);
      expect(res.body.detailId).toEqual(expect.any(String));
    }
    const badPage = await api.get(`/cases/${CASE_ID}/events?limit=5000`, tokens.auditor);
    expect(badPage.status).toBe(400);
  });

  it('redacts the reporter identity for officers, not for supervisors, PPK or auditors', async () => {
    const officerEvents = await allEvents(tokens.officer);
    const hidden = officerEvents.find((e) => e.type === 'ReporterIdentityRecorded')!;
    expect(hidden).toMatchObject({ redacted: true, data: { redacted: true } });
    expect(JSON.stringify(officerEvents)).not.toContain('Siti Rahma');
    // The hash is still shown: the officer can see the event exists and is intact.
    expect(hidden.hash).toMatch(/^[0-9a-f]{64}$/);

    const officerState = await api.get(`/cases/${CASE_ID}/state?version=2`, tokens.officer);
    expect(officerState.body.confidentialRedacted).toBe(true);
    expect(officerState.body.state.confidential).toEqual({ reporter: null });
    expect(officerState.text).not.toContain('Siti Rahma');

    for (const role of ['supervisor', 'ppk', 'auditor']) {
      const state = await api.get(`/cases/${CASE_ID}/state`, tokens[role]);
      expect([role, state.body.confidentialRedacted]).toEqual([role, false]);
      expect(state.body.state.confidential.reporter).toMatchObject({ name: 'Siti Rahma' });
    }
  });

  it('answers 404 for another agency’s case, exactly as for a case that does not exist', async () => {
    for (const path of ['events', 'state', 'export?format=csv', 'access-log', 'workflow-history']) {
      const foreign = await api.get(`/cases/${CASE_ID}/${path}`, tokens.bogorAuditor);
      const missing = await api.get(`/cases/no-such-case/${path}`, tokens.bogorAuditor);
      expect([path, foreign.status, missing.status]).toEqual([path, 404, 404]);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect(foreign.body.detail).toBe(missing.body.detail);
    }
    expect((await api.get(`/cases/${CASE_ID}/events`, tokens.bogorOfficer)).status).toBe(404);
    expect((await api.post(`/cases/${CASE_ID}/verification`, tokens.bogorAuditor)).status).toBe(404);
    // National scope sees every agency.
    expect((await api.get(`/cases/${CASE_ID}/events`, tokens.nationalAuditor)).status).toBe(200);
  });

  it('keeps oversight routes from officers (403) and rebuilds from everyone but national admins', async () => {
    const forbidden: [string, string, string][] = [
      ['officer', 'POST', `/cases/${CASE_ID}/verification`],
      ['officer', 'GET', `/cases/${CASE_ID}/workflow-history`],
      ['officer', 'GET', `/cases/${CASE_ID}/access-log`],
      ['officer', 'POST', '/audit/verification'],
      ['officer', 'POST', '/audit/replay-check'],
      ['officer', 'POST', '/audit/read-model-rebuild'],
      ['ppk', 'POST', `/cases/${CASE_ID}/verification`],
      ['supervisor', 'POST', '/audit/replay-check'],
      ['auditor', 'POST', '/audit/read-model-rebuild'],
      ['admin', 'POST', '/audit/read-model-rebuild'], // agency admin: the read models span every agency
    ];
    for (const [who, method, path] of forbidden) {
      const res = method === 'GET' ? await api.get(path, tokens[who]) : await api.post(path, tokens[who], {});
      expect([who, path, res.status, res.body.code]).toEqual([who, path, 403, 'FORBIDDEN']);
    }
    // No token: 401.
    expect((await api.get(`/cases/${CASE_ID}/events`)).status).toBe(401);
  });
});

describe('access log', () => {
  it('records every read of the case — by auditors too, failed ones included — for auditors to see', async () => {
    const requestId = 'uji-akses-auditor-1';
    const read = await api.get(`/cases/${CASE_ID}/events?limit=3`, tokens.auditor, {
      'x-request-id': requestId,
    });
    expect(read.status).toBe(200);
    await api.get(`/cases/${CASE_ID}/state?version=1`, tokens.officer);
    await api.get(`/cases/${CASE_ID}/state`, tokens.bogorOfficer); // 404, still an attempt
    await api.post('/audit/verification', tokens.nationalAuditor); // a list read that includes the case

    const log = await api.get(`/cases/${CASE_ID}/access-log?limit=500`, tokens.auditor);
    expect(log.status).toBe(200);
    const items = log.body.items as {
      id: string;
      accessedAt: string;
      actor: { id: string; role: string; agency: string; name: string };
      method: string;
      route: string;
      path: string;
      params: Record<string, unknown>;
      requestId: string;
      listRead: boolean;
      status: number;
    }[];
    const byAuditor = items.find((i) => i.requestId === requestId)!;
    expect(byAuditor).toMatchObject({
      actor: { id: `auditor-${AGENCY}`, role: 'auditor', agency: AGENCY, name: 'auditor (uji)' },
      method: 'GET',
      route: '/cases/:id/events',
      path: `/cases/${CASE_ID}/events`,
      params: { id: CASE_ID, limit: '3' },
      listRead: false,
      status: 200,
    });
    const officerRead = items.find(
      (i) => i.route === '/cases/:id/state' && i.actor.role === 'officer' && i.actor.agency === AGENCY,
    );
    expect(officerRead).toMatchObject({
      params: { id: CASE_ID, version: '1' },
      status: 200,
    });
    expect(items.find((i) => i.actor.agency === 'kota-bogor')).toMatchObject({
      actor: { role: 'officer' },
      route: '/cases/:id/state',
      status: 404,
    });
    expect(items.find((i) => i.route === '/audit/verification')).toMatchObject({
      actor: { role: 'auditor', agency: '*' },
      method: 'POST',
      listRead: true,
    });
    // Newest first; every earlier test's reads are there too (events, state, exports...).
    expect(items.map((i) => Number(i.id))).toEqual([...items.map((i) => Number(i.id))].sort((a, b) => b - a));
    expect(items.filter((i) => i.route === '/cases/:id/events').length).toBeGreaterThan(5);

    // Reading the log is itself a read of the case.
    const again = await api.get(`/cases/${CASE_ID}/access-log?limit=1`, tokens.supervisor);
    expect(again.body.items[0]).toMatchObject({ route: '/cases/:id/access-log', actor: { role: 'auditor' } });
    expect(again.body.nextBefore).toEqual(again.body.items[0].id);
    const older = await api.get(
      `/cases/${CASE_ID}/access-log?limit=1&before=${again.body.nextBefore}`,
      tokens.supervisor,
    );
    expect(Number(older.body.items[0].id)).toBeLessThan(Number(again.body.items[0].id));
  });

  it('records reads through the other case routes too: one case, lists, the work list and deadlines', async () => {
    const requestIds = ['uji-get-case', 'uji-list-cases', 'uji-work-list', 'uji-deadlines'];
    const one = await api.get(`/cases/${CASE_ID}`, tokens.officer, { 'x-request-id': requestIds[0] });
    expect(one.status).toBe(200);
    const list = await api.get('/cases?limit=10', tokens.auditor, { 'x-request-id': requestIds[1] });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { caseId: string }) => i.caseId)).toContain(CASE_ID);
    const work = await api.get('/work-list', tokens.supervisor, { 'x-request-id': requestIds[2] });
    expect(work.status).toBe(200);
    const deadlines = await api.get('/deadlines?status=upcoming&within=P365D', tokens.supervisor, {
      'x-request-id': requestIds[3],
    });
    expect(deadlines.status).toBe(200);
    // Statistics name no case: nothing to record.
    expect((await api.get('/statistics', tokens.auditor)).status).toBe(200);

    const log = await api.get(`/cases/${CASE_ID}/access-log?limit=50`, tokens.auditor);
    const byRequest = new Map(
      (log.body.items as { requestId: string }[]).map((i) => [i.requestId, i] as [string, unknown]),
    );
    expect(byRequest.get(requestIds[0])).toMatchObject({
      route: '/cases/:id',
      actor: { role: 'officer' },
      listRead: false,
      status: 200,
    });
    expect(byRequest.get(requestIds[1])).toMatchObject({
      route: '/cases',
      params: { limit: '10' },
      actor: { role: 'auditor' },
      listRead: true,
    });
    for (const id of requestIds.slice(2)) {
      const listed = (work.body.items as { caseId: string }[]).some((i) => i.caseId === CASE_ID);
      if (id === requestIds[2] && !listed) continue; // the work list only names cases with an open deadline
      expect(byRequest.get(id)).toMatchObject({ actor: { role: 'supervisor' }, listRead: true });
    }
    const [{ n }] = (await netral.dataSource.query(
      `SELECT count(*)::int AS n FROM case_access_log WHERE route = '/statistics'`,
    )) as { n: number }[];
    expect(n).toBe(0);
  });

  it('searches reads across cases by reader, within the agency’s oversight', async () => {
    const bogorOfficer = 'officer-kota-bogor';
    const res = await api.get(`/audit/access-log?actorId=${bogorOfficer}&limit=100`, tokens.auditor);
    expect(res.status).toBe(200);
    // Attempts on this agency's case by someone of another agency are visible to this agency's auditors.
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const item of res.body.items) {
      expect(item).toMatchObject({
        actor: { id: bogorOfficer },
        caseId: CASE_ID,
        caseAgency: AGENCY,
        status: 404,
      });
    }
    // Bogor's auditor sees its officer's attempts, but not which agency the case belongs to.
    const own = await api.get(`/audit/access-log?actorId=${bogorOfficer}`, tokens.bogorAuditor);
    expect(own.body.items.length).toBe(res.body.items.length);
    for (const item of own.body.items) expect(item.caseAgency).toBeNull();
    // A time window after everything: nothing.
    const later = await api.get('/audit/access-log?from=2999-01-01T00:00:00Z', tokens.nationalAuditor);
    expect(later.body).toEqual({ items: [], nextBefore: null });
    expect((await api.get('/audit/access-log?from=yesterday', tokens.auditor)).status).toBe(400);
    expect((await api.get('/audit/access-log', tokens.officer)).status).toBe(403);
  });

  it('is append-only in the database', async () => {
    await expect(netral.dataSource.query(`DELETE FROM case_access_log`)).rejects.toThrow(/append-only/);
    await expect(netral.dataSource.query(`UPDATE case_access_log SET actor_id = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(netral.dataSource.query(`TRUNCATE case_access_log`)).rejects.toThrow(/append-only/);
  });

  it('serves nothing when the read cannot be recorded', async () => {
    await netral.dataSource.query(`ALTER TABLE case_access_log RENAME TO case_access_log_offline`);
    try {
      const res = await api.get(`/cases/${CASE_ID}/events`, tokens.auditor);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'ACCESS_LOG_UNAVAILABLE' });
      expect(res.text).not.toContain('CaseRegistered');
      // Failed reads cannot be logged either, and fail the same way.
      expect((await api.get(`/cases/${CASE_ID}/state?version=9999`, tokens.auditor)).status).toBe(503);
    } finally {
      await netral.dataSource.query(`ALTER TABLE case_access_log_offline RENAME TO case_access_log`);
    }
    await waitFor(async () => (await api.get(`/cases/${CASE_ID}/events`, tokens.auditor)).status === 200);
  });
});

describe('OpenAPI', () => {
  it('documents every audit route with its schemas, problems and the bearer requirement', async () => {
    const res = await api.get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; responses: Record<string, unknown>; tags?: string[] }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    const routes: [string, string, string][] = [
      ['/cases/{id}/events', 'get', 'EventPageView'],
      ['/cases/{id}/state', 'get', 'StateAtView'],
      ['/cases/{id}/export', 'get', 'CaseFileJsonView'],
      ['/cases/{id}/verification', 'post', 'CaseVerificationView'],
      ['/cases/{id}/workflow-history', 'get', 'WorkflowHistoryView'],
      ['/cases/{id}/access-log', 'get', 'AccessLogPageView'],
      ['/audit/access-log', 'get', 'AccessSearchPageView'],
      ['/audit/verification', 'post', 'VerificationSummaryView'],
      ['/audit/replay-check', 'post', 'ReplayCheckView'],
      ['/audit/read-model-rebuild', 'post', 'RebuildReportView'],
    ];
    for (const [path, method, schema] of routes) {
      const operation = doc.paths[path]?.[method];
      expect([path, operation !== undefined]).toEqual([path, true]);
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.tags).toEqual(['audit']);
      expect(JSON.stringify(operation.responses['200'])).toContain(`#/components/schemas/${schema}`);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '500']));
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    expect(doc.paths['/cases/{id}/events'].get.responses['404']).toBeDefined();
    const exportContent = JSON.stringify(doc.paths['/cases/{id}/export'].get.responses['200']);
    expect(exportContent).toContain('text/csv');
    expect(exportContent).toContain('text/html');
  });
});

/**
 * Hostile input against the whole service (embedded Temporal, worker, API over real HTTP): each row of the
 * table is a request a hostile or broken client could send; each must get its status as an
 * application/problem+json document and append no event. Then the Idempotency-Key rules (replay, reuse,
 * concurrent retries, a second API instance), If-Match per RFC 9110, and the neutralised exports.
 */
import { SignJWT } from 'jose';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { AppModule } from '../../apps/api/src/app.module';
import pino from 'pino';
import { createApiApp, PLATFORM_CONFIG, type PlatformConfig } from '../../apps/api/src/platform';
import { startTestService, TEST_SECRET, type TestService } from '../support/service';
import {
  Api,
  type ApiResponse,
  BOGOR_OFFICER,
  expectProblem,
  OFFICER,
  officerEventCount,
  registerBody,
  SUPERVISOR,
  AUDITOR,
  waitFor,
} from '../api-cases/support';

let netral: TestService;
let api: Api;
/** A registered, assigned case of Kota Bekasi, and its ETag after assignment. */
let caseId: string;

beforeAll(async () => {
  netral = await startTestService('api_hostile_input');
  api = new Api(netral);
  caseId = await api.register();
  const assigned = await api.post(`/cases/${caseId}/assignment`, SUPERVISOR, { officerId: 'officer-ani' });
  if (assigned.status !== 200) throw new Error(`assignment: ${assigned.status} ${assigned.text}`);
}, 120_000); // the whole service starts here; slow on a loaded CI machine
afterAll(async () => {
  await netral?.stop();
});

/** A request with a raw path (nothing re-encoded) and raw body bytes. */
async function raw(
  method: string,
  path: string,
  options: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(`${netral.url}${path}`, { method, headers, body: options.body });
  const text = await res.text();
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body: body ?? {}, text };
}

/** Bytes straight onto a socket: requests fetch would refuse to send. */
function rawHttp(request: string): Promise<ApiResponse> {
  const { port } = new URL(netral.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(Buffer.from(request, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, body = ''] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = new Headers(lines.map((l) => l.split(/:\s*/, 2) as [string, string]));
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // asserted by the caller
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: parsed, text: body });
    });
  });
}

const NATIONAL_ADMIN = { role: 'admin', agency: '*', sub: 'admin-nasional' };
const officerToken = () => netral.token('officer', 'kota-bekasi', { sub: 'officer-ani' });
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the right secret but with the given times. */
function tokenWith(times: { iat?: number; nbf?: number; exp: number }): Promise<string> {
  const jwt = new SignJWT({ role: 'officer', agency: 'kota-bekasi', name: 'Ani' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('officer-ani')
    .setIssuer('netral-local')
    .setAudience('netral-api')
    .setExpirationTime(times.exp);
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
}

const json = { 'Content-Type': 'application/json' };
const startClarification = { by: 'inspektorat', letterReference: '700/112/Inspektorat' };

type Row = [name: string, send: () => Promise<ApiResponse>, status: number, code: string];

const table: Row[] = [
  // Control characters at the edge (before the access log or SQL see them).
  ['NUL in the search', () => api.get('/cases?q=%00', OFFICER), 400, 'VALIDATION_FAILED'],
  ['NUL in a case id', () => api.get(`/cases/${caseId}%00`, OFFICER), 400, 'VALIDATION_FAILED'],
  ['NUL in an audit path', () => api.get(`/cases/${caseId}%00/events`, AUDITOR), 400, 'VALIDATION_FAILED'],
  [
    'a control character in a filter',
    () => api.get('/cases?officerId=a%01b', OFFICER),
    400,
    'VALIDATION_FAILED',
  ],
  ['NUL in a parameter name', () => api.get('/cases?q%00=x', OFFICER), 400, 'VALIDATION_FAILED'],
  [
    'NUL in a header',
    () => rawHttp('GET /cases HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: a\u0000b\r\n\r\n'),
    400,
    'MALFORMED_REQUEST',
  ],
  [
    'a URL of 70,000 characters',
    async () => {
      const res = await raw('GET', `/cases/${'x'.repeat(70_000)}`, { token: await officerToken() });
      // The detail names the size, not "a control character" (it used to say that for every refusal).
      expect(res.body.detail).toMatch(/too large/);
      return res;
    },
    431,
    'REQUEST_HEADER_FIELDS_TOO_LARGE',
  ],
  ['broken percent-encoding', () => api.get('/cases?q=%E0%A4%A', OFFICER), 400, 'VALIDATION_FAILED'],
  [
    'NUL in a command path',
    () => api.post(`/cases/${caseId}%00/clarification/start`, OFFICER, startClarification),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'NUL in a nested body field',
    () =>
      api.post(
        '/cases',
        OFFICER,
        registerBody({ reporter: { name: 'Siti', address: 'Jl. Melati\u0000 5' } }),
      ),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a right-to-left override in a name',
    () =>
      api.post(
        '/cases',
        OFFICER,
        registerBody({
          reportedAsn: { ...(registerBody().reportedAsn as object), name: 'Dedi \u202Enawruk' },
        }),
      ),
    400,
    'VALIDATION_FAILED',
  ],
  // A lone surrogate is valid JSON (`"\ud800"`) but no character: PostgreSQL refuses it in jsonb. It used to
  // reach the event append inside the workflow, whose activity failed on every retry: the command hung and
  // the case took no command any more.
  [
    'a lone surrogate in a command reason',
    () =>
      api.post(`/cases/${caseId}/clarification/start`, OFFICER, {
        ...startClarification,
        reason: 'Nota \ud800 dinas', // JSON.stringify sends it as the escape \ud800
      }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a lone low surrogate in a registration',
    () => api.post('/cases', OFFICER, registerBody({ conduct: 'Ikut kampanye \udfff terbuka' })),
    400,
    'VALIDATION_FAILED',
  ],
  // Impossible dates, in queries and bodies.
  ['dueBefore 2026-02-30', () => api.get('/cases?dueBefore=2026-02-30', OFFICER), 400, 'VALIDATION_FAILED'],
  ['dueBefore 2026-13-45', () => api.get('/cases?dueBefore=2026-13-45', OFFICER), 400, 'VALIDATION_FAILED'],
  ['dueBefore 9999-99-99', () => api.get('/cases?dueBefore=9999-99-99', OFFICER), 400, 'VALIDATION_FAILED'],
  [
    'dueBefore 2025-02-29T10:00Z (not a leap year)',
    () => api.get('/cases?dueBefore=2025-02-29T10:00Z', OFFICER),
    400,
    'VALIDATION_FAILED',
  ],
  ['dueBefore in year 0', () => api.get('/cases?dueBefore=0000-01-01', OFFICER), 400, 'VALIDATION_FAILED'],
  [
    'asOf 2026-02-30T00:00:00Z',
    () => api.get(`/cases/${caseId}/state?asOf=2026-02-30T00:00:00Z`, AUDITOR),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'access-log from 2026-13-45T00:00Z',
    () => api.get('/audit/access-log?from=2026-13-45T00:00Z', AUDITOR),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a body date 2026-02-30',
    () =>
      api.post(
        '/cases',
        OFFICER,
        registerBody({
          source: { kind: 'public_report', reference: 'LAP-9/2026', receivedOn: '2026-02-30' },
        }),
      ),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a body date in year 0',
    () =>
      api.post(
        '/cases',
        OFFICER,
        registerBody({
          source: { kind: 'public_report', reference: 'LAP-9/2026', receivedOn: '0000-01-01' },
        }),
      ),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a body date a thousand years ago',
    () =>
      api.post(
        '/cases',
        OFFICER,
        registerBody({
          source: { kind: 'public_report', reference: 'LAP-9/2026', receivedOn: '1025-01-03' },
        }),
      ),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a body date 9999-99-99',
    () =>
      api.post(`/cases/${caseId}/recommendation`, SUPERVISOR, {
        body: 'BKN',
        letterNumber: 'B-12/KASN/2026',
        letterDate: '9999-99-99',
      }),
    400,
    'VALIDATION_FAILED',
  ],
  // Bodies that are not what they claim to be.
  [
    'Content-Encoding gzip on a plain body',
    async () =>
      raw('POST', '/cases', {
        token: await officerToken(),
        body: JSON.stringify(registerBody()),
        headers: { ...json, 'Content-Encoding': 'gzip' },
      }),
    400,
    'MALFORMED_BODY',
  ],
  [
    'Content-Encoding gzip, truncated',
    async () =>
      raw('POST', '/cases', {
        token: await officerToken(),
        body: gzipSync(JSON.stringify(registerBody())).subarray(0, 40),
        headers: { ...json, 'Content-Encoding': 'gzip' },
      }),
    400,
    'MALFORMED_BODY',
  ],
  [
    'an unsupported Content-Encoding',
    async () =>
      raw('POST', '/cases', {
        token: await officerToken(),
        body: JSON.stringify(registerBody()),
        headers: { ...json, 'Content-Encoding': 'compress' },
      }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'JSON nested 10,000 levels deep',
    () => api.request('POST', '/cases', { as: OFFICER, raw: '['.repeat(10_000) + ']'.repeat(10_000) }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a field nested 5,000 levels deep',
    () =>
      api.request('POST', `/cases/${caseId}/withdraw`, {
        as: SUPERVISOR,
        raw: `{"reason":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
      }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'malformed JSON',
    () => api.request('POST', '/cases', { as: OFFICER, raw: '{"source": {' }),
    400,
    'MALFORMED_JSON',
  ],
  [
    'a wrong type',
    () => api.post(`/cases/${caseId}/clarification/start`, OFFICER, { ...startClarification, by: 12 }),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'an oversized body',
    () => api.post('/cases', OFFICER, registerBody({ conduct: 'x'.repeat(200_000) })),
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  [
    'a body that is not JSON',
    async () =>
      raw('POST', '/cases', {
        token: await officerToken(),
        body: 'source=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  // Forged cursors and other agencies' cases.
  ['a forged cursor', () => api.get('/cases?cursor=eyJ2IjoxfQ', OFFICER), 400, 'INVALID_CURSOR'],
  ['a cursor of garbage', () => api.get('/cases?cursor=%21%21%21', OFFICER), 400, 'INVALID_CURSOR'],
  ["another agency's case, read", () => api.get(`/cases/${caseId}`, BOGOR_OFFICER), 404, 'NOT_FOUND'],
  [
    "another agency's case, command",
    () => api.post(`/cases/${caseId}/clarification/start`, BOGOR_OFFICER, startClarification),
    404,
    'NOT_FOUND',
  ],
  [
    "another agency's violation reading (not called a case)",
    async () => {
      const res = await api.get('/catalogues/violation-reading?agency=kota-bogor', OFFICER);
      expect(res.body.detail).toMatch(/agency/);
      return res;
    },
    404,
    'NOT_FOUND',
  ],
  [
    'a violation reading for an agency that is not a slug',
    () => api.get('/catalogues/violation-reading?agency=../KOTA', NATIONAL_ADMIN),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a violation reading chosen for an agency that is not a slug',
    () =>
      api.request('PUT', '/catalogues/violation-reading', {
        as: NATIONAL_ADMIN,
        body: { agency: 'Kota Bekasi', reading: 'moral_dan_disiplin', reason: 'Uji masukan' },
      }),
    400,
    'VALIDATION_FAILED',
  ],
  // Tokens with impossible times.
  [
    'a token issued a year in the future',
    async () =>
      raw('GET', '/cases', {
        token: await tokenWith({ iat: now() + 365 * 86400, exp: now() + 366 * 86400 }),
      }),
    401,
    'UNAUTHENTICATED',
  ],
  [
    'a token valid for 50 years',
    async () =>
      raw('GET', '/cases', { token: await tokenWith({ iat: now(), exp: now() + 50 * 365 * 86400 }) }),
    401,
    'UNAUTHENTICATED',
  ],
  [
    'a token without iat valid for 50 years',
    async () => raw('GET', '/cases', { token: await tokenWith({ exp: now() + 50 * 365 * 86400 }) }),
    401,
    'UNAUTHENTICATED',
  ],
  [
    'a token not valid before tomorrow',
    async () =>
      raw('GET', '/cases', { token: await tokenWith({ iat: now(), nbf: now() + 86400, exp: now() + 3600 }) }),
    401,
    'UNAUTHENTICATED',
  ],
  [
    'a token whose name holds a lone surrogate',
    async () => {
      const token = await new SignJWT({ role: 'officer', agency: 'kota-bekasi', name: 'Ani \ud800' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('officer-ani')
        .setIssuer('netral-local')
        .setAudience('netral-api')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_SECRET));
      return raw('GET', '/cases', { token });
    },
    401,
    'UNAUTHENTICATED',
  ],
  // Preconditions.
  [
    'If-Match with a weak tag',
    async () => {
      const etag = (await api.get(`/cases/${caseId}`, OFFICER)).headers.get('etag')!;
      return api.post(`/cases/${caseId}/clarification/start`, OFFICER, startClarification, {
        'If-Match': `W/${etag}`,
      });
    },
    412,
    'VERSION_MISMATCH',
  ],
  [
    'If-Match with a stale version',
    () =>
      api.post(`/cases/${caseId}/clarification/start`, OFFICER, startClarification, { 'If-Match': '"1"' }),
    412,
    'VERSION_MISMATCH',
  ],
  [
    'If-Match that is not an entity tag',
    () => api.post(`/cases/${caseId}/clarification/start`, OFFICER, startClarification, { 'If-Match': '12' }),
    400,
    'VALIDATION_FAILED',
  ],
];

describe('hostile input is refused with a problem document and appends nothing', () => {
  it.each(table)('%s', async (_name, send, status, code) => {
    const before = await officerEventCount(netral);
    const res = await send();
    expectProblem(res, status, code);
    expect(await officerEventCount(netral)).toBe(before);
  });

  it('logs no SQL error and no 5xx for any of them', () => {
    const failures = netral.logs.filter(
      (l) =>
        (typeof l.level === 'number' && l.level >= 50) || /ACCESS_LOG_UNAVAILABLE/.test(JSON.stringify(l)),
    );
    expect(failures).toEqual([]);
  });
});

describe('numbers past the database column', () => {
  it('a page of events far past the last version is empty, not a 500 from an integer overflow', async () => {
    for (const query of ['fromVersion=1e30', 'fromVersion=2147483648', 'fromVersion=2147483000&limit=1000']) {
      const page = await api.get(`/cases/${caseId}/events?${query}`, AUDITOR);
      expect([query, page.status]).toEqual([query, 200]);
      expect(page.body).toMatchObject({ items: [], nextFromVersion: null });
    }
  });
});

describe('Idempotency-Key', () => {
  it('replays the same request, marked as a replay, and refuses the key for another body or endpoint', async () => {
    const id = await api.register();
    const otherCase = await api.register();
    const key = 'hostile-key-0001';
    const body = { officerId: 'officer-ani', officerName: 'Ani' };
    const first = await api.post(`/cases/${id}/assignment`, SUPERVISOR, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = await officerEventCount(netral);

    const again = await api.post(`/cases/${id}/assignment`, SUPERVISOR, body, { 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.body).toEqual(first.body);

    const otherBody = await api.post(
      `/cases/${id}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-budi', officerName: 'Budi' },
      { 'Idempotency-Key': key },
    );
    expectProblem(otherBody, 422, 'IDEMPOTENCY_KEY_REUSED');
    const otherEndpoint = await api.post(`/cases/${otherCase}/assignment`, SUPERVISOR, body, {
      'Idempotency-Key': key,
    });
    expectProblem(otherEndpoint, 422, 'IDEMPOTENCY_KEY_REUSED');
    const otherRoute = await api.post(
      `/cases/${id}/withdraw`,
      SUPERVISOR,
      { reason: 'x' },
      { 'Idempotency-Key': key },
    );
    expectProblem(otherRoute, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await officerEventCount(netral)).toBe(before);
  });

  it('keys are per caller: another user may use the same key for another request', async () => {
    const key = 'per-caller-key-01';
    const mine = await api.post('/cases', OFFICER, registerBody(), { 'Idempotency-Key': key });
    const theirs = await api.post(
      '/cases',
      BOGOR_OFFICER,
      registerBody({
        reportedAsn: { ...(registerBody().reportedAsn as object), agency: 'Pemerintah Kota Bogor' },
      }),
      { 'Idempotency-Key': key },
    );
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.caseId).not.toBe(mine.body.caseId);
  });

  it('a request refused with 4xx frees its key for a corrected request', async () => {
    const id = await api.register();
    const key = 'refused-then-fixed-1';
    const refused = await api.post(
      `/cases/${id}/assignment`,
      SUPERVISOR,
      { officerId: '' },
      {
        'Idempotency-Key': key,
      },
    );
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    const fixed = await api.post(
      `/cases/${id}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      {
        'Idempotency-Key': key,
      },
    );
    expect(fixed.status).toBe(200);
  });

  it('concurrent identical retries run the command once and all get its answer', async () => {
    const id = await api.register();
    const before = await officerEventCount(netral, id);
    const key = 'concurrent-retry-01';
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.post(
          `/cases/${id}/assignment`,
          SUPERVISOR,
          { officerId: 'officer-ani' },
          { 'Idempotency-Key': key },
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(await officerEventCount(netral, id)).toBe(before + 1);
  });

  it('holds across API instances on the same database (and so across restarts)', async () => {
    const second = await createApiApp(
      AppModule.register({
        config: netral.service.api.get<PlatformConfig>(PLATFORM_CONFIG),
        logger: pino({ level: 'silent' }),
        infrastructure: {
          databaseUrl: netral.databaseUrl,
          temporal: {
            address: netral.service.temporalAddress,
            namespace: 'default',
            taskQueue: 'cases-api_hostile_input',
          },
        },
      }),
    );
    await second.listen(0, '127.0.0.1');
    const secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      const id = await api.register();
      const key = 'two-instances-0001';
      const token = await netral.token(SUPERVISOR.role, SUPERVISOR.agency, { sub: SUPERVISOR.sub });
      const send = (base: string, officerId: string) =>
        fetch(`${base}/cases/${id}/assignment`, {
          method: 'POST',
          headers: { ...json, Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
          body: JSON.stringify({ officerId }),
        });
      const [a, b] = await Promise.all([send(netral.url, 'officer-ani'), send(secondUrl, 'officer-ani')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].sort()).toEqual([
        null,
        'true',
      ]);
      const reused = await send(secondUrl, 'officer-budi');
      expect(reused.status).toBe(422);
      expect(((await reused.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
    } finally {
      await second.close();
    }
  });
});

describe('If-Match (RFC 9110 §13.1)', () => {
  it('accepts the current ETag in a list and *, and refuses a list without it', async () => {
    const id = await api.register();
    const etag = async () => (await api.get(`/cases/${id}`, SUPERVISOR)).headers.get('etag')!;
    // The workflow records the new stage's deadline itself right after registering (version 3): wait for it,
    // so the ETag below is the current one.
    await waitFor(async () => Number(JSON.parse(await etag())) >= 3);
    const assign = await api.post(
      `/cases/${id}/assignment`,
      SUPERVISOR,
      { officerId: 'officer-ani' },
      {
        'If-Match': `"999", ${await etag()}`,
      },
    );
    expect(assign.status).toBe(200);
    const stale = await api.post(`/cases/${id}/clarification/start`, OFFICER, startClarification, {
      'If-Match': `"1", W/${await etag()}`,
    });
    expectProblem(stale, 412, 'VERSION_MISMATCH');
    const any = await api.post(`/cases/${id}/clarification/start`, OFFICER, startClarification, {
      'If-Match': '*',
    });
    expect(any.status).toBe(200);
  });
});

describe('exports show invisible characters instead of obeying them', () => {
  it('marks zero-width and direction marks in the HTML and CSV exports and defuses formulas', async () => {
    const id = await api.register(OFFICER, {
      reportedAsn: { ...(registerBody().reportedAsn as object), name: 'Dedi\u200B Kurniawan\u200F' },
    });
    const assigned = await api.post(`/cases/${id}/assignment`, SUPERVISOR, {
      officerId: 'officer-ani',
      reason: '@SUM(1+1)\u200B',
    });
    expect(assigned.status).toBe(200);
    const html = await api.get(`/cases/${id}/export?format=html`, AUDITOR);
    expect(html.status).toBe(200);
    expect(html.text).toContain('Dedi[U+200B] Kurniawan[U+200F]');
    expect(html.text).not.toMatch(/[\u200B\u200F\u202A-\u202E\u2066-\u2069]/);
    const csv = await api.get(`/cases/${id}/export?format=csv`, AUDITOR);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('[U+200B]');
    expect(csv.text).not.toMatch(/[\u200B\u200F]/);
    expect(csv.text).toContain(`,'@SUM(1+1)[U+200B],`);
  });
});

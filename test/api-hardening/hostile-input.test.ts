/**
 * Hostile input against the whole service (embedded Temporal, worker, API over real HTTP): each row of the
 * table is a request a hostile or broken client could send; each must get its status as an
 * application/problem+json document and append no event. Retries, If-Match and the neutralised exports are in
 * retries-and-preconditions.test.ts.
 */
import { SignJWT } from 'jose';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
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
  // Reversed ranges: an empty page would read as "nothing matched".
  [
    'registeredTo before registeredFrom',
    () => api.get('/cases?registeredFrom=2026-03-02&registeredTo=2026-03-01', OFFICER),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'statistics registeredTo before registeredFrom',
    () => api.get('/statistics?registeredFrom=2026-03-02&registeredTo=2026-03-01', SUPERVISOR),
    400,
    'VALIDATION_FAILED',
  ],
  [
    'access-log to before from (other zones)',
    () => api.get('/audit/access-log?from=2026-03-02T06:00:00%2B07:00&to=2026-03-01T22:30:00Z', AUDITOR),
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

describe('ranges in order', () => {
  it('accepts a range of one day, and instants compared as times whatever their zones', async () => {
    const oneDay = await api.get('/cases?registeredFrom=2026-03-01&registeredTo=2026-03-01', OFFICER);
    expect(oneDay.status).toBe(200);
    // 06:00 in WIB is 23:00 UTC the day before: this `to` is half an hour after `from`.
    const zones = await api.get(
      '/audit/access-log?from=2026-03-02T06:00:00%2B07:00&to=2026-03-01T23:30:00Z',
      AUDITOR,
    );
    expect(zones.status).toBe(200);
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

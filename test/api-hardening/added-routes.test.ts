/**
 * Hostile input against routes and parameters added after the session-16 sweep (README.md here: the
 * session-19 table): the registration-date filters of the case search and the statistics, an agency's letter
 * settings, an upload's Idempotency-Key, and who may encode payloads for the Temporal UI. Each answer is a problem+json document and
 * nothing is kept.
 */
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import { Api, type Caller, expectProblem, SUPERVISOR, AUDITOR, OFFICER } from '../api-cases/support';

let netral: TestService;
let api: Api;
/** A registered case of Kota Bekasi. */
let caseId: string;

beforeAll(async () => {
  netral = await startTestService('api_added_routes', {
    payloadCodec: new AesGcmPayloadCodec([{ id: 'test-key-1', key: randomBytes(32) }]),
  });
  api = new Api(netral);
  caseId = await api.register();
}, 120_000); // the whole service starts here; slow on a loaded CI machine
afterAll(async () => {
  await netral?.stop();
});

const BEKASI_ADMIN: Caller = { role: 'admin', agency: 'kota-bekasi', sub: 'admin-bekasi' };
const NATIONAL_ADMIN: Caller = { role: 'admin', agency: '*', sub: 'admin-nasional' };
const NATIONAL_AUDITOR: Caller = { role: 'auditor', agency: '*', sub: 'auditor-nasional' };

describe('registration-date filters', () => {
  // Year 0000 is a real date on paper; its 00:00 WIB is in year -1, which PostgreSQL refused: it was a 500.
  it.each([
    ['/cases?registeredFrom=0000-01-01', 'registeredFrom'],
    ['/cases?registeredTo=0000-01-01', 'registeredTo'],
    ['/statistics?registeredFrom=0000-01-01', 'registeredFrom'],
    ['/statistics?registeredTo=1899-12-31', 'registeredTo'],
    ['/cases?registeredFrom=3000-01-01', 'registeredFrom'],
  ])('%s is refused, naming the field', async (path, field) => {
    const res = await api.get(path, SUPERVISOR);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.text).toContain(field);
    expect(res.text).toContain('1900');
  });

  it('takes the first and last years a case date may have', async () => {
    const res = await api.get('/cases?registeredFrom=1900-01-01&registeredTo=2999-12-31', SUPERVISOR);
    expect(res.status).toBe(200);
    expect((res.body as { items: unknown[] }).items).toHaveLength(1);
  });
});

describe('letter settings', () => {
  const path = '/agencies/kota-bekasi/letter-settings';
  const letterhead = { lines: ['PEMERINTAH KOTA BEKASI', 'INSPEKTORAT DAERAH'], city: 'Bekasi' };
  const signatory = { name: 'Drs. Hendra Gunawan, M.Si.', nip: '197205151998031004', position: 'Camat' };
  const put = (body: unknown) => api.request('PUT', path, { as: BEKASI_ADMIN, body });

  it.each([
    ['no letterhead (was a 500)', {}, 'letterhead'],
    ['a signatory that is a number', { letterhead, signatories: { ppk: 5 } }, 'signatories'],
    ['a signatory without NIP', { letterhead, signatories: { inspektur: { name: 'x' } } }, 'nip'],
    ['a role no template signs as', { letterhead, signatories: { bupati: signatory } }, 'bupati'],
  ])('%s: 400 and nothing kept', async (_name, body, field) => {
    const res = await put(body);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.text).toContain(field);
    expect((await api.get(path, BEKASI_ADMIN)).body).toEqual({ agency: 'kota-bekasi', settings: null });
  });

  it('keeps a letterhead and a checked signatory', async () => {
    const res = await put({ letterhead, signatories: { atasan_langsung: signatory } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ settings: { signatories: { atasan_langsung: signatory } } });
  });
});

describe('POST /codec/encode: national admins only', () => {
  const body = { payloads: [{ metadata: {}, data: Buffer.from('"x"').toString('base64') }] };

  it.each([
    ['an agency auditor', AUDITOR],
    ['a national auditor', NATIONAL_AUDITOR],
    ['an agency admin', BEKASI_ADMIN],
    ['an officer', OFFICER],
  ])('%s: 403', async (_name, caller) => {
    expectProblem(await api.post('/codec/encode', caller, body), 403, 'FORBIDDEN');
  });

  it('a national admin gets the payload encrypted', async () => {
    const res = await api.post<typeof body>('/codec/encode', NATIONAL_ADMIN, body);
    expect(res.status).toBe(200);
    const encoding = res.body.payloads[0].metadata as Record<string, string>;
    expect(Buffer.from(encoding.encoding, 'base64').toString()).toBe('binary/encrypted');
  });
});

describe('an upload retried under its Idempotency-Key with other fields', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  async function upload(fields: Record<string, string>, name: string) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), name);
    const token = await netral.token(SUPERVISOR.role, SUPERVISOR.agency, { sub: SUPERVISOR.sub });
    const res = await fetch(`${netral.url}/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': 'upload-key-0001' },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown, text };
  }
  const documents = async () =>
    ((await api.get(`/cases/${caseId}/documents`, SUPERVISOR)).body as { items: unknown[] }).items;

  it('replays the same request, refuses another title or name (was: the first outcome, 201)', async () => {
    const first = await upload({ fact: 'laporan', title: 'Laporan awal' }, 'laporan.pdf');
    expect(first.status).toBe(201);
    expect(await upload({ fact: 'laporan', title: 'Laporan awal' }, 'laporan.pdf')).toMatchObject({
      status: 201,
      body: first.body,
    });
    expectProblem(
      await upload({ fact: 'laporan', title: 'Laporan lain' }, 'laporan.pdf'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectProblem(
      await upload({ fact: 'laporan', title: 'Laporan awal' }, 'lain.pdf'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await documents()).toHaveLength(1);
  });
});

/**
 * Retries and concurrent edits against the whole service over real HTTP: the Idempotency-Key rules (replay,
 * reuse, concurrent retries, a second API instance on the same database), If-Match per RFC 9110, and the
 * exports that must show invisible characters instead of obeying them. (Split from hostile-input.test.ts.)
 */
import { AppModule } from '../../apps/api/src/app.module';
import pino from 'pino';
import { createApiApp, PLATFORM_CONFIG, type PlatformConfig } from '../../apps/api/src/platform';
import { startTestService, type TestService } from '../support/service';
import {
  Api,
  AUDITOR,
  BOGOR_OFFICER,
  expectProblem,
  OFFICER,
  officerEventCount,
  registerBody,
  SUPERVISOR,
  waitFor,
} from '../api-cases/support';

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('api_retries');
  api = new Api(netral);
}, 120_000); // the whole service starts here; slow on a loaded CI machine
afterAll(async () => {
  await netral?.stop();
});

const json = { 'Content-Type': 'application/json' };
const startClarification = { by: 'inspektorat', letterReference: '700/112/Inspektorat' };

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
            taskQueue: 'cases-api_retries',
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

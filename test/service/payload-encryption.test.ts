/**
 * Temporal payload encryption end to end: with a codec configured (as `npm start` does), the reporter's
 * identity registered through the API appears nowhere in the embedded Temporal server's tables in plain
 * text; the remote codec endpoint decrypts for auditors only (with CORS for the Temporal UI); the replay
 * check still replays the encrypted histories.
 */
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, KEY_ID_METADATA } from '@netral/workflows';
import { Api, AUDITOR, OFFICER, expectProblem } from '../api-cases/support';
import { startTestService, type TestService } from '../support/service';

const REPORTER = 'Wulan Sekarsari Rahasia';
const ADDRESS = 'Jl. Kenanga Tersembunyi 17';
const UI_ORIGIN = 'http://localhost:8233';
const codec = new AesGcmPayloadCodec([{ id: 'test-key-1', key: randomBytes(32) }]);

let netral: TestService;
let api: Api;
let caseId: string;

beforeAll(async () => {
  netral = await startTestService('payload_encryption', {
    payloadCodec: codec,
    platform: { codecCorsOrigins: [UI_ORIGIN] },
  });
  api = new Api(netral);
  caseId = await api.register(OFFICER, {
    reporter: { name: REPORTER, address: ADDRESS, contact: '0812999999' },
  });
}, 60_000);
afterAll(async () => {
  await netral?.stop();
});

/** Every row of every table in the `temporal` schema, as text (bytea shows as hex). */
async function temporalTablesText(): Promise<string> {
  const tables = (await netral.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'temporal'`,
  )) as { table_name: string }[];
  expect(tables.length).toBeGreaterThan(3);
  let all = '';
  for (const { table_name } of tables) {
    const rows = (await netral.dataSource.query(`SELECT t::text AS row FROM temporal."${table_name}" t`)) as {
      row: string;
    }[];
    all += rows.map((r) => r.row).join('\n');
  }
  return all;
}

const hex = (s: string) => Buffer.from(s).toString('hex');

describe('Temporal payload encryption', () => {
  it('keeps the reporter identity out of the Temporal server database', async () => {
    const dump = await temporalTablesText();
    // The case is there (ids are not payloads), its reporter is not, neither as text nor as bytes.
    expect(dump).toContain(caseId);
    for (const secret of [REPORTER, ADDRESS, 'Dedi Kurniawan']) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(hex(secret));
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });

  it('decrypts through the remote codec endpoint for auditors only, with CORS for the Temporal UI', async () => {
    // The registration's update argument, as the server stores it.
    const history = await netral.client.workflow.getHandle(caseId).fetchHistory();
    const accepted = (history.events ?? []).find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const [payload] =
      accepted!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!;
    expect(Buffer.from(payload.metadata![KEY_ID_METADATA]).toString()).toBe('test-key-1');
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(payload.data!).toString('base64'),
        },
      ],
    };

    const decoded = await api.post<{ payloads: { metadata: Record<string, string>; data: string }[] }>(
      '/codec/decode',
      AUDITOR,
      body,
      { Origin: UI_ORIGIN, 'X-Namespace': 'default' },
    );
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const request = JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()) as {
      command: { type: string; data: { reporter: { name: string } } };
    };
    expect(request.command.type).toBe('RegisterReport');
    expect(request.command.data.reporter.name).toBe(REPORTER);

    // Encode is the inverse, with the current key.
    const encoded = await api.post<typeof body>('/codec/encode', AUDITOR, decoded.body);
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata[KEY_ID_METADATA], 'base64').toString()).toBe(
      'test-key-1',
    );

    // Officers may not read what the API hides from them; without a token, 401.
    expectProblem(await api.post('/codec/decode', OFFICER, body), 403);
    expectProblem(await api.post('/codec/decode', undefined, body), 401);
    expectProblem(await api.post('/codec/decode', AUDITOR, { payloads: 'x' }), 400);

    // The UI's preflight (no credentials) is answered for its origin, and only for it.
    const preflight = await fetch(`${netral.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: UI_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await fetch(`${netral.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('replays the encrypted histories in the replay check and summarises their commands', async () => {
    const check = await api.post<{ ok: boolean; results: { workflowId: string; ok: boolean }[] }>(
      '/audit/replay-check',
      { role: 'auditor', agency: '*', sub: 'auditor-national' },
      { workflowIds: [caseId] },
    );
    expect(check.status).toBe(200);
    expect(check.body.results).toEqual([expect.objectContaining({ workflowId: caseId, ok: true })]);
  });
});

/**
 * Temporal payload encryption end to end: with a codec configured (as `npm start` does), the reporter's
 * identity registered through the API appears nowhere in the embedded Temporal server's tables in plain
 * text; the remote codec endpoint decrypts for auditors only (with CORS for the Temporal UI), an agency's
 * only the payloads of its own cases; the replay check still replays the encrypted histories.
 */
import { randomBytes } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, KEY_ID_METADATA, WORKFLOW_ID_METADATA } from '@netral/workflows';
import { Api, AUDITOR, BOGOR_OFFICER, OFFICER, expectProblem } from '../api-cases/support';
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

type Payload = temporal.api.common.v1.IPayload;
type JsonPayload = { metadata: Record<string, string>; data: string };
const BOGOR_AUDITOR = { role: 'auditor', agency: 'kota-bogor', sub: 'auditor-bogor' };
const NATIONAL_AUDITOR = { role: 'auditor', agency: '*', sub: 'auditor-national' };
const NATIONAL_ADMIN = { role: 'admin', agency: '*', sub: 'admin-national' };

/**
 * Every encrypted payload anywhere in a workflow's history (inputs, update arguments, activity inputs and
 * results, local activity markers). The SDK's own (patch markers, search attributes) are plain.
 */
async function historyPayloads(workflowId: string): Promise<Payload[]> {
  const history = await netral.client.workflow.getHandle(workflowId).fetchHistory();
  const found: Payload[] = [];
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
    const v = value as Record<string, unknown>;
    if (v.metadata && typeof v.metadata === 'object' && 'data' in v) found.push(v as Payload);
    else Object.values(v).forEach(walk);
  };
  walk(history.events);
  return found.filter((p) => p.metadata?.[KEY_ID_METADATA]);
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(payload.data!).toString('base64'),
  };
}

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

    // Encode is the inverse, with the current key (national admins only: api-hardening/added-routes).
    const encoded = await api.post<typeof body>('/codec/encode', NATIONAL_ADMIN, decoded.body);
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

  it('scopes decoding by agency: each payload names its case, bound to the encryption', async () => {
    const bogorCase = await api.register(BOGOR_OFFICER, {
      reporter: { name: REPORTER, address: ADDRESS, contact: '0812999998' },
    });
    // The SDK gives the codec the owning workflow everywhere: client, workflow, activities, local ones.
    const payloads = await historyPayloads(caseId);
    expect(payloads.length).toBeGreaterThanOrEqual(3); // start input, update argument and outcome, markers
    for (const p of payloads) {
      expect(Buffer.from(p.metadata![WORKFLOW_ID_METADATA] ?? []).toString()).toBe(caseId);
    }
    const ours = { payloads: payloads.map(toJson) };
    const theirs = { payloads: (await historyPayloads(bogorCase)).map(toJson) };
    const decode = (as: typeof AUDITOR, body: { payloads: JsonPayload[] }) =>
      api.post<{ payloads: JsonPayload[] }>('/codec/decode', as, body);
    const registration = (res: { body: { payloads: JsonPayload[] } }) =>
      res.body.payloads.map((p) => Buffer.from(p.data, 'base64').toString()).join('\n');

    // Kota Bekasi's auditor reads Kota Bekasi's case, not Kota Bogor's: those come back as sent, encrypted.
    const own = await decode(AUDITOR, ours);
    expect(own.status).toBe(200);
    expect(own.headers.get('x-netral-withheld')).toBe('0');
    expect(registration(own)).toContain(REPORTER);
    const foreign = await decode(AUDITOR, theirs);
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('x-netral-withheld')).toBe(String(theirs.payloads.length));
    expect(foreign.body).toEqual(theirs);
    expect(registration(foreign)).not.toContain(REPORTER);
    // A mixed batch (as the UI sends one): only the caller's case decoded.
    const mixed = await decode(BOGOR_AUDITOR, { payloads: [ours.payloads[0], theirs.payloads[0]] });
    expect(mixed.headers.get('x-netral-withheld')).toBe('1');
    expect(mixed.body.payloads[0]).toEqual(ours.payloads[0]);
    expect(mixed.body.payloads[1]).not.toEqual(theirs.payloads[0]);

    // Relabelled with one of the caller's cases, another agency's payload fails to decrypt.
    const relabelled = theirs.payloads.map((p) => ({
      ...p,
      metadata: { ...p.metadata, [WORKFLOW_ID_METADATA]: Buffer.from(caseId).toString('base64') },
    }));
    expectProblem(await decode(AUDITOR, { payloads: relabelled }), 400, 'INVALID_PAYLOAD');
    // Without a case (what /codec/encode makes, or payloads from before the id was recorded): national only.
    const unnamed = await api.post<{ payloads: JsonPayload[] }>('/codec/encode', NATIONAL_ADMIN, {
      payloads: [{ metadata: {}, data: Buffer.from('"x"').toString('base64') }],
    });
    expect((await decode(AUDITOR, unnamed.body)).headers.get('x-netral-withheld')).toBe('1');

    // The national scope decodes everything.
    const national = await decode(NATIONAL_AUDITOR, {
      payloads: [...theirs.payloads, ...unnamed.body.payloads],
    });
    expect(national.headers.get('x-netral-withheld')).toBe('0');
    expect(registration(national)).toContain(REPORTER);
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

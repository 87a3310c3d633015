/**
 * Integrity over real HTTP: hash-chain verification of one case and of all cases in scope reports events
 * tampered with in SQL (expected vs stored hash), and the read-model rebuild reports (and with swap
 * repairs) a read model tampered with in SQL.
 */
import { startTestService, type TestService } from '../support/service';
import { createCase, http } from './support';

const LABEL = 'api_audit_integrity';
const BEKASI = 'kota-bekasi';
const BOGOR = 'kota-bogor';
const [CASE_A, CASE_B, CASE_C] = ['integ-bks-001', 'integ-bks-002', 'integ-bgr-001'];

let netral: TestService;
let api: ReturnType<typeof http>;
const tokens: Record<string, string> = {};

interface Verification {
  caseId: string;
  agency: string | null;
  ok: boolean;
  eventsChecked: number;
  headVersion: number;
  firstInvalid?: {
    problem: string;
    version: number;
    eventId: string | null;
    reason: string;
    expectedHash: string;
    storedHash: string | null;
  };
}

beforeAll(async () => {
  netral = await startTestService(LABEL);
  api = http(netral);
  const queue = `cases-${LABEL}`;
  await Promise.all([
    createCase(netral, queue, CASE_A, BEKASI),
    createCase(netral, queue, CASE_B, BEKASI),
    createCase(netral, queue, CASE_C, BOGOR),
  ]);
  tokens.auditor = await netral.token('auditor', BEKASI);
  tokens.supervisor = await netral.token('supervisor', BEKASI);
  tokens.bogorAuditor = await netral.token('auditor', BOGOR);
  tokens.nationalAuditor = await netral.token('auditor', '*');
  tokens.nationalAdmin = await netral.token('admin', '*');
}, 50_000);
afterAll(async () => {
  await netral?.stop();
});

async function storedHash(caseId: string, version: number): Promise<string> {
  const [row] = (await netral.dataSource.query(
    `SELECT hash FROM events WHERE stream_id = $1 AND version = $2`,
    [caseId, version],
  )) as { hash: string }[];
  return row.hash;
}

describe('hash-chain verification', () => {
  it('reports intact chains for one case and for all cases in scope', async () => {
    const one = await api.post<Verification>(`/cases/${CASE_A}/verification`, tokens.auditor);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ caseId: CASE_A, agency: BEKASI, ok: true });
    expect(one.body.eventsChecked).toBe(one.body.headVersion);
    expect(one.body.firstInvalid).toBeUndefined();

    const all = await api.post(`/audit/verification`, tokens.supervisor);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ scope: BEKASI, casesChecked: 2, ok: true, brokenCases: 0 });
    expect(all.body.results.map((r: Verification) => r.caseId)).toEqual([CASE_A, CASE_B]);

    const national = await api.post(`/audit/verification`, tokens.nationalAuditor);
    expect(national.body).toMatchObject({ scope: '*', casesChecked: 3, ok: true });
  });

  it('names the first altered event with the expected and the stored hash', async () => {
    const original = await storedHash(CASE_A, 1);
    // Someone with database access rewrites what the reported ASN did.
    await netral.dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{conduct}', '"Tidak melakukan apa-apa"')
       WHERE stream_id = $1 AND version = 1`,
      [CASE_A],
    );
    // ... and who assigned the officer in the other case.
    await netral.dataSource.query(
      `UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"orang-lain"')
       WHERE stream_id = $1 AND type = 'OfficerAssigned'`,
      [CASE_B],
    );

    const one = await api.post<Verification>(`/cases/${CASE_A}/verification`, tokens.auditor);
    expect(one.status).toBe(200);
    expect(one.body.ok).toBe(false);
    expect(one.body.firstInvalid).toMatchObject({
      problem: 'altered',
      version: 1,
      eventId: `${CASE_A}:1`,
      storedHash: original,
    });
    expect(one.body.firstInvalid!.expectedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(one.body.firstInvalid!.expectedHash).not.toBe(original);
    expect(one.body.eventsChecked).toBe(1);

    const all = await api.post(`/audit/verification`, tokens.auditor);
    expect(all.body).toMatchObject({ casesChecked: 2, ok: false, brokenCases: 2 });
    const b = (all.body.results as Verification[]).find((r) => r.caseId === CASE_B)!;
    const assignedVersion = (
      (await netral.dataSource.query(
        `SELECT version FROM events WHERE stream_id = $1 AND type = 'OfficerAssigned'`,
        [CASE_B],
      )) as { version: number }[]
    )[0].version;
    expect(b.firstInvalid).toMatchObject({
      problem: 'altered',
      version: assignedVersion,
      storedHash: await storedHash(CASE_B, assignedVersion),
    });

    // Another agency's auditor sees only its own (intact) case.
    const bogor = await api.post(`/audit/verification`, tokens.bogorAuditor);
    expect(bogor.body).toMatchObject({ scope: BOGOR, casesChecked: 1, ok: true });

    const onlyBroken = await api.post(`/audit/verification?onlyBroken=true`, tokens.nationalAuditor);
    expect(onlyBroken.body).toMatchObject({ casesChecked: 3, brokenCases: 2, ok: false });
    expect(onlyBroken.body.results.map((r: Verification) => r.caseId)).toEqual([CASE_A, CASE_B]);
  });

  it('reports an event deleted from the end of a stream', async () => {
    const [{ version }] = (await netral.dataSource.query(
      `SELECT max(version) AS version FROM events WHERE stream_id = $1`,
      [CASE_C],
    )) as { version: number }[];
    await netral.dataSource.query(`DELETE FROM events WHERE stream_id = $1 AND version = $2`, [
      CASE_C,
      version,
    ]);
    const res = await api.post<Verification>(`/cases/${CASE_C}/verification`, tokens.bogorAuditor);
    expect(res.body).toMatchObject({ ok: false, headVersion: version, eventsChecked: version - 1 });
    expect(res.body.firstInvalid).toMatchObject({ problem: 'truncated', version, eventId: null });
  });
});

describe('read-model rebuild', () => {
  it('compares a rebuild with the live read models and, with swap, repairs them', async () => {
    const clean = await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, {});
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ projection: 'case_read_models', swapped: false });
    expect(clean.body.tables.map((t: { table: string }) => t.table)).toEqual([
      'case_summary',
      'case_deadlines',
      'notification_outbox',
    ]);
    const summary = clean.body.tables[0];
    // Case C lost its last event (previous test): its summary row no longer matches the events.
    expect(summary).toMatchObject({ liveRows: 3, rebuiltRows: 3, onlyInLive: 1, onlyInRebuild: 1 });
    expect(clean.body.equal).toBe(false);

    // Tamper with the read model directly: case A's summary says it is closed.
    await netral.dataSource.query(`UPDATE case_summary SET stage = 'closed' WHERE case_id = $1`, [CASE_A]);
    const dirty = await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, { swap: false });
    expect(dirty.body.tables[0]).toMatchObject({ onlyInLive: 2, onlyInRebuild: 2 });

    const swapped = await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, { swap: true });
    expect(swapped.body).toMatchObject({ swapped: true, equal: false });
    const [row] = (await netral.dataSource.query(`SELECT stage FROM case_summary WHERE case_id = $1`, [
      CASE_A,
    ])) as {
      stage: string;
    }[];
    expect(row.stage).toBe('clarification');

    const after = await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, {});
    expect(after.body.equal).toBe(true);
    expect(after.body.position).toBeGreaterThan(0);
  });

  it('runs one rebuild at a time (409 while another holds the rebuild lock)', async () => {
    const other = netral.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(727101)`); // as another API instance's rebuild would
      const busy = await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, {});
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('REBUILD_IN_PROGRESS');
    } finally {
      await other.query(`SELECT pg_advisory_unlock(727101)`);
      await other.release();
    }
    expect((await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, {})).status).toBe(200);
  });

  it('rejects unknown fields and wrong types in the request', async () => {
    expect((await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, { swap: 'yes' })).status).toBe(
      400,
    );
    expect((await api.post('/audit/read-model-rebuild', tokens.nationalAdmin, { force: true })).status).toBe(
      400,
    );
  });
});

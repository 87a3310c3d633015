/**
 * The replay check over real HTTP: every case workflow in scope replayed against the current workflow
 * code; a history recorded by other code of the same workflow type is reported as non-determinism.
 */
import * as path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { SANCTION_CASE_WORKFLOW } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import { createCase, http } from './support';

const LABEL = 'api_audit_replay';
const BEKASI = 'kota-bekasi';
const BOGOR = 'kota-bogor';
const [CASE_A, CASE_C] = ['wf-bks-001', 'wf-bgr-001'];

let netral: TestService;
let api: ReturnType<typeof http>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  netral = await startTestService(LABEL);
  api = http(netral);
  const queue = `cases-${LABEL}`;
  await Promise.all([createCase(netral, queue, CASE_A, BEKASI), createCase(netral, queue, CASE_C, BOGOR)]);
  tokens.auditor = await netral.token('auditor', BEKASI);
  tokens.nationalAdmin = await netral.token('admin', '*');
  tokens.nationalAuditor = await netral.token('auditor', '*');
}, 120_000);
afterAll(async () => {
  await netral?.stop();
});

describe('replay check', () => {
  it('replays every case workflow in scope against the current code', async () => {
    const national = await api.post('/audit/replay-check', tokens.nationalAuditor, {});
    expect(national.status).toBe(200);
    expect(national.body).toMatchObject({ scope: '*', ok: true, failures: 0, truncated: false, limit: 25 });
    const ids = (national.body.results as { workflowId: string }[]).map((r) => r.workflowId).sort();
    expect(ids).toEqual([CASE_A, CASE_C].sort());
    for (const r of national.body.results) {
      expect(r).toMatchObject({ ok: true, nonDeterminism: false, error: null, status: 'RUNNING' });
      expect(r.runId).toEqual(expect.any(String));
    }

    // An agency's auditor checks only its own cases; a limit bounds the request and says so.
    const bekasi = await api.post('/audit/replay-check', tokens.auditor);
    expect(bekasi.status).toBe(200);
    expect((bekasi.body.results as { workflowId: string }[]).map((r) => r.workflowId)).toEqual([CASE_A]);
    const limited = await api.post('/audit/replay-check', tokens.nationalAdmin, { limit: 1 });
    expect(limited.body).toMatchObject({ runsChecked: 1, truncated: true, ok: true });
    const chosen = await api.post('/audit/replay-check', tokens.nationalAuditor, { workflowIds: [CASE_C] });
    expect(chosen.body.results.map((r: { workflowId: string }) => r.workflowId)).toEqual([CASE_C]);
  });

  it('reports a history the current code cannot replay as non-determinism', async () => {
    // A run recorded by other ("older") workflow code of the same type, on its own task queue.
    const connection = await NativeConnection.connect({ address: netral.service.temporalAddress });
    const taskQueue = `drifted-${LABEL}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: path.join(__dirname, 'workflows/drifted-sanction-case.ts'),
    });
    const workflowId = 'wf-drifted-001';
    await worker.runUntil(
      netral.client.workflow.execute(SANCTION_CASE_WORKFLOW, { workflowId, taskQueue, args: [] }),
    );
    await connection.close();

    const res = await api.post('/audit/replay-check', tokens.nationalAuditor, {
      workflowIds: [workflowId, CASE_A],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, failures: 1, runsChecked: 2 });
    const drifted = res.body.results.find((r: { workflowId: string }) => r.workflowId === workflowId);
    expect(drifted).toMatchObject({ ok: false, nonDeterminism: true, status: 'COMPLETED' });
    expect(drifted.error).toEqual(expect.any(String));
    expect(res.body.results.find((r: { workflowId: string }) => r.workflowId === CASE_A)).toMatchObject({
      ok: true,
    });
    // It has no case stream: outside every agency's scope.
    const bekasi = await api.post('/audit/replay-check', tokens.auditor, { workflowIds: [workflowId] });
    expect(bekasi.body).toMatchObject({ runsChecked: 0, ok: true });
  });

  it('validates its request', async () => {
    for (const body of [
      { limit: 0 },
      { limit: 1000 },
      { limit: '5' },
      { workflowIds: ['bad id'] },
      { extra: 1 },
    ]) {
      const res = await api.post('/audit/replay-check', tokens.nationalAuditor, body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_FAILED',
      ]);
    }
  });
});

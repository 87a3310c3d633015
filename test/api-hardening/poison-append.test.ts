/**
 * A command whose events PostgreSQL refuses for good (a "poison" append) fails at once with 422
 * EVENT_STORE_REFUSED, writes nothing, and leaves the case usable. Before, the append's local activity was
 * retried without end: the command answered 503 after 30 s, and every later command on the case hung behind
 * it (bench/notes/s16-hostile.md).
 */
import type { CaseCommand } from '@netral/domain';
import { CaseCommandRefusedError, sendCaseCommand } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';
import { Api, OFFICER, SUPERVISOR, expectProblem, officerEventCount } from '../api-cases/support';

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('api_poison_append');
  api = new Api(netral);
}, 120_000); // the whole service starts here; slow on a loaded CI machine
afterAll(async () => {
  await netral?.stop();
});

/** Well under the API's 30 s command timeout (and the append's first retries): a refusal, not a wait. */
const FAST_MS = 15_000;

/** The case's version as its read (GET /cases/{id} answers its ETag). */
async function versionOf(id: string): Promise<string | null> {
  const res = await api.get(`/cases/${id}`, SUPERVISOR);
  expect(res.status).toBe(200);
  return res.headers.get('etag');
}

describe('an append PostgreSQL refuses', () => {
  it('a constraint the events break: 422 EVENT_STORE_REFUSED at once, nothing written, the next command runs', async () => {
    const id = await api.register();
    const before = await officerEventCount(netral, id);
    const tag = await versionOf(id);
    // A rule the database enforces and the API does not know (as a future column or catalogue text might).
    await netral.dataSource.query(
      `ALTER TABLE events ADD CONSTRAINT poison_test CHECK (data::text NOT LIKE '%RACUN-%') NOT VALID`,
    );
    try {
      const started = Date.now();
      const refused = await api.post(`/cases/${id}/assignment`, SUPERVISOR, {
        officerId: OFFICER.sub,
        officerName: 'RACUN-Ani',
      });
      expect(Date.now() - started).toBeLessThan(FAST_MS);
      expectProblem(refused, 422, 'EVENT_STORE_REFUSED');
      // PostgreSQL's words (constraint, table, SQLSTATE) stay out of the answer.
      expect(refused.text).not.toMatch(/poison_test|23514|constraint|relation/i);
      expect(await officerEventCount(netral, id)).toBe(before);
      expect(await versionOf(id)).toBe(tag);

      // The case goes on: the same command without the refused text, then the next stage.
      const assigned = await api.post(`/cases/${id}/assignment`, SUPERVISOR, {
        officerId: OFFICER.sub,
        officerName: 'Ani',
      });
      expect(assigned.status).toBe(200);
      const started2 = await api.post(`/cases/${id}/clarification/start`, OFFICER, {
        by: 'inspektorat',
        letterReference: '700/1/Insp',
      });
      expect(started2.status).toBe(200);
      expect(await officerEventCount(netral, id)).toBe(before + 2);
    } finally {
      await netral.dataSource.query(`ALTER TABLE events DROP CONSTRAINT IF EXISTS poison_test`);
    }
  });

  it('a lone surrogate sent past the API (straight to the workflow): refused (22P02), the case goes on', async () => {
    const id = await api.register();
    const before = await officerEventCount(netral, id);
    const started = Date.now();
    // "\ud800" survives JSON (as an escape) up to PostgreSQL, whose jsonb refuses it on every attempt.
    const sent = sendCaseCommand(netral.client, {
      caseId: id,
      request: {
        command: {
          type: 'AssignOfficer',
          data: { officerId: OFFICER.sub, officerName: 'Ani \ud800' },
        } as CaseCommand,
        actor: { id: SUPERVISOR.sub!, role: 'supervisor', agency: SUPERVISOR.agency },
      },
      updateId: `poison-${id}`,
    });
    await expect(sent).rejects.toBeInstanceOf(CaseCommandRefusedError);
    await expect(sent).rejects.toMatchObject({ code: 'EVENT_STORE_REFUSED', message: /22P02/ });
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(await officerEventCount(netral, id)).toBe(before);

    const assigned = await api.post(`/cases/${id}/assignment`, SUPERVISOR, {
      officerId: OFFICER.sub,
      officerName: 'Ani',
    });
    expect(assigned.status).toBe(200);
    expect(await officerEventCount(netral, id)).toBe(before + 1);
  });
});

// The whole service as `npm start` assembles it (embedded Temporal, worker, API) on a throw-away database:
// it comes up ready, and it stops cleanly.
import { SANCTION_CASE_WORKFLOW, caseStateQuery } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';

let netral: TestService;

beforeAll(async () => {
  netral = await startTestService('service');
});
afterAll(async () => {
  await netral?.stop();
});

it('is live, and ready once PostgreSQL and Temporal answer', async () => {
  expect((await fetch(`${netral.url}/health`)).status).toBe(200);
  const ready = await fetch(`${netral.url}/ready`);
  expect(ready.status).toBe(200);
  const report = (await ready.json()) as { checks: { name: string; status: string }[] };
  expect(report.checks.map((c) => [c.name, c.status]).sort()).toEqual([
    ['postgresql', 'up'],
    ['temporal', 'up'],
  ]);
});

it('runs case workflows on its worker', async () => {
  const handle = await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
    workflowId: 'service-smoke',
    taskQueue: 'cases-service',
    args: [{}],
  });
  // A query is answered only by a worker that has the workflow running.
  const state = await handle.query(caseStateQuery);
  expect(state.stage).toBeDefined();
  await handle.terminate('smoke test done');
});

// The whole service as `npm start` assembles it (embedded Temporal, worker, API) on a throw-away database:
// it comes up ready, and it stops cleanly.
import { Server } from 'node:http';
import { Worker } from '@temporalio/worker';
import { SANCTION_CASE_WORKFLOW, caseStateQuery } from '@netral/workflows';
import { startTestService, type TestService } from '../support/service';

let netral: TestService;
/** jest's invocation order of each call: when the HTTP API listened, when the worker began polling. */
let listened: number[];
let polled: number[];

beforeAll(async () => {
  // Spies that call through: they only record when the API listened and when the worker began polling.
  const listen = jest.spyOn(Server.prototype, 'listen');
  const poll = jest.spyOn(Worker.prototype, 'run');
  try {
    netral = await startTestService('service');
  } finally {
    listened = [...listen.mock.invocationCallOrder];
    polled = [...poll.mock.invocationCallOrder];
    listen.mockRestore();
    poll.mockRestore();
  }
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

it('starts polling for tasks only once its API listens', () => {
  // A restarted worker's first tasks have a 10 s clock from their first poll; the API's start-up on the
  // same event loop must not run inside it (bench/notes/s15-restart.md).
  expect(listened).toHaveLength(1);
  expect(polled).toHaveLength(1);
  expect(listened[0]).toBeLessThan(polled[0]);
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

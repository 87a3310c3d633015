/**
 * PostgreSQL round trips of one HTTP command end to end (API, embedded Temporal server, worker, event
 * store), counted in this process by the bench's counter: every pg query is one round trip. Timings on a
 * shared machine are noise; counts are not, so the budget here guards issue #15's command path.
 */
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import { Api, OFFICER, registerBody, SUPERVISOR } from '../api-cases/support';
import { startTestService, type TestService } from '../support/service';

installRoundTripCounter();

let netral: TestService;
let api: Api;

beforeAll(async () => {
  netral = await startTestService('command_round_trips');
  api = new Api(netral);
});
afterAll(async () => {
  await netral?.stop();
});

const CASES = 4;

it('a case command costs a bounded number of round trips, reading nothing back it just wrote', async () => {
  // Warm up: the first command of a process compiles statements and fills caches.
  const warm = await api.register(OFFICER, registerBody({ source: sourceOf(-1) }));
  await command(warm);

  const caseIds: string[] = [];
  const registered = await roundTripsPer(CASES, async (i) => {
    caseIds.push(await api.register(OFFICER, registerBody({ source: sourceOf(i) })));
  });
  const assigned = await roundTripsPer(CASES, (i) => command(caseIds[i]));
  console.log(JSON.stringify({ registered, assigned }, null, 1));

  for (const run of [registered, assigned]) {
    // The case's agency is cached (API), the summary row travels with the append (event store), and the
    // engine serves new history from memory: none of them is read back per command.
    expect(run.byStatement['SELECT case_summary'] ?? 0).toBe(0);
    expect(run.byStatement['SELECT temporal.history_events'] ?? 0).toBe(0);
    expect(run.total).toBeLessThanOrEqual(COMMAND_BUDGET);
  }
  // Registration costs what any other command costs: the agency's SKB 2022 reading comes from memory
  // (readings-in-force.ts, forgotten on each choice), not from violation_reading_choice per case.
  expect(registered.byStatement['SELECT violation_reading_choice'] ?? 0).toBe(0);
});

/**
 * Round trips one case command may cost end to end, registration included (bench/notes/s05-perf.md: 18
 * measured since the engine's sync match and the cached SKB reading, 22 before, 35 at the start; 16 for a
 * registration and 15 for an assignment since deadlines are planned by a local activity, s08-perf-worker.md;
 * 9 and 9 since the command's own append records the deadlines it opens, s12-fold-deadline.md; 7 and 7 since
 * that append is a local activity in the update's own workflow task, s13-local-append3.md; 4 and 3 since the
 * projections' writes go with COMMIT, s17-command-path2.md; a little
 * headroom for a deadline timer of an earlier case firing during the count).
 */
const COMMAND_BUDGET = 5;

function sourceOf(i: number) {
  return { kind: 'public_report', reference: `LAP-RT-${i}`, receivedOn: '2025-01-03' };
}

async function command(caseId: string): Promise<void> {
  const res = await api.post(`/cases/${caseId}/assignment`, SUPERVISOR, {
    officerId: 'officer-ani',
    officerName: 'Ani',
  });
  if (res.status !== 200) throw new Error(`assignment: ${res.status} ${res.text}`);
}

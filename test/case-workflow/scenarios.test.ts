/**
 * The replay-fixture recorder's scenarios (scenarios.ts) still run, as test/fixtures/histories/record.ts runs
 * them: each on its own server whose clock starts at SCENARIO_ERA, with the real case worker. Each history
 * recorded then replays against the current workflow code. Fails when the domain starts refusing a
 * scenario's commands (as the 2026.1 time rules did with wall-clock recording), so that a patch can always
 * get its replay fixture. Under the policy's own backdating horizon (60 days), not the lifted one the
 * integration suites run with (test/support/backdating-horizon.ts): the recorder records with the policy's.
 */
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { caseWorkflowBundle } from '../../apps/worker/src/case-worker';
import { SCENARIOS, SCENARIO_ERA } from './scenarios';
import { startCaseEnv } from './support';

const recordable = SCENARIOS.filter((s) => !s.frozen);
const liftedHorizon = process.env.NETRAL_BACKDATING_HORIZON_DAYS;

beforeAll(() => {
  delete process.env.NETRAL_BACKDATING_HORIZON_DAYS;
});

afterAll(() => {
  if (liftedHorizon !== undefined) process.env.NETRAL_BACKDATING_HORIZON_DAYS = liftedHorizon;
});

describe('the replay-fixture scenarios', () => {
  const recorded: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];

  it.each(recordable.map((s) => [s.name, s] as const))(
    '%s runs to its end',
    async (_name, scenario) => {
      const env = await startCaseEnv(`scenario_${scenario.name}`, { serverTimeMs: SCENARIO_ERA });
      try {
        await scenario.run(env);
        const history = await env.client.workflow.getHandle(scenario.caseId).fetchHistory();
        recorded.push({ workflowId: scenario.caseId, history });
      } finally {
        await env.stop();
      }
    },
    120_000,
  );

  it('histories recorded so replay against the current workflow code', async () => {
    expect(recorded.map((r) => r.workflowId)).toEqual(recordable.map((s) => s.caseId));
    const results: [string, string | undefined][] = [];
    for await (const r of Worker.runReplayHistories(caseWorkflowBundle(), recorded)) {
      results.push([r.workflowId, r.error?.message]);
    }
    expect(results).toEqual(recordable.map((s) => [s.caseId, undefined]));
  }, 60_000);
});

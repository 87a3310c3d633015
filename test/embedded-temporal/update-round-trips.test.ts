/**
 * What one update costs in PostgreSQL round trips and commits, end to end with the real SDK client and
 * worker (issue #15). The counts are exact; the update's latency is a bench figure (`npm run bench`), not a test's.
 */
import { randomUUID } from 'node:crypto';
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import { startEnv, type TemporalTestEnv } from './support';
import { echoUpdate, finishSignal, setValueUpdate } from './workflows';

installRoundTripCounter();

let env: TemporalTestEnv;
beforeAll(async () => {
  // As Netral's `npm start` runs it: eager activity dispatch on.
  env = await startEnv('update_round_trips', { server: { activityEagerExecution: true } });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

it('counts round trips and commits per update', async () => {
  const handle = await env.client.workflow.start('updatable', {
    taskQueue: env.taskQueue,
    workflowId: `rt-${randomUUID()}`,
  });
  await handle.executeUpdate(setValueUpdate, { args: ['warm'] });
  const accepted = await roundTripsPer(20, (i) => handle.executeUpdate(setValueUpdate, { args: [`v${i}`] }));
  const rejected = await roundTripsPer(20, () =>
    handle.executeUpdate(setValueUpdate, { args: ['bad'] }).catch(() => undefined),
  );
  const withActivity = await roundTripsPer(20, (i) => handle.executeUpdate(echoUpdate, { args: [`e${i}`] }));
  // A rejection writes nothing; an acceptance completed in the same task is one commit (speculative.ts).
  expect(rejected.total).toBe(0);
  expect(accepted.commits).toBe(1);
  // Task completion with the eager activity started, activity completion with the next task started
  // (sync match), that task's completion with UpdateCompleted.
  expect(withActivity.commits).toBeLessThanOrEqual(3);
  await handle.signal(finishSignal);
  await handle.result();
}, 120_000);

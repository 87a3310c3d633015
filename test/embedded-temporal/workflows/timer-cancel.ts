/**
 * A timer the workflow cancels in the workflow task during which it fired on the server (timer-cancel.test.ts):
 * the task is held open by a local activity the test releases once the timer has fired.
 */
import {
  CancellationScope,
  condition,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const { echo } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });
const { blockUntilReleased } = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const goSignal = defineSignal('go');

export async function cancelsFiredTimer(key: string): Promise<string> {
  const scope = new CancellationScope();
  const timer = scope
    .run(() => sleep('5s'))
    .then(
      () => 'fired',
      () => 'cancelled',
    );
  let go = false;
  setHandler(goSignal, () => void (go = true));
  await condition(() => go);
  // The workflow task stays started while this local activity runs: the timer fires meanwhile.
  await blockUntilReleased(key);
  scope.cancel();
  const after = await echo('after');
  return `${await timer}/${after}`;
}

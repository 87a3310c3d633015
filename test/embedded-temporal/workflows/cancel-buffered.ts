/**
 * Workflows that cancel a timer or an activity in the workflow task during which it fired or finished on the
 * server (cancel-buffered.test.ts): the task is held open by a local activity the test releases once the
 * timer has fired or the activity has finished.
 */
import {
  CancellationScope,
  condition,
  defineSignal,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const { echo, blockUntilReleased } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
const held = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30s' });

export const goSignal = defineSignal('go');

/** Waits for the go signal, then holds its task open until `key` is released. */
async function holdTaskAfterSignal(key: string): Promise<void> {
  let go = false;
  setHandler(goSignal, () => void (go = true));
  await condition(() => go);
  await held.blockUntilReleased(key);
}

export async function cancelsFiredTimer(key: string): Promise<string> {
  const scope = new CancellationScope();
  const timer = scope
    .run(() => sleep('30s'))
    .then(
      () => 'fired',
      () => 'cancelled',
    );
  await holdTaskAfterSignal(key);
  // Awaited before the next command, as the case workflow's main loop does: CancelTimer goes first.
  scope.cancel();
  const outcome = await timer;
  return `${outcome}/${await echo('after')}`;
}

export async function cancelsFinishedActivity(key: string): Promise<string> {
  const scope = new CancellationScope();
  const activity = scope
    .run(() => blockUntilReleased(`${key}/activity`))
    .catch((e: unknown) => {
      if (isCancellation(e)) return 'cancelled';
      throw e;
    });
  await holdTaskAfterSignal(`${key}/task`);
  scope.cancel();
  const outcome = await activity;
  return `${outcome}/${await echo('after')}`;
}

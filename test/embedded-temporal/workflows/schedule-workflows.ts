/** Workflows the schedule tests start through schedules (plain SDK code, nothing server-specific). */
import { ApplicationFailure, condition, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';

export const finishSignal = defineSignal('finish');

/** Completes at once with its own id and how many runs of the chain came before (via lastResult). */
export async function quickJob(): Promise<{ workflowId: string; run: number }> {
  const previous = workflowInfo().lastResult as { run: number } | undefined;
  return { workflowId: workflowInfo().workflowId, run: (previous?.run ?? 0) + 1 };
}

/** Runs until signalled `finish` (or cancelled), so that the next action overlaps it. */
export async function heldJob(): Promise<string> {
  let finished = false;
  setHandler(finishSignal, () => void (finished = true));
  await condition(() => finished);
  return workflowInfo().workflowId;
}

/** Fails for good: for pause-on-failure. */
export async function failingJob(): Promise<never> {
  throw ApplicationFailure.nonRetryable('the digest could not be built', 'DigestFailed');
}

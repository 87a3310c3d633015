/** Workflows for the reset tests (ResetWorkflowExecution): a case that fails on a bad lookup, notes by signal and update. */
import {
  ApplicationFailure,
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import type * as activities from '../activities';

export const noteSignal = defineSignal<[string]>('note');
export const noteUpdate = defineUpdate<number, [string]>('noteUpdate');

const { readVerdict } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 1 },
});

/**
 * Reads a verdict (an activity), fails the run when it is "broken", then collects notes (signals and
 * updates) until one says "done".
 */
export async function resettableCase(): Promise<string[]> {
  const notes: string[] = [];
  setHandler(noteSignal, (note) => void notes.push(note));
  setHandler(noteUpdate, (note) => notes.push(note));
  const verdict = await readVerdict();
  if (verdict === 'broken') throw ApplicationFailure.nonRetryable('the lookup answered "broken"', 'Bug');
  await condition(() => notes.includes('done'));
  return notes;
}

/**
 * Starts a `counter` child (it sums `add` signals until `finish`) and returns what it answers: the parent a
 * reset with a pending child is tried on.
 */
export async function parentOfCounter(childId: string): Promise<number> {
  const handle = await startChild<() => Promise<number>>('counter', { workflowId: childId });
  return handle.result();
}

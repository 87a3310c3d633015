// Workflows for the embedded-Temporal benchmark (bundled by the worker; only @temporalio/workflow here).
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

const { greet } = proxyActivities<{ greet(name: string): Promise<string> }>({ startToCloseTimeout: '10s' });

/** Started and completed per second: one activity each. */
export async function oneActivity(name: string): Promise<string> {
  return greet(name);
}

export const bump = defineUpdate<number, [number]>('bump');
export const finish = defineSignal('finish');

/** Update round trips: each update changes the state and returns it. */
export async function counter(): Promise<number> {
  let total = 0;
  let done = false;
  setHandler(bump, (by) => (total += by));
  setHandler(finish, () => void (done = true));
  await condition(() => done);
  return total;
}

export const record = defineUpdate<string, [string]>('record');

/**
 * A case-like workflow: each command is an update that runs one activity (as the case workflow appends to
 * the event store), so a long-lived one gathers a long history. Measures the per-command cost as it grows.
 */
export async function ledger(): Promise<number> {
  let commands = 0;
  let done = false;
  setHandler(record, async (entry) => {
    commands++;
    return greet(entry);
  });
  setHandler(finish, () => void (done = true));
  await condition(() => done);
  return commands;
}

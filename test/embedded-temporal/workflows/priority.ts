/** Workflows for the priority tests: an activity sent to another queue with its own priority key. */
import { proxyActivities } from '@temporalio/workflow';

/** Runs `echo(label)` on `taskQueue` with priority key `priorityKey` (the run's own priority otherwise). */
export async function echoWithPriority(
  taskQueue: string,
  label: string,
  priorityKey?: number,
): Promise<string> {
  const { echo } = proxyActivities<{ echo(value: string): Promise<string> }>({
    taskQueue,
    startToCloseTimeout: '10s',
    ...(priorityKey ? { priority: { priorityKey } } : {}),
  });
  return echo(label);
}

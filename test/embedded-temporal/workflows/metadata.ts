/** Workflows for the fidelity tests: priority and static summaries, child time-outs' retry states. */
import type { Duration } from '@temporalio/common';
import {
  ChildWorkflowFailure,
  executeChild,
  proxyActivities,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities';

export async function reportPriority(): Promise<unknown> {
  return workflowInfo().priority ?? null;
}

export async function withMetadata(): Promise<{ own: unknown; activity: unknown; child: unknown }> {
  await sleep(10, { summary: 'short nap' });
  const { ownPriority } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    summary: 'what the activity was given',
    priority: { priorityKey: 2 },
  });
  const activity = await ownPriority();
  const child = await executeChild(reportPriority, {
    workflowId: `${workflowInfo().workflowId}-child`,
    staticSummary: 'child summary',
    staticDetails: 'child details',
    priority: { fairnessKey: 'tenant-b' },
  });
  return { own: workflowInfo().priority ?? null, activity, child };
}

export async function sleepsADay(): Promise<void> {
  await sleep('1 day');
}

/** Starts a `sleepsADay` child with the given timeouts and returns the retry state its time-out reports. */
export async function childTimesOut(opts: {
  executionTimeout?: Duration;
  runTimeout?: Duration;
  maximumAttempts?: number;
}): Promise<string> {
  try {
    await executeChild(sleepsADay, {
      workflowId: `${workflowInfo().workflowId}-child`,
      ...(opts.executionTimeout ? { workflowExecutionTimeout: opts.executionTimeout } : {}),
      ...(opts.runTimeout ? { workflowRunTimeout: opts.runTimeout } : {}),
      ...(opts.maximumAttempts ? { retry: { maximumAttempts: opts.maximumAttempts } } : {}),
    });
    return 'completed';
  } catch (e) {
    if (e instanceof ChildWorkflowFailure) return `${e.retryState}:${e.cause?.constructor.name ?? ''}`;
    throw e;
  }
}

/** Runs one `pausable` activity (operators pause, reset or change it while it runs). */
export async function runsPausable(key: string): Promise<number> {
  const { pausable } = proxyActivities<typeof activities>({
    startToCloseTimeout: '60s',
    heartbeatTimeout: '2s',
    retry: { initialInterval: '100ms', backoffCoefficient: 1, maximumAttempts: 10 },
  });
  return pausable(key);
}

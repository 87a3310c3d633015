/** Workflows that read their priority and give their timers, activities and children static summaries. */
import { executeChild, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
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

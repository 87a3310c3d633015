/**
 * Sync match (GS matching's sync match, fed by the history service's transfer of a new task in the same
 * `UpdateWorkflowExecution` that scheduled it): a workflow task scheduled in a transaction while a worker's
 * poll waits on its queue is started in that same transaction and handed to the poll after commit, instead
 * of being written to the backlog, committed, taken, and started by a second transaction. An update to a run
 * whose sticky worker polls is thus admitted and delivered by one commit, and an activity's completion starts
 * the workflow task that reports it. The task is never lost: the poll that ends before the commit leaves
 * the started task to the next poll (Matching.claimWaiter; a sticky queue's goes to the normal queue,
 * sticky-handover.ts), a failed commit gives the poll back, and a started task nobody answers times out
 * (start-to-close) and is retried like any other.
 */
import type { ClaimedPoll, MatchItem } from './matching';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { beginWorkflowTask } from './workflow-tasks';

export interface HandedTask {
  poll: ClaimedPoll;
  item: MatchItem;
}

/** Starts the run's workflow task scheduled in this transaction for a waiting poll, if one waits. */
export async function startForWaitingPoll(
  engine: Engine,
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
): Promise<HandedTask | undefined> {
  const s = tx.state;
  const wft = s.wft;
  if (s.status !== 'Running' || !wft || wft.startedEventId) return undefined;
  // A speculative task's queue entry is in memory (memoryTasks), a normal one's is a backlog row to be.
  const queue = wft.speculative ? tx.memoryTasks : tx.tasks;
  const queued = queue.findIndex((t) => t.kind === 'workflow' && t.scheduledEventId === wft.scheduledEventId);
  if (queued < 0) return undefined;
  const task = queue[queued];
  const poll = engine.matching.claimWaiter(task.namespace, task.taskQueue, 'workflow');
  if (!poll) return undefined;
  try {
    queue.splice(queued, 1);
    // As startWorkflowTask: started from the normal queue (the sticky worker was not polling), the run is
    // no longer sticky; the sticky schedule-to-start deadline armed with the task has nothing left to time.
    const onSticky = !!s.stickyTaskQueue && task.taskQueue === s.stickyTaskQueue;
    if (!onSticky) tx.clearSticky();
    if (wft.speculative) dropScheduleToStart(tx);
    else if (
      wft.stickyTaskQueue &&
      !dropPendingDeadline(tx, 'wft-schedule-to-start', String(wft.scheduledEventId))
    )
      tx.cancelDeadlines(['wft-schedule-to-start'], String(wft.scheduledEventId));
    const response = await beginWorkflowTask(engine, wtx, tx, poll.identity, onSticky);
    return { poll, item: { started: response } };
  } catch (e) {
    poll.release();
    throw e;
  }
}

/** A speculative task started where it was scheduled needs no schedule-to-start timer. */
function dropScheduleToStart(tx: ExecutionTx): void {
  const i = tx.speculativeTimeouts.findIndex((t) => t.kind === 'schedule-to-start');
  if (i >= 0) tx.speculativeTimeouts.splice(i, 1);
}

/** Removes a deadline armed in this transaction (not yet written); false when there was none. */
export function dropPendingDeadline(tx: ExecutionTx, kind: string, key: string): boolean {
  const i = tx.deadlines.findIndex((d) => d.kind === kind && d.key === key);
  if (i < 0) return false;
  tx.deadlines.splice(i, 1);
  return true;
}

/**
 * The completion of a speculative workflow task (speculative.ts) with rejections only: dropped without a
 * trace (GS skipWorkflowTaskCompletedEvent).
 */
import type { temporal } from '../proto';
import type { Engine } from './engine';
import type { ExecutionTx } from './execution-tx';
import { dispatchPendingQueries } from './queries';
import { canSpeculate, scheduleSpeculativeTask } from './speculative';
import { applyUpdateMessage, hasUndeliveredUpdates, rejectUnprocessedUpdates } from './update-messages';

type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;

/**
 * GS skipWorkflowTaskCompletedEvent: the rejections reach their callers, the task is gone, and the history,
 * the next event id and the last completed task are as before it (nothing is written).
 */
export function discardSpeculativeTask(
  engine: Engine,
  tx: ExecutionTx,
  req: CompletedRequest,
  sent: readonly string[],
): void {
  const s = tx.state;
  for (const message of req.messages ?? []) applyUpdateMessage(engine, tx, message);
  rejectUnprocessedUpdates(tx, sent);
  s.wft = undefined;
  tx.notifyOnly = true;
  // Updates admitted while the task ran (or not answered by it) need another one, started for this worker
  // when it asks (GS: speculative, returned inline; the caller starts it).
  if (hasUndeliveredUpdates(s)) {
    if (canSpeculate(tx)) scheduleSpeculativeTask(tx, !!req.returnNewWorkflowTask);
    else tx.needWorkflowTask();
  }
  const results = req.queryResults ?? {};
  const runId = s.runId;
  const moreTasks = !!s.wft;
  tx.afterCommit.push(() => {
    engine.queries.answerFromTask(runId, results);
    if (!moreTasks) dispatchPendingQueries(engine, s);
  });
}

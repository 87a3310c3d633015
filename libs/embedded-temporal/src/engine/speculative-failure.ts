/**
 * A speculative workflow task whose completion failed with an error (GS respondworkflowtaskcompleted/api.go
 * Invoke, its deferred `clearStickyTaskQueue`): the worker that got the error drops the run from its cache.
 * Were the run's next task sent to its sticky queue, it would carry the events after the last completed
 * task only, and the full history the worker then fetches lacks the speculative task's events (never
 * written), so the worker would fail the task. GS clears the run's workflow context (the speculative task
 * and its update registry are gone) and stickiness; the update's retried admission gets a new speculative
 * task on the normal queue. Here the admitted updates are kept: the failed task is forgotten (nothing is
 * written), stickiness cleared, and the updates get a new task on the normal queue, with the whole history.
 * A completion that already ended the task (a bad command fails it, bad-command.ts) leaves nothing to do.
 * As in GS, the task is the run's current one with the token's scheduled id, whatever the token's attempt
 * and started time: a stale token's NOT_FOUND unbinds the run too.
 */
import type { temporal } from '../proto';
import type { Engine } from './engine';
import { canSpeculate, scheduleSpeculativeTask } from './speculative';
import { dropQueued } from './sticky';
import { decodeToken } from './task-token';
import { hasUndeliveredUpdates, revertDeliveredUpdates } from './update-messages';

type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;

/** Runs a completion; when it fails and its task was a speculative one of a sticky run, unbinds the run. */
export async function unstickingOnFailure<R>(
  req: CompletedRequest,
  engine: Engine,
  complete: () => Promise<R>,
) {
  try {
    return await complete();
  } catch (error) {
    await forgetFailedSpeculativeTask(engine, req).catch((e: unknown) =>
      engine.logger.error('clearing stickiness after a failed speculative task failed', { error: String(e) }),
    );
    throw error;
  }
}

async function forgetFailedSpeculativeTask(engine: Engine, req: CompletedRequest): Promise<void> {
  let token;
  try {
    token = decodeToken(req.taskToken, 'w');
  } catch {
    return;
  }
  // The state cache says at once whether the run has such a task (most failures are not of one).
  const cached = engine.cache.get(token.r);
  if (cached && (!cached.wft?.speculative || !cached.stickyTaskQueue)) return;
  await engine.transact(token.n, token.w, async (wtx) => {
    const tx = await wtx.load(token.r);
    const s = tx?.state;
    const wft = s?.wft;
    if (!tx || !s || s.status !== 'Running' || !s.stickyTaskQueue || !wft?.speculative) return;
    // GS keys this on the scheduled id alone (GetWorkflowTaskByID): a stale token's NOT_FOUND clears too
    // when the run's current speculative task has its id (a speculative task dropped and scheduled again
    // reuses it), started for another poll or not started yet; that task is forgotten with the rest.
    if (wft.scheduledEventId !== token.s) return;
    // An unstarted one's entry on the sticky queue goes (one on the normal queue finds its successor, which
    // has the same id, and starts that: no harm).
    const queue = wft.speculative.taskQueue;
    if (!wft.startedEventId && queue === wft.stickyTaskQueue)
      tx.afterCommit.push(() => dropQueued(engine, s.namespace, queue, s.runId));
    revertDeliveredUpdates(tx);
    s.wft = undefined;
    tx.clearSticky();
    if (!hasUndeliveredUpdates(s)) return;
    if (canSpeculate(tx)) {
      scheduleSpeculativeTask(tx);
      // Stickiness is written; the new task and its updates stay in memory as before (speculative.ts).
      tx.speculativeAfterWrite = true;
    } else tx.needWorkflowTask();
  });
}

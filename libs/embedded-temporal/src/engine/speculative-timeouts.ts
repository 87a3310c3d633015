/**
 * A speculative workflow task's timeouts (GS speculativeWorkflowTaskTimeoutTask): armed in memory, never
 * persisted, on the wall clock (worker liveness, not workflow time). Due, they convert the task and time it
 * out as a normal one (GS AddWorkflowTaskTimedOutEvent / AddWorkflowTaskScheduleToStartTimeoutEvent).
 */
import { enums } from '../proto';
import type { Engine } from './engine';
import type { SpeculativeTimeout } from './speculative';
import { retryWorkflowTask } from './workflow-tasks';

/** Arms a speculative task's timeout; a stale one (the task ended or was converted) does nothing. */
export function armSpeculativeTimeout(
  engine: Engine,
  run: { namespace: string; workflowId: string; runId: string },
  timeout: SpeculativeTimeout,
): void {
  const timer = setTimeout(() => {
    // Most are stale by then (the task completed or was converted): no transaction for those.
    if (engine.cache.get(run.runId)?.wft?.speculative?.id !== timeout.speculativeId) return;
    speculativeTimeoutDue(engine, run, timeout).catch((e: unknown) =>
      engine.logger.warn('speculative workflow task timeout failed', { error: String(e) }),
    );
  }, timeout.ms);
  timer.unref();
}

async function speculativeTimeoutDue(
  engine: Engine,
  run: { namespace: string; workflowId: string; runId: string },
  timeout: SpeculativeTimeout,
): Promise<void> {
  await engine.transact(run.namespace, run.workflowId, async (wtx) => {
    const tx = await wtx.load(run.runId);
    const wft = tx?.state.wft;
    if (!tx || tx.state.status !== 'Running' || !wft || wft.speculative?.id !== timeout.speculativeId) return;
    const T = enums.TimeoutType;
    if (timeout.kind === 'start-to-close') {
      if (!wft.startedEventId) return;
      tx.convertSpeculative(false);
      tx.addEvent('WorkflowTaskTimedOut', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        timeoutType: T.TIMEOUT_TYPE_START_TO_CLOSE,
      });
      retryWorkflowTask(tx, wft.attempt + 1);
      return;
    }
    if (wft.startedEventId) return;
    // GS AddWorkflowTaskScheduleToStartTimeoutEvent: Scheduled + TimedOut, then a normal task.
    tx.convertSpeculative(false);
    tx.addEvent('WorkflowTaskTimedOut', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: 0,
      timeoutType: T.TIMEOUT_TYPE_SCHEDULE_TO_START,
    });
    retryWorkflowTask(tx, wft.attempt);
  });
}

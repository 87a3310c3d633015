/** Deadline handlers for user timers and the workflow run timeout. */
import { enums } from '../proto';
import type { Engine } from './engine';
import type { DeadlineRow } from '../store/execution-store';
import { closeRun, startNextRun, workflowRetryDecision } from './workflows';
import { randomUUID } from 'node:crypto';

export async function timerDue(engine: Engine, d: DeadlineRow): Promise<void> {
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const timer = tx?.state.timers[d.key];
    if (!tx || tx.state.status !== 'Running' || !timer || timer.startedEventId !== d.data.startedEventId)
      return;
    delete tx.state.timers[d.key];
    tx.addExternalEvent('TimerFired', { timerId: d.key, startedEventId: timer.startedEventId });
  });
}

/** The run exceeded its run timeout (or the execution its expiration): it times out, or retries. */
export async function runTimeoutDue(engine: Engine, d: DeadlineRow): Promise<void> {
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    if (!tx || tx.state.status !== 'Running') return;
    const s = tx.state;
    const decision = workflowRetryDecision(s, tx.now, undefined);
    if ('backoffMs' in decision) {
      const newRunId = randomUUID();
      closeRun(
        engine,
        tx,
        'TimedOut',
        'WorkflowExecutionTimedOut',
        { retryState: enums.RetryState.RETRY_STATE_IN_PROGRESS, newExecutionRunId: newRunId },
        true,
      );
      await startNextRun(engine, wtx, s, {
        runId: newRunId,
        initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
        attempt: s.attempt + 1,
        firstWftBackoffMs: decision.backoffMs,
      });
    } else {
      closeRun(engine, tx, 'TimedOut', 'WorkflowExecutionTimedOut', {
        retryState:
          decision.retryState === enums.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET
            ? enums.RetryState.RETRY_STATE_TIMEOUT
            : decision.retryState,
      });
    }
  });
}

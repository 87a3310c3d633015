/** Deadline handlers of activities: a retry backoff ending, and each of the four timeouts. */
import { enums, type Failure, fromB64, type Payloads, T } from '../proto';
import {
  finishActivity,
  queueAttempt,
  retryDecision,
  scheduleRetry,
  startedAttributes,
} from './activity-state';
import type { Engine } from './engine';
import { type ExecutionTx, PREVIOUS_EVENT } from './execution-tx';

export async function activityRetryDue(
  engine: Engine,
  d: { namespace: string; workflowId: string; runId: string; key: string; data: Record<string, unknown> },
): Promise<void> {
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const a = tx?.state.activities[d.key];
    if (!tx || tx.state.status !== 'Running' || !a || a.state !== 'backoff' || a.attempt !== d.data.attempt)
      return;
    if (a.paused) return; // UnpauseActivity queues the attempt

    queueAttempt(tx, a);
  });
}

type TimeoutKind = 'SCHEDULE_TO_START' | 'START_TO_CLOSE' | 'HEARTBEAT' | 'SCHEDULE_TO_CLOSE';

/** Deadline: one of an activity's timeouts. Stale deadlines (older attempt, finished activity) do nothing. */
export async function activityTimeoutDue(
  engine: Engine,
  d: { namespace: string; workflowId: string; runId: string; key: string; data: Record<string, unknown> },
): Promise<void> {
  const type = d.data.type as TimeoutKind;
  await engine.transact(d.namespace, d.workflowId, async (wtx) => {
    const tx = await wtx.load(d.runId);
    const a = tx?.state.activities[d.key];
    if (!tx || tx.state.status !== 'Running' || !a) return;
    if (type !== 'SCHEDULE_TO_CLOSE' && a.attempt !== d.data.attempt) return;
    if (type === 'SCHEDULE_TO_START' && a.state !== 'scheduled') return;
    if ((type === 'START_TO_CLOSE' || type === 'HEARTBEAT') && a.state !== 'started') return;
    if (type === 'HEARTBEAT') {
      const last =
        a.lastHeartbeatTime && a.lastHeartbeatTime > (a.startedTime ?? 0)
          ? a.lastHeartbeatTime
          : a.startedTime!;
      if (last + a.heartbeatMs > tx.now) {
        tx.addDeadline(last + a.heartbeatMs, 'activity-timeout', d.key, {
          attempt: a.attempt,
          type: 'HEARTBEAT',
        });
        return;
      }
    }
    const timeoutType = enums.TimeoutType[`TIMEOUT_TYPE_${type}`];
    const failure: Failure = {
      message: `activity ${type.replace(/_/g, '').toLowerCase()} timeout`,
      source: 'Server',
      timeoutFailureInfo: {
        timeoutType,
        lastHeartbeatDetails: a.heartbeatDetails
          ? fromB64<Payloads>(T.Payloads, a.heartbeatDetails)
          : undefined,
      },
      cause: a.lastFailure ? fromB64<Failure>(T.Failure, a.lastFailure) : undefined,
    };
    let retryState: number = enums.RetryState.RETRY_STATE_TIMEOUT;
    if (type === 'START_TO_CLOSE' || type === 'HEARTBEAT') {
      const decision = retryDecision(tx.now, a, {
        message: failure.message,
        timeoutFailureInfo: failure.timeoutFailureInfo,
      });
      if ('backoffMs' in decision) {
        scheduleRetry(tx, a, { ...failure, cause: undefined }, decision.backoffMs);
        return;
      }
      retryState = decision.retryState;
    }
    const events: [Parameters<ExecutionTx['addExternalEvent']>[0], Record<string, unknown>][] = [];
    if (a.state === 'started') events.push(['ActivityTaskStarted', startedAttributes(a)]);
    events.push([
      'ActivityTaskTimedOut',
      {
        failure,
        scheduledEventId: a.scheduledEventId,
        startedEventId: a.state === 'started' ? PREVIOUS_EVENT : 0,
        retryState,
      },
    ]);
    tx.addExternalEvents(events);
    finishActivity(tx, a);
  });
}

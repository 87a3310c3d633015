/**
 * Events buffered while a workflow task runs (ExecutionTx.addExternalEvents) that a command of that very
 * task refers to: the worker did not see them, so its command is answered as if they had not happened yet
 * (GS mutable state looks into its buffered events for the same reason: AddTimerCanceledEvent,
 * AddActivityTaskCancelRequestedEvent).
 */
import { attributesOf, type EventKind, kindOf } from '../history/events';
import { decodeEvent, type HistoryEvent } from '../proto';
import type { ExecutionState } from './state';

const ACTIVITY_FINISH = new Set<EventKind>([
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskTimedOut',
  'ActivityTaskCanceled',
]);

/** The first buffered event `match` accepts: its index in `buffered` and the event, or undefined. */
function findBuffered(
  s: ExecutionState,
  match: (event: HistoryEvent) => boolean,
): { index: number; event: HistoryEvent } | undefined {
  for (let index = 0; index < s.buffered.length; index++) {
    const event = decodeEvent(Buffer.from(s.buffered[index], 'base64'));
    if (match(event)) return { index, event };
  }
  return undefined;
}

/** The buffered TimerFired of a timer: its index in `buffered` and the timer's started event id. */
export function bufferedTimerFired(
  s: ExecutionState,
  timerId: string,
): { index: number; startedEventId: number } | undefined {
  const found = findBuffered(
    s,
    (e) => kindOf(e) === 'TimerFired' && e.timerFiredEventAttributes?.timerId === timerId,
  );
  return (
    found && {
      index: found.index,
      startedEventId: Number(found.event.timerFiredEventAttributes!.startedEventId),
    }
  );
}

/** Whether the activity scheduled by this event finished while the task ran (GS HasActivityFinishEvent). */
export function hasBufferedActivityFinish(s: ExecutionState, scheduledEventId: number): boolean {
  return !!findBuffered(
    s,
    (e) =>
      ACTIVITY_FINISH.has(kindOf(e)) &&
      Number(attributesOf<{ scheduledEventId?: unknown }>(e).scheduledEventId) === scheduledEventId,
  );
}

/**
 * User timers (GS timer state machine): StartTimer writes TimerStarted and arms a deadline, CancelTimer
 * writes TimerCanceled and disarms it, and the deadline firing writes TimerFired and wakes the workflow.
 *
 * A timer can fire while the workflow task that cancels it runs: its TimerFired is buffered, and the worker,
 * which never saw it fire, expects TimerCanceled in its command's place (Core matches command events to its
 * commands in order). As GS AddTimerCanceledEvent (checkAndClearTimerFiredEvent) does, the cancellation then
 * drops the buffered TimerFired and writes TimerCanceled; writing nothing made the next command's event
 * meet the cancelled timer: "Timer machine does not handle this event: ActivityTaskScheduled". A timer neither
 * pending nor fired fails the task (BAD_CANCEL_TIMER_ATTRIBUTES, bad-command.ts), as in GS.
 */
import { enums, msFromDur, num } from '../proto';
import type { DeadlineRow } from '../store/execution-store';
import { BadCommandError, invalidHistoryAction } from './bad-command';
import { bufferedTimerFired } from './buffered-events';
import { type CommandHandlers, CommandType as C, type ICommand } from './command-handler';
import type { Engine } from './engine';
import type { ExecutionState } from './state';

export const timerCommands: CommandHandlers = {
  [C.COMMAND_TYPE_START_TIMER]: ({ tx, wftc }, command) => {
    const a = command.startTimerCommandAttributes!;
    const timerId = a.timerId ?? '';
    const fireAt = tx.now + msFromDur(a.startToFireTimeout);
    const started = tx.addEvent('TimerStarted', {
      timerId,
      startToFireTimeout: a.startToFireTimeout,
      workflowTaskCompletedEventId: wftc,
    });
    const startedEventId = num(started.eventId);
    tx.state.timers[timerId] = { startedEventId, fireAt };
    tx.addDeadline(fireAt, 'timer', timerId, { startedEventId });
  },

  [C.COMMAND_TYPE_CANCEL_TIMER]: ({ tx, wftc }, command) => {
    const s = tx.state;
    const timerId = command.cancelTimerCommandAttributes?.timerId ?? '';
    if (!timerId) {
      // GS ValidateTimerCancelAttributes.
      throw new BadCommandError(
        enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
        'TimerId is not set on CancelTimerCommand.',
      );
    }
    const timer = s.timers[timerId];
    let startedEventId = timer?.startedEventId;
    if (timer) {
      delete s.timers[timerId];
      tx.cancelDeadlines(['timer'], timerId);
    } else {
      // Fired while this task ran: the cancellation wins, the buffered TimerFired is never written.
      const fired = bufferedTimerFired(s, timerId);
      if (!fired) {
        throw new BadCommandError(
          enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
          invalidHistoryAction('add-timer-canceled-event', `TimerID: ${timerId}`),
        );
      }
      startedEventId = fired.startedEventId;
      s.buffered.splice(fired.index, 1);
    }
    tx.addEvent('TimerCanceled', {
      timerId,
      startedEventId,
      workflowTaskCompletedEventId: wftc,
      identity: '',
    });
  },
};

/**
 * Whether events arrived during the task that its commands do not handle (a completion command is then
 * refused with UnhandledCommand). A timer the task cancels after it fired is handled: GS recomputes
 * hasBufferedEventsOrMessages after CancelTimer, which comes before the completion command.
 */
export function hasUnhandledBufferedEvents(s: ExecutionState, commands: readonly ICommand[]): boolean {
  if (s.buffered.length === 0) return false;
  const cancelled = commands
    .filter((c) => c.commandType === C.COMMAND_TYPE_CANCEL_TIMER)
    .map((c) => c.cancelTimerCommandAttributes?.timerId ?? '')
    .filter((timerId) => !s.timers[timerId]);
  if (cancelled.length === 0) return true;
  let handled = 0;
  for (const timerId of new Set(cancelled)) if (bufferedTimerFired(s, timerId)) handled++;
  return s.buffered.length > handled;
}

/** Deadline: a timer fired. */
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

/**
 * User timers (GS timer state machine): StartTimer writes TimerStarted and arms a deadline, CancelTimer
 * writes TimerCanceled and disarms it, and the deadline firing writes TimerFired and wakes the workflow.
 */
import { msFromDur, num } from '../proto';
import type { DeadlineRow } from '../store/execution-store';
import { type CommandHandlers, CommandType as C } from './command-handler';
import type { Engine } from './engine';

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
    const timerId = command.cancelTimerCommandAttributes!.timerId ?? '';
    const timer = tx.state.timers[timerId];
    if (!timer) return;
    tx.addEvent('TimerCanceled', {
      timerId,
      startedEventId: timer.startedEventId,
      workflowTaskCompletedEventId: wftc,
      identity: '',
    });
    delete tx.state.timers[timerId];
    tx.cancelDeadlines(['timer'], timerId);
  },
};

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

/**
 * Events a workflow task holds instead of writing them (GS: a speculative task's and a transient attempt's
 * WorkflowTaskScheduled/Started live in mutable state only): kept base64 in the run's state and written, with
 * the ids they were given, when the task becomes part of the history, or forgotten with it.
 */
import { decodeEvent, type HistoryEvent, num } from '../proto';
import type { ExecutionTx } from './execution-tx';
import { taskStartToCloseMs } from './workflow-task-timeout';

/**
 * Turns the speculative workflow task into a normal one (GS convertSpeculativeWorkflowTaskToNormal): its
 * Scheduled (and Started) events are appended with the ids they were given. With `armDeadlines`, the task
 * then lives as a normal one does (backlog row, or start-to-close deadline); the caller that ends the task
 * in this same transaction (completion, failure, timeout) passes false.
 */
export function convertSpeculativeTask(tx: ExecutionTx, armDeadlines = true): void {
  const s = tx.state;
  const wft = s.wft;
  const spec = wft?.speculative;
  if (!wft || !spec) return;
  wft.speculative = undefined;
  for (const b64 of spec.events) {
    const event = heldEvent(tx, b64);
    if (num(event.eventId) !== s.nextEventId)
      throw new Error(
        `speculative workflow task event ${String(event.eventId)} does not follow ${s.nextEventId - 1}`,
      );
    s.nextEventId++;
    tx.newEvents.push(event);
  }
  tx.changed = true;
  tx.convertedSpeculative = { taskQueue: spec.taskQueue, scheduledEventId: wft.scheduledEventId };
  const pending = tx.memoryTasks.findIndex((t) => t.scheduledEventId === wft.scheduledEventId);
  if (pending >= 0) tx.memoryTasks.splice(pending, 1);
  tx.speculativeTimeouts.splice(0);
  if (!armDeadlines) return;
  if (wft.startedEventId) {
    tx.addDeadline(
      (wft.startedTime ?? tx.now) + taskStartToCloseMs(s.wftTimeoutMs, wft.attempt),
      'wft-timeout',
      String(wft.scheduledEventId),
      {
        attempt: wft.attempt,
      },
    );
    return;
  }
  // Still waiting: a backlog row on the queue its entry waits on, unless this transaction moved it already
  // (sticky.ts unbind puts it on the normal queue); the sticky timeout only while it waits there.
  const queue = wft.stickyTaskQueue ? spec.taskQueue : s.taskQueue;
  const queued = tx.tasks.some((t) => t.kind === 'workflow' && t.scheduledEventId === wft.scheduledEventId);
  if (!queued) tx.addTask('workflow', queue, wft.scheduledEventId, wft.attempt);
  if (!queued && queue === wft.stickyTaskQueue && s.stickyScheduleToStartMs) {
    tx.addDeadline(
      tx.now + s.stickyScheduleToStartMs,
      'wft-schedule-to-start',
      String(wft.scheduledEventId),
      { attempt: wft.attempt },
    );
  }
}

/**
 * Writes a transient task's held Scheduled and Started events with the ids they were given (GS
 * AddWorkflowTaskCompletedEvent for a transient task): its completion makes it part of the history.
 */
export function convertTransientTask(tx: ExecutionTx): void {
  const wft = tx.state.wft;
  const held = wft?.transient;
  if (!wft || !held) return;
  wft.transient = undefined;
  for (const b64 of held) {
    const event = heldEvent(tx, b64);
    if (num(event.eventId) !== tx.state.nextEventId)
      throw new Error(
        `transient workflow task event ${String(event.eventId)} does not follow ${tx.state.nextEventId - 1}`,
      );
    tx.state.nextEventId++;
    tx.newEvents.push(event);
  }
  tx.changed = true;
}

/** A held event (base64 of its bytes), decoded, its bytes kept for the write. */
function heldEvent(tx: ExecutionTx, b64: string): HistoryEvent {
  const bytes = Buffer.from(b64, 'base64');
  const event = decodeEvent(bytes);
  tx.encoded.set(event, bytes);
  return event;
}

/** The run closes with its speculative task not started: it is forgotten, nothing is written for it. */
export function dropSpeculativeTask(tx: ExecutionTx): void {
  const wft = tx.state.wft!;
  const spec = wft.speculative!;
  wft.speculative = undefined;
  tx.convertedSpeculative = { taskQueue: spec.taskQueue, scheduledEventId: wft.scheduledEventId };
  tx.memoryTasks.splice(0);
  tx.speculativeTimeouts.splice(0);
}

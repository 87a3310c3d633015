// RECORD_DEADLINES_WITH_COMMAND on the workflow's side: which deadlines an officer's command opens (handed to
// its append activity, which plans and records them), and the check of what that append recorded.
import { log } from '@temporalio/workflow';
import {
  type CaseEvent,
  type CaseState,
  type DeadlinePolicy,
  type DecisionContext,
  type OpenDeadline,
  decide,
  openDeadlines,
} from '@netral/domain';

/**
 * Deadlines open in `state` that were never recorded (and not given up on: the skip key of an unplannable
 * deadline, see recordKey): what a command opened. Re-planned (moved) ones are left to the main loop.
 */
export function freshDeadlines(
  state: CaseState,
  policy: DeadlinePolicy,
  skipped: ReadonlySet<string>,
): OpenDeadline[] {
  return openDeadlines(state, policy).filter((d) => !d.recorded && !skipped.has(`${d.deadlineId}/record/0`));
}

/**
 * A DeadlineRecorded the command's append stored: decide(RecordDeadline) on the state after the command, at
 * the command's time, must give the same event (the activity builds it with the domain's deadlineRecorded).
 * The stored event is what the stream holds, so the caller evolves it either way; a difference is logged.
 */
export function checkRecorded(event: CaseEvent, state: CaseState, context: DecisionContext): void {
  const data = event.data as Extract<CaseEvent, { type: 'DeadlineRecorded' }>['data'];
  try {
    const [decided] = decide(
      {
        type: 'RecordDeadline',
        data: {
          deadlineId: data.deadlineId,
          dueDate: data.dueDate,
          dueAt: data.dueAt,
          calendarVersion: data.calendarVersion,
          policyVersion: data.policyVersion,
        },
      },
      state,
      context,
    );
    const decidedData = decided.data as typeof data;
    // Field by field: a retry returns the event as read back (jsonb orders its keys).
    const same = (Object.keys(decidedData) as (keyof typeof data)[]).every((k) => decidedData[k] === data[k]);
    if (decided.type !== event.type || !same) {
      log.error('recorded deadline differs from its decision', { deadlineId: data.deadlineId });
    }
  } catch (error) {
    log.error('recorded deadline refused by decide()', { deadlineId: data.deadlineId, error: String(error) });
  }
}

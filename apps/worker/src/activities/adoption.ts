// Adoption on the activity's side (the workflow's APPEND_EVENTS_LOCALLY): a workflow task that appended with a
// local activity and was then lost (its worker died, or it outlived its timeout) runs again from the last
// completed task, and its commands append again at the same expected version. The stream then holds the lost
// task's events; when this run stored all of them, the append answers them so that the workflow folds them
// (with their stored data: the lost task's times) instead of failing on a conflict or an idempotency check.
import type { EventStore } from '@netral/event-store';
import type { AppendCaseEventsInput, AppendCaseEventsResult } from '@netral/workflows';

/**
 * The stream's events after `expectedVersion`, when the same workflow run (id and run id) stored every one of
 * them. Undefined when there are none, or another writer or run stored any: a reset's new run, whose code may
 * decide differently, must still fail loudly (docs/operations/reset-a-case.md).
 */
export async function ownEventsAfter(
  eventStore: EventStore,
  input: AppendCaseEventsInput,
): Promise<AppendCaseEventsResult | undefined> {
  const after = await eventStore.readStream(input.caseId, { fromVersion: input.expectedVersion + 1 });
  const own = (m: Record<string, unknown>) =>
    m.workflowId === input.metadata.workflowId && m.runId === input.metadata.runId;
  if (after.length === 0 || !after.every((e) => own(e.metadata as Record<string, unknown>))) return undefined;
  return {
    nextExpectedVersion: after[after.length - 1].version,
    alreadyAppended: true,
    stored: after.map((e) => {
      const m = e.metadata as Record<string, unknown>;
      return {
        version: e.version,
        type: e.type,
        data: e.data,
        role: String(m.role),
        ...(typeof m.commandKey === 'string' ? { commandKey: m.commandKey } : {}),
      };
    }),
  };
}

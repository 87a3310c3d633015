/**
 * Commands that record something in the run without starting work: markers (patches, local activities,
 * side effects; stored as-is), search attribute upserts and memo changes (also merged into the run's
 * visibility record).
 */
import { fromB64, type Payload, T, type temporal, toB64 } from '../proto';
import { type CommandHandlers, CommandType as C } from './command-handler';
import type { ExecutionState } from './state';
import { normaliseSearchAttributes } from './workflows';

export const propertyCommands: CommandHandlers = {
  [C.COMMAND_TYPE_RECORD_MARKER]: ({ tx, wftc }, command) => {
    const a = command.recordMarkerCommandAttributes!;
    tx.addEvent('MarkerRecorded', {
      markerName: a.markerName,
      details: a.details,
      header: a.header ?? undefined,
      failure: a.failure ?? undefined,
      workflowTaskCompletedEventId: wftc,
    });
  },

  [C.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: ({ engine, tx, wftc }, command) => {
    const a = command.upsertWorkflowSearchAttributesCommandAttributes!;
    const normalised = normaliseSearchAttributes(engine, tx.state.namespace, a.searchAttributes);
    tx.addEvent('UpsertWorkflowSearchAttributes', {
      searchAttributes: { indexedFields: normalised },
      workflowTaskCompletedEventId: wftc,
    });
    mergeSearchAttributes(tx.state, normalised);
  },

  [C.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES]: ({ tx, wftc }, command) => {
    const s = tx.state;
    const memo = command.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo;
    tx.addEvent('WorkflowPropertiesModified', {
      upsertedMemo: memo ?? undefined,
      workflowTaskCompletedEventId: wftc,
    });
    mergeMemo(s, memo);
  },
};

/** Upserted memo fields replace the run's, an empty one removes its field (also replayed by a reset). */
export function mergeMemo(s: ExecutionState, memo: temporal.api.common.v1.IMemo | null | undefined): void {
  const current = s.memo ? (fromB64<temporal.api.common.v1.IMemo>(T.Memo, s.memo).fields ?? {}) : {};
  const fields: Record<string, Payload> = { ...current };
  for (const [k, v] of Object.entries(memo?.fields ?? {})) {
    if (!v.data || v.data.length === 0) delete fields[k];
    else fields[k] = v;
  }
  s.memo = Object.keys(fields).length ? toB64(T.Memo, { fields }) : undefined;
}

/** Upserted search attributes replace the run's; an empty or null one unsets it (also replayed by a reset). */
export function mergeSearchAttributes(s: ExecutionState, upserted: Record<string, Payload>): void {
  for (const [name, payload] of Object.entries(upserted)) {
    const empty =
      !payload.data || payload.data.length === 0 || Buffer.from(payload.data).toString() === 'null';
    if (empty) delete s.searchAttributes[name];
    else s.searchAttributes[name] = toB64(T.Payload, payload);
  }
}

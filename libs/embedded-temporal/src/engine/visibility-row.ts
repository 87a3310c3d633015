/**
 * A run's visibility record (`executions_visibility`) as the engine's write stores it: the custom search
 * attributes decoded to JSON values for the list queries, and kept raw beside them.
 */
import { encodeMessage, fromB64, type Payload, T } from '../proto';
import type * as store from '../store/execution-store';
import type { SearchAttributeType } from './namespaces';
import type { ExecutionState } from './state';

/** The visibility record of a run, with custom search attributes decoded to JSON values. */
export function visibilityRow(
  s: ExecutionState,
  types: Record<string, SearchAttributeType>,
): store.VisibilityRow {
  const decoded: Record<string, unknown> = {};
  const raw: Record<string, Payload> = {};
  for (const [name, b64] of Object.entries(s.searchAttributes)) {
    const payload = fromB64<Payload>(T.Payload, b64);
    raw[name] = payload;
    const value = normaliseValue(decodeSearchAttributeValue(payload), types[name]);
    if (value !== undefined) decoded[name] = value;
  }
  return {
    namespace: s.namespace,
    workflowId: s.workflowId,
    runId: s.runId,
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    status: s.status,
    startTime: s.startTime,
    closeTime: s.closeTime,
    executionTime: s.executionTime,
    historyLength: s.nextEventId - 1,
    searchAttributes: decoded,
    searchAttributesRaw: Object.keys(raw).length
      ? Buffer.from(encodeMessage(T.SearchAttributes, { indexedFields: raw }))
      : null,
    memo: s.memo ? Buffer.from(s.memo, 'base64') : null,
    parentWorkflowId: s.parent?.workflowId,
    parentRunId: s.parent?.runId,
    rootWorkflowId: s.root?.workflowId,
    rootRunId: s.root?.runId,
  };
}

/**
 * The SDK's untyped API sends every value as a list; the real server stores a one-element list under a
 * scalar type as the scalar, and a scalar under KeywordList as a one-element list.
 */
function normaliseValue(value: unknown, type: SearchAttributeType | undefined): unknown {
  if (value === undefined || !type) return value;
  if (type === 'KeywordList') return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.length ? value[0] : undefined;
  return value;
}

/** A search attribute payload holds JSON (json/plain); an empty or null payload unsets the attribute. */
export function decodeSearchAttributeValue(payload: Payload): unknown {
  if (!payload.data || payload.data.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    return value === null ? undefined : value;
  } catch {
    return undefined;
  }
}

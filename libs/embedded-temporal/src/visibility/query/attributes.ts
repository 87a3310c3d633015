/**
 * Search attributes the translator knows, and where each is stored in `temporal.executions_visibility`.
 *
 * Names and types follow the real server's `common/searchattribute/sadefs/constants.go`: system attributes
 * live in their own columns, predefined ones (Temporal*, BuildIds, ...) and custom ones in the
 * `search_attributes` jsonb column. Every SQL identifier the translator emits comes from this file.
 */
import { invalidExpression } from './errors';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] = [
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
];

/** Where an attribute's value comes from. */
export type AttributeStorage =
  /** A column of executions_visibility (name from the whitelist below). */
  | { kind: 'column'; column: string }
  /** A key of the search_attributes jsonb column. */
  | { kind: 'json'; key: string }
  /** ExecutionDuration: close_time - execution_time, in nanoseconds, NULL while running. */
  | { kind: 'executionDuration' }
  /** A real system attribute this table does not record (e.g. HistorySizeBytes). */
  | { kind: 'notRecorded' };

export interface ResolvedAttribute {
  /** The name as the user wrote it (backticks removed), used in error messages like the real server. */
  alias: string;
  /** The canonical attribute name. */
  name: string;
  type: SearchAttributeType;
  storage: AttributeStorage;
}

const column = (name: string): AttributeStorage => ({ kind: 'column', column: name });
const NOT_RECORDED: AttributeStorage = { kind: 'notRecorded' };

/** System attributes: stored as separate fields by the server. */
const SYSTEM: Record<string, { type: SearchAttributeType; storage: AttributeStorage }> = {
  WorkflowId: { type: 'Keyword', storage: column('workflow_id') },
  RunId: { type: 'Keyword', storage: column('run_id') },
  WorkflowType: { type: 'Keyword', storage: column('workflow_type') },
  StartTime: { type: 'Datetime', storage: column('start_time') },
  ExecutionTime: { type: 'Datetime', storage: column('execution_time') },
  CloseTime: { type: 'Datetime', storage: column('close_time') },
  ExecutionStatus: { type: 'Keyword', storage: column('status') },
  TaskQueue: { type: 'Keyword', storage: column('task_queue') },
  HistoryLength: { type: 'Int', storage: column('history_length') },
  ExecutionDuration: { type: 'Int', storage: { kind: 'executionDuration' } },
  StateTransitionCount: { type: 'Int', storage: NOT_RECORDED },
  HistorySizeBytes: { type: 'Int', storage: NOT_RECORDED },
  ParentWorkflowId: { type: 'Keyword', storage: column('parent_workflow_id') },
  ParentRunId: { type: 'Keyword', storage: NOT_RECORDED },
  RootWorkflowId: { type: 'Keyword', storage: NOT_RECORDED },
  RootRunId: { type: 'Keyword', storage: NOT_RECORDED },
};

/** Predefined attributes: set by the server or SDKs, stored with the custom ones. */
const PREDEFINED: Record<string, SearchAttributeType> = {
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  BatcherNamespace: 'Keyword',
  BatcherUser: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalScheduledById: 'Keyword',
  TemporalSchedulePaused: 'Bool',
  TemporalNamespaceDivision: 'Keyword',
  TemporalPauseInfo: 'KeywordList',
  TemporalReportedProblems: 'KeywordList',
  TemporalWorkerDeploymentVersion: 'Keyword',
  TemporalWorkflowVersioningBehavior: 'Keyword',
  TemporalWorkerDeployment: 'Keyword',
  TemporalUsedWorkerDeploymentVersions: 'KeywordList',
  TemporalExternalPayloadCount: 'Int',
  TemporalExternalPayloadSizeBytes: 'Int',
};

const RESERVED_PREFIX = 'Temporal';

function has(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** System and predefined names cannot be custom attributes (the real server refuses to register them). */
function isMappable(name: string): boolean {
  return !has(SYSTEM, name) && !has(PREDEFINED, name);
}

function lookup(
  name: string,
  custom: Record<string, SearchAttributeType>,
): { type: SearchAttributeType; storage: AttributeStorage } | undefined {
  if (has(SYSTEM, name)) return SYSTEM[name];
  if (has(PREDEFINED, name)) return { type: PREDEFINED[name], storage: { kind: 'json', key: name } };
  if (isMappable(name) && has(custom, name))
    return { type: custom[name], storage: { kind: 'json', key: name } };
  return undefined;
}

/**
 * Resolves a name written in a query, in the real server's order: a custom attribute, then a system or
 * predefined one, then the same with the "Temporal" prefix added or removed (so `TemporalWorkflowId` and
 * `ChangeVersion` work), with `ScheduleId` an alias of WorkflowId.
 */
export function resolveSearchAttribute(
  alias: string,
  custom: Record<string, SearchAttributeType>,
): ResolvedAttribute {
  const direct = lookup(alias, custom);
  if (direct) return { alias, name: alias, ...direct };

  let name: string;
  if ((alias.startsWith(RESERVED_PREFIX) ? alias.slice(RESERVED_PREFIX.length) : alias) === 'ScheduleId') {
    name = 'WorkflowId';
  } else if (alias.startsWith(RESERVED_PREFIX)) {
    name = alias.slice(RESERVED_PREFIX.length);
  } else {
    name = RESERVED_PREFIX + alias;
  }
  const prefixed = lookup(name, custom);
  if (prefixed) return { alias, name, ...prefixed };

  throw invalidExpression(`column name '${alias}' is not a valid search attribute`);
}

/** Checks the caller's attribute map, so that a typo in configuration fails loudly and early. */
export function validateCustomAttributes(custom: Record<string, SearchAttributeType>): void {
  for (const [name, type] of Object.entries(custom)) {
    if (!SEARCH_ATTRIBUTE_TYPES.includes(type)) {
      throw new TypeError(
        `custom search attribute ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`,
      );
    }
  }
}

/**
 * A workflow run's life inside one transaction: creating a run (start delay, timeouts, the first workflow
 * task), signalling it, closing it (and what closing means for updates, children and the parent), the
 * retry policy's verdict and the next run of a retried or continued workflow. The RPCs that use these are
 * in workflow-api.ts; the commands that close a run in workflow-close.ts.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument } from '../grpc/errors';
import {
  durFromMs,
  enums,
  type Failure,
  fromB64,
  msFromDur,
  num,
  type Payload,
  type Payloads,
  T,
  type temporal,
  toB64,
  tsFromMs,
} from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { type IPriority, priorityInfo, validatePriority } from './priority';
import { resetPointsMessage, rolloverResetPoints } from './reset-points';
import { type ExecutionState, type ExecutionStatus, newRunState, type ResetPoint } from './state';

type ISearchAttributes = temporal.api.common.v1.ISearchAttributes;
type IMemo = temporal.api.common.v1.IMemo;
type IHeader = temporal.api.common.v1.IHeader;
type IRetryPolicy = temporal.api.common.v1.IRetryPolicy;
type IUserMetadata = temporal.api.sdk.v1.IUserMetadata;

const DEFAULT_WFT_TIMEOUT_MS = 10_000;
const MAX_WFT_TIMEOUT_MS = 120_000;

export interface StartParams {
  /** Preset when the previous run's close event must name it (continue-as-new, retry). */
  runId?: string;
  namespace: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: Payloads | null;
  executionTimeoutMs: number;
  runTimeoutMs: number;
  taskTimeoutMs: number;
  identity: string;
  requestId: string;
  memo?: IMemo | null;
  searchAttributes?: ISearchAttributes | null;
  header?: IHeader | null;
  retryPolicy?: IRetryPolicy | null;
  cronSchedule?: string;
  firstWftBackoffMs?: number;
  parent?: ExecutionState['parent'];
  root?: ExecutionState['root'];
  continuedExecutionRunId?: string;
  initiator?: number;
  continuedFailure?: Failure | null;
  lastCompletionResult?: Payloads | null;
  firstRunId?: string;
  attempt?: number;
  executionExpiration?: number;
  /** Static summary and details, kept on WorkflowExecutionStarted and shown by describe. */
  userMetadata?: IUserMetadata | null;
  priority?: IPriority | null;
  /** The previous run's auto-reset points (continue-as-new, retry), taken over by this run. */
  prevAutoResetPoints?: ResetPoint[];
  /** An extra first event (signal-with-start). */
  signal?: { name: string; input?: Payloads | null; header?: IHeader | null; identity: string };
}

/** Creates a run: WorkflowExecutionStarted, then the first workflow task (or its backoff deadline). */
export function startRun(engine: Engine, wtx: WorkflowTransaction, p: StartParams): ExecutionTx {
  const runId = p.runId ?? randomUUID();
  const now = wtx.now;
  const backoff = p.firstWftBackoffMs ?? 0;
  const taskTimeoutMs = Math.min(p.taskTimeoutMs || DEFAULT_WFT_TIMEOUT_MS, MAX_WFT_TIMEOUT_MS);
  const runTimeoutMs =
    p.runTimeoutMs && p.executionTimeoutMs
      ? Math.min(p.runTimeoutMs, p.executionTimeoutMs)
      : p.runTimeoutMs || p.executionTimeoutMs;
  const executionExpiration =
    p.executionExpiration ?? (p.executionTimeoutMs ? now + p.executionTimeoutMs + backoff : undefined);
  const searchAttributes = normaliseSearchAttributes(engine, p.namespace, p.searchAttributes);
  validatePriority(p.priority);
  const priority = priorityInfo(p.priority);
  const state = newRunState({
    namespace: p.namespace,
    workflowId: p.workflowId,
    runId,
    firstRunId: p.firstRunId ?? runId,
    workflowType: p.workflowType,
    taskQueue: p.taskQueue,
    startTime: now,
    executionTime: now + backoff,
    awaitingFirstWft: backoff > 0,
    wftTimeoutMs: taskTimeoutMs,
    runTimeoutMs,
    executionTimeoutMs: p.executionTimeoutMs,
    executionExpiration,
    attempt: p.attempt ?? 1,
    startRequestId: p.requestId,
    memo: p.memo?.fields && Object.keys(p.memo.fields).length ? toB64(T.Memo, p.memo) : undefined,
    searchAttributes: Object.fromEntries(
      Object.entries(searchAttributes).map(([k, v]) => [k, toB64(T.Payload, v)]),
    ),
    parent: p.parent,
    root: p.root ?? (p.parent ? undefined : { workflowId: p.workflowId, runId }),
    retryPolicy: p.retryPolicy ? toB64(T.RetryPolicy, p.retryPolicy) : undefined,
    cronSchedule: p.cronSchedule || undefined,
    priority,
    autoResetPoints: rolloverResetPoints(
      p.prevAutoResetPoints,
      p.continuedExecutionRunId ?? '',
      now,
      engine.namespaces.get(p.namespace).retentionMs,
    ),
  });
  const tx = wtx.create(state);
  const started = tx.addEvent('WorkflowExecutionStarted', {
    workflowType: { name: p.workflowType },
    taskQueue: { name: p.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    input: p.input ?? undefined,
    workflowExecutionTimeout: p.executionTimeoutMs ? durFromMs(p.executionTimeoutMs) : undefined,
    workflowRunTimeout: runTimeoutMs ? durFromMs(runTimeoutMs) : undefined,
    workflowTaskTimeout: durFromMs(taskTimeoutMs),
    identity: p.identity,
    originalExecutionRunId: runId,
    firstExecutionRunId: state.firstRunId,
    continuedExecutionRunId: p.continuedExecutionRunId,
    initiator: p.initiator,
    continuedFailure: p.continuedFailure ?? undefined,
    lastCompletionResult: p.lastCompletionResult ?? undefined,
    attempt: state.attempt,
    workflowExecutionExpirationTime: executionExpiration ? tsFromMs(executionExpiration) : undefined,
    cronSchedule: p.cronSchedule || undefined,
    firstWorkflowTaskBackoff: backoff ? durFromMs(backoff) : undefined,
    memo: p.memo ?? undefined,
    searchAttributes: Object.keys(searchAttributes).length ? { indexedFields: searchAttributes } : undefined,
    header: p.header ?? undefined,
    retryPolicy: p.retryPolicy ?? undefined,
    parentWorkflowNamespace: p.parent?.namespace,
    parentWorkflowExecution: p.parent
      ? { workflowId: p.parent.workflowId, runId: p.parent.runId }
      : undefined,
    parentInitiatedEventId: p.parent?.initiatedEventId,
    // Only children name their root in the event (describe and visibility name it for every run), as the Go
    // server: a top-level workflow's workflowInfo().root is empty.
    rootWorkflowExecution: p.parent ? state.root : undefined,
    workflowId: p.workflowId,
    priority,
    prevAutoResetPoints: resetPointsMessage(p.prevAutoResetPoints),
  });
  if (p.userMetadata) started.userMetadata = p.userMetadata;
  if (p.signal) {
    tx.addEvent('WorkflowExecutionSignaled', {
      signalName: p.signal.name,
      input: p.signal.input ?? undefined,
      identity: p.signal.identity,
      header: p.signal.header ?? undefined,
    });
  }
  if (backoff > 0) tx.addDeadline(now + backoff, 'first-wft', '');
  else tx.needWorkflowTask();
  if (runTimeoutMs) tx.addDeadline(now + backoff + runTimeoutMs, 'run-timeout', '');
  return tx;
}

/** Custom search attributes must be registered; payloads get their `type` metadata like the real server. */
export function normaliseSearchAttributes(
  engine: Engine,
  namespace: string,
  sa: ISearchAttributes | null | undefined,
): Record<string, Payload> {
  const out: Record<string, Payload> = {};
  const known = engine.namespaces.attributeTypes(namespace);
  for (const [name, payload] of Object.entries(sa?.indexedFields ?? {})) {
    const type = known[name];
    if (!type) {
      throw invalidArgument(`Namespace ${namespace} has no mapping defined for search attribute ${name}`);
    }
    const metadata = { ...(payload.metadata ?? {}) };
    if (!metadata.type) metadata.type = Buffer.from(type);
    out[name] = { metadata, data: payload.data };
  }
  return out;
}

export function signalRun(
  tx: ExecutionTx,
  name: string,
  input: Payloads | null | undefined,
  header: IHeader | null | undefined,
  identity: string,
): void {
  tx.addExternalEvent('WorkflowExecutionSignaled', {
    signalName: name,
    input: input ?? undefined,
    identity,
    header: header ?? undefined,
  });
}

export function terminateRun(
  engine: Engine,
  tx: ExecutionTx,
  reason: string,
  details: Payloads | null | undefined,
  identity: string,
): void {
  closeRun(engine, tx, 'Terminated', 'WorkflowExecutionTerminated', {
    reason,
    details: details ?? undefined,
    identity,
  });
}

type CloseKind =
  | 'WorkflowExecutionCompleted'
  | 'WorkflowExecutionFailed'
  | 'WorkflowExecutionTimedOut'
  | 'WorkflowExecutionCanceled'
  | 'WorkflowExecutionTerminated'
  | 'WorkflowExecutionContinuedAsNew';

/**
 * Closes a run. A close that does not come from the workflow (terminate, timeout) first fails a running
 * workflow task and flushes buffered events. Then: accepted updates fail, children get their parent-close
 * policy, and the parent (unless the run continues in a new one) learns the result.
 */
export function closeRun(
  engine: Engine,
  tx: ExecutionTx,
  status: ExecutionStatus,
  kind: CloseKind,
  attributes: object,
  continuesInNewRun = false,
): number {
  const s = tx.state;
  if (
    (kind === 'WorkflowExecutionTerminated' || kind === 'WorkflowExecutionTimedOut') &&
    tx.wftStarted &&
    s.wft &&
    // GS AddWorkflowTaskFailedEvent: a transient attempt's failure writes no event.
    !s.wft.transient
  ) {
    tx.addEvent('WorkflowTaskFailed', {
      scheduledEventId: s.wft.scheduledEventId,
      startedEventId: s.wft.startedEventId,
      cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
      identity: 'history-service',
    });
  }
  tx.flushBuffered();
  const closeEvent = tx.addEvent(kind, attributes);
  const closeEventId = num(closeEvent.eventId);
  tx.markClosed(status);

  for (const u of Object.values(s.updates)) {
    if (u.stage === 'accepted') {
      u.stage = 'completed';
      u.outcome = toB64(T.UpdateOutcome, {
        failure: {
          message: 'Workflow Update failed because the Workflow completed before the Update completed.',
          source: 'Server',
          applicationFailureInfo: { type: 'AcceptedUpdateCompletedWorkflow', nonRetryable: true },
        },
      });
    } else if (u.stage === 'admitted') {
      delete s.updates[u.updateId];
    }
  }

  for (const child of Object.values(s.children)) {
    const policy = child.parentClosePolicy || enums.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE;
    if (policy === enums.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) continue;
    tx.addDeadline(tx.now, 'parent-close-policy', String(child.initiatedEventId), {
      childNamespace: child.namespace,
      childWorkflowId: child.workflowId,
      childRunId: child.runId ?? '',
      policy,
    });
  }
  s.children = {};

  if (s.parent && !continuesInNewRun) {
    tx.addDeadline(
      tx.now,
      'notify-parent',
      String(s.parent.initiatedEventId),
      {
        childNamespace: s.namespace,
        childWorkflowId: s.workflowId,
        childRunId: s.runId,
        closeEventId,
        initiatedEventId: s.parent.initiatedEventId,
      },
      { namespace: s.parent.namespace, workflowId: s.parent.workflowId, runId: s.parent.runId },
    );
  }
  engine.logger.debug('workflow closed', { workflowId: s.workflowId, runId: s.runId, status });
  return closeEventId;
}

/** The retry policy's verdict for a failed or timed-out run: the backoff, or why it is final. */
export function workflowRetryDecision(
  s: ExecutionState,
  now: number,
  failure: Failure | undefined,
): { backoffMs: number } | { retryState: number } {
  if (!s.retryPolicy) return { retryState: enums.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  const policy = fromB64<IRetryPolicy>(T.RetryPolicy, s.retryPolicy);
  const maxAttempts = policy.maximumAttempts ?? 0;
  if (maxAttempts === 1 || (maxAttempts > 0 && s.attempt >= maxAttempts)) {
    return { retryState: enums.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const info = failure?.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && (policy.nonRetryableErrorTypes ?? []).includes(info.type))) {
    return { retryState: enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  const initial = msFromDur(policy.initialInterval) || 1000;
  const coefficient = policy.backoffCoefficient || 2;
  const maxInterval = msFromDur(policy.maximumInterval) || initial * 100;
  const backoffMs = Math.min(initial * Math.pow(coefficient, s.attempt - 1), maxInterval);
  if (s.executionExpiration && now + backoffMs >= s.executionExpiration) {
    return { retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
  }
  return { backoffMs };
}

/** The next run of a retried or continued workflow, carrying over what the chain shares. */
export async function startNextRun(
  engine: Engine,
  wtx: WorkflowTransaction,
  previous: ExecutionState,
  overrides: Partial<StartParams> & { initiator: number },
): Promise<ExecutionTx> {
  const startedEvent = (await engine.readHistory(previous.runId, 1, 1, wtx.db))[0];
  const started = startedEvent.workflowExecutionStartedEventAttributes!;
  return startRun(engine, wtx, {
    namespace: previous.namespace,
    workflowId: previous.workflowId,
    workflowType: previous.workflowType,
    taskQueue: previous.taskQueue,
    input: started.input,
    executionTimeoutMs: previous.executionTimeoutMs,
    runTimeoutMs: previous.runTimeoutMs,
    taskTimeoutMs: previous.wftTimeoutMs,
    identity: started.identity ?? '',
    requestId: randomUUID(),
    memo: previous.memo ? fromB64<IMemo>(T.Memo, previous.memo) : undefined,
    searchAttributes: {
      indexedFields: Object.fromEntries(
        Object.entries(previous.searchAttributes).map(([k, v]) => [k, fromB64<Payload>(T.Payload, v)]),
      ),
    },
    header: started.header,
    retryPolicy: previous.retryPolicy
      ? fromB64<IRetryPolicy>(T.RetryPolicy, previous.retryPolicy)
      : undefined,
    cronSchedule: previous.cronSchedule,
    parent: previous.parent,
    root: previous.root,
    continuedExecutionRunId: previous.runId,
    firstRunId: previous.firstRunId,
    executionExpiration: previous.executionExpiration,
    // The next run keeps the priority (GS AddContinueAsNewEvent); user metadata is the start request's own.
    priority: previous.priority,
    prevAutoResetPoints: previous.autoResetPoints,
    ...overrides,
  });
}

export function retryStateName(state: number): string {
  return (enums.RetryState as unknown as Record<number, string>)[state];
}

/**
 * Children across a reset, as the Go server since 1.27 (`history.allowResetWithPendingChildren`, on by
 * default; GS ndc/workflow_resetter.go reapplyChildEvents and recordchildworkflowcompleted): a child pending
 * at the reset point is kept by the new run. What the base run learnt about it after the point (its start,
 * its result) is written again in the new run; what it learns later reaches the new run through the base
 * run's `resetRunId` (children.ts). The base run's parent-close policy is skipped (reset.ts).
 */
import { attributesOf, type EventKind, kindOf } from '../history/events';
import { type HistoryEvent, num } from '../proto';
import type { ExecutionTx } from './execution-tx';

/** How many resets a child's result follows to find its parent's live run (GS maxResetRedirectCount). */
export const MAX_RESET_REDIRECTS = 100;

const CHILD_RESULTS = new Set<EventKind>([
  'ChildWorkflowExecutionCompleted',
  'ChildWorkflowExecutionFailed',
  'ChildWorkflowExecutionCanceled',
  'ChildWorkflowExecutionTimedOut',
  'ChildWorkflowExecutionTerminated',
]);

/**
 * Writes a base-run event about a child again in the new run when the child is pending there (GS
 * reapplyChildEvents; not subject to reset_reapply_exclude_types). Answers whether the event was about a
 * child at all (then the caller has nothing more to do with it).
 */
export function reapplyChildEvent(tx: ExecutionTx, event: HistoryEvent): boolean {
  const kind = kindOf(event);
  const isStart = kind === 'ChildWorkflowExecutionStarted' || kind === 'StartChildWorkflowExecutionFailed';
  if (!isStart && !CHILD_RESULTS.has(kind)) return false;
  const attributes = attributesOf<{ initiatedEventId?: unknown; startedEventId?: unknown }>(event);
  const initiatedEventId = num(attributes.initiatedEventId as number);
  const child = tx.state.children[initiatedEventId];
  if (!child) return true;
  if (kind === 'ChildWorkflowExecutionStarted') {
    if (child.startedEventId) return true;
    const started = tx.addEvent(kind, { ...attributes });
    const a = attributesOf<{ workflowExecution?: { runId?: string | null } | null }>(started);
    child.runId = a.workflowExecution?.runId ?? undefined;
    child.startedEventId = num(started.eventId);
    return true;
  }
  // A result names the new run's ChildWorkflowExecutionStarted (its id there may differ from the base's).
  const own =
    kind === 'StartChildWorkflowExecutionFailed' ? {} : { startedEventId: child.startedEventId ?? 0 };
  tx.addEvent(kind, { ...attributes, ...own });
  delete tx.state.children[initiatedEventId];
  return true;
}

/**
 * ResetWorkflowExecution (GS service/history/api/resetworkflow/api.go and ndc/workflow_resetter.go): a new
 * run whose history is the base run's up to a workflow task, that task failed with cause RESET_WORKFLOW
 * (naming the reason, the base run and the new run), the signals and updates that came after the reset
 * point applied again, and a new workflow task. The workflow's current run, if still running, is
 * terminated with the reset's reason. Everything happens in one transaction of the workflow id.
 */
import { randomUUID } from 'node:crypto';
import { attributesOf, kindOf } from '../history/events';
import { invalidArgument } from '../grpc/errors';
import { enums, type HistoryEvent, num, temporal } from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { ExecutionTx } from './execution-tx';
import { armRebuiltWork, rebuildState } from './rebuild';
import { reapplyChildEvent } from './reset-children';
import { terminateRun } from './workflows';

import h = temporal.api.history.v1;

type IResetRequest = temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest;

/** The identities the Go server writes (GS consts.IdentityHistoryService, consts.IdentityResetter). */
const HISTORY_SERVICE = 'history-service';
const RESETTER = 'history-resetter';

const Exclude = enums.ResetReapplyExcludeType;

export async function resetWorkflow(
  engine: Engine,
  namespace: string,
  r: IResetRequest,
): Promise<{ runId: string }> {
  const workflowId = r.workflowExecution?.workflowId ?? '';
  if (!r.workflowExecution) throw invalidArgument('Execution is not set on request.');
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  // The frontend gives a request without one a fresh request id (GS frontend ResetWorkflowExecution).
  const requestId = r.requestId || randomUUID();
  const finishEventId = num(r.workflowTaskFinishEventId);
  const exclude = excludedTypes(r);

  return engine.transact(namespace, workflowId, async (wtx) => {
    const base = await wtx.mustLoad(r.workflowExecution?.runId ?? '');
    if (finishEventId <= 1 || finishEventId >= base.state.nextEventId) {
      throw invalidArgument('Workflow task finish ID must be > 1 && <= workflow last event ID.');
    }
    const current = await wtx.mustLoad();
    // A retried reset finds the run it made (GS: dedup by the current run's create request id).
    if (current.state.startRequestId === requestId) return { runId: current.state.runId };

    const baseRunId = base.state.runId;
    const lastKept = finishEventId - 1;
    const kept = await engine.readHistory(baseRunId, 1, lastKept, wtx.db);
    const resetRunId = randomUUID();
    const reason = r.reason ?? '';

    // Checked before anything changes (GS prepareResetWorkflow, before the current run is terminated).
    const completed: { updateId: string; eventId: number }[] = [];
    const state = rebuildState(base.state, kept, resetRunId, requestId, wtx.now, completed);
    if (!state.wft) {
      throw invalidArgument(
        `Can only reset workflow to event ID in range [WorkflowTaskScheduled +1, WorkflowTaskStarted + 1]: ${finishEventId}`,
      );
    }
    // Children pending at the reset point stay with the new run (GS history.allowResetWithPendingChildren,
    // on by default since 1.27): the base run names the new one, and a child that closes later reports there.
    base.state.resetRunId = resetRunId;
    base.touched = true;
    if (current.state.status === 'Running') {
      // GS skips the parent-close policy of a run the resetter closed that names its reset run: the
      // children are not terminated or cancelled (the new run waits for the ones pending at the point).
      if (current === base) current.state.children = {};
      terminateRun(engine, current, reason, undefined, RESETTER);
    }
    const later = await eventsAfterResetPoint(engine, wtx, base, finishEventId, current);

    const tx = wtx.create(state);
    tx.completedUpdates.push(...completed);
    for (const event of kept) tx.newEvents.push(event);
    tx.changed = true;
    failResetWorkflowTask(tx, reason, baseRunId);
    reapply(tx, later.fromBase, exclude, true);
    reapply(tx, later.fromLaterRuns, exclude, false);
    tx.scheduleWorkflowTask(1);
    armRebuiltWork(tx);
    engine.logger.debug('workflow reset', { workflowId, baseRunId, resetRunId, finishEventId });
    return { runId: resetRunId };
  });
}

/** The types not to reapply: reset_reapply_exclude_types plus the deprecated reset_reapply_type (GS GetResetReapplyExcludeTypes). */
function excludedTypes(r: IResetRequest): Set<number> {
  const exclude = new Set<number>(r.resetReapplyExcludeTypes ?? []);
  const T = enums.ResetReapplyType;
  if (r.resetReapplyType === T.RESET_REAPPLY_TYPE_SIGNAL)
    exclude.add(Exclude.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
  if (r.resetReapplyType === T.RESET_REAPPLY_TYPE_NONE) {
    exclude.add(Exclude.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
    exclude.add(Exclude.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
  }
  return exclude;
}

/**
 * The base run's events from the reset point on, then every run it continued as new in (GS
 * reapplyContinueAsNewWorkflowEvents), including what this transaction wrote (a terminated current run's
 * flushed buffer).
 */
async function eventsAfterResetPoint(
  engine: Engine,
  wtx: WorkflowTransaction,
  base: ExecutionTx,
  fromEventId: number,
  current: ExecutionTx,
): Promise<{ fromBase: HistoryEvent[]; fromLaterRuns: HistoryEvent[] }> {
  const fromBase: HistoryEvent[] = [];
  const fromLaterRuns: HistoryEvent[] = [];
  let out = fromBase;
  let run: ExecutionTx | undefined = base;
  let from = fromEventId;
  while (run) {
    const committedNext: number = run.state.nextEventId - run.newEvents.length;
    const events: HistoryEvent[] = [
      ...(from < committedNext
        ? await engine.readHistory(run.state.runId, from, committedNext - 1, wtx.db)
        : []),
      ...(run === current ? run.newEvents : []),
    ];
    out.push(...events);
    const last: HistoryEvent | undefined = events[events.length - 1];
    const next: string | null | undefined =
      last && kindOf(last) === 'WorkflowExecutionContinuedAsNew'
        ? attributesOf<h.IWorkflowExecutionContinuedAsNewEventAttributes>(last).newExecutionRunId
        : undefined;
    run = next ? await wtx.load(next) : undefined;
    from = 1;
    out = fromLaterRuns;
  }
  return { fromBase, fromLaterRuns };
}

/**
 * The workflow task pending at the reset point fails with cause RESET_WORKFLOW (GS failWorkflowTask); a
 * task only scheduled there is started first, by the history service.
 */
function failResetWorkflowTask(tx: ExecutionTx, reason: string, baseRunId: string): void {
  const wft = tx.state.wft!;
  if (!wft.startedEventId) {
    wft.startedEventId = num(
      tx.addEvent('WorkflowTaskStarted', {
        scheduledEventId: wft.scheduledEventId,
        identity: HISTORY_SERVICE,
        requestId: randomUUID(),
      }).eventId,
    );
  }
  tx.addEvent('WorkflowTaskFailed', {
    scheduledEventId: wft.scheduledEventId,
    startedEventId: wft.startedEventId,
    cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    failure: { message: reason, resetWorkflowFailureInfo: {} },
    identity: HISTORY_SERVICE,
    baseRunId,
    newRunId: tx.state.runId,
    forkEventVersion: 0,
  });
  tx.state.wft = undefined;
}

/**
 * Signals and updates after the reset point, again (GS reapplyEvents): a signal as a new
 * WorkflowExecutionSignaled, an update as WorkflowExecutionUpdateAdmitted with origin REAPPLY (from its
 * UpdateAdmitted event, or from an UpdateAccepted event that carries the request). With `children` (the
 * base run's own events, whose initiated ids are the new run's), what happened to a child pending in the
 * new run too, in the same order.
 */
function reapply(tx: ExecutionTx, events: HistoryEvent[], exclude: Set<number>, children: boolean): void {
  const signals = !exclude.has(Exclude.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL);
  const updates = !exclude.has(Exclude.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE);
  for (const event of events) {
    if (children && reapplyChildEvent(tx, event)) continue;
    const kind = kindOf(event);
    if (kind === 'WorkflowExecutionSignaled' && signals) {
      const a = attributesOf<h.IWorkflowExecutionSignaledEventAttributes>(event);
      tx.addEvent('WorkflowExecutionSignaled', {
        signalName: a.signalName,
        input: a.input ?? undefined,
        identity: a.identity,
        header: a.header ?? undefined,
      });
    } else if (
      (kind === 'WorkflowExecutionUpdateAdmitted' || kind === 'WorkflowExecutionUpdateAccepted') &&
      updates
    ) {
      const request =
        kind === 'WorkflowExecutionUpdateAdmitted'
          ? attributesOf<h.IWorkflowExecutionUpdateAdmittedEventAttributes>(event).request
          : attributesOf<h.IWorkflowExecutionUpdateAcceptedEventAttributes>(event).acceptedRequest;
      const updateId = request?.meta?.updateId;
      if (!request || !updateId) continue;
      tx.addEvent('WorkflowExecutionUpdateAdmitted', {
        request,
        origin: enums.UpdateAdmittedEventOrigin.UPDATE_ADMITTED_EVENT_ORIGIN_REAPPLY,
      });
      tx.state.updates[updateId] = { updateId, stage: 'admitted' };
    }
  }
}

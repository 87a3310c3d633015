/**
 * Workflow updates: admission (dedupe by update id, limits, the task that delivers them) and waiting for a
 * lifecycle stage. Delivery to the worker and the worker's answers are in update-messages.ts.
 */
import { status } from '@grpc/grpc-js';
import {
  failedPrecondition,
  invalidArgument,
  notFound,
  ServiceError,
  workflowCompleted,
  workflowNotReady,
} from '../grpc/errors';
import { LIMITS } from '../limits';
import { decodeEvent, enums, fromB64, T, type temporal, toB64 } from '../proto';
import type { Engine, WorkflowTransaction } from './engine';
import type { Db } from '../store/execution-store';
import type { ExecutionTx } from './execution-tx';
import { canSpeculate, scheduleSpeculativeTask } from './speculative';
import type { ExecutionState, UpdateInfo } from './state';

type IUpdateRequest = temporal.api.update.v1.IRequest;
type IOutcome = temporal.api.update.v1.IOutcome;
type UpdateResponse = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse;
const Stage = enums.UpdateWorkflowExecutionLifecycleStage;

/** The server answers with the stage reached so far after this long; the client asks again. */
const MAX_UPDATE_WAIT_MS = 10_000;
/** Admissions of one UpdateWorkflowExecution call whose update keeps being lost (GS internal retries). */
const ADMIT_ATTEMPTS = 3;
const ABORTED_MESSAGE = 'workflow update was aborted';

/**
 * GS WorkflowUpdateAbortedErr: the update was lost with the run's in-memory state (cache eviction, server
 * stop) before it was accepted. UNAVAILABLE, so the SDK client sends the same update id again and the
 * update is admitted again; an accepted or completed one is in the run's persisted state and is found.
 */
export function updateAborted(): ServiceError {
  return new ServiceError(status.UNAVAILABLE, ABORTED_MESSAGE);
}

export function isUpdateAborted(e: unknown): boolean {
  return e instanceof ServiceError && e.code === status.UNAVAILABLE && e.message === ABORTED_MESSAGE;
}

function stageNumber(u: UpdateInfo): number {
  return u.stage === 'admitted'
    ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED
    : u.stage === 'accepted'
      ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
      : Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
}

async function responseOf(engine: Engine, s: ExecutionState, u: UpdateInfo): Promise<UpdateResponse> {
  return {
    updateRef: { workflowExecution: { workflowId: s.workflowId, runId: s.runId }, updateId: u.updateId },
    stage: stageNumber(u),
    outcome: await outcomeOf(engine, s, u),
  };
}

/** A completed update's outcome: from its UpdateCompleted event (memory's event tail, else the database). */
async function outcomeOf(engine: Engine, s: ExecutionState, u: UpdateInfo): Promise<IOutcome | undefined> {
  if (u.outcome) return fromB64<IOutcome>(T.UpdateOutcome, u.outcome);
  if (!u.completedEventId) return undefined;
  const event = await engine.readEvent(s.runId, u.completedEventId);
  return event.workflowExecutionUpdateCompletedEventAttributes?.outcome ?? {};
}

/** The checks the frontend makes on an update request; returns the update id and the stage to wait for. */
export function checkUpdateRequest(req: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest): {
  updateId: string;
  wanted: number;
} {
  const wanted = req.waitPolicy?.lifecycleStage ?? 0;
  if (!wanted) throw invalidArgument('WaitPolicy.LifecycleStage is not set on request.');
  const updateId = req.request?.meta?.updateId;
  if (!updateId) throw invalidArgument('Update ID is not set on request.');
  if (!req.request?.input?.name) throw invalidArgument('Update name is not set on request.');
  return { updateId, wanted };
}

/** An update with this id that a retried request should find (a rejected one left no trace). */
export async function knownUpdate(
  engine: Engine,
  db: Db,
  s: ExecutionState,
  updateId: string,
): Promise<UpdateInfo | undefined> {
  const u = await findUpdate(engine, db, s, updateId);
  return u && !u.rejected ? u : undefined;
}

/** The run's update with this id: in flight or rejected (in the state), or completed by the workflow. */
async function findUpdate(
  engine: Engine,
  db: Db,
  s: ExecutionState,
  updateId: string,
): Promise<UpdateInfo | undefined> {
  const inState = s.updates[updateId];
  if (inState) return inState;
  const completedEventId = await engine.completedUpdates.find(db, s.runId, updateId);
  return completedEventId === undefined ? undefined : { updateId, stage: 'completed', completedEventId };
}

/**
 * Admits an update to a run, or finds the one with the same id (a retried request). Throws when the run
 * cannot take updates: closed, or its workflow task keeps failing.
 */
export async function admitUpdate(
  wtx: WorkflowTransaction,
  tx: ExecutionTx,
  request: IUpdateRequest,
  updateId: string,
): Promise<void> {
  const s = tx.state;
  // A run this transaction creates has no completed update to look up.
  if (tx.isNew ? s.updates[updateId] : await knownUpdate(wtx.engine, wtx.db, s, updateId)) return;
  if (s.status !== 'Running') throw workflowCompleted();
  // GS updateworkflow/api.go (failUpdateWorkflowTaskAttemptCount = 3): fail fast while the task keeps failing.
  if (s.wft && s.wft.attempt >= 3)
    throw workflowNotReady(
      'Unable to perform workflow execution update due to Workflow Task in failed state.',
    );
  checkUpdateLimits(s);
  s.updates[updateId] = { updateId, stage: 'admitted', request: toB64(T.UpdateRequest, request) };
  // GS keeps admitted updates in memory only (its update registry): with a task pending, or a speculative
  // one for it (speculative.ts), admission writes nothing; a lost admission makes the client retry.
  if (s.wft || canSpeculate(tx)) {
    if (!s.wft) scheduleSpeculativeTask(tx);
    tx.notifyOnly = true;
    return;
  }
  tx.changed = true;
  // An update needs a workflow task even during the start delay (GS updateworkflow schedules one whenever
  // none is pending); the delay's own deadline then finds the first task already given and does nothing.
  s.awaitingFirstWft = false;
  tx.needWorkflowTask();
}

/** The Go server's per-workflow update limits (history.maxInFlightUpdates, history.maxTotalUpdates). */
function checkUpdateLimits(s: ExecutionState): void {
  const updates = Object.values(s.updates).filter((u) => !u.rejected);
  const inFlight = updates.filter((u) => u.stage === 'admitted' || u.stage === 'accepted').length;
  const total = updates.length + (s.completedUpdateCount ?? 0);
  if (inFlight >= LIMITS.maxInFlightUpdates)
    throw new ServiceError(
      status.RESOURCE_EXHAUSTED,
      `limit on number of concurrent in-flight updates has been reached (${LIMITS.maxInFlightUpdates})`,
      {
        type: 'ResourceExhaustedFailure',
        value: { cause: enums.ResourceExhaustedCause.RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT },
      },
    );
  if (total >= LIMITS.maxTotalUpdates)
    throw failedPrecondition(`limit on number of total updates has been reached (${LIMITS.maxTotalUpdates})`);
}

export async function updateWorkflow(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest,
  waitMs: number,
  signal: AbortSignal,
): Promise<UpdateResponse> {
  const namespace = req.namespace ?? '';
  const workflowId = req.workflowExecution?.workflowId ?? '';
  const { updateId, wanted } = checkUpdateRequest(req);
  const until = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    const runId = await engine.transact(namespace, workflowId, async (wtx) => {
      const tx = await wtx.mustLoad(req.workflowExecution?.runId ?? '');
      if (req.firstExecutionRunId && req.firstExecutionRunId !== tx.state.firstRunId) {
        throw notFound('workflow execution not found for the given first execution run id');
      }
      await admitUpdate(wtx, tx, req.request!, updateId);
      return tx.state.runId;
    });
    try {
      const left = until - Date.now();
      return await waitForStage(engine, namespace, workflowId, runId, updateId, wanted, left, signal, true);
    } catch (e) {
      // GS: the history handler admits an aborted update again itself; its caller sees the retryable
      // error only when these retries run out (or the server is stopping).
      if (!isUpdateAborted(e) || attempt >= ADMIT_ATTEMPTS || signal.aborted || engine.notifier.stopped)
        throw e;
      engine.logger.debug('update lost with the run state, admitted again', { workflowId, updateId });
    }
  }
}

/**
 * Waits (up to MAX_UPDATE_WAIT_MS) until the update reaches `wanted`, then answers the stage reached. An
 * update that vanished from a running run (its admission was in memory only: evicted state, see
 * StateCache) or a server stopping while it waits ends in updateAborted(), never NOT_FOUND.
 */
export async function waitForStage(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
  updateId: string,
  wanted: number,
  waitMs: number,
  signal: AbortSignal,
  admittedCounts: boolean,
): Promise<UpdateResponse> {
  const until = Date.now() + Math.min(waitMs, MAX_UPDATE_WAIT_MS);
  for (;;) {
    // Listening before the reads below: a commit (or an eviction) while they await wakes this waiter.
    const change = engine.notifier.listen(engine.runKey(runId));
    try {
      const s = await engine.loadState(namespace, workflowId, runId);
      const u = await findUpdate(engine, engine.pool, s, updateId);
      if (!u) {
        if (s.status !== 'Running') throw workflowCompleted();
        throw updateAborted();
      }
      if (stageNumber(u) >= wanted || Date.now() >= until || signal.aborted) {
        if (!admittedCounts && u.stage === 'admitted' && stageNumber(u) < wanted && s.status !== 'Running') {
          throw workflowCompleted();
        }
        return responseOf(engine, s, u);
      }
      // GS clears the update registry when the shard closes: waiters get the retryable abort.
      if (engine.notifier.stopped) throw updateAborted();
      if (await change.wait(until - Date.now(), signal)) {
        const reached = reachedInMemory(engine, namespace, workflowId, runId, updateId, wanted);
        if (reached) return reached;
      }
    } finally {
      change.stop();
    }
  }
}

/**
 * The answer for an update that has reached `wanted`, from memory only (state cache, completed update ids,
 * event tail), else undefined (then the waiter reads as usual). A waiter woken by the commit that accepted or
 * completed its update answers at once, with no read and no wait between the commit and its answer: the
 * update's caller is the one waiting on it (the worker's completion is answered beside it).
 */
function reachedInMemory(
  engine: Engine,
  namespace: string,
  workflowId: string,
  runId: string,
  updateId: string,
  wanted: number,
): UpdateResponse | undefined {
  const s = engine.cache.get(runId);
  if (!s || s.namespace !== namespace || s.workflowId !== workflowId) return undefined;
  const completedEventId = s.updates[updateId] ? undefined : engine.completedUpdates.peek(runId, updateId);
  const u: UpdateInfo | undefined =
    s.updates[updateId] ??
    (completedEventId === undefined ? undefined : { updateId, stage: 'completed', completedEventId });
  if (!u || stageNumber(u) < wanted) return undefined;
  let outcome: IOutcome | undefined;
  if (u.outcome) outcome = fromB64<IOutcome>(T.UpdateOutcome, u.outcome);
  else if (u.completedEventId) {
    const event = engine.eventTail.range(runId, u.completedEventId, u.completedEventId)?.[0];
    if (!event) return undefined;
    outcome = decodeEvent(event).workflowExecutionUpdateCompletedEventAttributes?.outcome ?? {};
  }
  return {
    updateRef: { workflowExecution: { workflowId: s.workflowId, runId: s.runId }, updateId },
    stage: stageNumber(u),
    outcome,
  };
}

export async function pollWorkflowUpdate(
  engine: Engine,
  req: temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest,
  waitMs: number,
  signal: AbortSignal,
): Promise<temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateResponse> {
  const ref = req.updateRef;
  const namespace = req.namespace ?? '';
  const workflowId = ref?.workflowExecution?.workflowId ?? '';
  const s = await engine.loadState(namespace, workflowId, ref?.workflowExecution?.runId ?? '');
  const updateId = ref?.updateId ?? '';
  if (!(await findUpdate(engine, engine.pool, s, updateId))) throw notFound(`update ${updateId} not found`);
  const wanted = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  const res = await waitForStage(
    engine,
    namespace,
    workflowId,
    s.runId,
    updateId,
    wanted,
    waitMs,
    signal,
    true,
  );
  return { outcome: res.outcome, stage: res.stage, updateRef: res.updateRef };
}

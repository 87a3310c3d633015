/**
 * The schedule runner: takes every schedule's actions at their times, as the real server's scheduler
 * workflow does (service/worker/scheduler/workflow.go), but as plain server code over `temporal.schedules`.
 *
 * Each change to a schedule (its time coming, a closed workflow, an RPC) is one "step", serialised per
 * schedule:
 * 1. catch up: every action time in (last processed time, now] becomes a buffered start, unless paused, out
 *    of actions, or older than the catch-up window (counted as missed);
 * 2. apply the change (update, pause, trigger, backfill);
 * 3. save: the buffered starts are durable before any of them is started;
 * 4. settle: refresh which started workflows still run, let the overlap policy pick the starts, start
 *    them, cancel or terminate the running one if the policy says so;
 * 5. save again, with the time of the next action, and wait for it on the server's Clock.
 *
 * A start has a fixed workflow id (`<id>-<nominal time>`) and request id, and the engine dedupes starts
 * by request id, so a crash between steps 3 and 5 only makes the next step find the run it had started:
 * no action is lost or doubled. Closed workflows are noticed through the engine's notifier (the same
 * wake-ups history long polls use), so buffered starts run as soon as the running workflow closes.
 */
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Clock } from '../clock';
import type { Engine } from '../engine/engine';
import { type ExecutionState, statusEnum } from '../engine/state';
import { KeyedMutex } from '../engine/sync';
import {
  requestCancelWorkflow,
  type StartRequest,
  startWorkflow,
  terminateWorkflow,
} from '../engine/workflow-api';
import { alreadyExists, notFound, ServiceError } from '../grpc/errors';
import {
  enums,
  type Failure,
  fromB64,
  msFromDur,
  type Payload,
  type Payloads,
  T,
  type temporal,
  toB64,
} from '../proto';
import { currentRunId, loadExecution } from '../store/execution-store';
import { type INewWorkflowExecutionInfo, LoadedSchedule, rfc3339Seconds } from './model';
import { decideOverlap } from './overlap';
import { SCHEDULER_LIMITS, type BufferedStart, type RecentAction, type RunningWorkflow } from './state';
import * as store from './store';

const W = enums.WorkflowExecutionStatus;
const P = enums.ScheduleOverlapPolicy;

/** After a failed step (database trouble), look again this much later. */
const RETRY_FAILED_STEP_MS = 1000;
/** Watchers re-check a started workflow this often even without a notification (wall time). */
const WATCH_RECHECK_MS = 30_000;
/** A step settles at most this many rounds (starts that fail make the real server try again at once). */
const MAX_SETTLE_ROUNDS = 20;

export interface ScheduleChange<R> {
  (s: LoadedSchedule, now: number): R | Promise<R>;
}

export class ScheduleRunner {
  private readonly locks = new KeyedMutex();
  /** Schedule key → when its next action is due (on the server's Clock). */
  private readonly wakeTimes = new Map<string, number>();
  private armed: { at: number; cancel: () => void } | undefined;
  /** Schedule key → watcher key (workflow id + first run id) → its abort controller. */
  private readonly watchers = new Map<string, Map<string, AbortController>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly engine: Engine) {}

  private get clock(): Clock {
    return this.engine.clock;
  }

  /** Looks at every schedule once: catches up on what was due while the server was down. */
  async start(): Promise<void> {
    for (const { namespace, scheduleId } of await store.allScheduleKeys(this.engine.pool)) {
      await this.runStep(namespace, scheduleId);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.armed?.cancel();
    this.armed = undefined;
    for (const byWorkflow of this.watchers.values()) for (const c of byWorkflow.values()) c.abort();
    this.watchers.clear();
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Creates a schedule: the row (with any initial patch already applied to it) is inserted, then the
   * schedule settles (an immediate trigger starts at once). ALREADY_EXISTS when the id is taken.
   */
  async create(row: store.ScheduleRow, namespaceId: string, initial: ScheduleChange<void>): Promise<void> {
    await this.locked(row.namespace, row.scheduleId, async () => {
      const s = new LoadedSchedule(row, namespaceId);
      const now = this.clock.now();
      await initial(s, now);
      this.prepareRow(s);
      if (!(await store.insertSchedule(this.engine.pool, s.row))) {
        throw alreadyExists(`schedule "${row.scheduleId}" is already registered`, '', '');
      }
      await this.settleAndSave(s);
    });
  }

  /** Applies a change at the current time (after catching up); NOT_FOUND when there is no such schedule. */
  async change<R>(namespace: string, scheduleId: string, fn: ScheduleChange<R>): Promise<R> {
    return this.locked(namespace, scheduleId, async () => {
      const s = await this.load(namespace, scheduleId);
      if (!s) throw notFound('schedule not found');
      const now = this.clock.now();
      await this.catchUp(s, now);
      const result = await fn(s, now);
      await this.save(s);
      await this.settleAndSave(s);
      return result;
    });
  }

  async delete(namespace: string, scheduleId: string): Promise<void> {
    await this.locked(namespace, scheduleId, async () => {
      if (!(await store.deleteSchedule(this.engine.pool, namespace, scheduleId))) {
        throw notFound('schedule not found');
      }
      this.forget(key(namespace, scheduleId));
    });
  }

  /** A schedule as stored (for describe and list), or undefined. */
  async read(namespace: string, scheduleId: string): Promise<LoadedSchedule | undefined> {
    return this.load(namespace, scheduleId);
  }

  open(row: store.ScheduleRow): LoadedSchedule {
    return new LoadedSchedule(row, this.engine.namespaces.get(row.namespace).id);
  }

  /** Whether a workflow chain the schedule started still runs, and its last run's state. */
  async chainStatus(
    namespace: string,
    wf: RunningWorkflow,
  ): Promise<{ running: boolean; status: number; last?: ExecutionState }> {
    const pool = this.engine.pool;
    const runId = await currentRunId(pool, namespace, wf.workflowId);
    const current = runId ? await loadExecution(pool, namespace, wf.workflowId, runId) : undefined;
    if (current && current.firstRunId === wf.runId) {
      return { running: current.status === 'Running', status: statusEnum(current.status), last: current };
    }
    // The id now belongs to another chain (or is gone): ours has closed; report how its first run ended.
    const first = await loadExecution(pool, namespace, wf.workflowId, wf.runId);
    return {
      running: false,
      status: first ? statusEnum(first.status) : W.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Steps

  private locked<R>(namespace: string, scheduleId: string, fn: () => Promise<R>): Promise<R> {
    return this.locks.run(key(namespace, scheduleId), async () => {
      // Under time skipping, time must not jump while a step decides what is due (see clock.ts).
      const release = holdClock(this.clock, `schedule ${scheduleId}`);
      try {
        return await fn();
      } finally {
        release();
      }
    });
  }

  private async load(namespace: string, scheduleId: string): Promise<LoadedSchedule | undefined> {
    const row = await store.loadSchedule(this.engine.pool, namespace, scheduleId);
    return row ? this.open(row) : undefined;
  }

  /** A step with no change: the schedule's time came or a workflow it started closed. */
  private async runStep(namespace: string, scheduleId: string): Promise<void> {
    if (this.stopped) return;
    try {
      await this.locked(namespace, scheduleId, async () => {
        const s = await this.load(namespace, scheduleId);
        if (!s) return this.forget(key(namespace, scheduleId));
        await this.catchUp(s, this.clock.now());
        await this.save(s);
        await this.settleAndSave(s);
      });
    } catch (e) {
      if (this.stopped) return;
      this.engine.logger.error('schedule step failed; retrying', { scheduleId, error: String(e) });
      this.setWake(key(namespace, scheduleId), this.clock.now() + RETRY_FAILED_STEP_MS);
    }
  }

  private async save(s: LoadedSchedule): Promise<void> {
    this.prepareRow(s);
    await store.saveSchedule(this.engine.pool, s.row);
  }

  /** The row as it will be stored: the encoded schedule, and what ListSchedules queries filter on. */
  private prepareRow(s: LoadedSchedule): void {
    s.row.schedule = s.encode();
    s.state.visibility = s.visibilityFields(this.engine.namespaces.attributeTypes(s.namespace));
  }

  /** Buffers the actions due since the last processed time. */
  private async catchUp(s: LoadedSchedule, now: number): Promise<void> {
    const from = s.state.lastProcessedTime;
    const to = Math.max(now, from);
    await this.processTimeRange(s, from, to, P.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED, false);
    s.state.lastProcessedTime = to;
  }

  /**
   * Buffers a start for every action time in (start, end]. Scheduled (not manual) times are skipped while
   * paused or out of actions (that time is simply passed over), before the last update, or when older
   * than the catch-up window at `end` (counted in missedCatchupWindow).
   */
  async processTimeRange(
    s: LoadedSchedule,
    start: number,
    end: number,
    overlapPolicy: number,
    manual: boolean,
  ): Promise<void> {
    if (!s.compiled) return;
    if (!manual && !s.canTakeScheduledAction(false, false)) return;
    const catchup = s.catchupWindowMs();
    const updateTime = s.state.updateTime ?? 0;
    let cursor = start;
    for (let i = 1; ; i++) {
      let next;
      try {
        next = s.compiled.nextTime(cursor, { jitterSeed: s.jitterSeed });
      } catch (e) {
        this.engine.logger.warn('schedule spec search gave up', {
          scheduleId: s.scheduleId,
          error: String(e),
        });
        return;
      }
      if (!next || next.actualMs > end) return;
      cursor = next.actualMs;
      // A long downtime with a frequent spec means many times: let other work run in between.
      if (i % 10_000 === 0) await new Promise((r) => setImmediate(r));
      if (!manual && updateTime > next.actualMs) continue;
      if (!manual && end - next.actualMs > catchup) {
        s.state.missedCatchupWindow++;
        continue;
      }
      addStart(s, next.nominalMs, next.actualMs, overlapPolicy, manual);
    }
  }

  private async settleAndSave(s: LoadedSchedule): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS && (await this.processBuffer(s)); round++);
    s.row.nextWakeAt = this.nextWakeup(s);
    await this.save(s);
    const k = key(s.namespace, s.scheduleId);
    this.setWake(k, s.row.nextWakeAt);
    this.watch(s);
  }

  /** The time of the next scheduled action; none while paused or out of actions (an RPC wakes it). */
  private nextWakeup(s: LoadedSchedule): number | undefined {
    if (!s.compiled || !s.canTakeScheduledAction(false, false)) return undefined;
    try {
      return s.compiled.nextTime(s.state.lastProcessedTime, { jitterSeed: s.jitterSeed })?.actualMs;
    } catch {
      return undefined;
    }
  }

  /** One round of the buffer: returns true when another round may do more right now. */
  private async processBuffer(s: LoadedSchedule): Promise<boolean> {
    await this.refreshRunning(s);
    const action = s.schedule.action?.startWorkflow;
    const state = s.state;
    if (!action || state.bufferedStarts.length === 0) {
      state.bufferedStarts = [];
      return false;
    }
    const decision = decideOverlap(state.bufferedStarts, state.runningWorkflows.length > 0, (p) =>
      s.resolveOverlap(p),
    );
    state.bufferedStarts = decision.buffer;
    state.overlapSkipped += decision.skipped;
    let again = false;
    const starts = decision.nonOverlapping
      ? [...decision.overlapping, decision.nonOverlapping]
      : decision.overlapping;
    for (const start of starts) {
      if (!s.canTakeScheduledAction(start.manual, true)) {
        again = true;
        continue;
      }
      const result = await this.startAction(s, start, action);
      if (!result) {
        again = true;
        continue;
      }
      state.actionCount++;
      state.recentActions = [...state.recentActions, result].slice(-SCHEDULER_LIMITS.recentActionCount);
      // ALLOW_ALL runs may overlap anything, so they never hold back other starts.
      if (start === decision.nonOverlapping) {
        state.runningWorkflows.push({ workflowId: result.workflowId, runId: result.runId });
      }
    }
    if (decision.needTerminate) {
      for (const wf of state.runningWorkflows) {
        await ignoreClosed(
          terminateWorkflow(this.engine, {
            namespace: s.namespace,
            workflowId: wf.workflowId,
            runId: '',
            reason: 'terminated by schedule overlap policy',
            identity: s.identity(),
          }),
        );
      }
      // Terminated at once: the next round starts the buffered one.
      again = true;
    } else if (decision.needCancel) {
      // Cancelling is a request; the watcher notices when the workflow really closes.
      for (const wf of state.runningWorkflows) {
        await ignoreClosed(
          requestCancelWorkflow(this.engine, {
            namespace: s.namespace,
            workflowId: wf.workflowId,
            runId: '',
            identity: s.identity(),
            reason: 'cancelled by schedule overlap policy',
          }),
        );
      }
    }
    return again;
  }

  /** Drops closed workflows from the running list, recording how they ended. */
  private async refreshRunning(s: LoadedSchedule): Promise<void> {
    const still: RunningWorkflow[] = [];
    for (const wf of s.state.runningWorkflows) {
      const chain = await this.chainStatus(s.namespace, wf);
      if (chain.running) still.push(wf);
      else await this.onClosed(s, wf, chain.status, chain.last);
    }
    s.state.runningWorkflows = still;
  }

  private async onClosed(
    s: LoadedSchedule,
    wf: RunningWorkflow,
    status: number,
    last: ExecutionState | undefined,
  ): Promise<void> {
    const recent = s.state.recentActions.find((a) => a.workflowId === wf.workflowId && a.runId === wf.runId);
    if (recent) recent.status = status;
    // The result or failure is handed to the next run (lastCompletionResult / continuedFailure).
    let failureMessage = '';
    if (last && (last.status === 'Completed' || last.status === 'Failed')) {
      const close = await this.engine.readEvent(last.runId, last.nextEventId - 1);
      const result = close.workflowExecutionCompletedEventAttributes?.result;
      const failure = close.workflowExecutionFailedEventAttributes?.failure;
      if (result) {
        s.state.lastCompletionResult = toB64(T.Payloads, result);
        s.state.continuedFailure = undefined;
      } else if (failure) {
        s.state.continuedFailure = toB64(T.Failure, failure);
        failureMessage = failure.message ?? '';
      }
    }
    const failed =
      status === W.WORKFLOW_EXECUTION_STATUS_FAILED || status === W.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
    if (s.schedule.policies?.pauseOnFailure && failed && !s.paused) {
      const state = (s.schedule.state ??= {});
      state.paused = true;
      state.notes =
        status === W.WORKFLOW_EXECUTION_STATUS_FAILED
          ? `paused due to workflow failure: ${wf.workflowId}: ${failureMessage}`
          : `paused due to workflow timeout: ${wf.workflowId}`;
      s.state.conflictToken++;
    }
  }

  /**
   * Starts one action's workflow. Returns undefined when the start is refused (e.g. the id is taken by a
   * workflow this schedule did not start); the start is then dropped, as on the real server.
   */
  private async startAction(
    s: LoadedSchedule,
    start: BufferedStart,
    action: INewWorkflowExecutionInfo,
  ): Promise<RecentAction | undefined> {
    const workflowId = s.startedWorkflowId(start.nominalTime);
    const allowAll = s.resolveOverlap(start.overlapPolicy) === P.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
    const state = s.state;
    const request: StartRequest = {
      namespace: s.namespace,
      workflowId,
      workflowType: action.workflowType?.name ?? '',
      taskQueue: action.taskQueue?.name ?? '',
      input: action.input,
      executionTimeoutMs: msFromDur(action.workflowExecutionTimeout),
      runTimeoutMs: msFromDur(action.workflowRunTimeout),
      taskTimeoutMs: msFromDur(action.workflowTaskTimeout),
      identity: s.identity(),
      requestId: start.requestId,
      memo: action.memo,
      searchAttributes: scheduledSearchAttributes(action.searchAttributes, start.nominalTime, s.scheduleId),
      header: action.header,
      retryPolicy: action.retryPolicy,
      // Overlapping runs take no part in the chain of results.
      lastCompletionResult:
        !allowAll && state.lastCompletionResult
          ? fromB64<Payloads>(T.Payloads, state.lastCompletionResult)
          : undefined,
      continuedFailure:
        !allowAll && state.continuedFailure ? fromB64<Failure>(T.Failure, state.continuedFailure) : undefined,
      // Scheduled starts never run twice for one time; manual ones may reuse an id of a closed run.
      reusePolicy: start.manual
        ? enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
        : enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
      conflictPolicy: enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
    };
    let runId: string | undefined;
    try {
      runId = (await startWorkflow(this.engine, request)).runId;
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      if (e.code === grpcStatus.ALREADY_EXISTS)
        runId = await this.ownRun(s.namespace, workflowId, start.requestId);
      if (!runId) {
        this.engine.logger.warn('scheduled workflow not started', {
          scheduleId: s.scheduleId,
          workflowId,
          error: e.message,
        });
        return undefined;
      }
    }
    return {
      scheduleTime: start.actualTime,
      actualTime: this.clock.now(),
      workflowId,
      runId,
      status: W.WORKFLOW_EXECUTION_STATUS_RUNNING,
    };
  }

  /**
   * The first run of the chain under `workflowId` if this start created it (same request id): a start
   * repeated after a crash, when the run it started has since continued as new or been retried.
   */
  private async ownRun(
    namespace: string,
    workflowId: string,
    requestId: string,
  ): Promise<string | undefined> {
    const pool = this.engine.pool;
    const runId = await currentRunId(pool, namespace, workflowId);
    const current = runId ? await loadExecution(pool, namespace, workflowId, runId) : undefined;
    if (!current) return undefined;
    const first =
      current.firstRunId === current.runId
        ? current
        : await loadExecution(pool, namespace, workflowId, current.firstRunId);
    return first?.startRequestId === requestId ? first.runId : undefined;
  }

  // ---------------------------------------------------------------------------------------------------
  // Wake-ups: one wait on the Clock for the earliest schedule, watchers for started workflows

  private setWake(k: string, at: number | undefined): void {
    if (at === undefined) this.wakeTimes.delete(k);
    else this.wakeTimes.set(k, at);
    this.rearm();
  }

  private rearm(): void {
    if (this.stopped) return;
    let earliest = Infinity;
    for (const at of this.wakeTimes.values()) earliest = Math.min(earliest, at);
    if (this.armed?.at === earliest) return;
    this.armed?.cancel();
    this.armed = undefined;
    if (earliest === Infinity) return;
    const cancel = this.clock.wakeAt(earliest, () => {
      this.armed = undefined;
      this.wakeDue();
    });
    this.armed = { at: earliest, cancel };
  }

  private wakeDue(): void {
    if (this.stopped) return;
    // Hold time still from the moment the Clock wakes us until the due steps have started their workflows.
    const release = holdClock(this.clock, 'schedules due');
    const now = this.clock.now();
    const due = [...this.wakeTimes].filter(([, at]) => at <= now).map(([k]) => k);
    for (const k of due) this.wakeTimes.delete(k);
    this.rearm();
    this.track(
      Promise.all(
        due.map((k) => {
          const [namespace, scheduleId] = splitKey(k);
          return this.runStep(namespace, scheduleId);
        }),
      ).finally(release),
    );
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private forget(k: string): void {
    this.wakeTimes.delete(k);
    this.rearm();
    for (const c of this.watchers.get(k)?.values() ?? []) c.abort();
    this.watchers.delete(k);
  }

  /** Keeps exactly one watcher per running workflow of the schedule. */
  private watch(s: LoadedSchedule): void {
    if (this.stopped) return;
    const k = key(s.namespace, s.scheduleId);
    const byWorkflow = this.watchers.get(k) ?? new Map<string, AbortController>();
    this.watchers.set(k, byWorkflow);
    const wanted = new Map(s.state.runningWorkflows.map((wf) => [`${wf.workflowId}\u0000${wf.runId}`, wf]));
    for (const [wk, controller] of byWorkflow) {
      if (!wanted.has(wk)) {
        controller.abort();
        byWorkflow.delete(wk);
      }
    }
    for (const [wk, wf] of wanted) {
      if (byWorkflow.has(wk)) continue;
      const controller = new AbortController();
      byWorkflow.set(wk, controller);
      this.track(
        this.watchChain(s.namespace, s.scheduleId, wf, controller.signal)
          .catch((e: unknown) => {
            if (!controller.signal.aborted)
              this.engine.logger.warn('schedule watcher failed', {
                workflowId: wf.workflowId,
                error: String(e),
              });
          })
          .finally(() => {
            if (byWorkflow.get(wk) === controller) byWorkflow.delete(wk);
          }),
      );
    }
  }

  /** Waits until the chain closes, then runs a step of the schedule (which starts what was buffered). */
  private async watchChain(
    namespace: string,
    scheduleId: string,
    wf: RunningWorkflow,
    signal: AbortSignal,
  ): Promise<void> {
    const notifier = this.engine.notifier;
    while (!signal.aborted) {
      // Register the waits before reading the state, so that a close in between is not missed.
      const round = new AbortController();
      const stop = () => round.abort();
      signal.addEventListener('abort', stop);
      try {
        const waits = [
          notifier.wait(`wf:${namespace}\u0000${wf.workflowId}`, WATCH_RECHECK_MS, round.signal),
        ];
        const runId = await currentRunId(this.engine.pool, namespace, wf.workflowId);
        if (runId) waits.push(notifier.wait(this.engine.runKey(runId), WATCH_RECHECK_MS, round.signal));
        const chain = await this.chainStatus(namespace, wf);
        if (!chain.running) {
          if (!signal.aborted) this.track(this.runStep(namespace, scheduleId));
          return;
        }
        await Promise.race(waits);
      } finally {
        round.abort();
        signal.removeEventListener('abort', stop);
      }
    }
  }
}

/** Adds a start to the buffer (bounded, as on the real server: beyond it starts are dropped and counted). */
export function addStart(
  s: LoadedSchedule,
  nominalMs: number,
  actualMs: number,
  overlapPolicy: number,
  manual: boolean,
): void {
  const state = s.state;
  if (state.bufferedStarts.length >= SCHEDULER_LIMITS.maxBufferSize) {
    state.bufferDropped++;
    return;
  }
  state.bufferedStarts.push({
    nominalTime: nominalMs,
    actualTime: actualMs,
    overlapPolicy,
    manual,
    requestId: manual ? randomUUID() : s.scheduledRequestId(nominalMs, actualMs),
  });
}

/**
 * The action's search attributes plus the two the real server adds: TemporalScheduledStartTime (the
 * nominal time, whole seconds) and TemporalScheduledById (the schedule id), JSON-encoded as Go's SDK does.
 */
function scheduledSearchAttributes(
  attributes: temporal.api.common.v1.ISearchAttributes | null | undefined,
  nominalMs: number,
  scheduleId: string,
): temporal.api.common.v1.ISearchAttributes {
  const json = (value: string): Payload => ({
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(JSON.stringify(value)),
  });
  const nominal = rfc3339Seconds(nominalMs);
  return {
    indexedFields: {
      ...(attributes?.indexedFields ?? {}),
      TemporalScheduledStartTime: json(nominal),
      TemporalScheduledById: json(scheduleId),
    },
  };
}

/** Cancelling or terminating a workflow that has just closed is not an error for the scheduler. */
async function ignoreClosed(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof ServiceError && e.code === grpcStatus.NOT_FOUND)) throw e;
  }
}

/** `Clock.hold` where the clock has it (a time-skipping clock); a no-op for the wall clock. */
function holdClock(clock: Clock, reason: string): () => void {
  return clock.hold?.(reason) ?? (() => undefined);
}

function key(namespace: string, scheduleId: string): string {
  return `${namespace}\u0000${scheduleId}`;
}

function splitKey(k: string): [string, string] {
  const i = k.indexOf('\u0000');
  return [k.slice(0, i), k.slice(i + 1)];
}

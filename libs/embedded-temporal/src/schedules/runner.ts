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
 *
 * This file holds the steps; step 4 (starting the actions) is in starts.ts, the waits for a schedule's time
 * and for the workflows it started in wake-ups.ts.
 */
import type { Clock } from '../clock';
import type { Engine } from '../engine/engine';
import type { ExecutionState } from '../engine/state';
import { KeyedMutex } from '../engine/sync';
import { alreadyExists, notFound } from '../grpc/errors';
import { enums } from '../proto';
import { LoadedSchedule } from './model';
import { addStart, chainStatus, processBuffer } from './starts';
import type { RunningWorkflow } from './state';
import * as store from './store';
import { holdClock, scheduleKey, ScheduleWakeUps } from './wake-ups';

const P = enums.ScheduleOverlapPolicy;

/** After a failed step (database trouble), look again this much later. */
const RETRY_FAILED_STEP_MS = 1000;
/** A step settles at most this many rounds (starts that fail make the real server try again at once). */
const MAX_SETTLE_ROUNDS = 20;

export interface ScheduleChange<R> {
  (s: LoadedSchedule, now: number): R | Promise<R>;
}

export class ScheduleRunner {
  private readonly locks = new KeyedMutex();
  private readonly wakeUps: ScheduleWakeUps;
  private stopped = false;

  constructor(private readonly engine: Engine) {
    this.wakeUps = new ScheduleWakeUps(engine, (namespace, scheduleId) =>
      this.runStep(namespace, scheduleId),
    );
  }

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
    await this.wakeUps.stop();
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
      this.wakeUps.forget(namespace, scheduleId);
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
  chainStatus(
    namespace: string,
    wf: RunningWorkflow,
  ): Promise<{ running: boolean; status: number; last?: ExecutionState }> {
    return chainStatus(this.engine, namespace, wf);
  }

  // ---------------------------------------------------------------------------------------------------
  // Steps

  private locked<R>(namespace: string, scheduleId: string, fn: () => Promise<R>): Promise<R> {
    return this.locks.run(scheduleKey(namespace, scheduleId), async () => {
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
        if (!s) return this.wakeUps.forget(namespace, scheduleId);
        await this.catchUp(s, this.clock.now());
        await this.save(s);
        await this.settleAndSave(s);
      });
    } catch (e) {
      if (this.stopped) return;
      this.engine.logger.error('schedule step failed; retrying', { scheduleId, error: String(e) });
      this.wakeUps.wakeAt(namespace, scheduleId, this.clock.now() + RETRY_FAILED_STEP_MS);
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
    for (let round = 0; round < MAX_SETTLE_ROUNDS && (await processBuffer(this.engine, s)); round++);
    s.row.nextWakeAt = this.nextWakeup(s);
    await this.save(s);
    this.wakeUps.wakeAt(s.namespace, s.scheduleId, s.row.nextWakeAt);
    this.wakeUps.watch(s);
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
}

/**
 * The deadline scheduler: the single place that decides "when does the next thing happen". It reads the
 * earliest row of `temporal.deadlines`, waits for it on the Clock, runs every due deadline's handler and
 * deletes the row. Handlers are idempotent (they check the run's state), so a crash between a handler's
 * transaction and the row's deletion only repeats a no-op. Late deadlines (after a restart) fire at once,
 * except late user timers, which fire at the pace the workers take their tasks (see `paceCatchUp`).
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import {
  type DeadlineRow,
  deleteDeadline,
  dueDeadlines,
  lateTimers,
  nextDeadlineTime,
} from '../store/execution-store';
import { activityRetryDue, activityTimeoutDue } from './activity-timeouts';
import { CatchUpTasks } from './catch-up-tasks';
import { externalRequestDue, notifyParentDue, parentClosePolicyDue, startChildDue } from './children';
import type { DeadlineSink, Engine } from './engine';
import type { ExecutionState } from './state';
import { timerDue } from './timers';
import { runTimeoutDue } from './workflow-close';
import { firstWorkflowTaskDue, stickyScheduleToStartDue, timeOutWorkflowTask } from './workflow-tasks';

type Handler = (engine: Engine, d: DeadlineRow) => Promise<void>;

const HANDLERS: Record<string, Handler> = {
  timer: timerDue,
  'run-timeout': runTimeoutDue,
  'activity-timeout': (e, d) => activityTimeoutDue(e, d),
  'activity-retry': (e, d) => activityRetryDue(e, d),
  'wft-timeout': (e, d) =>
    timeOutWorkflowTask(e, d.namespace, d.workflowId, d.runId, Number(d.key), Number(d.data.attempt)),
  'wft-schedule-to-start': stickyScheduleToStartDue,
  'first-wft': (e, d) => firstWorkflowTaskDue(e, d.namespace, d.workflowId, d.runId),
  'start-child': startChildDue,
  'notify-parent': notifyParentDue,
  'parent-close-policy': parentClosePolicyDue,
  'signal-external': externalRequestDue,
  'cancel-external': externalRequestDue,
};

const BATCH = 200;
const RETRY_FAILED_MS = 1000;

/**
 * The catch-up of late user timers (a restart after a downtime: thousands of cases' reminders due at once).
 * Fired all at once, each puts a workflow task in the backlog, which a restarted worker replays from the
 * whole history (its sticky cache is empty): an officer's command queued behind them waited for all of them
 * (1,000 cases, 200 due: 10 s). So a timer more than LATE_MS overdue fires once the workflow backlog of the
 * polled queues is down to CATCH_UP_CHUNK, and only while fewer than CATCH_UP_IN_FLIGHT of the catch-up's
 * tasks on polled queues are not done (queued, or started on a worker and not completed; catch-up-tasks.ts):
 * a task that comes meanwhile waits behind that many replays at most, in the backlog or in the worker.
 * Queues no worker polls (none yet, right after a start) hold a chunk back for UNSERVED_WAIT_MS at most.
 * GS reads its timer queue in batches at a bounded rate as well (common/dynamicconfig/constants.go:
 * TimerTaskBatchSize, TimerProcessorMaxPollRPS; service/history/queues' reader), without looking at
 * matching's backlog or at workers' tasks: its timers fire on time, so it has no catch-up to pace. A
 * time-skipping clock never paces: its timers are on time.
 */
const LATE_MS = 1000;
const CATCH_UP_CHUNK = 8;
const CATCH_UP_IN_FLIGHT = 8;
const UNSERVED_WAIT_MS = 1000;
const SERVED_WAIT_MS = 5000;

export class DeadlineScheduler implements DeadlineSink {
  private armedAt: number | undefined;
  private cancelWait: (() => void) | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  /** The catch-up's workflow tasks not done yet (they pace it); a done one ends the pacing's wait. */
  private readonly catchUp: CatchUpTasks;

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.catchUp = new CatchUpTasks(engine.matching, () => this.wakePacing?.());
  }

  /** Resolves once the deadlines due at start have fired, but for the late timers' paced catch-up. */
  async start(): Promise<void> {
    this.run();
    await Promise.race([this.idle, new Promise<void>((resolve) => (this.pacing = resolve))]);
  }

  /** When due deadlines other than timers were last read with the late ones (see dueDeadlines). */
  private lateOthersReadAt = -Infinity;

  /** When the current wait for the backlog began. */
  private paceSince: number | undefined;

  /** Called when the loop first waits to pace a catch-up (start() need not wait for it). */
  private pacing: (() => void) | undefined;

  /** Ends the catch-up's current wait (a deadline committed, the scheduler stopped). */
  private wakePacing: (() => void) | undefined;

  /** A transaction committed a deadline at `fireAt`: wake earlier if needed. */
  poke(fireAt: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      this.wakePacing?.();
      return;
    }
    if (this.armedAt === undefined || fireAt < this.armedAt) this.arm(fireAt);
  }

  /** A run's state committed: a catch-up task may be done. */
  committed(state: ExecutionState): void {
    this.catchUp.committed(state);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
    this.wakePacing?.();
    await this.idle;
  }

  /** The time of the next pending deadline. */
  nextDeadline(): Promise<number | undefined> {
    return nextDeadlineTime(this.engine.pool);
  }

  private arm(at: number): void {
    this.cancelWait?.();
    this.armedAt = at;
    this.cancelWait = this.clock.wakeAt(at, () => {
      this.armedAt = undefined;
      this.cancelWait = undefined;
      this.run();
    });
  }

  private run(): void {
    if (this.running || this.stopped) {
      this.again = true;
      this.wakePacing?.();
      return;
    }
    this.running = true;
    // A time-skipping clock must not jump ahead while due handlers are still creating tasks.
    const release = this.clock.hold?.('deadline scheduler');
    this.idle = this.loop().finally(() => {
      this.running = false;
      release?.();
    });
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        this.again = false;
        const now = this.clock.now();
        const paced = !this.clock.hold;
        // Late deadlines other than timers: read at most once a second (the read scans the late timers).
        const lateOthers = now - this.lateOthersReadAt >= LATE_MS;
        if (lateOthers) this.lateOthersReadAt = now;
        const due = await dueDeadlines(
          this.engine.pool,
          now,
          BATCH,
          paced ? now - LATE_MS : undefined,
          lateOthers,
        );
        await Promise.all(due.map((d) => this.fire(d)));
        if (this.stopped) return;
        const late = paced ? await lateTimers(this.engine.pool, now - LATE_MS, CATCH_UP_CHUNK) : [];
        let fired = 0;
        if (late.length) {
          // A deadline committed meanwhile is fired first (the loop again), then the pacing goes on.
          const room = await this.paceCatchUp();
          if (!room) {
            if (this.stopped) return;
            continue;
          }
          this.paceSince = undefined;
          const chunk = late.slice(0, room);
          await Promise.all(chunk.map((d) => this.fireLate(d)));
          fired = chunk.length;
          if (this.stopped) return;
        }
        if (due.length === BATCH || late.length === CATCH_UP_CHUNK || fired < late.length || this.again)
          continue;
        const next = await nextDeadlineTime(this.engine.pool);
        if (this.again) continue;
        if (next !== undefined) {
          if (next <= this.clock.now()) continue;
          this.arm(next);
        }
        return;
      }
    } catch (e) {
      if (this.stopped) return;
      this.logger.error('deadline scheduler failed; retrying', { error: String(e) });
      this.arm(this.clock.now() + RETRY_FAILED_MS);
    }
  }

  /**
   * Waits until fewer than CATCH_UP_IN_FLIGHT of the catch-up's tasks are not done and the workers have
   * taken the backlog down to a chunk (see CATCH_UP_CHUNK), SERVED_WAIT_MS at most for the backlog (a worker
   * stuck with every slot busy still polled within the window). Answers how many late timers may fire now;
   * 0 when a deadline was committed meanwhile, or the scheduler stopped: the loop looks at what is due first.
   */
  private async paceCatchUp(): Promise<number> {
    // Kept across the loop's turns (a deadline committed meanwhile breaks the wait): the bounds still hold.
    const since = (this.paceSince ??= Date.now());
    for (;;) {
      if (this.stopped || this.again) return 0;
      const { served, all, servedUntil } = this.engine.matching.workflowBacklog();
      const now = Date.now();
      const waited = now - since;
      const inFlight = this.catchUp.inFlight(now);
      const room = Math.min(CATCH_UP_CHUNK, CATCH_UP_IN_FLIGHT - inFlight.count);
      const backlogDown = served <= CATCH_UP_CHUNK && (all <= CATCH_UP_CHUNK || waited >= UNSERVED_WAIT_MS);
      if (room > 0 && (backlogDown || waited >= SERVED_WAIT_MS)) return room;
      this.pacing?.();
      // Nothing to poll: looked at again when a worker takes a task (matching says so) or completes a
      // catch-up task, a deadline is committed, or when time alone may change the answer (a bound passes, a
      // task stops counting, or a polled queue's window ends and its backlog stops counting as served).
      const bound =
        room > 0 ? since + (served <= CATCH_UP_CHUNK ? UNSERVED_WAIT_MS : SERVED_WAIT_MS) : inFlight.until;
      await this.backlogChange(Math.min(bound, servedUntil) - now);
    }
  }

  /** Resolves when a workflow backlog shrinks, the pacing is woken, or after `ms`. */
  private backlogChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        forget();
        this.wakePacing = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      const forget = this.engine.matching.onWorkflowBacklogShrink(done);
      this.wakePacing = done;
    });
  }

  /** Fires a late timer and counts its run's workflow task until it is done. */
  private async fireLate(d: DeadlineRow): Promise<void> {
    await this.fire(d);
    this.catchUp.fired(d.runId, this.engine.cache.get(d.runId), Date.now());
  }

  private async fire(d: DeadlineRow): Promise<void> {
    const handler = HANDLERS[d.kind];
    try {
      if (handler) await handler(this.engine, d);
      else this.logger.warn('unknown deadline kind dropped', { kind: d.kind });
      await deleteDeadline(this.engine.pool, d.id!);
    } catch (e) {
      if (this.stopped) return;
      this.logger.error('deadline handler failed; will retry', { kind: d.kind, error: String(e) });
      await this.engine.pool
        .query('UPDATE temporal.deadlines SET fire_at = $2 WHERE id = $1', [
          d.id,
          new Date(this.clock.now() + RETRY_FAILED_MS),
        ])
        .catch(() => undefined);
    }
  }
}

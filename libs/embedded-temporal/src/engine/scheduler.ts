/**
 * The deadline scheduler: the single place that decides "when does the next thing happen". It reads the
 * earliest row of `temporal.deadlines`, waits for it on the Clock, runs every due deadline's handler and
 * deletes the row. Handlers are idempotent (they check the run's state), so a crash between a handler's
 * transaction and the row's deletion only repeats a no-op. Late deadlines (after a restart) fire at once.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { type DeadlineRow, deleteDeadline, dueDeadlines, nextDeadlineTime } from '../store/execution-store';
import { activityRetryDue, activityTimeoutDue } from './activity-timeouts';
import { externalRequestDue, notifyParentDue, parentClosePolicyDue, startChildDue } from './children';
import type { DeadlineSink, Engine } from './engine';
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

export class DeadlineScheduler implements DeadlineSink {
  private armedAt: number | undefined;
  private cancelWait: (() => void) | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.run();
    await this.idle;
  }

  /** A transaction committed a deadline at `fireAt`: wake earlier if needed. */
  poke(fireAt: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.armedAt === undefined || fireAt < this.armedAt) this.arm(fireAt);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
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
        const due = await dueDeadlines(this.engine.pool, this.clock.now(), BATCH);
        await Promise.all(due.map((d) => this.fire(d)));
        if (this.stopped) return;
        if (due.length === BATCH || this.again) continue;
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

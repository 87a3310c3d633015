/**
 * The time-skipping clock, after the Java test server's SelfAdvancingTimer: server time normally runs with
 * the wall clock, but while time skipping is unlocked and the server is quiet (no workflow or activity task
 * outstanding, no deadline handler running, no database work in progress) it jumps straight to the
 * earliest pending wake-up (the deadline scheduler's next deadline or a TestService `Sleep`).
 *
 * Three things keep time from skipping:
 * - **locks**: the TestService lock counter (`LockTimeSkipping` / `UnlockTimeSkipping`). A test server
 *   starts locked, as Java's does when launched as `<port>`; the SDK unlocks it around `result()` and
 *   `env.sleep()`.
 * - **holds**: in-process work that may create new outstanding tasks (the deadline scheduler running its
 *   handlers, a database connection checked out by a transaction). Released holds trigger a new check.
 * - **outstanding tasks**: asked of the engine's persisted state through a probe (see
 *   `outstanding-tasks.ts`); an activity running in a worker therefore keeps time moving at wall speed.
 */
import type { Clock } from '../clock';
import { type Logger, silentLogger } from '../logger';

/** The lock counter went below zero, or a sleep was asked with a negative duration. */
export class TimeSkippingError extends Error {
  override readonly name = 'TimeSkippingError';
}

/** Resolves true when no workflow or activity task is outstanding (scheduled or started, not finished). */
export type QuietProbe = () => Promise<boolean>;

export interface TimeSkippingClockOptions {
  /** Start with one lock taken (default true, as the Java test server launched as `<port>`). */
  startLocked?: boolean;
  /** Server time at start (default: the wall clock). */
  initialTimeMs?: number;
  logger?: Logger;
}

interface Waiter {
  atMs: number;
  wake: () => void;
  timer?: NodeJS.Timeout;
}

/** Node's timers cannot wait longer than about 24.8 days; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_000_000_000;
/** After a failed probe (database trouble), look again after this long. */
const PROBE_RETRY_MS = 1000;

export class TimeSkippingClock implements Clock {
  /** Server time minus wall time: grows with every skip. */
  private offsetMs: number;
  private lockCount: number;
  private readonly holds = new Map<number, string>();
  private nextHoldId = 1;
  /** Bumped whenever a hold is taken: a probe that overlapped new work must be repeated. */
  private generation = 0;
  private readonly waiters = new Set<Waiter>();
  private probe: QuietProbe | undefined;
  private checkQueued = false;
  /** The running check, if any (awaited on stop: its probe uses a database connection). */
  private checking: Promise<void> | undefined;
  private checkAgain = false;
  private stopped = false;
  private readonly logger: Logger;

  constructor(options: TimeSkippingClockOptions = {}) {
    this.offsetMs = options.initialTimeMs === undefined ? 0 : options.initialTimeMs - Date.now();
    this.lockCount = options.startLocked === false ? 0 : 1;
    this.logger = options.logger ?? silentLogger;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  wakeAt(atMs: number, wake: () => void): () => void {
    const waiter: Waiter = { atMs, wake };
    this.waiters.add(waiter);
    this.armWallTimer(waiter);
    this.reconsider();
    return () => this.dropWaiter(waiter);
  }

  hold(reason: string): () => void {
    const id = this.nextHoldId++;
    this.holds.set(id, reason);
    this.generation++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds.delete(id);
      this.reconsider();
    };
  }

  /** The engine's state is ready: from now on the clock may ask whether tasks are outstanding. */
  watch(probe: QuietProbe): void {
    this.probe = probe;
    this.reconsider();
  }

  /**
   * Stops skipping (server stop, after the deadline scheduler stopped) and wakes every waiter, so that
   * pending `Sleep` calls answer instead of holding the gRPC server's shutdown.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const pending = [...this.waiters];
    for (const w of pending) this.fire(w);
    await this.checking;
  }

  // --- the TestService operations -------------------------------------------------------------------

  /** `LockTimeSkipping`: one more lock; time runs at wall speed while any lock is held. */
  lock(): void {
    this.lockCount++;
  }

  /** `UnlockTimeSkipping`: releases one lock; unbalanced calls are an error (as in the Java server). */
  unlock(): void {
    if (this.lockCount === 0) {
      throw new TimeSkippingError('time skipping is not locked: unbalanced UnlockTimeSkipping call');
    }
    this.lockCount--;
    this.reconsider();
  }

  get locks(): number {
    return this.lockCount;
  }

  /**
   * `Sleep` / `SleepUntil`: resolves when server time reaches `atMs`. It does not change the locks: while
   * locked this takes wall time, while unlocked it is one of the times the clock may jump to. An aborted
   * sleep (the caller went away) resolves at once.
   */
  sleepUntil(atMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const cancel = this.wakeAt(atMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        cancel();
        resolve();
      };
      signal?.addEventListener('abort', onAbort);
    });
  }

  sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    if (durationMs < 0) throw new TimeSkippingError('sleep duration must not be negative');
    return this.sleepUntil(this.now() + durationMs, signal);
  }

  /**
   * `UnlockTimeSkippingWithSleep`: releases one lock, waits until server time has advanced by
   * `durationMs`, and takes the lock again at that very moment (before time can skip any further).
   */
  unlockWithSleep(durationMs: number, signal?: AbortSignal): Promise<void> {
    if (durationMs < 0) throw new TimeSkippingError('sleep duration must not be negative');
    if (this.lockCount === 0) {
      throw new TimeSkippingError('time skipping is not locked: unbalanced UnlockTimeSkippingWithSleep call');
    }
    const promise = new Promise<void>((resolve) => {
      const cancel = this.wakeAt(this.now() + durationMs, () => {
        this.lockCount++;
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      // The caller went away: take the lock back so that the counter stays balanced.
      const onAbort = () => {
        cancel();
        this.lockCount++;
        resolve();
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort);
    });
    this.lockCount--;
    this.reconsider();
    return promise;
  }

  // --- skipping --------------------------------------------------------------------------------------

  private armWallTimer(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const delay = Math.max(0, waiter.atMs - this.now());
    waiter.timer = setTimeout(
      () => (this.now() >= waiter.atMs ? this.fire(waiter) : this.armWallTimer(waiter)),
      Math.min(delay, MAX_TIMEOUT_MS),
    );
    waiter.timer.unref();
  }

  private dropWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }

  private fire(waiter: Waiter): void {
    if (!this.waiters.has(waiter)) return;
    this.dropWaiter(waiter);
    try {
      waiter.wake();
    } catch (e) {
      this.logger.error('clock wake-up failed', { error: String(e) });
    }
    this.reconsider();
  }

  private earliestWaiter(): Waiter | undefined {
    let earliest: Waiter | undefined;
    for (const w of this.waiters) if (!earliest || w.atMs < earliest.atMs) earliest = w;
    return earliest;
  }

  /** Whether, apart from outstanding tasks, time may jump forward now. */
  private maySkip(): boolean {
    if (this.stopped || !this.probe || this.lockCount > 0 || this.holds.size > 0) return false;
    const next = this.earliestWaiter();
    return next !== undefined && next.atMs > this.now();
  }

  /** Something changed (a lock, a hold, a waiter): look again soon, once. */
  private reconsider(): void {
    if (this.checkQueued || this.stopped) return;
    this.checkQueued = true;
    setImmediate(() => {
      this.checkQueued = false;
      if (this.checking) this.checkAgain = true;
      else this.checking = this.check().finally(() => (this.checking = undefined));
    });
  }

  private async check(): Promise<void> {
    for (;;) {
      this.checkAgain = false;
      if (!this.maySkip()) return;
      const generation = this.generation;
      let quiet: boolean;
      try {
        quiet = await this.probe!();
      } catch (e) {
        this.logger.warn('time skipping could not check for outstanding tasks', { error: String(e) });
        setTimeout(() => this.reconsider(), PROBE_RETRY_MS).unref();
        return;
      }
      // New work began while we asked: its effect on the state may not have been visible to the probe.
      if (this.checkAgain || generation !== this.generation) continue;
      if (!quiet || !this.maySkip()) return;
      this.skipToEarliest();
    }
  }

  private skipToEarliest(): void {
    const target = this.earliestWaiter()!.atMs;
    this.logger.debug('time skipped', {
      from: new Date(this.now()).toISOString(),
      to: new Date(target).toISOString(),
    });
    this.offsetMs += target - this.now();
    const due = [...this.waiters].filter((w) => w.atMs <= target);
    for (const w of this.waiters) if (w.atMs > target) this.armWallTimer(w);
    // Wake-ups run synchronously: a deadline scheduler takes its hold before anything can skip again.
    for (const w of due) this.fire(w);
  }
}

/**
 * The one source of time for the server. Every event time, timer, timeout and retry backoff reads
 * `now()`, and the deadline scheduler waits through `wakeAt()`, so that a time-skipping clock
 * (`src/time-skipping/`) can replace the wall clock without touching the engine.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Calls `wake` once at (or after) `atMs` on this clock. Returns a function that cancels the wait.
   * Only the deadline scheduler calls this.
   */
  wakeAt(atMs: number, wake: () => void): () => void;
  /**
   * Keeps time from skipping ahead until the returned function is called: the deadline scheduler holds
   * the clock while it runs due handlers, as the Java test server holds its timer lock while a timer
   * callback runs. Clocks that never skip leave it out.
   */
  hold?(reason: string): () => void;
}

/** Node's timers cannot wait longer than about 24.8 days; longer waits are re-armed in steps. */
const MAX_TIMEOUT_MS = 2_000_000_000;

export class WallClock implements Clock {
  now(): number {
    return Date.now();
  }

  wakeAt(atMs: number, wake: () => void): () => void {
    let handle: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = Math.max(0, atMs - Date.now());
      handle = setTimeout(delay > MAX_TIMEOUT_MS ? arm : wake, Math.min(delay, MAX_TIMEOUT_MS));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}

/** Small in-memory coordination helpers: a keyed mutex and a keyed notifier for long polls. */

/** Serialises work per key (one workflow id at a time); different keys run in parallel. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Long-poll waiters keyed by a string; `notify` wakes every waiter of a key. */
export class Notifier {
  private readonly waiters = new Map<string, Set<() => void>>();

  notify(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const wake of set) wake();
  }

  /** Set by notifyAll: a waiter woken then must not wait again. */
  stopped = false;

  /** Wakes every waiter (server stop). */
  notifyAll(): void {
    this.stopped = true;
    for (const key of [...this.waiters.keys()]) this.notify(key);
  }

  /**
   * Starts listening to `key` now, before the caller reads the state it will wait on: a notify between that
   * read and `wait` is kept (with a plain `wait` after an awaited read it was lost, and the waiter slept to
   * its timeout, 10 s for an update). `stop` when done, whatever the outcome.
   */
  listen(key: string): { wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean>; stop(): void } {
    let notified = false;
    let wakeWaiter: (() => void) | undefined;
    const wake = () => {
      notified = true;
      wakeWaiter?.();
    };
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(wake);
    const stop = () => {
      const current = this.waiters.get(key);
      current?.delete(wake);
      if (current?.size === 0) this.waiters.delete(key);
    };
    return {
      wait: (timeoutMs, signal) =>
        new Promise((resolve) => {
          if (notified) return resolve(true);
          if (signal?.aborted) return resolve(false);
          const done = (value: boolean) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            wakeWaiter = undefined;
            resolve(value);
          };
          const onAbort = () => done(false);
          const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
          timer.unref();
          wakeWaiter = () => done(true);
          signal?.addEventListener('abort', onAbort);
        }),
      stop,
    };
  }

  /** Resolves true when notified, false on timeout or abort. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const done = (value: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set!.delete(wake);
        resolve(value);
      };
      const wake = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      timer.unref();
      set.add(wake);
      signal?.addEventListener('abort', onAbort);
    });
  }
}

// The sanctionCase workflow's command lock: commands (officers' updates, timers' system commands, recorded
// deadlines) run one at a time, each after the previous one, so decide() always sees the state the previous
// command left and appends never race on the expected version.

export class CommandLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every command queued before it has settled; its outcome is the command's. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** The first command waits for `link` (loading the configuration), asked before any command is queued. */
  after(link: Promise<unknown>): void {
    this.tail = link.catch(() => undefined);
  }
}

/**
 * Group commit: while one engine write is in flight, the writes of other workflows' transactions that come
 * meanwhile queue, and go as ONE statement (their changes merged) when it returns. Each statement costs
 * PostgreSQL a fixed ~0.5 ms of CPU besides its rows (bind, protocol, the backend's wake-up, the commit
 * record) and the engine a socket write; at 100 workflows in flight several writes wait at once.
 * A merged statement is atomic over all its transactions: if it fails, each is written again alone, so a
 * transaction's error stays its own (a failed statement wrote nothing). Transactions of one workflow id never
 * meet in a batch: each holds its workflow's lock until its write returns.
 */
import { persistChanges, type Changes } from '../store/persist';
import type { Db } from '../store/execution-store';

interface Waiting {
  db: Db;
  changes: Changes;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 16;

export class GroupCommit {
  private writing = false;
  private readonly queue: Waiting[] = [];

  /**
   * `writer`: where the writes go instead of the transaction's own connection (the server's writer pool,
   * whose connections plan every statement generically: see server.ts).
   */
  constructor(
    private readonly enabled = true,
    private readonly writer?: Db,
  ) {}

  async write(transactionDb: Db, changes: Changes): Promise<void> {
    const db = this.writer ?? transactionDb;
    if (!this.enabled) return persistChanges(db, changes);
    if (this.writing)
      return new Promise<void>((resolve, reject) => this.queue.push({ db, changes, resolve, reject }));
    this.writing = true;
    try {
      await persistChanges(db, changes);
    } finally {
      void this.drain();
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      if (batch.length === 1) {
        await this.alone(batch[0]);
        continue;
      }
      try {
        // The merged statement has the shape of a single write holding the same kinds of rows (persist.ts),
        // so it is prepared like one.
        await persistChanges(batch[0].db, mergeChanges(batch.map((w) => w.changes)));
        for (const w of batch) w.resolve();
      } catch {
        for (const w of batch) await this.alone(w);
      }
    }
    this.writing = false;
  }

  private async alone(w: Waiting): Promise<void> {
    try {
      await persistChanges(w.db, w.changes);
      w.resolve();
    } catch (e) {
      w.reject(e);
    }
  }
}

/** Several transactions' changes as one write (their rows side by side). */
export function mergeChanges(all: Changes[]): Changes {
  return {
    runs: all.flatMap((c) => c.runs),
    taskDeletes: all.flatMap((c) => c.taskDeletes),
    tasks: all.flatMap((c) => c.tasks),
    deadlines: all.flatMap((c) => c.deadlines),
    currentRuns: all.flatMap((c) => c.currentRuns),
  };
}

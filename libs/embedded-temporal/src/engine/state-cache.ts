/**
 * Committed mutable state of recently used runs, and the current run of recently used workflow ids, kept in
 * memory (GS keeps a history cache of mutable states for the same reason): a transaction does not read
 * what the previous one of the same workflow just wrote. Safe because this server is the only writer of its
 * schema and serialises every change of a workflow id (Engine.transact). Entries are committed snapshots:
 * a transaction works on a copy and puts its state back only after COMMIT.
 */
import type { ExecutionState } from './state';

/** Enough for every workflow in flight at once; least recently used ones are dropped first. */
const MAX_RUNS = 10_000;

export class StateCache {
  private readonly runs = new Map<string, ExecutionState>();
  private readonly currentRuns = new Map<string, string>();
  /** Counts commits (put); `mark()` reads it before a read outside the workflow's lock. */
  private commits = 0;
  /** The commit number of each run's last commit, kept past the run's eviction (bounded, oldest dropped). */
  private readonly committedAt = new Map<string, number>();
  /** Commits of runs dropped from committedAt are numbered at most this. */
  private forgottenUpTo = 0;
  /** The same for workflow ids: the commit that last recorded each one's current run (setCurrentRun). */
  private readonly currentSetAt = new Map<string, number>();
  private currentForgottenUpTo = 0;

  /**
   * `onEvict` hears of a run dropped for room: what it held only in memory (admitted updates, a speculative
   * task) is gone, as GS clears a workflow's update registry with its context (updates.ts).
   */
  constructor(
    private readonly maxRuns = MAX_RUNS,
    private readonly onEvict?: (runId: string) => void,
  ) {}

  /** The committed state (not to be mutated), or undefined when not cached. */
  get(runId: string): ExecutionState | undefined {
    const state = this.runs.get(runId);
    if (state) {
      this.runs.delete(runId);
      this.runs.set(runId, state);
    }
    return state;
  }

  /** A copy of the committed state for a transaction to change. */
  checkOut(runId: string): ExecutionState | undefined {
    const state = this.get(runId);
    return state && structuredClone(state);
  }

  /** A committed state (a transaction's afterCommit). */
  put(state: ExecutionState): void {
    this.forgottenUpTo = this.numberCommit(this.committedAt, state.runId, this.forgottenUpTo);
    this.keep(state);
  }

  /**
   * Numbers a commit of `key` in `at` (bounded to twice the cache's size, oldest dropped) and answers the
   * number up to which dropped records go.
   */
  private numberCommit(at: Map<string, number>, key: string, forgottenUpTo: number): number {
    this.commits++;
    at.delete(key);
    at.set(key, this.commits);
    if (at.size <= 2 * this.maxRuns) return forgottenUpTo;
    const [oldest, n] = at.entries().next().value as [string, number];
    at.delete(oldest);
    return n;
  }

  /** Whether `key`'s last recorded commit may have come after `readSince` (a read began before it). */
  private committedSince(
    at: Map<string, number>,
    key: string,
    forgottenUpTo: number,
    readSince: number,
  ): boolean {
    const last = at.get(key) ?? (readSince < forgottenUpTo ? Infinity : 0);
    return last > readSince;
  }

  /** Taken before reading a state outside the workflow's lock, for `fill`. */
  mark(): number {
    return this.commits;
  }

  private keep(state: ExecutionState): void {
    this.runs.delete(state.runId);
    this.runs.set(state.runId, state);
    if (this.runs.size > this.maxRuns) {
      const oldest = this.runs.keys().next().value as string;
      this.runs.delete(oldest);
      this.onEvict?.(oldest);
    }
  }

  /**
   * Caches a state read from the database outside the workflow's lock (`readSince`: `mark()` before the
   * read), unless a transaction committed and cached a state meanwhile: that one is at least as new, so the
   * read one must not replace it. Returns the state to use, or undefined when the run committed after the
   * mark but is no longer cached (evicted since): the read may predate that commit, and caching it would
   * bring back an older state for every later reader and transaction (update waiters then waited forever for
   * an update the database had completed: update-lost's eviction test). The caller reads again.
   */
  fill(state: ExecutionState, readSince: number): ExecutionState | undefined {
    const cached = this.get(state.runId);
    if (cached) return cached;
    if (this.committedSince(this.committedAt, state.runId, this.forgottenUpTo, readSince)) return undefined;
    this.keep(state);
    return state;
  }

  currentRun(namespace: string, workflowId: string): string | undefined {
    return this.currentRuns.get(`${namespace}\u0000${workflowId}`);
  }

  /** Records the workflow id's current run, committed (undefined: keep what is known). */
  setCurrentRun(namespace: string, workflowId: string, runId: string | undefined): void {
    const key = `${namespace}\u0000${workflowId}`;
    if (runId === undefined) return;
    this.currentForgottenUpTo = this.numberCommit(this.currentSetAt, key, this.currentForgottenUpTo);
    this.remember(key, runId);
  }

  /**
   * Like fill, for a workflow id's current run read outside its lock (`readSince`: `mark()` before the read;
   * `runId` undefined: the id had none). A run a commit recorded meanwhile wins; when that commit's record
   * was already dropped for room (past `maxRuns` ids), the read may predate it (the run before a
   * continue-as-new, or none before the first start) and is refused: undefined, the caller reads again.
   */
  fillCurrentRun(
    namespace: string,
    workflowId: string,
    runId: string | undefined,
    readSince: number,
  ): { runId: string | undefined } | undefined {
    const key = `${namespace}\u0000${workflowId}`;
    const cached = this.currentRuns.get(key);
    if (cached !== undefined) return { runId: cached };
    if (this.committedSince(this.currentSetAt, key, this.currentForgottenUpTo, readSince)) return undefined;
    if (runId !== undefined) this.remember(key, runId);
    return { runId };
  }

  private remember(key: string, runId: string): void {
    this.currentRuns.delete(key);
    this.currentRuns.set(key, runId);
    if (this.currentRuns.size > this.maxRuns)
      this.currentRuns.delete(this.currentRuns.keys().next().value as string);
  }
}

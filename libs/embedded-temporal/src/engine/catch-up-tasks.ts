/**
 * The workflow tasks of a timer catch-up that are not done yet (scheduler.ts paces the catch-up by them).
 * Each late timer the catch-up fires gives its run a workflow task, which a restarted worker replays from
 * the whole history. Pacing by the backlog alone let the worker take as many of them as it had slots (40):
 * an officer's task then queued behind them inside the worker, sharing the two cores with every one of
 * those replays (bench/notes/s19-catchup-latency.md). So a task counts until it is done, whether it waits
 * in the backlog or has been started on a worker and not yet completed. Engine-side only: nothing a worker
 * or client sees changes, but when the late timers fire.
 */
import type { Matching } from './matching';
import type { ExecutionState } from './state';

/**
 * A task still not done this long after its timer fired stops counting, so that the catch-up goes on: its
 * worker let it time out (a workflow task's start-to-close is 10 s by default), or the workflow fails it
 * over and over.
 */
export const CATCH_UP_TASK_EXPIRY_MS = 10_000;

interface Pending {
  firedAt: number;
  namespace: string;
  taskQueue: string;
}

/** Done: the run has no workflow task left (the one the timer gave it completed), or it is closed. */
function done(state: ExecutionState): boolean {
  return state.status !== 'Running' || !state.wft;
}

export class CatchUpTasks {
  /** By run id: the runs a fired late timer gave a workflow task that is not done yet. */
  private readonly pending = new Map<string, Pending>();

  /** `onDone` hears of each pending task that is done (the pacing looks again). */
  constructor(
    private readonly matching: Matching,
    private readonly onDone: () => void,
  ) {}

  /**
   * A late timer of the run fired; `state` is the run's state as last committed (the timer's transaction or
   * a later one), undefined when it is not in memory. A timer that found nothing to do left no task.
   */
  fired(runId: string, state: ExecutionState | undefined, now: number): void {
    if (!state || done(state)) this.pending.delete(runId);
    else this.pending.set(runId, { firedAt: now, namespace: state.namespace, taskQueue: state.taskQueue });
  }

  /** A transaction committed the run's state (every commit comes here: one Map lookup when none pend). */
  committed(state: ExecutionState): void {
    if (!this.pending.size || !done(state) || !this.pending.delete(state.runId)) return;
    this.onDone();
  }

  /**
   * The pending tasks that count at `now`: on a queue a worker polls (a queue nobody polls holds back the
   * catch-up by its backlog alone, see scheduler.ts), fired within CATCH_UP_TASK_EXPIRY_MS; and when the
   * first of them stops counting by time.
   */
  inFlight(now: number): { count: number; until: number } {
    let count = 0;
    let until = Infinity;
    for (const [runId, p] of this.pending) {
      const expiresAt = p.firedAt + CATCH_UP_TASK_EXPIRY_MS;
      if (expiresAt <= now) this.pending.delete(runId);
      else if (this.matching.hasPoller(p.namespace, p.taskQueue)) {
        count++;
        until = Math.min(until, expiresAt);
      }
    }
    return { count, until };
  }
}

/**
 * A workflow task's start-to-close timeout for its attempt (GS workflowTaskStateMachine.getStartToCloseTimeout):
 * the run's own timeout for the first three attempts, then that plus 5 s × 2^(attempt − 4), at most 10 minutes
 * more (history.workflowTaskRetryMaxInterval). A task that overran its timeout on a busy worker then gets through
 * on a later attempt instead of timing out again and again (its retry waits in the worker behind the overrun
 * attempt, so each retry starts with part of its time gone). GS lowers the extra time by a random 0-20 %
 * (jitter against synchronised retries); here it is exact, so a task's deadline is reproducible.
 */
export function taskStartToCloseMs(defaultMs: number, attempt: number): number {
  if (attempt <= 3) return defaultMs;
  return defaultMs + Math.min(5_000 * 2 ** (attempt - 4), 10 * 60_000);
}

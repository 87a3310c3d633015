/** Activities for the conformance suite, with counters the tests inspect. */
import { Context, ApplicationFailure, CancelledFailure } from '@temporalio/activity';

export const attempts = new Map<string, number>();
const releases = new Map<string, () => void>();
const released = new Set<string>();

export function release(key: string): void {
  released.add(key);
  releases.get(key)?.();
}

export async function echo(value: string): Promise<string> {
  return value;
}

export async function flaky(failuresBeforeSuccess: number): Promise<string> {
  const { attempt, workflowExecution } = Context.current().info;
  attempts.set(workflowExecution?.workflowId ?? '', attempt);
  if (attempt <= failuresBeforeSuccess) throw new Error(`attempt ${attempt} failed`);
  return `succeeded on attempt ${attempt}`;
}

export async function failing(message: string): Promise<string> {
  const id = Context.current().info.workflowExecution?.workflowId ?? '';
  attempts.set(id, (attempts.get(id) ?? 0) + 1);
  throw ApplicationFailure.nonRetryable(message, 'Fatal');
}

/** First attempt stops heartbeating (so the server's heartbeat timeout fires); the retry succeeds. */
export async function slowHeartbeat(): Promise<number> {
  const ctx = Context.current();
  if (ctx.info.attempt === 1) {
    ctx.heartbeat('first');
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 15_000);
      ctx.cancellationSignal.addEventListener('abort', () => (clearTimeout(t), resolve()));
    });
    throw new Error('should have timed out');
  }
  return ctx.info.attempt;
}

export async function waitForCancel(): Promise<string> {
  const ctx = Context.current();
  for (;;) {
    ctx.heartbeat();
    try {
      await ctx.sleep(200);
    } catch (e) {
      if (e instanceof CancelledFailure) throw e;
      throw e;
    }
  }
}

export async function blockUntilReleased(key: string): Promise<string> {
  if (released.has(key)) return `released ${key}`;
  await new Promise<void>((resolve) => releases.set(key, resolve));
  return `released ${key}`;
}

/** The priority the server dispatched this activity task with (the run's merged with the activity's). */
export async function ownPriority(): Promise<unknown> {
  return Context.current().info.priority ?? null;
}

/** Why each attempt of a `pausable` activity was cancelled (paused / reset), by key. */
export const cancellations = new Map<string, { paused: boolean; reset: boolean }[]>();

/** Heartbeats until released (returns its attempt) or cancelled (records why, then fails the attempt). */
export async function pausable(key: string): Promise<number> {
  const ctx = Context.current();
  for (;;) {
    if (released.has(key)) return ctx.info.attempt;
    ctx.heartbeat();
    try {
      await ctx.sleep(100);
    } catch (e) {
      const d = ctx.cancellationDetails;
      cancellations.set(key, [...(cancellations.get(key) ?? []), { paused: !!d?.paused, reset: !!d?.reset }]);
      throw e;
    }
  }
}

/**
 * What a case's rule lookup answers, per workflow id (the reset test sets it): "broken" stands for a bug
 * since fixed; the workflow fails on it and succeeds once the lookup is fixed and the case reset.
 */
export const verdicts = new Map<string, string>();

export async function readVerdict(): Promise<string> {
  return verdicts.get(Context.current().info.workflowExecution?.workflowId ?? '') ?? 'fine';
}

/** Sleeps `ms` (as a local activity it holds its workflow task open: Core heartbeats the task meanwhile). */
export async function sleepFor(ms: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ms;
}

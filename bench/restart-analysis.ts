/**
 * bench/restart-trace.ts's figures: the workflow tasks read back from the engine's history, set beside the
 * restarted process's trace (bench/restart-hook.ts). Times are milliseconds since the SIGKILL.
 */

/** A history event, decoded: only what a workflow task's timeline needs. */
export interface TaskEvent {
  workflowId: string;
  eventId: number;
  /** temporal.api.enums.v1.EventType */
  type: number;
  time: number;
  attempt?: number;
}

export interface TraceLine {
  t: number;
  pid: number;
  kind: string;
  cpuMs: number;
  stream?: string;
  startedAt?: number;
  ms?: number;
  loopMaxMs?: number;
}

interface Task {
  workflowId: string;
  attempt: number;
  scheduledAt: number;
  startedAt?: number;
  endAt?: number;
  outcome: 'completed' | 'timed out' | 'failed' | 'open';
}

const WFT_SCHEDULED = 5;
const WFT_STARTED = 6;
const WFT_COMPLETED = 7;
const WFT_TIMED_OUT = 8;
const WFT_FAILED = 9;
const OUTCOME: Record<number, Task['outcome']> = {
  [WFT_COMPLETED]: 'completed',
  [WFT_TIMED_OUT]: 'timed out',
  [WFT_FAILED]: 'failed',
};

/** Every workflow task of every run, in history order (the events come ordered by run, then event id). */
export function workflowTasks(events: readonly TaskEvent[]): Task[] {
  const tasks: Task[] = [];
  const open = new Map<string, Task>();
  for (const e of events) {
    if (e.type === WFT_SCHEDULED) {
      const task: Task = {
        workflowId: e.workflowId,
        attempt: e.attempt ?? 1,
        scheduledAt: e.time,
        outcome: 'open',
      };
      tasks.push(task);
      open.set(e.workflowId, task);
    } else if (e.type === WFT_STARTED) {
      const task = open.get(e.workflowId);
      if (task) task.startedAt = e.time;
    } else if (OUTCOME[e.type]) {
      const task = open.get(e.workflowId);
      if (task) {
        task.endAt = e.time;
        task.outcome = OUTCOME[e.type];
        open.delete(e.workflowId);
      }
    }
  }
  return tasks;
}

function quantiles(values: number[]): { n: number; p50: number; p90: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] };
}

export function summarizeTasks(input: {
  events: readonly TaskEvent[];
  trace: readonly TraceLine[];
  killAt: number;
  restarted: { pid: number; spawnedAt: number; readyAt: number };
  statuses: readonly { at: number; status: number; ms: number }[];
}) {
  const { killAt, restarted } = input;
  const rel = (t: number | undefined) => (t === undefined ? undefined : t - killAt);
  const tasks = workflowTasks(input.events);
  const life = input.trace.filter((l) => l.pid === restarted.pid);
  const first = (kind: string) => life.find((l) => l.kind === kind);
  const pollingAt = first('worker.run')?.t ?? restarted.readyAt;
  const phases = Object.fromEntries(
    ['process.start', 'worker.create.start', 'worker.create.end', 'worker.run'].map((k) => {
      const l = first(k);
      return [k, l ? { atMs: rel(l.t), cpuMs: l.cpuMs } : null];
    }),
  );

  // Steady state: tasks that started and ended in the warm-up's second half.
  const before = tasks.filter((t) => t.startedAt !== undefined && t.endAt !== undefined && t.endAt < killAt);
  const steady = before.filter((t) => t.startedAt! >= killAt - 5_000);
  // After: tasks still open at the kill, or scheduled since; started by the new worker.
  const after = tasks
    .filter((t) => t.startedAt !== undefined && t.startedAt >= pollingAt - 1_000)
    .sort((a, b) => a.startedAt! - b.startedAt!);
  const appends = life.filter((l) => l.kind === 'append');
  const firstTasks = after.slice(0, 30).map((t) => {
    const mine = appends.filter(
      (a) => a.stream === t.workflowId && a.startedAt! >= t.startedAt! && a.t <= (t.endAt ?? Infinity) + 50,
    );
    return {
      workflowId: t.workflowId,
      attempt: t.attempt,
      scheduledMs: rel(t.scheduledAt),
      startedMs: rel(t.startedAt),
      queuedMs: t.startedAt! - t.scheduledAt,
      runMs: t.endAt !== undefined ? t.endAt - t.startedAt! : null,
      outcome: t.outcome,
      // The task's append (its local activity): when it began after the task started, and how long it took.
      appendStartMs: mine.length ? mine[0].startedAt! - t.startedAt! : null,
      appendMs: mine.length ? mine[0].ms : null,
    };
  });
  const timedOutByAttempt: Record<number, number> = {};
  for (const t of tasks.filter((x) => x.outcome === 'timed out' && x.endAt! >= killAt))
    timedOutByAttempt[t.attempt] = (timedOutByAttempt[t.attempt] ?? 0) + 1;
  const completedAfter = tasks.filter((t) => t.outcome === 'completed' && t.endAt! >= killAt);
  // The restarted process's CPU second by second from its start, and the main thread's worst loop delay.
  const cpuBySecond: { s: number; cpuMs: number; loopMaxMs: number }[] = [];
  const ticks = life.filter((l) => l.kind === 'tick');
  let previous = first('process.start')?.cpuMs ?? 0;
  for (let s = 0; s < 40; s++) {
    const inSecond = ticks.filter(
      (l) => l.t >= restarted.spawnedAt + s * 1000 && l.t < restarted.spawnedAt + (s + 1) * 1000,
    );
    if (inSecond.length === 0) continue;
    const last = inSecond[inSecond.length - 1];
    cpuBySecond.push({
      s,
      cpuMs: last.cpuMs - previous,
      loopMaxMs: Math.max(...inSecond.map((l) => l.loopMaxMs ?? 0)),
    });
    previous = last.cpuMs;
  }
  const afterKill = input.statuses.filter((s) => s.at >= killAt);
  return {
    restart: {
      spawnMs: rel(restarted.spawnedAt),
      readyMs: rel(restarted.readyAt),
      phases,
    },
    steadyRunMs: quantiles(steady.map((t) => t.endAt! - t.startedAt!)),
    steadyQueuedMs: quantiles(steady.map((t) => t.startedAt! - t.scheduledAt)),
    afterRestart: {
      tasks: after.length,
      first10RunMs: quantiles(after.slice(0, 10).flatMap((t) => (t.endAt ? [t.endAt - t.startedAt!] : []))),
      timedOutByAttempt,
      completedAtAttempt3Plus: completedAfter.filter((t) => t.attempt >= 3).length,
      highestAttemptCompleted: Math.max(0, ...completedAfter.map((t) => t.attempt)),
    },
    clients: {
      answers503: afterKill.filter((s) => s.status === 503).length,
      otherErrors: afterKill.filter((s) => s.status >= 500 && s.status !== 503).length,
      refused: afterKill.filter((s) => s.status === 0).length,
      p99Ms: quantiles(afterKill.filter((s) => s.status > 0 && s.status < 500).map((s) => s.ms)),
    },
    firstTasks,
    cpuBySecond,
  };
}

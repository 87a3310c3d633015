/**
 * What wakes a schedule's step: one wait on the server's Clock for the earliest next action of any schedule,
 * and one watcher per workflow a schedule started, which runs a step when that workflow's chain closes (so
 * buffered starts run as soon as the running workflow closes). Closes are noticed through the engine's
 * notifier, the same wake-ups history long polls use, with a recheck in wall time as a safety net.
 */
import type { Clock } from '../clock';
import type { Engine } from '../engine/engine';
import { currentRunId } from '../store/execution-store';
import type { LoadedSchedule } from './model';
import { chainStatus } from './starts';
import type { RunningWorkflow } from './state';

/** Watchers re-check a started workflow this often even without a notification (wall time). */
const WATCH_RECHECK_MS = 30_000;

/** Runs one step of a schedule (its time came or a workflow it started closed). */
export type ScheduleStep = (namespace: string, scheduleId: string) => Promise<void>;

export class ScheduleWakeUps {
  /** Schedule key → when its next action is due (on the server's Clock). */
  private readonly wakeTimes = new Map<string, number>();
  private armed: { at: number; cancel: () => void } | undefined;
  /** Schedule key → watcher key (workflow id + first run id) → its abort controller. */
  private readonly watchers = new Map<string, Map<string, AbortController>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly runStep: ScheduleStep,
  ) {}

  private get clock(): Clock {
    return this.engine.clock;
  }

  /** Cancels the wait and the watchers, then waits for the steps they started. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.armed?.cancel();
    this.armed = undefined;
    for (const byWorkflow of this.watchers.values()) for (const c of byWorkflow.values()) c.abort();
    this.watchers.clear();
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Wakes the schedule at `at` on the Clock; undefined: not on time (an RPC or a watcher wakes it). */
  wakeAt(namespace: string, scheduleId: string, at: number | undefined): void {
    const k = scheduleKey(namespace, scheduleId);
    if (at === undefined) this.wakeTimes.delete(k);
    else this.wakeTimes.set(k, at);
    this.rearm();
  }

  /** A deleted schedule: no wake-up, no watchers. */
  forget(namespace: string, scheduleId: string): void {
    const k = scheduleKey(namespace, scheduleId);
    this.wakeTimes.delete(k);
    this.rearm();
    for (const c of this.watchers.get(k)?.values() ?? []) c.abort();
    this.watchers.delete(k);
  }

  private rearm(): void {
    if (this.stopped) return;
    let earliest = Infinity;
    for (const at of this.wakeTimes.values()) earliest = Math.min(earliest, at);
    if (this.armed?.at === earliest) return;
    this.armed?.cancel();
    this.armed = undefined;
    if (earliest === Infinity) return;
    const cancel = this.clock.wakeAt(earliest, () => {
      this.armed = undefined;
      this.wakeDue();
    });
    this.armed = { at: earliest, cancel };
  }

  private wakeDue(): void {
    if (this.stopped) return;
    // Hold time still from the moment the Clock wakes us until the due steps have started their workflows.
    const release = holdClock(this.clock, 'schedules due');
    const now = this.clock.now();
    const due = [...this.wakeTimes].filter(([, at]) => at <= now).map(([k]) => k);
    for (const k of due) this.wakeTimes.delete(k);
    this.rearm();
    this.track(
      Promise.all(
        due.map((k) => {
          const [namespace, scheduleId] = splitKey(k);
          return this.runStep(namespace, scheduleId);
        }),
      ).finally(release),
    );
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Keeps exactly one watcher per running workflow of the schedule. */
  watch(s: LoadedSchedule): void {
    if (this.stopped) return;
    const k = scheduleKey(s.namespace, s.scheduleId);
    const byWorkflow = this.watchers.get(k) ?? new Map<string, AbortController>();
    this.watchers.set(k, byWorkflow);
    const wanted = new Map(s.state.runningWorkflows.map((wf) => [`${wf.workflowId}\u0000${wf.runId}`, wf]));
    for (const [wk, controller] of byWorkflow) {
      if (!wanted.has(wk)) {
        controller.abort();
        byWorkflow.delete(wk);
      }
    }
    for (const [wk, wf] of wanted) {
      if (byWorkflow.has(wk)) continue;
      const controller = new AbortController();
      byWorkflow.set(wk, controller);
      this.track(
        this.watchChain(s.namespace, s.scheduleId, wf, controller.signal)
          .catch((e: unknown) => {
            if (!controller.signal.aborted)
              this.engine.logger.warn('schedule watcher failed', {
                workflowId: wf.workflowId,
                error: String(e),
              });
          })
          .finally(() => {
            if (byWorkflow.get(wk) === controller) byWorkflow.delete(wk);
          }),
      );
    }
  }

  /** Waits until the chain closes, then runs a step of the schedule (which starts what was buffered). */
  private async watchChain(
    namespace: string,
    scheduleId: string,
    wf: RunningWorkflow,
    signal: AbortSignal,
  ): Promise<void> {
    const notifier = this.engine.notifier;
    while (!signal.aborted) {
      // Register the waits before reading the state, so that a close in between is not missed.
      const round = new AbortController();
      const stop = () => round.abort();
      signal.addEventListener('abort', stop);
      try {
        const waits = [
          notifier.wait(`wf:${namespace}\u0000${wf.workflowId}`, WATCH_RECHECK_MS, round.signal),
        ];
        const runId = await currentRunId(this.engine.pool, namespace, wf.workflowId);
        if (runId) waits.push(notifier.wait(this.engine.runKey(runId), WATCH_RECHECK_MS, round.signal));
        const chain = await chainStatus(this.engine, namespace, wf);
        if (!chain.running) {
          if (!signal.aborted) this.track(this.runStep(namespace, scheduleId));
          return;
        }
        await Promise.race(waits);
      } finally {
        round.abort();
        signal.removeEventListener('abort', stop);
      }
    }
  }
}

/** `Clock.hold` where the clock has it (a time-skipping clock); a no-op for the wall clock. */
export function holdClock(clock: Clock, reason: string): () => void {
  return clock.hold?.(reason) ?? (() => undefined);
}

/** A schedule's key in the runner's maps and locks. */
export function scheduleKey(namespace: string, scheduleId: string): string {
  return `${namespace}\u0000${scheduleId}`;
}

function splitKey(k: string): [string, string] {
  const i = k.indexOf('\u0000');
  return [k.slice(0, i), k.slice(i + 1)];
}

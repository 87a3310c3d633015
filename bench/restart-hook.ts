/**
 * Preloaded (`--require`) into the service process that bench/restart-trace.ts kills and restarts: writes
 * what a restarted worker does, and when, as JSON lines to `$RESTART_TRACE_FILE` (appended, one file for
 * every life of the process): the process's start, the SDK worker's creation (its workflow thread loads the
 * bundle) and first poll, each case append (the command tasks' local activity) with its duration, and every
 * 250 ms the process's CPU time and the main thread's event-loop delay. Nothing here changes what the
 * service does, except `RESTART_WORKER_OPTIONS` (JSON merged into the SDK worker's options, for A/B runs).
 */
import { appendFileSync } from 'node:fs';
import { Server } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { EventStore } from '@netral/event-store';

// Worker threads inherit --require: the SDK's workflow thread loads this file too, and must not be traced.
const file = isMainThread ? process.env.RESTART_TRACE_FILE : undefined;
const overrides = process.env.RESTART_WORKER_OPTIONS
  ? (JSON.parse(process.env.RESTART_WORKER_OPTIONS) as Partial<WorkerOptions>)
  : {};

function log(kind: string, extra: Record<string, unknown> = {}): void {
  if (!file) return;
  const cpu = process.cpuUsage();
  appendFileSync(
    file,
    `${JSON.stringify({ t: Date.now(), pid: process.pid, kind, cpuMs: Math.round((cpu.user + cpu.system) / 1000), ...extra })}\n`,
  );
}

function install(): void {
  log('process.start', { uptimeMs: Math.round(process.uptime() * 1000) });

  const create = Worker.create.bind(Worker);
  Worker.create = async (options: WorkerOptions) => {
    log('worker.create.start');
    // `"tuner": null` drops the worker's tuner (its fixed-size maxConcurrent* options apply instead).
    const merged: Record<string, unknown> = { ...options, ...overrides };
    if (merged.tuner === null) delete merged.tuner;
    const worker = await create(merged as unknown as WorkerOptions);
    log('worker.create.end', { overrides });
    const run = worker.run.bind(worker);
    worker.run = () => {
      log('worker.run');
      return run();
    };
    return worker;
  };

  const append = EventStore.prototype.append;
  EventStore.prototype.append = async function (this: EventStore, ...args: Parameters<typeof append>) {
    const started = Date.now();
    try {
      return await append.apply(this, args);
    } finally {
      log('append', { stream: args[0], startedAt: started, ms: Date.now() - started });
    }
  };

  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    log('http.listen');
    return listen.apply(this, args as never);
  } as typeof listen;

  // Pauses of the main thread's collector past 50 ms: candidates for the event loop's longest stalls.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.duration > 50)
        log('gc', {
          ms: Math.round(entry.duration),
          startedAt: Math.round(performance.timeOrigin + entry.startTime),
        });
  }).observe({ entryTypes: ['gc'] });

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    log('tick', { loopMaxMs: Math.round(delay.max / 1e6), loopMeanMs: Math.round(delay.mean / 1e6) });
    delay.reset();
  }, 250).unref();
}

if (file) install();

/**
 * Test support for the schedule tests (kept beside their workflows): a clock the test moves forward, and
 * the embedded server + real SDK client and worker on it. Not a workflow module (the worker bundles only
 * `schedule-workflows.ts`).
 */
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { type Clock, type RunningTemporalServer, startTemporalServer } from '@netral/embedded-temporal';

/**
 * Server time = wall time + an offset the test moves forward with `advance`: time still flows (timeouts
 * behave), and an action due in a minute is reached at once and deterministically.
 */
export class SteppableClock implements Clock {
  private offsetMs: number;
  private readonly waiters = new Set<{ atMs: number; wake: () => void; timer?: NodeJS.Timeout }>();

  constructor(startMs: number) {
    this.offsetMs = startMs - Date.now();
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  wakeAt(atMs: number, wake: () => void): () => void {
    const waiter = { atMs, wake, timer: undefined as NodeJS.Timeout | undefined };
    this.waiters.add(waiter);
    this.arm(waiter);
    return () => {
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
    };
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    for (const waiter of [...this.waiters]) this.arm(waiter);
  }

  private arm(waiter: { atMs: number; wake: () => void; timer?: NodeJS.Timeout }): void {
    clearTimeout(waiter.timer);
    const delay = waiter.atMs - this.now();
    if (delay <= 0) {
      this.waiters.delete(waiter);
      waiter.wake();
      return;
    }
    waiter.timer = setTimeout(() => this.arm(waiter), Math.min(delay, 2_000_000_000));
    waiter.timer.unref();
  }
}

let runtimeInstalled = false;
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export interface ScheduleTestEnv {
  server: RunningTemporalServer;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * The server on `databaseUrl` with `clock` (or in time-skipping mode, locked), a client, and a worker for
 * the schedule workflows.
 */
export async function startScheduleEnv(
  databaseUrl: string,
  clock: Clock | 'time-skipping',
  taskQueue: string,
): Promise<ScheduleTestEnv> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'schedule-workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const server = await startTemporalServer(
    clock === 'time-skipping' ? { databaseUrl, timeSkipping: true } : { databaseUrl, clock },
  );
  await server.ready;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: await bundle,
    shutdownGraceTime: '1s',
  });
  const workerRun = worker.run();
  return {
    server,
    client,
    taskQueue,
    async stop() {
      worker.shutdown();
      await workerRun;
      await nativeConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}

/**
 * Waits until no running workflow has a workflow task scheduled or in flight: moving the clock then cannot
 * time out a task the worker is still working on (as time skipping only skips when nothing is outstanding).
 */
export async function quiet(client: Client): Promise<void> {
  await eventually(async () => {
    for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
      const { raw } = await client.workflow.getHandle(wf.workflowId, wf.runId).describe();
      if (raw.pendingWorkflowTask) return undefined;
    }
    return true;
  }, 'no outstanding workflow task');
}

/** Moves `clock` forward by `ms` once every workflow task has been handled. */
export async function advanceWhenQuiet(client: Client, clock: SteppableClock, ms: number): Promise<void> {
  await quiet(client);
  clock.advance(ms);
}

/** Polls `probe` until it returns a value that is not undefined (or fails after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

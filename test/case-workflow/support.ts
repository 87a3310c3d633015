// The case workflow end to end: embedded Temporal server + PostgreSQL (event store and read models) + the
// real case worker, with a deadline planner that compresses chosen cases' deadlines to seconds.
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createWorkingCalendar, planDeadline, type DeadlinePlan } from '@netral/domain';
import { OFFICER, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { EventStore, caseReadModels, openDataSource } from '@netral/event-store';
import {
  type CaseConfig,
  type PlanCaseDeadlineInput,
  caseConfigSource,
  registerCase,
} from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { createCaseWorker } from '../../apps/worker/src/case-worker';
import { workerMigrations } from '../../apps/worker/src/digest/digest.migration';
import type { LogSink } from '../../apps/worker/src/notifications/log.channel';
import type { NotificationChannel } from '../../apps/worker/src/notifications/notification';
import { createTestDatabase } from '../support/database';
import { sharedCaseWorkflowBundle } from '../support/workflow-bundles';

export interface CaseTestEnv {
  server: RunningTemporalServer;
  dataSource: DataSource;
  eventStore: EventStore;
  client: Client;
  taskQueue: string;
  worker: Worker;
  logged: string[];
  /** The configuration the worker is set up with (TEST_CALENDAR), for registerCase. */
  config: CaseConfig;
  /** With `serverTimeMs`: the server's time (ms). */
  serverNow?(): number;
  /** With `serverTimeMs`: lets server time skip `ms` ahead (timers fire on the way), then locks it again. */
  skipTime?(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** A working calendar that ends before every fixture date: planning with it fails as CALENDAR_NOT_COVERED. */
export const ENDED_CALENDAR = createWorkingCalendar({
  version: 'ended-2023',
  timeZone: 'Asia/Jakarta',
  coveredFrom: '2023-01-01',
  coveredTo: '2023-12-31',
  nonWorkingDays: [],
});

/**
 * Test deadlines: cases whose id starts with "late-" get a deadline a few seconds away (reminder at +1 s, due
 * at +5 s, escalations from +5 s a second apart: the reminder must fire before the due time even on a busy
 * machine, since a reminder past its due time is not sent); "stale-" cases one already past (reminder 2 s ago, due 1 s
 * ago), as if the worker had been down past the due date; "held-" cases keep their decision deadline an hour
 * ahead (a timer pending whatever the fixture's dates). Other cases get the real plan.
 */
export function compressingPlanner(input: PlanCaseDeadlineInput): DeadlinePlan {
  return compressingPlannerOn(() => Date.now())(input);
}

/** compressingPlanner on the server's clock (`now`): a server on a time-skipping clock is not at Date.now(). */
export function compressingPlannerOn(now: () => number): (input: PlanCaseDeadlineInput) => DeadlinePlan {
  return (input) => compressedPlan(input, now());
}

function compressedPlan(input: PlanCaseDeadlineInput, base: number): DeadlinePlan {
  // "uncovered-" cases: a calendar that ends before their dates (CALENDAR_NOT_COVERED, as a year not loaded).
  const calendar = input.caseId.startsWith('uncovered-') ? ENDED_CALENDAR : TEST_CALENDAR;
  const real = planDeadline(input.deadline, calendar, input.policy, input.timeZone);
  const at = (ms: number) => new Date(base + ms).toISOString();
  if (input.caseId.startsWith('late-')) {
    return {
      ...real,
      dueAt: at(5_000),
      reminders: real.reminders.map((r) => ({ ...r, at: at(1_000) })),
      escalations: real.escalations.map((e, i) => ({ ...e, at: at(5_000 + i * 1_000) })),
    };
  }
  if (input.caseId.startsWith('stale-')) {
    return {
      ...real,
      dueAt: at(-1_000),
      reminders: real.reminders.map((r) => ({ ...r, at: at(-2_000) })),
      escalations: real.escalations.map((e, i) => ({ ...e, at: at(-1_000 + i * 1_000) })),
    };
  }
  if (input.caseId.startsWith('held-') && input.deadline.ruleId === 'decision') {
    // Cases dated in 2025 have every deadline overdue at once; this one stays timed while the test runs.
    return {
      ...real,
      dueAt: at(3_600_000),
      reminders: real.reminders.map((r) => ({ ...r, at: at(1_800_000) })),
      escalations: real.escalations.map((e, i) => ({ ...e, at: at(3_600_000 + i * 60_000) })),
    };
  }
  return real;
}

export async function startCaseEnv(
  label: string,
  options: {
    webhook?: { url: string; secret: string } | null;
    databaseUrl?: string;
    /** Notification channels instead of webhook + log (e.g. a webhook with short test timeouts). */
    channels?: (log: LogSink) => NotificationChannel[];
    /**
     * Server time at start (ms): the server runs on a time-skipping clock, locked (it runs at wall pace
     * from there; time only skips through env.skipTime).
     */
    serverTimeMs?: number;
    /**
     * Plans deadlines instead of the compressing planner; `compressing` is that planner on the env's clock
     * (e.g. to count the tries, or to change the calendar the worker plans with while the test runs).
     */
    planner?: (
      input: PlanCaseDeadlineInput,
      compressing: (input: PlanCaseDeadlineInput) => DeadlinePlan,
    ) => DeadlinePlan;
  } = {},
): Promise<CaseTestEnv> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const url = options.databaseUrl ?? (await createTestDatabase(label));
  const dataSource = await openDataSource({ url, migrations: workerMigrations, poolSize: 5 });
  const server = await startTemporalServer({
    databaseUrl: url,
    port: 0,
    ...(options.serverTimeMs === undefined
      ? {}
      : { timeSkipping: { startLocked: true, initialTimeMs: options.serverTimeMs } }),
  });
  const clock = server.timeSkipping;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const taskQueue = `cases-${label}`;
  const logged: string[] = [];
  const sink: LogSink = { info: (_object, message) => logged.push(message) };
  const compressing = clock ? compressingPlannerOn(() => clock.now()) : compressingPlanner;
  const bundle = sharedCaseWorkflowBundle();
  const worker = await createCaseWorker({
    connection: nativeConnection,
    dataSource,
    taskQueue,
    ...(bundle ? { workflowBundle: { codePath: bundle } } : {}),
    planner: options.planner ? (input) => options.planner!(input, compressing) : compressing,
    calendar: () => TEST_CALENDAR,
    webhook: options.webhook ?? null,
    log: sink,
    ...(options.channels ? { channels: options.channels(sink) } : {}),
    shutdownGraceTime: '1s',
  });
  const running = worker.run();
  return {
    server,
    dataSource,
    eventStore: new EventStore(dataSource, { inlineProjections: [caseReadModels] }),
    client,
    taskQueue,
    worker,
    logged,
    config: caseConfigSource({ calendar: () => TEST_CALENDAR })(),
    ...(clock ? { serverNow: () => clock.now(), skipTime: (ms: number) => clock.unlockWithSleep(ms) } : {}),
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await server.stop();
      await dataSource.destroy();
    },
  };
}

/** Registers the fixture report as case `caseId` (update-with-start), as an officer would. */
export async function registerTestCase(env: CaseTestEnv, caseId: string): Promise<void> {
  await registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config: env.config,
    taskQueue: env.taskQueue,
  });
}

/** Outbox ids are the event ids: registration is versions 1-2, the first deadline 3, its reminder 4. */
export const reminderIdOf = (caseId: string) => `${caseId}:4`;
/** …and the escalation when that deadline passes, 5. */
export const escalationIdOf = (caseId: string) => `${caseId}:5`;

export { waitFor } from '../support/wait';

/**
 * The patch ids a history's core_patch markers name (other markers, e.g. the local activities that plan
 * deadlines, are not patches).
 */
export function patchesIn(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .flatMap((m) => m?.details?.['patch-data']?.payloads ?? [])
    .map((p) => (JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8')) as { id: string }).id);
}

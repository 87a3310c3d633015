// createCaseWorker: a Temporal worker hosting the sanctionCase workflow and its activities. Used by the NestJS
// worker app, the single-process launcher and the tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { EventStore, caseReadModels } from '@netral/event-store';
import { type CaseActivities, DEFAULT_TASK_QUEUE, warmIndonesianCalendars } from '@netral/workflows';
import type { Duration, PayloadCodec } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { type CaseActivitiesOptions, createCaseActivities } from './activities/case-activities';
import { LogChannel, type LogSink } from './notifications/log.channel';
import type { NotificationChannel } from './notifications/notification';
import { WebhookChannel } from './notifications/webhook.channel';
import { WarmUpSlotSupplier } from './warm-up-slots';
import { EmailChannel, type EmailChannelOptions } from './notifications/email/email.channel';

export interface CaseWorkerOptions extends Partial<Omit<CaseActivitiesOptions, 'dataSource' | 'eventStore'>> {
  connection: NativeConnection;
  dataSource: DataSource;
  taskQueue?: string;
  namespace?: string;
  /** Where reminders and escalations are logged (LogChannel); default console. */
  log?: LogSink;
  /** Signed webhook for notifications; default from NOTIFY_WEBHOOK_URL / NOTIFY_WEBHOOK_SECRET. */
  webhook?: { url: string; secret: string } | null;
  /** E-mail to the people in the agency directory (queued in the e-mail outbox); default none. */
  email?: EmailChannelOptions | null;
  /** Prebuilt activities (e.g. NestJS providers); default: built from the options above. */
  activities?: CaseActivities;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /**
   * Workflow task slots a new worker starts with, one more per task it completes up to
   * maxConcurrentWorkflowTaskExecutions (warm-up-slots.ts); default DEFAULT_INITIAL_WORKFLOW_TASK_SLOTS. At
   * or above the maximum: the SDK's fixed-size slots.
   */
  initialWorkflowTaskSlots?: number;
  /** Workflows kept in memory between tasks; default DEFAULT_MAX_CACHED_WORKFLOWS. */
  maxCachedWorkflows?: number;
  shutdownGraceTime?: Duration;
  /**
   * When a stop gives up waiting for in-flight tasks; default DEFAULT_SHUTDOWN_FORCE_TIME. Without it a task
   * that never ends (an append the database refuses, retried without end) kept the process from stopping.
   */
  shutdownForceTime?: Duration;
  /** A workflow bundle built ahead of time (bundleWorkflowCode): no webpack at start. Default: bundle now. */
  workflowBundle?: WorkflowBundleOption;
  /** Encrypts payloads (the same codec as the API's client); none: plain payloads. */
  payloadCodec?: PayloadCodec | null;
  /** More SDK worker settings, for a measured A/B (bench/service-process.ts BENCH_WORKER_OPTIONS). */
  tuning?: WorkerTuning;
}

/** The SDK worker settings the bench compares (bench/notes/s12-worker-tune.md); the SDK's defaults otherwise. */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'reuseV8Context'
  | 'workflowThreadPoolSize'
  | 'nonStickyToStickyPollRatio'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
  | 'maxConcurrentLocalActivityExecutions'
  | 'showStackTraceSources'
>;

/** Source directory of a path-mapped library (jest maps it, tsx reads tsconfig paths). */
function resolveOr(name: string, fallback: string): string {
  try {
    return require.resolve(name);
  } catch {
    return fallback;
  }
}

/**
 * Case workflows kept in the worker's memory (sticky) between their tasks. The SDK's default grows with the
 * heap limit (~2,300 on a 4 GiB heap), so a worker keeps nearly every case it has touched, each a workflow
 * context holding its state and configuration, and its memory only grows (issue #15: 1.3 GiB for the whole
 * service under 50 officers). A case officers are working on is touched every few minutes; one evicted
 * is replayed from its history on its next task (one history read, a few milliseconds of CPU). Sized for
 * the officers of one agency cluster working at once, not for every open case.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

/**
 * How long a stop waits for in-flight tasks before giving up on them (the SDK's shutdownForceTime): the 30 s
 * grace for activities, then 15 s more. Past it the worker stops with GracefulShutdownPeriodExpiredError and
 * the process exits; a task it held is retried by the server after its timeout, as after a crash.
 */
export const DEFAULT_SHUTDOWN_FORCE_TIME = '45s';

/** The SDK's defaults, which the worker's slot suppliers (below) must repeat when it is given a tuner. */
const SDK_MAX_WORKFLOW_TASKS = 40;
const SDK_MAX_ACTIVITIES = 100;
const SDK_MAX_LOCAL_ACTIVITIES = 100;
const SDK_MAX_NEXUS_TASKS = 100;

/**
 * A restarted worker's first workflow tasks, a few at a time (bench/notes/s15-restart.md: at load 8-11, 4 slots
 * finished the first tasks after the cold first one in 0.1-0.9 s each, 40 slots in 1.9-5.3 s).
 */
export const DEFAULT_INITIAL_WORKFLOW_TASK_SLOTS = 4;

/**
 * The worker's slots: the SDK's fixed-size ones, except workflow tasks, which warm up (warm-up-slots.ts).
 * The SDK takes either a tuner or the maxConcurrent* options, not both.
 */
function slotOptions(
  options: CaseWorkerOptions,
): Pick<
  WorkerOptions,
  'tuner' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'
> {
  const maxWorkflowTasks = options.maxConcurrentWorkflowTaskExecutions ?? SDK_MAX_WORKFLOW_TASKS;
  const initial = options.initialWorkflowTaskSlots ?? DEFAULT_INITIAL_WORKFLOW_TASK_SLOTS;
  if (initial >= maxWorkflowTasks)
    return {
      maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
      maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions,
    };
  const fixed = (numSlots: number) => ({ type: 'fixed-size' as const, numSlots });
  return {
    tuner: {
      workflowTaskSlotSupplier: new WarmUpSlotSupplier(initial, maxWorkflowTasks),
      activityTaskSlotSupplier: fixed(options.maxConcurrentActivityTaskExecutions ?? SDK_MAX_ACTIVITIES),
      localActivityTaskSlotSupplier: fixed(
        options.tuning?.maxConcurrentLocalActivityExecutions ?? SDK_MAX_LOCAL_ACTIVITIES,
      ),
      nexusTaskSlotSupplier: fixed(SDK_MAX_NEXUS_TASKS),
    },
  };
}

export function notificationChannels(
  options: Pick<CaseWorkerOptions, 'log' | 'webhook' | 'email'>,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (options.email) channels.push(new EmailChannel(options.email));
  const webhook =
    options.webhook === undefined
      ? process.env.NOTIFY_WEBHOOK_URL && process.env.NOTIFY_WEBHOOK_SECRET
        ? { url: process.env.NOTIFY_WEBHOOK_URL, secret: process.env.NOTIFY_WEBHOOK_SECRET }
        : null
      : options.webhook;
  if (webhook) channels.push(new WebhookChannel(webhook));
  channels.push(
    new LogChannel(
      options.log ?? {
        info: (object, message) => console.log(JSON.stringify({ level: 'info', message, ...object })),
      },
    ),
  );
  return channels;
}

/**
 * Where `npm run build` writes the case workflows bundled ahead of time (scripts/bundle-workflows.ts), seen
 * from the compiled dist/apps/worker/src. From the sources (tests, tsx) the file does not exist.
 */
export const PREBUILT_WORKFLOW_BUNDLE = path.resolve(__dirname, '../../../workflow-bundle/case-workflows.js');

/** The workflow sources and the bundler options that resolve `@netral/domain` like the tsconfig alias. */
export function caseWorkflowSources(): Required<Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'>> {
  const libs = path.resolve(__dirname, '../../../libs');
  // Compiled (dist) code next to compiled libs, sources next to sources.
  const extension = path.extname(__filename);
  const workflowsPath = resolveOr(
    '@netral/workflows/workflows',
    path.join(libs, `workflows/src/workflows${extension}`),
  );
  const domainDir = path.dirname(
    resolveOr('@netral/domain', path.join(libs, `domain/src/index${extension}`)),
  );
  return {
    workflowsPath,
    bundlerOptions: {
      // The domain is evaluated once per workflow thread and shared by every workflow (the SDK deep-freezes it),
      // not again for each new workflow in the reused V8 context: its module bodies parse and freeze the
      // catalogues and the deadline policy (~1 ms and their own copy per new case, bench/notes/
      // s13-activation-cpu.md). Safe because the domain keeps no per-workflow state at module level: its constants
      // are frozen already, its one module-level cache (working-days lookups) is keyed by calendar and pure.
      preloadModules: ['@netral/domain'],
      webpackConfigHook: (config) => {
        config.resolve = config.resolve ?? {};
        config.resolve.alias = { ...(config.resolve.alias as object), '@netral/domain': domainDir };
        return config;
      },
    },
  };
}

/**
 * The payload converter of the worker and of the workflow code (bundled in with it): the SDK's default bytes,
 * UTF-8 done natively (libs/workflows/src/payload-converter.ts; the API's client uses it too).
 */
export function casePayloadConverterPath(): string {
  const extension = path.extname(__filename);
  return resolveOr(
    '@netral/workflows/payload-converter',
    path.resolve(__dirname, `../../../libs/workflows/src/payload-converter${extension}`),
  );
}

/**
 * The case workflows' code for a Worker or Worker.runReplayHistories: the prebuilt bundle in production
 * (no webpack at start), else bundled from the sources when the worker starts.
 */
export function caseWorkflowBundle(): Pick<
  WorkerOptions,
  'workflowsPath' | 'bundlerOptions' | 'workflowBundle'
> {
  if (fs.existsSync(PREBUILT_WORKFLOW_BUNDLE))
    return { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } };
  return caseWorkflowSources();
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const slots = slotOptions(options);
  // With a tuner, the local activities' slots are in it (slotOptions).
  const { maxConcurrentLocalActivityExecutions, ...tuning } = options.tuning ?? {};
  const activities =
    options.activities ??
    createCaseActivities({
      ...options,
      dataSource: options.dataSource,
      eventStore: new EventStore(options.dataSource, { inlineProjections: [caseReadModels] }),
      channels: options.channels ?? notificationChannels(options),
    });
  const creating = Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : caseWorkflowBundle()),
    activities,
    // The prebuilt bundle has the same converter (scripts/bundle-workflows.ts); bundled from the sources, the
    // SDK bundles this one in.
    dataConverter: {
      payloadConverterPath: casePayloadConverterPath(),
      ...(options.payloadCodec ? { payloadCodecs: [options.payloadCodec] } : {}),
    },
    ...slots,
    ...(slots.tuner ? {} : { maxConcurrentLocalActivityExecutions }),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
    shutdownForceTime: options.shutdownForceTime ?? DEFAULT_SHUTDOWN_FORCE_TIME,
    ...tuning,
  });
  // The default calendars are built while the SDK creates the worker (its workflow threads load the bundle
  // meanwhile), not inside the first command's append in each zone; an injected calendar is the caller's.
  const [worker] = await Promise.all([
    creating,
    options.calendar
      ? undefined
      : new Promise<void>((resolve) => setImmediate(() => resolve(warmCalendars()))),
  ]);
  return worker;
}

function warmCalendars(): void {
  try {
    warmIndonesianCalendars();
  } catch {
    // Only a head start: the command that needs a calendar reports why it cannot be built.
  }
}

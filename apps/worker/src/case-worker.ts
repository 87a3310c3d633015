// createCaseWorker: a Temporal worker hosting the sanctionCase workflow and its activities. Used by the NestJS
// worker app, the single-process launcher and the tests.
import * as path from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { EventStore, caseReadModels } from '@netral/event-store';
import { type CaseActivities, DEFAULT_TASK_QUEUE } from '@netral/workflows';
import type { Duration } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { type CaseActivitiesOptions, createCaseActivities } from './activities/case-activities';
import { LogChannel, type LogSink } from './notifications/log.channel';
import type { NotificationChannel } from './notifications/notification';
import { WebhookChannel } from './notifications/webhook.channel';

export interface CaseWorkerOptions extends Partial<Omit<CaseActivitiesOptions, 'dataSource' | 'eventStore'>> {
  connection: NativeConnection;
  dataSource: DataSource;
  taskQueue?: string;
  namespace?: string;
  /** Where reminders and escalations are logged (LogChannel); default console. */
  log?: LogSink;
  /** Signed webhook for notifications; default from NOTIFY_WEBHOOK_URL / NOTIFY_WEBHOOK_SECRET. */
  webhook?: { url: string; secret: string } | null;
  /** Prebuilt activities (e.g. NestJS providers); default: built from the options above. */
  activities?: CaseActivities;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  shutdownGraceTime?: Duration;
}

/** Source directory of a path-mapped library (jest maps it, tsx reads tsconfig paths). */
function resolveOr(name: string, fallback: string): string {
  try {
    return require.resolve(name);
  } catch {
    return fallback;
  }
}

export function notificationChannels(
  options: Pick<CaseWorkerOptions, 'log' | 'webhook'>,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
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

/** workflowsPath and bundler options of the case workflows (also for Worker.runReplayHistories). */
export function caseWorkflowBundle(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const libs = path.resolve(__dirname, '../../../libs');
  const workflowsPath = resolveOr(
    '@netral/workflows/workflows',
    path.join(libs, 'workflows/src/workflows.ts'),
  );
  const domainDir = path.dirname(resolveOr('@netral/domain', path.join(libs, 'domain/src/index.ts')));
  return {
    workflowsPath,
    bundlerOptions: {
      // The workflow bundle resolves the domain from source, like the tsconfig path alias.
      webpackConfigHook: (config) => {
        config.resolve = config.resolve ?? {};
        config.resolve.alias = { ...(config.resolve.alias as object), '@netral/domain': domainDir };
        return config;
      },
    },
  };
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const activities =
    options.activities ??
    createCaseActivities({
      ...options,
      dataSource: options.dataSource,
      eventStore: new EventStore(options.dataSource, { inlineProjections: [caseReadModels] }),
      channels: options.channels ?? notificationChannels(options),
    });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...caseWorkflowBundle(),
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions,
    shutdownGraceTime: options.shutdownGraceTime ?? '30s',
  });
}

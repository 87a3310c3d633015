/**
 * `apps/worker`: hosts the sanctionCase workflow and its activities. Settings: DATABASE_URL, TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE (default netral-cases), WORKER_MAX_CONCURRENT_ACTIVITIES,
 * WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, WORKER_MAX_CACHED_WORKFLOWS (default 250: workflows kept in memory),
 * NOTIFY_WEBHOOK_URL + NOTIFY_WEBHOOK_SECRET, NETRAL_DIGEST_SCHEDULE
 * (on by default: the officers' 07:00 WIB digest schedule is created/updated at start), WORKFLOW_BUNDLE_PATH
 * (default: the bundle `npm run build` writes to dist/workflow-bundle), WORKER_HEALTH_PORT (/health and /ready
 * for probes). On SIGTERM/SIGINT the
 * worker stops polling and finishes in-flight activities before the process exits.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { startWorkerHealthServer } from './health-server';
import { WorkerConfigError, workerConfigFromEnv } from './worker.config';
import { CaseWorkerService, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = workerConfigFromEnv(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const worker = app.get(CaseWorkerService);
  const health = config.healthPort
    ? await startWorkerHealthServer(config.healthPort, '0.0.0.0', () => worker.state())
    : undefined;
  // A worker that fails (e.g. the server is gone for good) ends the process so it can be restarted.
  try {
    await worker.whenStopped();
  } finally {
    await health?.close();
  }
}

main().catch((e: unknown) => {
  if (e instanceof WorkerConfigError) console.error(`Configuration error: ${e.message}`);
  else console.error(e);
  process.exit(1);
});

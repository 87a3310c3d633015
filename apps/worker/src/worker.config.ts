// The worker's settings, from the environment. A bad value is a clear error at start, never a crash later.
import type { PayloadCodec } from '@temporalio/common';
import type { WorkerTuning } from './case-worker';
import { DEFAULT_TASK_QUEUE, PayloadKeyError, payloadCodecFromEnv } from '@netral/workflows';
import { type EmailSettings, emailSettingsFromEnv } from './notifications/email/email.config';

export interface WorkerConfig {
  databaseUrl: string;
  temporalAddress: string;
  /**
   * gRPC compression of the worker's requests (the SDK's default: gzip). `none` when the server runs in
   * the same process: compressing and inflating there only costs CPU on the one event loop (~3.5 ms per
   * case command, bench/notes/s05-perf.md).
   */
  temporalGrpcCompression?: 'gzip' | 'none';
  temporalNamespace: string;
  taskQueue: string;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** WORKER_INITIAL_WORKFLOW_TASK_SLOTS: a new worker's workflow task slots before it warms up (case-worker.ts). */
  initialWorkflowTaskSlots?: number;
  /** Workflows kept in the worker's memory between tasks (WORKER_MAX_CACHED_WORKFLOWS; case-worker.ts). */
  maxCachedWorkflows?: number;
  webhook: { url: string; secret: string } | null;
  /** E-mail through SMTP (SMTP_URL and friends); null keeps notifications to the webhook and the log. */
  email?: EmailSettings | null;
  /** Create/update the officers' digest schedule at start (NETRAL_DIGEST_SCHEDULE=off disables). */
  digestSchedule: boolean;
  /**
   * A workflow bundle built ahead of time; default: the one `npm run build` writes (dist/workflow-bundle), or
   * bundled from the sources at start when running from them.
   */
  workflowBundlePath?: string;
  /** Encrypts Temporal payloads (NETRAL_PAYLOAD_KEYS); null: payloads travel and are stored in plain text. */
  payloadCodec?: PayloadCodec | null;
  /** WORKER_HEALTH_PORT: serve /health and /ready there (Kubernetes probes); off when unset. */
  healthPort?: number;
  /**
   * Poll only when CaseWorkerService.startPolling is called, not at bootstrap (the single-process service,
   * once its API listens). Not from the environment.
   */
  deferPolling?: boolean;
  /** More SDK worker settings (not from the environment: the bench's A/B runs set them). */
  tuning?: WorkerTuning;
}

export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new WorkerConfigError(`${name} must be a positive integer`);
  return value;
}

function digestSchedule(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new WorkerConfigError('NETRAL_DIGEST_SCHEDULE must be on or off');
}

function payloadCodec(env: NodeJS.ProcessEnv): PayloadCodec | null {
  try {
    return payloadCodecFromEnv(env);
  } catch (e) {
    if (e instanceof PayloadKeyError) throw new WorkerConfigError(`NETRAL_PAYLOAD_KEYS: ${e.message}`);
    throw e;
  }
}

/** TEMPORAL_GRPC_COMPRESSION: `none` for a Temporal server on the same host (loopback: gzip only costs CPU). */
function grpcCompression(value: string | undefined): Pick<WorkerConfig, 'temporalGrpcCompression'> {
  if (value === undefined || value === '') return {};
  if (value === 'gzip' || value === 'none') return { temporalGrpcCompression: value };
  throw new WorkerConfigError(`TEMPORAL_GRPC_COMPRESSION must be gzip or none, not ${JSON.stringify(value)}`);
}

export function workerConfigFromEnv(env: NodeJS.ProcessEnv): WorkerConfig {
  if (!env.DATABASE_URL) throw new WorkerConfigError('DATABASE_URL is required');
  const url = env.NOTIFY_WEBHOOK_URL;
  const secret = env.NOTIFY_WEBHOOK_SECRET;
  if (Boolean(url) !== Boolean(secret)) {
    throw new WorkerConfigError('NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET go together');
  }
  return {
    databaseUrl: env.DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS || 'localhost:7233',
    ...grpcCompression(env.TEMPORAL_GRPC_COMPRESSION),
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    maxConcurrentActivityTaskExecutions: positiveInt(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES'),
    maxConcurrentWorkflowTaskExecutions: positiveInt(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'),
    initialWorkflowTaskSlots: positiveInt(env, 'WORKER_INITIAL_WORKFLOW_TASK_SLOTS'),
    maxCachedWorkflows: positiveInt(env, 'WORKER_MAX_CACHED_WORKFLOWS'),
    webhook: url && secret ? { url, secret } : null,
    email: emailSettingsFromEnv(env),
    digestSchedule: digestSchedule(env.NETRAL_DIGEST_SCHEDULE),
    payloadCodec: payloadCodec(env),
    ...(env.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: env.WORKFLOW_BUNDLE_PATH } : {}),
    ...(env.WORKER_HEALTH_PORT ? { healthPort: positiveInt(env, 'WORKER_HEALTH_PORT') } : {}),
  };
}

/**
 * The whole service (API, case worker, and the embedded Temporal server unless an address is given) in its
 * own process, for the chaos test to kill with SIGKILL. Configured by the CHAOS_SERVICE environment
 * variable (JSON, see ChaosServiceConfig). Prints "READY <json>" once the API listens.
 *
 * Fault injection lives here, in the test, not in the product: `fault` makes this process SIGKILL itself
 * inside the n-th `appendCaseEvents` activity of its life, either before the append commits or after it
 * committed but before the activity could report back (the retry must then find the events already there).
 */
import 'reflect-metadata';
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import pino from 'pino';
import type { DeadlinePlan } from '@netral/domain';
import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import { EventStore } from '@netral/event-store';
import { platformConfig } from '../../../apps/api/src/platform';
import { startService } from '../../../apps/api/src/service';
import type { PlanCaseDeadlineInput } from '@netral/workflows';
import { compressingPlanner } from '../../case-workflow/support';

export interface ChaosServiceConfig {
  databaseUrl: string;
  /** A Temporal server that outlives this process (the "worker killed" mode); none: embedded here. */
  temporalAddress?: string;
  taskQueue: string;
  workflowBundlePath: string;
  secret: string;
  /** Kill this process inside its n-th append (1-based), before or after the append commits. */
  fault?: { append: number; phase: 'before' | 'after' };
}

/** The reminder comes this long after a deadline is planned; the due date and escalations an hour on. */
export const CHAOS_REMINDER_MS = 1_500;
const FAR_MS = 3_600_000;

/**
 * Every deadline gets its first reminder seconds away and its due date an hour away: the reminders are the
 * timers that must fire across restarts, and a restart's delay can never make them late for the due date
 * (a reminder past its due date is not sent, which would make the stream depend on timing).
 */
function chaosPlanner(input: PlanCaseDeadlineInput): DeadlinePlan {
  const real = compressingPlanner(input);
  const base = Date.now();
  const at = (ms: number) => new Date(base + ms).toISOString();
  return {
    ...real,
    dueAt: at(FAR_MS),
    // One reminder per deadline: the lifecycle waits for it, and a second one racing the next command
    // would make the stream depend on timing.
    reminders: real.reminders.slice(0, 1).map((r) => ({ ...r, at: at(CHAOS_REMINDER_MS) })),
    escalations: real.escalations.map((e, i) => ({ ...e, at: at(FAR_MS + (i + 1) * 60_000) })),
  };
}

function installFault(fault: NonNullable<ChaosServiceConfig['fault']>): void {
  const append = EventStore.prototype.append;
  let calls = 0;
  const die = () => process.kill(process.pid, 'SIGKILL');
  EventStore.prototype.append = async function (this: EventStore, ...args: Parameters<typeof append>) {
    const n = ++calls;
    if (n === fault.append && fault.phase === 'before') die();
    const result = await append.apply(this, args);
    if (n === fault.append && fault.phase === 'after') die();
    return result;
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.CHAOS_SERVICE ?? '{}') as ChaosServiceConfig;
  // NETRAL_CHAOS_SDK_LOG_LEVEL=WARN shows the SDK's warnings (a workflow task past 5 s, ...) in the log that
  // NETRAL_CHAOS_LOG_DIR keeps; Core's own WARN lines go to stderr regardless.
  Runtime.install({
    logger: new DefaultLogger((process.env.NETRAL_CHAOS_SDK_LOG_LEVEL as LogLevel | undefined) ?? 'ERROR'),
  });
  if (config.fault) installFault(config.fault);
  const logger = pino({ level: 'error' }, pino.destination(2));
  const service = await startService({
    databaseUrl: config.databaseUrl,
    platform: {
      ...platformConfig({
        mode: 'local',
        secret: config.secret,
        issuer: 'netral-local',
        audience: 'netral-api',
        clockToleranceSeconds: 0,
      }),
      rateLimit: { limit: 1_000_000, windowMs: 60_000 },
    },
    logger,
    ...(config.temporalAddress ? { temporalAddress: config.temporalAddress } : { temporalPort: 0 }),
    port: 0,
    host: '127.0.0.1',
    taskQueue: config.taskQueue,
    worker: {
      digestSchedule: false,
      email: null,
      webhook: null,
      workflowBundlePath: config.workflowBundlePath,
      activityOptions: { planner: chaosPlanner, calendar: () => TEST_CALENDAR, log: { info: () => {} } },
    },
  });
  process.stdout.write(`READY ${JSON.stringify({ url: service.url, pid: process.pid })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});

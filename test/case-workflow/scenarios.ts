// Representative cases, run against a live case environment: used to record the replay fixtures
// (test/fixtures/histories) and by scenarios.test.ts. Each runs until its case reaches the end it is about.
//
// Their facts bear the domain fixtures' dates (report received 2025-01-03, the last fact 2025-02-05): the
// 2026.1 time rules refuse a fact recorded more than 60 days after its date without a supervisor's reason,
// so the scenarios run on a server whose clock starts at SCENARIO_ERA (a time-skipping clock, locked), as
// if recorded the day after the last fact: the dates stay the readable fixture dates, and every recording
// decides and plans the same (not on the recording day).
import type { Client } from '@temporalio/client';
import type { Actor, CaseCommand, CaseState } from '@netral/domain';
import { OFFICER, PPK, SEDANG_PATH, SUPERVISOR, cmd, wib } from '@netral/domain/testing/fixtures';
import type { EventStore } from '@netral/event-store';
import {
  type CaseConfig,
  SANCTION_CASE_WORKFLOW,
  caseStateQuery,
  caseTimersQuery,
  registerCase,
  sendCaseCommand,
} from '@netral/workflows';

export interface ScenarioEnv {
  client: Client;
  taskQueue: string;
  config: CaseConfig;
  eventStore: EventStore;
  /** The server's time (ms), when it is not the wall clock's. */
  serverNow?(): number;
  /** Lets server time skip ahead (the env's server runs on a time-skipping clock from SCENARIO_ERA). */
  skipTime?(ms: number): Promise<void>;
}

/** Server time when a scenario starts: the morning after the fixtures' last fact (delivery, 2025-02-05). */
export const SCENARIO_ERA = Date.parse(wib('2025-02-06', '08:00'));

const DAY_MS = 24 * 3_600_000;

export interface Scenario {
  /** The fixture file name. */
  name: string;
  caseId: string;
  description: string;
  /** Recorded once with the workflow code of its time; the recorder skips it unless named explicitly. */
  frozen?: boolean;
  run(env: ScenarioEnv): Promise<void>;
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('scenario: condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function serverTime(env: ScenarioEnv): number {
  return env.serverNow?.() ?? Date.now();
}

function register(env: ScenarioEnv, caseId: string): Promise<CaseState> {
  return registerCase(env.client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER, requestId: `register-${caseId}` },
    updateId: `register-${caseId}`,
    config: env.config,
    taskQueue: env.taskQueue,
    now: new Date(serverTime(env)).toISOString(),
  });
}

/** Sends a command with a stable idempotency key (n = its position in the scenario). */
function send(env: ScenarioEnv, caseId: string, n: number, command: CaseCommand, actor: Actor) {
  const updateId = `${caseId}/${n}/${command.type}`;
  return sendCaseCommand(env.client, { caseId, request: { command, actor, requestId: updateId }, updateId });
}

async function stage(env: ScenarioEnv, caseId: string): Promise<CaseState> {
  return env.client.workflow.getHandle(caseId).query(caseStateQuery);
}

async function eventTypes(env: ScenarioEnv, caseId: string): Promise<string[]> {
  return (await env.eventStore.readStream(caseId)).map((e) => e.type);
}

/** A sedang case from intake to a served 6-month sanction (the workflow issues the last commands). */
export async function runServedSanction(env: ScenarioEnv, caseId: string): Promise<void> {
  await register(env, caseId);
  const steps = SEDANG_PATH.filter((s) => s.command.type !== 'RegisterReport');
  for (const [i, s] of steps.entries()) await send(env, caseId, i + 1, s.command, s.actor);
  // The sanction takes effect and is served on its timers: months of server time, skipped a month at a time.
  for (let month = 0; month < 24 && (await stage(env, caseId)).stage !== 'closed'; month++) {
    await env.skipTime?.(30 * DAY_MS);
  }
  await until(async () => (await stage(env, caseId)).stage === 'closed');
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'untracked-deadline',
    caseId: 'uncovered-fixture-1',
    description:
      'registered while the calendar does not cover its dates: its deadline recorded as not tracked, ' +
      'a daily replanning timer set (record-untracked-deadlines), then withdrawn',
    async run(env) {
      const caseId = 'uncovered-fixture-1';
      await register(env, caseId);
      const handle = env.client.workflow.getHandle(caseId);
      await until(async () => (await handle.query(caseTimersQuery)).some((t) => t.kind === 'replan'));
      await until(async () => (await eventTypes(env, caseId)).includes('DeadlineNotTracked'));
      await send(env, caseId, 1, cmd.withdraw(), SUPERVISOR);
      await until(async () => (await handle.describe()).status.name === 'COMPLETED');
    },
  },
  {
    name: 'served-sanction',
    caseId: 'fixture-served',
    description: 'intake to a delivered, unchallenged sanction that takes effect and is served',
    run: (env) => runServedSanction(env, 'fixture-served'),
  },
  {
    name: 'local-append',
    caseId: 'fixture-local-append',
    description:
      'the served-sanction path with each command appended by a local activity in its own workflow task ' +
      '(append-events-locally)',
    run: (env) => runServedSanction(env, 'fixture-local-append'),
  },
  {
    name: 'missed-deadline',
    caseId: 'late-fixture-missed',
    description:
      'started without a config in its input (the older path); the assignment deadline is missed: ' +
      'reminder, escalation, then the officer is assigned',
    async run(env) {
      const caseId = 'late-fixture-missed';
      await env.client.workflow.start(SANCTION_CASE_WORKFLOW, {
        workflowId: caseId,
        taskQueue: env.taskQueue,
        args: [{}],
      });
      await sendCaseCommand(env.client, {
        caseId,
        request: { command: cmd.register({ caseId }), actor: OFFICER },
        updateId: `register-${caseId}`,
      });
      await until(async () => (await eventTypes(env, caseId)).includes('DeadlineEscalated'));
      await send(env, caseId, 1, cmd.assign(), SUPERVISOR);
    },
  },
  {
    name: 'withdrawn',
    caseId: 'fixture-withdrawn',
    description: 'registered, assigned, then withdrawn by the supervisor',
    async run(env) {
      const caseId = 'fixture-withdrawn';
      await register(env, caseId);
      await send(env, caseId, 1, cmd.assign(), SUPERVISOR);
      await send(env, caseId, 2, cmd.withdraw(), SUPERVISOR);
      await until(async () => (await stage(env, caseId)).stage === 'closed');
    },
  },
  {
    name: 'not-proven',
    caseId: 'fixture-not-proven',
    description: 'examination finds nothing: closed as not proven',
    async run(env) {
      const caseId = 'fixture-not-proven';
      await register(env, caseId);
      await send(env, caseId, 1, cmd.assign(), SUPERVISOR);
      await send(env, caseId, 2, cmd.startClarification(), OFFICER);
      await send(env, caseId, 3, cmd.clarifyProceed('sedang'), OFFICER);
      await send(env, caseId, 4, cmd.followUp('examination'), PPK);
      await send(env, caseId, 5, cmd.close(), PPK);
      await until(async () => (await stage(env, caseId)).stage === 'closed');
    },
  },
  {
    name: 'pre-patch-stale-reminder',
    caseId: 'stale-fixture-prepatch',
    frozen: true,
    description:
      'recorded BEFORE the skip-reminders-after-due patch: the assignment deadline was already past when ' +
      'planned, and the old code still sent the reminder, then the escalation',
    async run(env) {
      const caseId = 'stale-fixture-prepatch';
      await register(env, caseId);
      await until(async () => (await eventTypes(env, caseId)).includes('DeadlineEscalated'));
    },
  },
  {
    name: 'pre-patch-closed-reopened',
    caseId: 'closed-fixture-prepatch',
    frozen: true,
    description:
      'recorded BEFORE the complete-when-closed patch: withdrawn, the run kept waiting, and a ReopenCase ' +
      'arrived in the same run',
    async run(env) {
      const caseId = 'closed-fixture-prepatch';
      await register(env, caseId);
      await send(env, caseId, 1, cmd.assign(), SUPERVISOR);
      await send(env, caseId, 2, cmd.withdraw(), SUPERVISOR);
      await send(env, caseId, 3, cmd.reopen(), SUPERVISOR);
      await until(async () => (await eventTypes(env, caseId)).includes('CaseReopened'));
    },
  },
  {
    name: 'pre-patch-kept-timer',
    caseId: 'kept-timer-fixture-prepatch',
    frozen: true,
    description:
      'recorded BEFORE the keep-deadline-timer patch: a Gakkumdu referral recorded while the assignment ' +
      'deadline ran ended the wait and restarted its timer (TimerCanceled, TimerStarted), then the assignment',
    async run(env) {
      const caseId = 'kept-timer-fixture-prepatch';
      // Received today (Jakarta): a fact dated long before it is recorded needs a supervisor's reason.
      const today = new Date(serverTime(env) + 7 * 3_600_000).toISOString().slice(0, 10);
      await registerCase(env.client, {
        caseId,
        request: {
          command: cmd.register({
            caseId,
            source: { kind: 'public_report', reference: 'LAP-KT/2026', receivedOn: today },
          }),
          actor: OFFICER,
          requestId: `register-${caseId}`,
        },
        updateId: `register-${caseId}`,
        config: env.config,
        taskQueue: env.taskQueue,
        now: new Date(serverTime(env)).toISOString(),
      });
      const handle = env.client.workflow.getHandle(caseId);
      await until(async () => (await handle.query(caseTimersQuery)).length > 0);
      const referral = {
        type: 'RecordCriminalReferral',
        data: { reference: 'G-1', referredOn: today, offence: 'UU 7/2017 Ps 494' },
      } as CaseCommand;
      await send(env, caseId, 1, referral, OFFICER);
      await send(env, caseId, 2, cmd.assign(), SUPERVISOR);
    },
  },
  {
    name: 'withdrawn-completes',
    caseId: 'fixture-withdrawn-completes',
    description: "withdrawn after registration: the closed case's workflow completes (complete-when-closed)",
    async run(env) {
      const caseId = 'fixture-withdrawn-completes';
      await register(env, caseId);
      await send(env, caseId, 1, cmd.withdraw(), SUPERVISOR);
      const handle = env.client.workflow.getHandle(caseId);
      await until(async () => (await handle.describe()).status.name === 'COMPLETED');
    },
  },
];

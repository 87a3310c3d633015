/**
 * Killing the worker mid-case: a worker in a child process runs the first half of a case and is killed with
 * SIGKILL while the case waits on its timers; a new worker (this process) finishes it. The case's event
 * stream must equal a reference run without the crash (types, data, versions; times aside), with a valid
 * hash chain and no duplicate event.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type Worker,
  bundleWorkflowCode,
} from '@temporalio/worker';
import type { CaseState } from '@netral/domain';
import { SEDANG_PATH, TEST_CALENDAR, cmd, OFFICER } from '@netral/domain/testing/fixtures';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { EventStore, caseReadModels, openDataSource } from '@netral/event-store';
import {
  caseConfigSource,
  caseStateQuery,
  caseTimersQuery,
  registerCase,
  sendCaseCommand,
} from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { caseWorkflowBundle, createCaseWorker } from '../../apps/worker/src/case-worker';
import { workerMigrations } from '../../apps/worker/src/digest/digest.migration';
import { createTestDatabase } from '../support/database';
import { compressingPlanner, waitFor } from './support';

const root = path.join(__dirname, '../..');
const taskQueue = 'cases-crash';
const config = caseConfigSource({ calendar: () => TEST_CALENDAR })();

let databaseUrl: string;
let server: RunningTemporalServer;
let dataSource: DataSource;
let eventStore: EventStore;
let connection: Connection;
let client: Client;
let child: ChildProcess | undefined;
/** The workflow bundle, built once for all three workers (webpack is the slow part of a worker's start). */
let bundlePath: string;
let bundleCode: string;
/** In-process workers not stopped yet: afterAll stops them when the test failed or timed out mid-way. */
const runningWorkers = new Set<{ stop(): Promise<void> }>();

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  databaseUrl = await createTestDatabase('case_worker_crash');
  dataSource = await openDataSource({ url: databaseUrl, migrations: workerMigrations, poolSize: 4 });
  eventStore = new EventStore(dataSource, { inlineProjections: [caseReadModels] });
  server = await startTemporalServer({ databaseUrl, port: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
  ({ code: bundleCode } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, ...bundlerOptions }));
  bundlePath = path.join(os.tmpdir(), `netral-crash-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, bundleCode);
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await Promise.all([...runningWorkers].map((w) => w.stop()));
  await connection?.close();
  await server?.stop();
  await dataSource?.destroy();
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
});

/** The crash victim: a worker in its own process (plain node + tsx's require hook, so SIGKILL kills it). */
function spawnWorker(
  queue = taskQueue,
  env: Record<string, string> = {},
): Promise<{ pid: number; kill(): Promise<void>; exited: Promise<void>; appended: Promise<void> }> {
  const proc = spawn(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      path.join(__dirname, 'bin/case-worker-process.ts'),
      server.address,
      databaseUrl,
      queue,
      bundlePath,
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  let onAppended = (): void => undefined;
  const appended = new Promise<void>((r) => (onAppended = r));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('APPENDED')) onAppended();
      if (out.includes('READY')) {
        resolve({
          pid: proc.pid!,
          exited,
          appended,
          kill: () =>
            new Promise<void>((r) => {
              proc.once('exit', () => r());
              proc.kill('SIGKILL');
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`worker process exited early (${code}): ${stderr}`)));
  });
}

async function inProcessWorker(queue = taskQueue): Promise<{ worker: Worker; stop(): Promise<void> }> {
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await createCaseWorker({
    connection: native,
    dataSource,
    taskQueue: queue,
    planner: compressingPlanner,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    shutdownGraceTime: '1s',
    workflowBundle: { code: bundleCode },
  });
  const running = worker.run();
  const handle = {
    worker,
    async stop() {
      runningWorkers.delete(handle);
      worker.shutdown();
      await running;
      await native.close();
    },
  };
  runningWorkers.add(handle);
  return handle;
}

const steps = SEDANG_PATH.filter((s) => s.command.type !== 'RegisterReport');
// Mid-examination: the decision deadline is timed (compressingPlanner keeps it ahead for `held-` cases).
const KILL_AFTER = steps.findIndex((s) => s.name === 'bap');

async function sendStep(caseId: string, i: number): Promise<CaseState> {
  const s = steps[i];
  const updateId = `${caseId}/${i}`;
  return sendCaseCommand(client, { caseId, request: { command: s.command, actor: s.actor }, updateId });
}

/**
 * Waits until the case is idle: nothing in flight (no activity, no workflow task) and the stream holds the
 * state's events. Both runs wait after every command, so that the workflow's own commands (deadlines
 * recorded after a stage opens) land in the same order relative to the officers' ones.
 */
async function quiescent(caseId: string): Promise<void> {
  const handle = client.workflow.getHandle(caseId);
  await waitFor(async () => {
    const [state, description] = await Promise.all([handle.query(caseStateQuery), handle.describe()]);
    const stream = await eventStore.readStream(caseId);
    const idle =
      (description.raw.pendingActivities ?? []).length === 0 && !description.raw.pendingWorkflowTask;
    return idle && stream.length === state.version ? true : undefined;
  });
}

async function runCase(caseId: string, queue: string, between?: () => Promise<void>): Promise<void> {
  await registerCase(client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config,
    taskQueue: queue,
  });
  await quiescent(caseId);
  for (let i = 0; i < steps.length; i++) {
    await sendStep(caseId, i);
    await quiescent(caseId);
    if (i === KILL_AFTER && between) await between();
  }
  await waitFor(async () =>
    (await client.workflow.getHandle(caseId).query(caseStateQuery)).stage === 'closed' ? true : undefined,
  );
}

/** The stream without what legitimately differs between runs: times, the case id and run ids. */
async function comparable(caseId: string) {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const strip = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
      typeof v === 'string' ? (iso.test(v) ? '<time>' : v.split(caseId).join('<case>')) : v,
    );
  return (await eventStore.readStream(caseId)).map((e) => ({
    id: e.id.split(caseId).join('<case>'),
    version: e.version,
    type: e.type,
    data: strip(e.data),
    actor: [e.metadata.actorId, e.metadata.role],
  }));
}

describe('a worker killed mid-case', () => {
  it('is replaced by a new worker that finishes the case with the same event stream', async () => {
    // Reference: one worker throughout (on its own queue, while the victim's process starts).
    const reference = (async () => {
      const worker = await inProcessWorker('cases-crash-ref');
      await runCase('held-crash-ref', 'cases-crash-ref');
      await worker.stop();
    })();
    // Awaited below; a failure of the crash run must not leave it unhandled meanwhile.
    reference.catch(() => undefined);
    const victim = await spawnWorker();

    // Crash run: the child worker takes the case to mid-examination and is killed there.
    let replacement: Awaited<ReturnType<typeof inProcessWorker>> | undefined;
    await runCase('held-crash-1', taskQueue, async () => {
      expect((await client.workflow.getHandle('held-crash-1').query(caseTimersQuery)).length).toBeGreaterThan(
        0,
      );
      await victim.kill();
      replacement = await inProcessWorker();
    });
    await replacement!.stop();
    await reference;

    const expected = await comparable('held-crash-ref');
    const actual = await comparable('held-crash-1');
    expect(actual).toEqual(expected);
    expect(actual.at(-1)?.type).toBe('CaseClosed');
    // No duplicates, no gaps, and the hash chain holds.
    const stream = await eventStore.readStream('held-crash-1');
    expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
    expect(stream.map((e) => e.version)).toEqual(stream.map((_e, i) => i + 1));
    expect((await eventStore.verifyStream('held-crash-1')).ok).toBe(true);

    // Both workers worked on the case: the killed one first, then the new one.
    const history = await client.workflow.getHandle('held-crash-1').fetchHistory();
    const identities = (history.events ?? [])
      .filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
      .map((e) => e.workflowTaskStartedEventAttributes?.identity ?? '');
    expect(identities[0]).toMatch(new RegExp(`^${victim.pid}@`));
    expect(identities.at(-1)).toMatch(new RegExp(`^${process.pid}@`));
  }, 180_000);
  it('a workflow task lost after its local append runs again and adopts the stored events', async () => {
    const queue = 'cases-lost-task';
    const caseId = 'held-lost-1';
    // The victim dies right after the assignment's events are committed, before its workflow task completes.
    const victim = await spawnWorker(queue, { CRASH_AFTER_APPEND: 'OfficerAssigned' });
    await registerCase(client, {
      caseId,
      request: { command: cmd.register({ caseId }), actor: OFFICER },
      updateId: `register-${caseId}`,
      config,
      taskQueue: queue,
    });
    await quiescent(caseId);
    const before = await eventStore.readStream(caseId);
    const answer = sendCaseCommand(client, {
      caseId,
      request: { command: steps[0].command, actor: steps[0].actor },
      updateId: `${caseId}/assign`,
    });
    answer.catch(() => undefined);
    await victim.exited;
    // The lost task stored the assignment and the deadline it opens (one append, bench/notes/
    // s12-fold-deadline.md).
    const stored = (await eventStore.readStream(caseId)).slice(before.length);
    expect(stored.map((e) => e.type)).toEqual(['OfficerAssigned', 'DeadlineRecorded']);

    const handle = client.workflow.getHandle(caseId);
    const replacement = await inProcessWorker(queue);
    let state: CaseState;
    let timers: unknown[];
    try {
      // The officer gets the answer of the command the lost task ran: its stored events, not a refusal.
      const answered = await answer;
      expect(answered.stage).toBe('clarification');
      expect(answered.version).toBe(stored.at(-1)!.version);
      await quiescent(caseId);
      [state, timers] = await Promise.all([handle.query(caseStateQuery), handle.query(caseTimersQuery)]);
    } finally {
      await replacement.stop();
    }
    const stream = await eventStore.readStream(caseId);
    // The events as the lost task stored them (its times), once; the deadline timed by the new worker.
    expect(stream.slice(before.length).map((e) => [e.id, e.data])).toEqual(stored.map((e) => [e.id, e.data]));
    expect(stream.map((e) => e.version)).toEqual(stream.map((_e, i) => i + 1));
    expect((await eventStore.verifyStream(caseId)).ok).toBe(true);
    expect(state.version).toBe(stream.length);
    expect(timers.length).toBeGreaterThan(0);
    // The history: the victim's task timed out, this process ran it again.
    const history = await handle.fetchHistory();
    const { EVENT_TYPE_WORKFLOW_TASK_STARTED: STARTED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: TIMED_OUT } =
      temporal.api.enums.v1.EventType;
    const events = history.events ?? [];
    expect(events.filter((e) => e.eventType === TIMED_OUT)).toHaveLength(1);
    const identities = events
      .filter((e) => e.eventType === STARTED)
      .map((e) => e.workflowTaskStartedEventAttributes?.identity ?? '');
    expect(identities[0]).toMatch(new RegExp(`^${victim.pid}@`));
    expect(identities.at(-1)).toMatch(new RegExp(`^${process.pid}@`));
  }, 180_000);

  it('a command sent on the events of a task that is then lost is taken after their adoption, not refused', async () => {
    const queue = 'cases-lost-ahead';
    const caseId = 'held-lost-2';
    // The victim holds its task open right after the assignment's append committed.
    const victim = await spawnWorker(queue, { CRASH_AFTER_APPEND: 'OfficerAssigned', CRASH_HOLD: '1' });
    await registerCase(client, {
      caseId,
      request: { command: cmd.register({ caseId }), actor: OFFICER },
      updateId: `register-${caseId}`,
      config,
      taskQueue: queue,
    });
    await quiescent(caseId);
    const assign = sendCaseCommand(client, {
      caseId,
      request: { command: steps[0].command, actor: steps[0].actor },
      updateId: `${caseId}/assign`,
    });
    assign.catch(() => undefined);
    await victim.appended;
    // An officer reads the stored assignment (the read model has it) and sends the next step with its tag,
    // while the task that appended it is still open: the update waits, admitted.
    const head = (await eventStore.readStream(caseId)).at(-1)!.version;
    const updateId = `${caseId}/next`;
    const next = sendCaseCommand(client, {
      caseId,
      request: { command: steps[1].command, actor: steps[1].actor, expectedVersion: head },
      updateId,
    });
    next.catch(() => undefined);
    await waitFor(async () => ((await admitted(caseId, updateId)) ? true : undefined));
    await victim.kill();

    // A new worker runs the lost task again with both updates: the assignment adopts its stored events, and
    // the next step is decided on the state they leave (its validator saw the older one: the tag is ahead).
    const replacement = await inProcessWorker(queue);
    try {
      expect((await assign).stage).toBe('clarification');
      const answered = await next;
      expect(answered.version).toBeGreaterThan(head);
      await quiescent(caseId);
    } finally {
      await replacement.stop();
    }
    const stream = await eventStore.readStream(caseId);
    expect(stream.filter((e) => e.type === 'OfficerAssigned')).toHaveLength(1);
    expect(stream.map((e) => e.version)).toEqual(stream.map((_e, i) => i + 1));
    expect((await eventStore.verifyStream(caseId)).ok).toBe(true);
  }, 180_000);
});

/** Whether the engine has admitted the update (PollWorkflowExecutionUpdate answers NOT_FOUND before). */
async function admitted(workflowId: string, updateId: string): Promise<boolean> {
  try {
    await client.workflowService.pollWorkflowExecutionUpdate({
      namespace: 'default',
      updateRef: { workflowExecution: { workflowId }, updateId },
      identity: 'worker-crash-test',
      waitPolicy: {
        lifecycleStage:
          temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
            .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 5) return false;
    throw error;
  }
}

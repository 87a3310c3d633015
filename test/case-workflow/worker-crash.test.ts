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
function spawnWorker(): Promise<{ pid: number; kill(): Promise<void> }> {
  const proc = spawn(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      path.join(__dirname, 'bin/case-worker-process.ts'),
      server.address,
      databaseUrl,
      taskQueue,
      bundlePath,
    ],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) {
        resolve({
          pid: proc.pid!,
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
});

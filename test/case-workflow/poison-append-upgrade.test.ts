/**
 * A case wedged by a poison append before EVENT_STORE_REFUSED comes unstuck after the upgrade: a worker of
 * the old release (a child process whose append fails the old way, retryable) retries a command whose
 * events PostgreSQL refuses (a lone surrogate, 22P02) and holds the case; it is killed, and the new worker
 * (this process) runs the retrying append once more, now refused for good: the command fails with
 * EVENT_STORE_REFUSED, nothing is written, and the next command on the case runs. And the workflow's own
 * RecordDeadline append, refused the same way, skips that deadline instead of failing the whole case, and
 * records it as not tracked (DeadlineNotTracked, append_refused).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import type { CaseCommand } from '@netral/domain';
import { OFFICER, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { EventStore, caseReadModels, openDataSource } from '@netral/event-store';
import { CaseCommandRefusedError, caseConfigSource, registerCase, sendCaseCommand } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { caseWorkflowBundle, createCaseWorker } from '../../apps/worker/src/case-worker';
import { workerMigrations } from '../../apps/worker/src/digest/digest.migration';
import { createTestDatabase } from '../support/database';
import { compressingPlanner, waitFor } from './support';

const root = path.join(__dirname, '../..');
const taskQueue = 'cases-poison-upgrade';
const config = caseConfigSource({ calendar: () => TEST_CALENDAR })();

let databaseUrl: string;
let server: RunningTemporalServer;
let dataSource: DataSource;
let eventStore: EventStore;
let connection: Connection;
let client: Client;
let child: ChildProcess | undefined;
let bundleCode: string;
let bundlePath: string;
let stopWorker: (() => Promise<void>) | undefined;
/** What the workers and workflows logged at WARN and above. */
const logged: string[] = [];

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN', (entry) => void logged.push(entry.message)) });
  databaseUrl = await createTestDatabase('case_poison_upgrade');
  dataSource = await openDataSource({ url: databaseUrl, migrations: workerMigrations, poolSize: 4 });
  eventStore = new EventStore(dataSource, { inlineProjections: [caseReadModels] });
  server = await startTemporalServer({ databaseUrl, port: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
  ({ code: bundleCode } = await bundleWorkflowCode({ workflowsPath: workflowsPath!, ...bundlerOptions }));
  bundlePath = path.join(os.tmpdir(), `netral-poison-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, bundleCode);
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await stopWorker?.();
  await connection?.close();
  await server?.stop();
  await dataSource?.destroy();
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
});

/** The old release's worker in its own process; counts the refused appends it retried. */
function spawnOldWorker(): Promise<{ refused(): number; kill(): Promise<void> }> {
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
      env: {
        ...process.env,
        OLD_APPEND_CLASSIFICATION: '1',
        TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let out = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) {
        resolve({
          refused: () => out.split('\n').filter((l) => l === 'REFUSED').length,
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

it('the retrying append of a wedged case is refused once the new worker runs it; the case goes on', async () => {
  const caseId = 'poison-upgrade-1';
  const old = await spawnOldWorker();
  await registerCase(client, {
    caseId,
    request: { command: cmd.register({ caseId }), actor: OFFICER },
    updateId: `register-${caseId}`,
    config,
    taskQueue,
  });
  const version = (await eventStore.readStream(caseId)).length;

  // "\ud800" reaches PostgreSQL (JSON escapes it), whose jsonb refuses it on every attempt.
  const poison = sendCaseCommand(client, {
    caseId,
    request: {
      command: {
        type: 'AssignOfficer',
        data: { officerId: OFFICER.id, officerName: 'Ani \ud800' },
      } as CaseCommand,
      actor: SUPERVISOR,
    },
    updateId: `poison-${caseId}`,
  });
  const outcome = poison.then(
    () => 'stored',
    (error: unknown) => error,
  );
  // The old release retries: the case is wedged (the command waits, nothing is written).
  await waitFor(() => Promise.resolve(old.refused() >= 2));
  await old.kill();

  const native = await NativeConnection.connect({ address: server.address });
  const worker = await createCaseWorker({
    connection: native,
    dataSource,
    taskQueue,
    planner: compressingPlanner,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    shutdownGraceTime: '1s',
    workflowBundle: { code: bundleCode },
  });
  const running = worker.run();
  stopWorker = async () => {
    stopWorker = undefined;
    worker.shutdown();
    await running;
    await native.close();
  };

  const error = await outcome;
  expect(error).toBeInstanceOf(CaseCommandRefusedError);
  expect(error).toMatchObject({ code: 'EVENT_STORE_REFUSED', message: expect.stringMatching(/22P02/) });
  expect((await eventStore.readStream(caseId)).length).toBe(version);

  // The case takes the next command (the same one without the refused text).
  const state = await sendCaseCommand(client, {
    caseId,
    request: { command: cmd.assign(), actor: SUPERVISOR },
    updateId: `assign-${caseId}`,
  });
  const stream = await eventStore.readStream(caseId);
  expect(stream.length).toBe(state.version);
  // Its OfficerAssigned (and the DeadlineRecorded of the deadline it opens), right after the registration.
  expect(stream[version]).toMatchObject({ type: 'OfficerAssigned', data: { officerName: 'Ani' } });
  // The workflow runs on (a refused command does not fail the case).
  const description = await client.workflow.getHandle(caseId).describe();
  expect(description.status.name).toBe('RUNNING');
}, 120_000);

it('a refused RecordDeadline append of the workflow skips the deadline; the case runs on', async () => {
  const caseId = 'refused-record-1';
  const queue = `${taskQueue}-record`;
  // The first deadline's plan fails inside the registration's append (so it is not recorded with the command)
  // and succeeds when the workflow plans it on its own; then the workflow's RecordDeadline append is refused.
  const failed = new Set<string>();
  const planner = (input: Parameters<typeof compressingPlanner>[0]) => {
    const key = `${input.caseId}/${input.deadline.deadlineId}`;
    if (input.caseId === caseId && failed.size === 0) {
      failed.add(key);
      throw new Error('not planned yet');
    }
    return compressingPlanner(input);
  };
  await dataSource.query(
    `ALTER TABLE events ADD CONSTRAINT refuse_record CHECK (NOT (type = 'DeadlineRecorded' AND stream_id = '${caseId}')) NOT VALID`,
  );
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await createCaseWorker({
    connection: native,
    dataSource,
    taskQueue: queue,
    planner,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    shutdownGraceTime: '1s',
    workflowBundle: { code: bundleCode },
  });
  const running = worker.run();
  try {
    await registerCase(client, {
      caseId,
      request: { command: cmd.register({ caseId }), actor: OFFICER },
      updateId: `register-${caseId}`,
      config,
      taskQueue: queue,
    });
    await waitFor(() =>
      Promise.resolve(logged.includes('deadline not recorded: the event store refused it')),
    );
    const handle = client.workflow.getHandle(caseId);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await eventStore.readStream(caseId)).map((e) => e.type)).not.toContain('DeadlineRecorded');
    // Not only logged: the case records the deadline as not tracked, and why (record-untracked-deadlines).
    const notTracked = await waitFor(async () =>
      (await eventStore.readStream(caseId)).find((e) => e.type === 'DeadlineNotTracked'),
    );
    expect(notTracked.data).toMatchObject({ deadlineId: 'assignment@1', reason: 'append_refused' });
    await dataSource.query(`ALTER TABLE events DROP CONSTRAINT refuse_record`);
    const state = await sendCaseCommand(client, {
      caseId,
      request: { command: cmd.assign(), actor: SUPERVISOR },
      updateId: `assign-${caseId}`,
    });
    expect((await eventStore.readStream(caseId)).length).toBe(state.version);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  } finally {
    await dataSource.query(`ALTER TABLE events DROP CONSTRAINT IF EXISTS refuse_record`);
    worker.shutdown();
    await running;
    await native.close();
  }
}, 120_000);

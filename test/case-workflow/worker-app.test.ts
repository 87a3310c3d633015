/**
 * The NestJS worker application (WorkerModule) against the embedded server: it hosts the case workflow,
 * continues-as-new once the history passes the configured size without losing the case, and drains on close.
 */
import { Client, Connection } from '@temporalio/client';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { CaseCommand, CaseState } from '@netral/domain';
import { OFFICER, PPK, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { EventStore } from '@netral/event-store';
import { caseCommandUpdate, caseStateQuery } from '@netral/workflows';
import { caseWorkflowSources } from '../../apps/worker/src/case-worker';
import { DIGEST_SCHEDULE_ID } from '../../apps/worker/src/digest/digest-schedule';
import { workerConfigFromEnv, WorkerConfigError } from '../../apps/worker/src/worker.config';
import { CaseWorkerService, DATA_SOURCE, WorkerModule } from '../../apps/worker/src/worker.module';
import { createTestDatabase } from '../support/database';
import { compressingPlanner } from './support';

let server: RunningTemporalServer;
let app: INestApplicationContext;
let connection: Connection;
let client: Client;
const taskQueue = 'cases-worker-app';
let bundlePath: string;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const databaseUrl = await createTestDatabase('case_worker_app');
  server = await startTemporalServer({ databaseUrl, port: 0 });
  // The production way: a workflow bundle built ahead of time (scripts/bundle-workflows.ts in npm run build).
  const { workflowsPath, bundlerOptions } = caseWorkflowSources();
  const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions });
  bundlePath = path.join(os.tmpdir(), `netral-worker-app-bundle-${process.pid}.js`);
  fs.writeFileSync(bundlePath, code);
  const config = workerConfigFromEnv({
    WORKFLOW_BUNDLE_PATH: bundlePath,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKER_MAX_CONCURRENT_ACTIVITIES: '4',
  });
  app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, {
      planner: compressingPlanner,
      calendar: () => TEST_CALENDAR,
      continueAsNewAfterHistoryEvents: 40,
      log: { info: () => undefined },
    }),
    { logger: false },
  );
  await app.init();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await server?.stop();
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
});

function send(caseId: string, command: CaseCommand, actor = OFFICER): Promise<CaseState> {
  return client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, { args: [{ command, actor }] });
}

describe('worker application', () => {
  it('rejects bad settings with a clear error', () => {
    expect(() => workerConfigFromEnv({})).toThrow(WorkerConfigError);
    expect(() =>
      workerConfigFromEnv({ DATABASE_URL: 'postgres://x', WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' }),
    ).toThrow(/WORKER_MAX_CONCURRENT_ACTIVITIES must be a positive integer/);
    expect(workerConfigFromEnv({ DATABASE_URL: 'postgres://x' }).taskQueue).toBe('netral-cases');
    expect(() =>
      workerConfigFromEnv({ DATABASE_URL: 'postgres://x', NETRAL_DIGEST_SCHEDULE: 'maybe' }),
    ).toThrow(/NETRAL_DIGEST_SCHEDULE must be on or off/);
    expect(
      workerConfigFromEnv({ DATABASE_URL: 'postgres://x', NETRAL_DIGEST_SCHEDULE: 'off' }).digestSchedule,
    ).toBe(false);
  });

  it("creates the officers' digest schedule at start", async () => {
    const described = await client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
    expect(described.action).toMatchObject({ workflowType: 'officerDigest', taskQueue });
  });

  it('continues as new past the history threshold, carrying the case state', async () => {
    const caseId = 'case-can-001';
    const first = await client.workflow.start('sanctionCase', { workflowId: caseId, taskQueue, args: [{}] });
    await send(caseId, cmd.register({ caseId }));
    await send(caseId, cmd.assign(), SUPERVISOR);
    await send(caseId, cmd.startClarification());
    await send(caseId, cmd.clarifyProceed('sedang'));
    await send(caseId, cmd.followUp('examination'), PPK);
    // Reassigning back and forth grows the history with real events.
    for (let i = 0; i < 4; i++) {
      await send(caseId, cmd.assign(i % 2 === 0 ? 'officer-budi' : OFFICER.id), SUPERVISOR);
    }
    const until = Date.now() + 20_000;
    let description = await client.workflow.getHandle(caseId).describe();
    while (description.runId === first.firstExecutionRunId && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      description = await client.workflow.getHandle(caseId).describe();
    }
    expect(description.runId).not.toBe(first.firstExecutionRunId);

    // The new run holds the same case and keeps accepting commands.
    const state = await client.workflow.getHandle(caseId).query(caseStateQuery);
    expect(state.stage).toBe('examination');
    const after = await send(caseId, cmd.assign('officer-budi'), SUPERVISOR);
    const dataSource = app.get(DATA_SOURCE);
    const stream = await new EventStore(dataSource).readStream(caseId);
    expect(stream.length).toBe(after.version);
    expect(after.assignedOfficer?.id).toBe('officer-budi');

    // Both runs replay against the current code (the first ends in continue-as-new).
    const histories = await Promise.all(
      [first.firstExecutionRunId, description.runId].map(async (runId) => ({
        workflowId: caseId,
        history: await client.workflow.getHandle(caseId, runId).fetchHistory(),
      })),
    );
    for await (const result of Worker.runReplayHistories(caseWorkflowSources(), histories)) {
      expect(result.error).toBeUndefined();
    }
  });

  it('shuts the worker down gracefully when the application closes', async () => {
    const service = app.get(CaseWorkerService);
    await app.close();
    await expect(service.whenStopped()).resolves.toBeUndefined();
  });
});

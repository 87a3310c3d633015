/**
 * A deadline skipped because the working-day calendar did not cover its dates is planned again once a day
 * (a durable timer, RECORD_UNTRACKED_DEADLINES) and, once the worker's calendar covers them, recorded: its
 * DeadlineNotTracked clears. Under time skipping on the embedded server, so days pass in seconds.
 */
import { Client, Connection } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { msToTs } from '@temporalio/common/lib/time';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { type CaseState, planDeadline } from '@netral/domain';
import { OFFICER, TEST_CALENDAR, cmd, wib } from '@netral/domain/testing/fixtures';
import { type RunningTemporalServer, startTemporalServer } from '@netral/embedded-temporal';
import { EventStore, caseReadModelMigrations, caseReadModels, openDataSource } from '@netral/event-store';
import { caseCommandUpdate, caseConfigSource, caseStateQuery, caseTimersQuery } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { createCaseWorker } from '../../apps/worker/src/case-worker';
import { createTestDatabase } from '../support/database';
import { ENDED_CALENDAR, waitFor } from './support';

const DAY = 24 * 60 * 60 * 1000;
const taskQueue = 'cases-untracked-replanning';
const config = caseConfigSource({ calendar: () => TEST_CALENDAR })();

let server: RunningTemporalServer;
let dataSource: DataSource;
let eventStore: EventStore;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
/** Whether the worker's calendar covers the case's dates (as a calendar deployed later would). */
let calendarCovers = false;
let planned = 0;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const url = await createTestDatabase('case_untracked_replanning');
  dataSource = await openDataSource({ url, migrations: caseReadModelMigrations, poolSize: 5 });
  eventStore = new EventStore(dataSource, { inlineProjections: [caseReadModels] });
  server = await startTemporalServer({
    databaseUrl: url,
    timeSkipping: { initialTimeMs: Date.parse(wib('2025-01-06', '08:00')) },
  });
  connection = await Connection.connect({
    address: server.address,
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  } as Parameters<typeof Connection.connect>[0]);
  client = new Client({ connection });
  nativeConnection = await NativeConnection.connect({ address: server.address });
  worker = await createCaseWorker({
    connection: nativeConnection,
    dataSource,
    taskQueue,
    planner: (input) => {
      planned++;
      const calendar = calendarCovers ? TEST_CALENDAR : ENDED_CALENDAR;
      return planDeadline(input.deadline, calendar, input.policy, input.timeZone);
    },
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    shutdownGraceTime: '1s',
  });
  running = worker.run();
}, 60_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await server?.stop();
  await dataSource?.destroy();
});

function testService() {
  if (!connection.testService) throw new Error('connection made without the TestService');
  return connection.testService;
}

/** Lets server time run (skipping) up to `at`, as env.sleep() does; time is locked again afterwards. */
async function sleepUntil(at: number): Promise<void> {
  const { time } = await testService().getCurrentTime({});
  const now = Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  if (at > now) await testService().unlockTimeSkippingWithSleep({ duration: msToTs(at - now) });
}

async function types(caseId: string): Promise<string[]> {
  return (await eventStore.readStream(caseId)).map((e) => e.type);
}

it('is planned again daily while the calendar does not cover it, and recorded once it does', async () => {
  const caseId = 'uncovered-replan-1';
  await client.workflow.start('sanctionCase', { workflowId: caseId, taskQueue, args: [{ config }] });
  const handle = client.workflow.getHandle(caseId);
  await handle.executeUpdate(caseCommandUpdate, {
    args: [{ command: cmd.register({ caseId }), actor: OFFICER }],
  });
  await waitFor(async () => (await types(caseId)).includes('DeadlineNotTracked'));
  const first = await waitFor(async () =>
    (await handle.query(caseTimersQuery)).find((t) => t.kind === 'replan'),
  );
  expect(first).toMatchObject({ deadlineId: 'assignment@1', n: 1 });
  const notedAt = (await eventStore.readStream(caseId)).find((e) => e.type === 'DeadlineNotTracked')!;
  expect(Date.parse(first.at) - Date.parse(notedAt.occurredAt)).toBeGreaterThanOrEqual(DAY - 60_000);
  expect(Date.parse(first.at) - Date.parse(notedAt.occurredAt)).toBeLessThanOrEqual(DAY);

  // A day later the calendar still does not cover it: tried again, still not tracked, nothing new appended.
  const triedBefore = planned;
  await sleepUntil(Date.parse(first.at) + 60_000);
  const second = await waitFor(async () =>
    (await handle.query(caseTimersQuery)).find((t) => t.kind === 'replan' && t.n === 2),
  );
  expect(planned).toBeGreaterThan(triedBefore);
  expect((await types(caseId)).filter((t) => t === 'DeadlineNotTracked')).toHaveLength(1);
  expect(Date.parse(second.at) - Date.parse(first.at)).toBeGreaterThanOrEqual(DAY);

  // The calendar that covers it reaches the worker: the next daily try records the deadline.
  calendarCovers = true;
  await sleepUntil(Date.parse(second.at) + 60_000);
  await waitFor(async () => (await types(caseId)).includes('DeadlineRecorded'));
  const state: CaseState = await handle.query(caseStateQuery);
  expect(state.deadlines['assignment@1']).toMatchObject({ calendarVersion: TEST_CALENDAR.version });
  expect(state.untrackedDeadlines).toEqual({});
  expect((await handle.query(caseTimersQuery)).some((t) => t.kind === 'replan')).toBe(false);
  const [summary] = (await dataSource.query(
    `SELECT untracked_deadlines FROM case_summary WHERE case_id = $1`,
    [caseId],
  )) as { untracked_deadlines: number }[];
  expect(summary.untracked_deadlines).toBe(0);
}, 120_000);

// A worker asked to stop while an officer's append keeps failing (a case whose events the database refuses)
// still stops: its workflow task never completes, so only the SDK's force time ends the drain.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { EventStore, openDataSource } from '@netral/event-store';
import { caseConfigSource, registerCase } from '@netral/workflows';
import { OFFICER, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import type { DataSource } from 'typeorm';
import { createCaseActivities } from '../../apps/worker/src/activities/case-activities';
import { createCaseWorker } from '../../apps/worker/src/case-worker';
import { workerMigrations } from '../../apps/worker/src/digest/digest.migration';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/wait';

let server: RunningTemporalServer;
let dataSource: DataSource;
let connection: Connection;
let nativeConnection: NativeConnection;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const url = await createTestDatabase('worker-shutdown');
  dataSource = await openDataSource({ url, migrations: workerMigrations, poolSize: 2 });
  server = await startTemporalServer({ databaseUrl: url, port: 0 });
  connection = await Connection.connect({ address: server.address });
  nativeConnection = await NativeConnection.connect({ address: server.address });
});
afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
  await server?.stop();
  await dataSource?.destroy();
});

it('stops within its force time while an append retries without end', async () => {
  const activities = createCaseActivities({
    dataSource,
    eventStore: new EventStore(dataSource),
    channels: [],
    calendar: () => TEST_CALENDAR,
  });
  let appendAttempts = 0;
  const worker = await createCaseWorker({
    connection: nativeConnection,
    dataSource,
    taskQueue: 'cases-worker-shutdown',
    calendar: () => TEST_CALENDAR,
    activities: {
      ...activities,
      appendCaseEvents: async () => {
        appendAttempts++;
        throw new Error('invalid input syntax for type json (as a lone surrogate made it)');
      },
    },
    shutdownGraceTime: '500ms',
    shutdownForceTime: '2s',
  });
  const running = worker.run();
  const client = new Client({ connection });
  const registration = registerCase(client, {
    caseId: 'NTR-SHUTDOWN-1',
    request: { command: cmd.register({ caseId: 'NTR-SHUTDOWN-1' }), actor: OFFICER },
    updateId: 'register-shutdown',
    config: caseConfigSource({ calendar: () => TEST_CALENDAR })(),
    taskQueue: 'cases-worker-shutdown',
  }).catch((error: unknown) => error);

  await waitFor(async () => appendAttempts >= 2);
  worker.shutdown();
  const outcome = await running.then(
    () => 'stopped',
    (error: Error) => `${error.name}: ${error.message}`,
  );
  // Past the force time run() gives up the drain and rejects (the SDK logs GracefulShutdownPeriodExpiredError,
  // then finds the held workflow still in its cache); without one it never settles (jest's timeout).
  expect(outcome).toMatch(/Error/);
  await client.workflow.getHandle('NTR-SHUTDOWN-1').terminate('test done');
  await registration;
});

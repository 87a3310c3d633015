/**
 * First half of the restart test, in its own process so that it can be killed like a crash: starts the
 * server and a worker on the given database, starts a timer workflow and an activity workflow, prints
 * "READY <json>" once the timer is running and the activity is in a worker's hands, then waits to be killed.
 */
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalServer } from '../../../libs/embedded-temporal/src';
import * as activities from '../activities';

async function main(): Promise<void> {
  const [databaseUrl, taskQueue] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startTemporalServer({ databaseUrl });
  await server.ready;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: path.join(__dirname, '../workflows'),
    activities,
  });
  void worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const timer = await client.workflow.start('longTimer', {
    taskQueue,
    workflowId: 'restart-timer',
    args: [2500],
  });
  const activity = await client.workflow.start('waitsForRelease', {
    taskQueue,
    workflowId: 'restart-activity',
    args: ['k'],
  });
  for (;;) {
    const [t, a] = await Promise.all([timer.describe(), activity.describe()]);
    const activityStarted = a.raw.pendingActivities?.some(
      (p) => p.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    );
    const timerStarted = (await timer.fetchHistory()).events?.some(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED,
    );
    if (activityStarted && timerStarted && t.status.name === 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(
    `READY ${JSON.stringify({ timer: timer.firstExecutionRunId, activity: activity.firstExecutionRunId })}\n`,
  );
  await new Promise(() => undefined);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});

/**
 * First half of the schedule crash test, in its own process so that it can be killed like a crash: starts
 * the server on the given database (wall clock, no worker: the started workflows just wait), creates a
 * schedule that starts a workflow every second, prints "READY", then runs until killed.
 */
import { Client, Connection } from '@temporalio/client';
import { startTemporalServer } from '../../../libs/embedded-temporal/src';

async function main(): Promise<void> {
  const [databaseUrl, taskQueue] = process.argv.slice(2);
  const server = await startTemporalServer({ databaseUrl });
  await server.ready;
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  await client.schedule.create({
    scheduleId: 'ticker',
    spec: { intervals: [{ every: '1 second' }] },
    action: { type: 'startWorkflow', workflowType: 'quickJob', taskQueue, workflowId: 'tick' },
    policies: { overlap: 'ALLOW_ALL' },
  });
  process.stdout.write('READY\n');
  await new Promise(() => undefined);
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});

/**
 * The embedded Temporal server under the real SDK, in one process: workflows started and completed per
 * second (one activity each) at 1, 10 and 100 in flight, and the p50/p99 latency of an update round trip.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startTemporalServer } from '@netral/embedded-temporal';
import { recordFigure } from './figures';
import { measure, writeResult, type LatencySummary } from './support';

export async function benchEmbeddedTemporal(databaseUrl: string, workflowsPerRun = 300): Promise<string> {
  const server = await startTemporalServer({ databaseUrl, port: 0 });
  await server.ready;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench';
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./temporal-workflows'),
    activities: { greet: async (name: string) => `Halo, ${name}` },
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  const results: Record<string, unknown> = {};
  try {
    await worker.runUntil(async () => {
      for (const inFlight of [1, 10, 100]) {
        const run = Date.now();
        results[`in_flight_${inFlight}`] = await measure(inFlight, workflowsPerRun, (_, i) =>
          client.workflow.execute('oneActivity', {
            taskQueue,
            workflowId: `wf-${run}-${i}`,
            args: [`pegawai ${i}`],
          }),
        );
        console.log(`embedded temporal, ${inFlight} in flight:`, results[`in_flight_${inFlight}`]);
      }
      const handle = await client.workflow.start('counter', {
        taskQueue,
        workflowId: `counter-${Date.now()}`,
      });
      results.updateRoundTrip = await measure(1, 200, () => handle.executeUpdate('bump', { args: [1] }));
      recordFigure('temporal_workflows_100_in_flight', (results.in_flight_100 as LatencySummary).perSecond);
      recordFigure('temporal_update_round_trip_p50', (results.updateRoundTrip as LatencySummary).p50Ms);
      console.log('embedded temporal, update round trip:', results.updateRoundTrip);
      await handle.signal('finish');
      await handle.result();
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
  }
  return writeResult('embedded-temporal', { workflowsPerRun, activitiesPerWorkflow: 1, results });
}

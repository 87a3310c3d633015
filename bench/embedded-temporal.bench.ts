/**
 * The embedded Temporal server under the real SDK, in one process: workflows started and completed per
 * second (one activity each) at 1, 10 and 100 in flight, the p50/p99 latency of an update round trip, and
 * a command's latency on a fresh workflow and on one past 1,000 events.
 */
import { Client } from '@temporalio/client';
import { Pool } from 'pg';
import { recordFigure } from './figures';
import { measure, writeResult, type LatencySummary } from './support';
import { installRoundTripCounter, roundTripsPer } from './round-trips';
import { startBenchTemporal } from './temporal-env';

export async function benchEmbeddedTemporal(databaseUrl: string, workflowsPerRun = 300): Promise<string> {
  installRoundTripCounter();
  const { client, nativeConnection, worker, taskQueue, close } = await startBenchTemporal(databaseUrl);
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
      // Eager workflow start (request_eager_execution): a client sharing the worker's NativeConnection gets the
      // first workflow task in the start's answer (one commit less). Netral's API starts cases from another
      // process, where the SDK cannot ask for it, so this is reported beside the headline figure, not as it.
      const eagerClient = new Client({ connection: nativeConnection });
      const eagerRun = Date.now();
      results.in_flight_100_eager_start = await measure(100, workflowsPerRun, (_, i) =>
        eagerClient.workflow.execute('oneActivity', {
          taskQueue,
          workflowId: `eager-${eagerRun}-${i}`,
          args: [`pegawai ${i}`],
          requestEagerStart: true,
        }),
      );
      console.log('embedded temporal, 100 in flight, eager start:', results.in_flight_100_eager_start);
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
      const byHistoryLength = await commandCostByHistoryLength(client, taskQueue, databaseUrl);
      results.commandByHistoryLength = byHistoryLength;
      recordFigure('command_fresh_case_p50', byHistoryLength.short.p50Ms);
      recordFigure('command_1000_event_case_p50', byHistoryLength.long.p50Ms);
      results.roundTripsPerCommand = await roundTripsPerCommand(client, taskQueue);
      // The shape of the 100-in-flight figure: start, two workflow tasks, one (eager) activity, close.
      results.roundTripsPerWorkflow = await roundTripsPer(20, (i) =>
        client.workflow.execute('oneActivity', {
          taskQueue,
          workflowId: `rt-${Date.now()}-${i}`,
          args: ['x'],
        }),
      );
      results.roundTripsPerWorkflowEagerStart = await roundTripsPer(20, (i) =>
        eagerClient.workflow.execute('oneActivity', {
          taskQueue,
          workflowId: `rt-eager-${Date.now()}-${i}`,
          args: ['x'],
          requestEagerStart: true,
        }),
      );
      console.log(
        'embedded temporal, PostgreSQL round trips per one-activity workflow started eagerly:',
        results.roundTripsPerWorkflowEagerStart,
      );
      console.log(
        'embedded temporal, PostgreSQL round trips per one-activity workflow:',
        results.roundTripsPerWorkflow,
      );
      console.log('embedded temporal, PostgreSQL round trips per command:', results.roundTripsPerCommand);
      console.log(
        'embedded temporal, command (update + activity) by history length:',
        results.commandByHistoryLength,
      );
    });
  } finally {
    await close();
  }
  return writeResult('embedded-temporal', { workflowsPerRun, activitiesPerWorkflow: 1, results });
}

/**
 * One command (an update running one activity, like a case command) on a workflow with ~10 events and on
 * one grown past 1,000 events: with sticky execution the worker gets only the new events, so both should
 * cost the same.
 */
async function commandCostByHistoryLength(client: Client, taskQueue: string, databaseUrl: string) {
  const COMMANDS = 50;
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  // What every change of the run clones, serialises and writes: it should not grow with the commands.
  const stateBytes = async (workflowId: string) =>
    Number(
      (
        await pool.query<{ bytes: string }>(
          `SELECT octet_length(state::text) AS bytes FROM temporal.executions WHERE workflow_id = $1`,
          [workflowId],
        )
      ).rows[0]?.bytes ?? 0,
    );
  const run = async (targetEvents: number) => {
    const handle = await client.workflow.start('ledger', {
      taskQueue,
      workflowId: `ledger-${targetEvents}-${Date.now()}`,
    });
    const historyLength = async () =>
      Number((await handle.describe()).raw.workflowExecutionInfo?.historyLength ?? 0);
    let i = 0;
    while ((await historyLength()) < targetEvents)
      await handle.executeUpdate('record', { args: [`fill ${i++}`] });
    const startedAt = await historyLength();
    const latency = await measure(1, COMMANDS, (_, n) =>
      handle.executeUpdate('record', { args: [`cmd ${n}`] }),
    );
    const mutableStateBytes = await stateBytes(handle.workflowId);
    await handle.signal('finish');
    await handle.result();
    return { historyEventsAtStart: startedAt, mutableStateBytes, ...latency };
  };
  try {
    const short = await run(0);
    const long = await run(1000);
    return { short, long, p50Ratio: Math.round((long.p50Ms / short.p50Ms) * 100) / 100 };
  } finally {
    await pool.end();
  }
}

/**
 * PostgreSQL round trips and commits of one command (an update running one activity) end to end: the
 * update's admission, both workflow tasks, the activity's dispatch and completion, and the waits.
 */
async function roundTripsPerCommand(client: Client, taskQueue: string) {
  const handle = await client.workflow.start('ledger', { taskQueue, workflowId: `ledger-rt-${Date.now()}` });
  for (let i = 0; i < 5; i++) await handle.executeUpdate('record', { args: [`warm ${i}`] });
  const counted = await roundTripsPer(20, (i) => handle.executeUpdate('record', { args: [`cmd ${i}`] }));
  await handle.signal('finish');
  await handle.result();
  return counted;
}

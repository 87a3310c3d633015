/**
 * `npx tsx bench/temporal-case.ts`: what one case workflow costs the engine+worker process, without the API:
 * the embedded server, the real case worker (its activities on the event store) and a client in one process,
 * as test/case-workflow runs them. Registers BENCH_CASES (100) cases one after another (each a new workflow:
 * update-with-start), then runs one command (AssignOfficer) on each of them (a cached workflow's activation),
 * and reports per operation the main thread's CPU, the other threads' (the SDK's workflow thread, V8 helpers,
 * Rust core) and the embedded PostgreSQL's.
 *
 * BENCH_CASE_PRELOAD=0 bundles the case workflows without `preloadModules` (the domain evaluated again for
 * every new workflow), for an A/B of the worker set-up (apps/worker/src/case-worker.ts).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { OFFICER, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { startEmbeddedPostgres } from '@netral/embedded-postgres';
import { startTemporalServer } from '@netral/embedded-temporal';
import { openDataSource } from '@netral/event-store';
import { caseConfigSource, registerCase, sendCaseCommand } from '@netral/workflows';
import { caseWorkflowSources, createCaseWorker } from '../apps/worker/src/case-worker';
import { workerMigrations } from '../apps/worker/src/digest/digest.migration';
import { measure, round, writeResult } from './support';
import { busiestThreads, cpuByThread, threadCpu, treeCpu } from './temporal-threads';

// The fixtures' reports are dated 2025: accept them as the tests do (test/support/backdating-horizon.ts).
process.env.NETRAL_BACKDATING_HORIZON_DAYS ??= '36500';

const CASES = Number(process.env.BENCH_CASES ?? 100);
const PRELOAD = process.env.BENCH_CASE_PRELOAD !== '0';

async function perOperation(count: number, postmaster: number, run: () => Promise<unknown>) {
  const sum = (byKind: Record<string, number>) =>
    Object.entries(byKind).reduce((a, [kind, ms]) => (kind.endsWith(', system') ? a : a + ms), 0);
  const threads0 = threadCpu();
  const byThread0 = cpuByThread();
  const pg0 = sum(treeCpu(postmaster));
  const load0 = os.loadavg()[0];
  const result = await run();
  const threads1 = threadCpu();
  const byThread1 = cpuByThread();
  const pg1 = sum(treeCpu(postmaster));
  return {
    result,
    cpuMsPerOperation: {
      mainThread: round((threads1.main - threads0.main) / count),
      otherThreads: round((threads1.others - threads0.others) / count),
      postgres: round((pg1 - pg0) / count),
    },
    threadsMsPerOperation: busiestThreads(byThread0, byThread1, count),
    loadAverage: [round(load0), round(os.loadavg()[0])],
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `netral-temporal-case-${process.pid}`),
    persistent: false,
  });
  const postmaster = pg.processes.postmaster!;
  const url = await pg.createDatabase('bench_temporal_case');
  const dataSource = await openDataSource({ url, migrations: workerMigrations, poolSize: 5 });
  const server = await startTemporalServer({ databaseUrl: url, port: 0, activityEagerExecution: true });
  await server.ready;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({
    address: server.address,
    grpcCompression: { codec: 'none' },
  });
  const { workflowsPath, bundlerOptions } = caseWorkflowSources();
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    ...bundlerOptions,
    ...(PRELOAD ? {} : { preloadModules: [] }),
  });
  const taskQueue = 'bench-cases';
  const worker = await createCaseWorker({
    connection: nativeConnection,
    dataSource,
    taskQueue,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    workflowBundle: { code },
    shutdownGraceTime: '1s',
  });
  const config = caseConfigSource({ calendar: () => TEST_CALENDAR })();
  const run = Date.now();
  const register = (prefix: string) => (_: number, i: number) =>
    registerCase(client, {
      caseId: `${prefix}-${run}-${i}`,
      request: { command: cmd.register({ caseId: `${prefix}-${run}-${i}` }), actor: OFFICER },
      updateId: `register-${prefix}-${i}`,
      config,
      taskQueue,
    });
  const results: Record<string, unknown> = {};
  try {
    await worker.runUntil(async () => {
      await measure(1, 10, register('warm'));
      results.registration = await perOperation(CASES, postmaster, () => measure(1, CASES, register('case')));
      console.log('registration:', JSON.stringify(results.registration));
      results.command = await perOperation(CASES, postmaster, () =>
        measure(1, CASES, (_, i) =>
          sendCaseCommand(client, {
            caseId: `case-${run}-${i}`,
            request: { command: cmd.assign(), actor: SUPERVISOR },
            updateId: `assign-${i}`,
          }),
        ),
      );
      console.log('command:', JSON.stringify(results.command));
    });
  } finally {
    await nativeConnection.close();
    await connection.close();
    await server.stop();
    await dataSource.destroy();
    await pg.stop();
  }
  console.log(`wrote ${await writeResult('temporal-case', { cases: CASES, preload: PRELOAD, results })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

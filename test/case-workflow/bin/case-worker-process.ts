/**
 * A case worker in its own process, so that a test can kill it like a crash (SIGKILL): the same worker as
 * test/case-workflow/support.ts (compressed test deadlines, TEST_CALENDAR), on the given server, database
 * and task queue (and a prebuilt workflow bundle, if given). Prints "READY <pid>" once it polls (its
 * identity in the history is `<pid>@<host>`).
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { TEST_CALENDAR } from '../../../libs/domain/src/testing/fixtures';
import { openDataSource } from '../../../libs/event-store/src';
import { createCaseWorker } from '../../../apps/worker/src/case-worker';
import { workerMigrations } from '../../../apps/worker/src/digest/digest.migration';
import { compressingPlanner } from '../support';

async function main(): Promise<void> {
  const [address, databaseUrl, taskQueue, bundlePath] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataSource = await openDataSource({
    url: databaseUrl,
    migrations: workerMigrations,
    poolSize: 3,
  });
  const connection = await NativeConnection.connect({ address });
  const worker = await createCaseWorker({
    connection,
    dataSource,
    taskQueue,
    planner: compressingPlanner,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}),
  });
  const running = worker.run();
  process.stdout.write(`READY ${process.pid}\n`);
  await running;
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});

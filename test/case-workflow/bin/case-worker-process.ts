/**
 * A case worker in its own process, so that a test can kill it like a crash (SIGKILL): the same worker as
 * test/case-workflow/support.ts (compressed test deadlines, TEST_CALENDAR), on the given server, database
 * and task queue (and a prebuilt workflow bundle, if given). Prints "READY <pid>" once it polls (its
 * identity in the history is `<pid>@<host>`).
 *
 * With CRASH_AFTER_APPEND=<event type> it kills itself (SIGKILL) right after an append holding that event type
 * committed and before the append's answer reaches the workflow: the workflow task that ran the (local)
 * append is lost, as when a worker dies mid-task. With CRASH_HOLD=1 as well it prints "APPENDED" there and
 * holds the task open instead, for the test to send more and then kill it.
 *
 * With OLD_APPEND_CLASSIFICATION=1 an append the store refuses for good fails as it did before
 * EVENT_STORE_REFUSED (a plain, retryable error), and each such attempt prints "REFUSED": a worker of the
 * old release, for the test of a case it wedged.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { TEST_CALENDAR } from '../../../libs/domain/src/testing/fixtures';
import { EventStore, caseReadModels, openDataSource } from '../../../libs/event-store/src';
import { createCaseActivities } from '../../../apps/worker/src/activities/case-activities';
import { createCaseWorker, notificationChannels } from '../../../apps/worker/src/case-worker';
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
  const crashAfter = process.env.CRASH_AFTER_APPEND;
  const activities = createCaseActivities({
    dataSource,
    eventStore: new EventStore(dataSource, { inlineProjections: [caseReadModels] }),
    channels: notificationChannels({ webhook: null, log: { info: () => undefined } }),
    planner: compressingPlanner,
    calendar: () => TEST_CALENDAR,
  });
  const append = activities.appendCaseEvents.bind(activities);
  const oldClassification = process.env.OLD_APPEND_CLASSIFICATION === '1';
  activities.appendCaseEvents = async (input) => {
    const result = await append(input).catch((error: unknown) => {
      if (!oldClassification || !(error instanceof ApplicationFailure)) throw error;
      if (error.type !== 'EVENT_STORE_REFUSED') throw error;
      process.stdout.write('REFUSED\n');
      throw new Error(error.message);
    });
    if (crashAfter && input.events.some((e) => e.type === crashAfter)) {
      if (process.env.CRASH_HOLD !== '1') process.kill(process.pid, 'SIGKILL');
      process.stdout.write('APPENDED\n');
      await new Promise(() => undefined);
    }
    return result;
  };
  const worker = await createCaseWorker({
    connection,
    dataSource,
    taskQueue,
    planner: compressingPlanner,
    calendar: () => TEST_CALENDAR,
    webhook: null,
    log: { info: () => undefined },
    activities,
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

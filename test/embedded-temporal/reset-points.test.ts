/**
 * Auto-reset points on describe (`workflowExecutionInfo.autoResetPoints`), as the Go server notes them
 * (GS addResetPointFromCompletion): one per build at the first workflow task it completed in the run, with
 * the run id, that WorkflowTaskCompleted event's id, the time, and whether a reset there loses nothing (no
 * child pending); taken over by the next run on continue-as-new (the previous run's points expire a retention
 * after it) and rebuilt for the new run by a reset. Through the real SDK client and workers with build ids.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import Long from 'long';
import { waitFor } from '../support/wait';
import * as activities from './activities';
import { startEnv, type TemporalTestEnv } from './support';
import { addSignal, finishSignal } from './workflows';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type ResetPoint = temporal.api.workflow.v1.IResetPointInfo;

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('reset-points');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

function workerWithBuild(taskQueue: string, buildId: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    buildId,
    ...engineTestWorkflowCode(),
    activities,
    shutdownGraceTime: '1s',
    // No sticky queue: the next task goes to whichever build polls the normal queue, at once.
    maxCachedWorkflows: 0,
  });
}

async function pointsOf(workflowId: string, runId?: string): Promise<ResetPoint[]> {
  const d = await env.client.workflow.getHandle(workflowId, runId).describe();
  return d.raw.workflowExecutionInfo?.autoResetPoints?.points ?? [];
}

const completedTasks = async (workflowId: string, runId?: string): Promise<number[]> =>
  ((await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [])
    .filter((e: HistoryEvent) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    .map((e: HistoryEvent) => Number(e.eventId));

it('notes the first workflow task each build completed, resettable unless a child is pending', async () => {
  const taskQueue = `points-${randomUUID()}`;
  const workflowId = `points-${randomUUID()}`;
  const childId = `${workflowId}-child`;
  const before = Date.now();

  const first = await workerWithBuild(taskQueue, 'build-a');
  const handle = await first.runUntil(async () => {
    const h = await env.client.workflow.start('parentOfCounter', { taskQueue, workflowId, args: [childId] });
    // The child started and the parent completed the task that learnt it (build-a's second task).
    await waitFor(async () => (await completedTasks(workflowId)).length >= 2);
    return h;
  });
  const second = await workerWithBuild(taskQueue, 'build-b');
  await second.runUntil(async () => {
    // A signal the parent does not handle: build-b completes a task while the child is pending.
    await handle.signal('nudge');
    await waitFor(async () => (await completedTasks(workflowId)).length >= 3);
    const child = env.client.workflow.getHandle(childId);
    await child.signal(addSignal, 1);
    await child.signal(finishSignal);
    expect(await handle.result()).toBe(1);
  });

  const completed = await completedTasks(workflowId);
  const points = await pointsOf(workflowId);
  expect(
    points.map((p) => [
      p.binaryChecksum,
      p.buildId,
      Number(p.firstWorkflowTaskCompletedId),
      p.runId,
      p.resettable,
    ]),
  ).toEqual([
    // The TypeScript SDK sends an unversioned worker's build id as the binary checksum; the Go server takes
    // the build id from a versioning stamp or deployment only.
    ['build-a', '', completed[0], handle.firstExecutionRunId, true],
    ['build-b', '', completed[2], handle.firstExecutionRunId, false],
  ]);
  for (const p of points) {
    const created = Number(p.createTime?.seconds) * 1000;
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(p.expireTime).toBeFalsy();
  }
  // The checksums are the BinaryChecksums search attribute, as the Go server keeps it.
  const found = await waitFor(async () => {
    const ids: string[] = [];
    for await (const w of env.client.workflow.list({ query: `BinaryChecksums = 'build-b'` })) {
      ids.push(w.workflowId);
    }
    return ids.length === 2 && ids;
  });
  // The child ran on the same queue: build-b completed its last task too.
  expect(found.sort()).toEqual([workflowId, childId]);
}, 60_000);

it('hands the points to the next run on continue-as-new, the previous run’s expiring a retention later', async () => {
  const workflowId = `points-can-${randomUUID()}`;
  const handle = await env.client.workflow.start('countdown', {
    taskQueue: env.taskQueue,
    workflowId,
    args: [1],
  });
  expect(await handle.result()).toBe(100);
  const last = await env.client.workflow.getHandle(workflowId).describe();
  expect(last.runId).not.toBe(handle.firstExecutionRunId);
  const points = last.raw.workflowExecutionInfo?.autoResetPoints?.points ?? [];
  // Same build in both runs: the first run's point only (GS dedupes by checksum and build id).
  expect(points).toHaveLength(1);
  expect(points[0].runId).toBe(handle.firstExecutionRunId);
  const startedAt = Number(last.raw.workflowExecutionInfo?.startTime?.seconds);
  // The default namespace keeps closed runs 1 day (start-dev's retention).
  expect(Number(points[0].expireTime?.seconds)).toBe(startedAt + 86_400);
  const started = ((await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [])[0];
  expect(started.workflowExecutionStartedEventAttributes?.prevAutoResetPoints?.points?.[0].runId).toBe(
    handle.firstExecutionRunId,
  );
}, 60_000);

it('rebuilds the points for the run a reset made', async () => {
  const workflowId = `points-reset-${randomUUID()}`;
  const handle = await env.client.workflow.start('counter', { taskQueue: env.taskQueue, workflowId });
  await handle.signal(addSignal, 2);
  await waitFor(async () => (await completedTasks(workflowId)).length >= 2);
  const [firstTask, secondTask] = await completedTasks(workflowId);
  const { runId } = await env.connection.workflowService.resetWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId, runId: handle.firstExecutionRunId },
    reason: 'points',
    workflowTaskFinishEventId: Long.fromNumber(secondTask),
    requestId: randomUUID(),
  });
  const points = await pointsOf(workflowId, runId!);
  expect(points.map((p) => [Number(p.firstWorkflowTaskCompletedId), p.runId])).toEqual([[firstTask, runId]]);
  await env.client.workflow.getHandle(workflowId).signal(finishSignal);
  expect(await env.client.workflow.getHandle(workflowId, runId!).result()).toBe(2);
}, 60_000);

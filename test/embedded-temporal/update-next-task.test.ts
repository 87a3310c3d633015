/**
 * The task a completion schedules for updates, as the Go server makes it (GS
 * respondworkflowtaskcompleted/api.go; update/registry.go Send):
 * - needed only by updates that arrived during the task (no new events, no heartbeat) and returned to the
 *   worker (return_new_workflow_task), it is speculative: nothing of it is written unless it completes with
 *   events or an acceptance; rejected, the history is as before it; a signal meanwhile converts it;
 * - a heartbeat's task (force_create_new_workflow_task) carries only the updates not sent yet: those its
 *   predecessor delivered stay with the worker (includeAlreadySent = !wtHeartbeat); a polled task (after a
 *   failure) carries them all again.
 * The first part plays the worker over raw gRPC, the second runs the real SDK worker.
 */
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { startTemporalServer } from '@netral/embedded-temporal';
import { createTestDatabase } from '../support/database';
import { installRoundTripCounter, roundTripsPer } from '../../bench/round-trips';
import { acceptance, ids, rawProtocol, rejection, types, type PollResponse } from './raw-protocol';
import { startEnv, type TemporalTestEnv } from './support';
import { finishSignal, setValueUpdate } from './workflows';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

installRoundTripCounter();

const E = temporal.api.enums.v1.EventType;
const INLINE = 'request-from-RespondWorkflowTaskCompleted';

let env: TemporalTestEnv;
beforeAll(async () => {
  env = await startEnv('update_next_task');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'next-task');
const WRITTEN_BY_FIRST = [
  E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
];
const messageIds = (task: PollResponse | null | undefined) =>
  (task?.messages ?? []).map((m) => m.protocolInstanceId);

describe('a task needed only by updates that came during the completed one', () => {
  /** A run whose first task is started, and an update admitted while it runs. */
  async function updateDuringTask() {
    const wf = await raw.start();
    const first = await raw.poll(wf.taskQueue);
    const updateId = await raw.admit(wf);
    return { wf, first, updateId };
  }

  it('is speculative: returned with its Scheduled/Started as transient events, nothing written; rejected, nothing at all', async () => {
    const { wf, first, updateId } = await updateDuringTask();
    const next = (await raw.completeCached(wf, first)).workflowTask!;
    expect(messageIds(next)).toEqual([updateId]);
    // The sticky worker gets the events after its previous task, then the two not written.
    expect(ids(next)).toEqual([4, 5, 6]);
    expect(types(next.history?.events)).toEqual([
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(next.history!.events![2].workflowTaskStartedEventAttributes?.requestId).toBe(INLINE);
    expect(Number(next.startedEventId)).toBe(6);
    expect(types(await raw.history(wf))).toEqual(WRITTEN_BY_FIRST);

    let res: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse = {};
    const trips = await roundTripsPer(1, async () => {
      res = await raw.completeCached(wf, next, { messages: [rejection(next, updateId)] });
    });
    // GS skipWorkflowTaskCompletedEvent: no event, no commit; the worker rolls back to the last completed task.
    expect(trips.commits).toBe(0);
    expect(Number(res.resetHistoryEventId)).toBe(3);
    expect(res.workflowTask).toBeFalsy();
    expect(types(await raw.history(wf))).toEqual(WRITTEN_BY_FIRST);
    expect((await raw.outcome(wf, updateId))?.failure?.message).toBe('refused');
  }, 30_000);

  it('accepted, its Scheduled/Started are written with Completed and the acceptance, in one commit', async () => {
    const { wf, first, updateId } = await updateDuringTask();
    const next = (await raw.completeCached(wf, first)).workflowTask!;
    expect(types(await raw.history(wf))).toEqual(WRITTEN_BY_FIRST);
    const trips = await roundTripsPer(1, () =>
      raw.completeCached(wf, next, { messages: [acceptance(next, updateId)] }),
    );
    expect(trips.commits).toBe(1);
    const written = await raw.history(wf);
    expect(types(written.slice(4))).toEqual([
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    ]);
    expect(written.slice(4).map((e) => Number(e.eventId))).toEqual([5, 6, 7, 8]);
    expect(written[5].workflowTaskStartedEventAttributes?.requestId).toBe(INLINE);
  }, 30_000);

  it('a signal while it runs converts it: Scheduled/Started written, then the signal after its completion', async () => {
    const { wf, first, updateId } = await updateDuringTask();
    const next = (await raw.completeCached(wf, first)).workflowTask!;
    await raw.signal(wf);
    expect(types((await raw.history(wf)).slice(4))).toEqual([
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    // No longer speculative: even a rejection is written, and the buffered signal needs a task of its own.
    const res = await raw.completeCached(wf, next, { messages: [rejection(next, updateId)] });
    expect(res.resetHistoryEventId ? Number(res.resetHistoryEventId) : 0).toBe(0);
    expect(types((await raw.history(wf)).slice(4))).toEqual([
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(types(res.workflowTask?.history?.events).slice(-3)).toEqual([
      E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
  }, 30_000);

  it('is a normal task when the worker does not ask for it inline, or when events need one too', async () => {
    // GS: speculative only with bypassTaskGeneration; the queued task is written.
    const a = await updateDuringTask();
    const queued = await raw.completeCached(a.wf, a.first, { returnNewWorkflowTask: false });
    expect(queued.workflowTask).toBeFalsy();
    expect(types(await raw.history(a.wf)).slice(-1)).toEqual([E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]);
    // A signal buffered with the update: the events need a normal task, which carries the update too.
    const b = await updateDuringTask();
    await raw.signal(b.wf);
    const next = (await raw.completeCached(b.wf, b.first)).workflowTask!;
    expect(messageIds(next)).toEqual([b.updateId]);
    expect(types((await raw.history(b.wf)).slice(4))).toEqual([
      E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
  }, 30_000);
});

describe('an update the completed task delivered and the worker left unanswered', () => {
  const UNPROCESSED = {
    message:
      "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
    source: 'Server',
    applicationFailureInfo: { type: 'UnprocessedUpdate', nonRetryable: true },
  };

  it('is rejected by the server (GS rejectUnprocessedUpdates), not delivered again', async () => {
    const wf = await raw.start();
    const updateId = await raw.admit(wf);
    const first = await raw.poll(wf.taskQueue);
    expect(messageIds(first)).toEqual([updateId]);
    const res = await raw.completeCached(wf, first);
    expect(res.workflowTask).toBeFalsy();
    expect((await raw.outcome(wf, updateId))?.failure).toMatchObject(UNPROCESSED);
    expect(types(await raw.history(wf))).toEqual(WRITTEN_BY_FIRST);
  }, 30_000);

  it('by a speculative task: rejected, and the task discarded', async () => {
    const wf = await raw.start();
    await raw.complete(await raw.poll(wf.taskQueue));
    const [answered, ignored] = [await raw.admit(wf), await raw.admit(wf)];
    const task = await raw.poll(wf.taskQueue);
    expect(messageIds(task).sort()).toEqual([answered, ignored].sort());
    const res = await raw.completeCached(wf, task, { messages: [rejection(task, answered)] });
    expect(Number(res.resetHistoryEventId)).toBe(3);
    expect(res.workflowTask).toBeFalsy();
    expect((await raw.outcome(wf, answered))?.failure?.message).toBe('refused');
    expect((await raw.outcome(wf, ignored))?.failure).toMatchObject(UNPROCESSED);
    expect(types(await raw.history(wf))).toEqual(WRITTEN_BY_FIRST);
  }, 30_000);
});

describe('a restart while the speculative task runs', () => {
  it('loses the task and its update, as GS loses its update registry: the update is admitted again', async () => {
    const databaseUrl = await createTestDatabase('update_next_task_restart');
    let server = await startTemporalServer({ databaseUrl });
    let connection = await Connection.connect({ address: server.address });
    const own = rawProtocol(() => ({ connection }), 'next-task-restart');
    try {
      const wf = await own.start();
      const first = await own.poll(wf.taskQueue);
      const updateId = await own.admit(wf);
      expect(messageIds((await own.completeCached(wf, first)).workflowTask)).toEqual([updateId]);
      await connection.close();
      await server.stop();
      server = await startTemporalServer({ databaseUrl });
      connection = await Connection.connect({ address: server.address });
      // The stored run has neither the task nor the update: the client's retry admits it anew, and a poll
      // gets a task carrying it (a stored admitted update without a task would wait for ever).
      expect(types(await own.history(wf))).toEqual(WRITTEN_BY_FIRST);
      await own.svc().updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: wf.workflowId },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
        },
        request: { meta: { updateId, identity: 'client' }, input: { name: 'anything' } },
      });
      const task = await own.poll(wf.taskQueue);
      expect(messageIds(task)).toEqual([updateId]);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 60_000);
});

describe("a heartbeat's task", () => {
  it('carries only the updates not sent yet; a polled retry carries them all again', async () => {
    const wf = await raw.start();
    const first = await raw.poll(wf.taskQueue);
    const u1 = await raw.admit(wf);
    // A heartbeat of the first task: its successor is returned with the update that came meanwhile.
    const second = (await raw.completeCached(wf, first, { forceCreateNewWorkflowTask: true })).workflowTask!;
    expect(messageIds(second)).toEqual([u1]);
    const u2 = await raw.admit(wf);
    // The worker holds u1 unanswered and heartbeats again: only u2 is new to it.
    const third = (await raw.completeCached(wf, second, { forceCreateNewWorkflowTask: true })).workflowTask!;
    expect(messageIds(third)).toEqual([u2]);
    // Another heartbeat with nothing new: no update at all.
    const fourth = (await raw.completeCached(wf, third, { forceCreateNewWorkflowTask: true })).workflowTask!;
    expect(messageIds(fourth)).toEqual([]);
    // The task fails: the retry, polled, delivers every update not answered (GS includeAlreadySent).
    await raw.fail(fourth);
    const retry = await raw.poll(wf.taskQueue);
    expect(messageIds(retry).sort()).toEqual([u1, u2].sort());
    await raw.complete(retry, { messages: [acceptance(retry, u1), acceptance(retry, u2)] });
    const accepted = (await raw.history(wf)).filter(
      (e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId)).toEqual(
      [u1, u2],
    );
  }, 30_000);
});

describe('real SDK worker', () => {
  it('an update rejected while another is accepted writes nothing, overlapping or not, and the history replays', async () => {
    const handle = await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: `next-task-sdk-${Date.now()}`,
    });
    await handle.executeUpdate(setValueUpdate, { args: ['warm'] });
    const before = (await handle.fetchHistory()).events?.length ?? 0;
    const pairs = 20;
    const trips = await roundTripsPer(pairs, async (i) => {
      // Sent together, the rejected update often arrives while the accepted one's task runs.
      const [accepted, rejected] = await Promise.allSettled([
        handle.executeUpdate(setValueUpdate, { args: [`v${i}`] }),
        handle.executeUpdate(setValueUpdate, { args: ['bad'] }),
      ]);
      expect(accepted.status).toBe('fulfilled');
      expect(rejected.status).toBe('rejected');
    });
    const events = ((await handle.fetchHistory()).events ?? []).slice(before);
    // Reported for bench/notes/s16-engine-parity2.md: events and PostgreSQL round trips per pair.
    console.log(JSON.stringify({ perPair: { events: events.length / pairs, ...trips } }));
    // Each accepted update: Scheduled, Started, Completed, UpdateAccepted, UpdateCompleted; rejections: nothing.
    expect(events.length).toBe(5 * pairs);
    expect(trips.commits).toBe(1);
    await handle.signal(finishSignal);
    await handle.result();
    await Worker.runReplayHistory(engineTestWorkflowCode(), await handle.fetchHistory(), handle.workflowId);
  }, 120_000);
});

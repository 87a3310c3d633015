/**
 * An update whose admission lived only in memory (a speculative task, GS update registry) and was lost:
 * the run's state evicted from the StateCache, or the server restarted. As the Go server
 * (GS update/abort_reason.go AbortReasonRegistryCleared, WorkflowUpdateAbortedErr), the caller never sees
 * NOT_FOUND: the server admits the update again itself, or answers the retryable UNAVAILABLE "workflow
 * update was aborted" and the SDK client sends the same update id again. An accepted update is in the
 * persisted state and survives both; a completed one answers its outcome from history.
 */
import { randomUUID } from 'node:crypto';
import Long from 'long';
import { Client, Connection, WithStartWorkflowOperation, WorkflowUpdateStage } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { startTemporalServer, type RunningTemporalServer } from '@netral/embedded-temporal';
import { release } from './activities';
import { createWorker, startEnv, type TemporalTestEnv } from './support';
import { blockedUpdate, finishSignal, setValueUpdate } from './workflows';
import { createTestDatabase } from '../support/database';

const { EventType, UpdateWorkflowExecutionLifecycleStage: Stage } = temporal.api.enums.v1;
type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type Service = temporal.api.workflowservice.v1.WorkflowService;
type Message = temporal.api.protocol.v1.IMessage;

const any = (type: string, value: Uint8Array) =>
  ({ type_url: `type.googleapis.com/${type}`, value }) as unknown as Message['body'];

/** A raw worker over gRPC: it decides when (and whether) each speculative task is answered. */
function rawWorker(svc: () => Service) {
  const poll = (taskQueue: string) =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw' });
  /** Polls until a task carrying this update's request comes (stale entries answer empty or other tasks). */
  async function pollFor(taskQueue: string, updateId: string): Promise<PollResponse> {
    for (;;) {
      const task = await poll(taskQueue);
      if (task.messages?.some((m) => m.protocolInstanceId === updateId)) return task;
      if (task.taskToken?.length) await complete(task, []);
    }
  }
  function accept(task: PollResponse, updateId: string, result?: string): Message[] {
    const request = task.messages!.find((m) => m.protocolInstanceId === updateId)!;
    const acceptance = temporal.api.update.v1.Acceptance.encode({
      acceptedRequestMessageId: request.id,
      acceptedRequestSequencingEventId: request.eventId,
    }).finish();
    const messages: Message[] = [
      {
        id: `${updateId}/accept`,
        protocolInstanceId: updateId,
        body: any('temporal.api.update.v1.Acceptance', acceptance),
      },
    ];
    if (result === undefined) return messages;
    const response = temporal.api.update.v1.Response.encode({
      meta: { updateId },
      outcome: { success: { payloads: [defaultPayloadConverter.toPayload(result)] } },
    }).finish();
    messages.push({
      id: `${updateId}/complete`,
      protocolInstanceId: updateId,
      body: any('temporal.api.update.v1.Response', response),
    });
    return messages;
  }
  const complete = (task: PollResponse, messages: Message[]) =>
    svc().respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'raw',
      messages,
      capabilities: { discardSpeculativeWorkflowTaskWithEvents: true },
    });
  /** A raw workflow whose first task completed with no commands: idle, so an update gets a speculative task. */
  async function idleWorkflow(workflowId: string, taskQueue: string, taskTimeoutSeconds = 10): Promise<void> {
    await svc().startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'rawWorkflow' },
      taskQueue: { name: taskQueue },
      workflowTaskTimeout: { seconds: Long.fromNumber(taskTimeoutSeconds) },
      requestId: randomUUID(),
    });
    await complete(await poll(taskQueue), []);
  }
  return { poll, pollFor, accept, complete, idleWorkflow };
}

describe('state evicted from the cache (one run cached)', () => {
  let env: TemporalTestEnv;
  beforeAll(async () => {
    env = await startEnv('update_evicted', { server: { stateCacheRuns: 1 } });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });
  const raw = () => rawWorker(() => env.connection.workflowService);

  it('an update lost with its speculative task is admitted again; the stale task answers NOT_FOUND', async () => {
    const { pollFor, accept, complete, idleWorkflow } = raw();
    const workflowId = `evicted-${randomUUID()}`;
    const taskQueue = `evicted-queue-${randomUUID()}`;
    await idleWorkflow(workflowId, taskQueue);
    const updateId = `upd-${randomUUID()}`;
    const call = env.connection.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
      request: { meta: { updateId, identity: 'client' }, input: { name: 'anything' } },
    });
    const lost = await pollFor(taskQueue, updateId);

    // Another workflow's transaction takes the only cache slot: the admission and the task are gone.
    await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: `other-${randomUUID()}`,
    });

    // The server admitted the update again (a new speculative task); the worker's old task is stale (GS:
    // a completion for a task the mutable state does not have is NOT_FOUND, the SDK drops it).
    const again = await pollFor(taskQueue, updateId);
    await expect(complete(lost, accept(lost, updateId, 'stale'))).rejects.toMatchObject({ code: 5 });
    await complete(again, accept(again, updateId, 'done'));

    const res = await call;
    expect(res.stage).toBe(Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED);
    expect(defaultPayloadConverter.fromPayload(res.outcome!.success!.payloads![0])).toBe('done');
    const events = (
      await env.connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
      })
    ).history!.events!;
    const of = (t: number) => events.filter((e) => e.eventType === t).length;
    expect(of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(1);
    expect(of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toBe(1);

    // A completed update is found by its id after any eviction: its outcome comes from history.
    await env.client.workflow.start('updatable', {
      taskQueue: env.taskQueue,
      workflowId: `other-${randomUUID()}`,
    });
    const polled = await env.connection.workflowService.pollWorkflowExecutionUpdate({
      namespace: 'default',
      updateRef: { workflowExecution: { workflowId }, updateId },
      waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
    });
    expect(defaultPayloadConverter.fromPayload(polled.outcome!.success!.payloads![0])).toBe('done');
  }, 60_000);

  it('with the SDK worker, updates to two workflows evicting each other all end with their real outcome', async () => {
    const handles = await Promise.all(
      [1, 2].map((i) =>
        env.client.workflow.start('updatable', {
          taskQueue: env.taskQueue,
          workflowId: `thrash-${i}-${randomUUID()}`,
        }),
      ),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        handles[i % 2].executeUpdate(setValueUpdate, { args: [`v${i}`], updateId: `thrash-${i}` }),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    for (const handle of handles) {
      await handle.signal(finishSignal);
      const value = await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const completed = events.filter(
        (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      );
      // Each update ran exactly once, whatever the evictions: six per workflow, the last value kept.
      expect(completed).toHaveLength(6);
      expect(value).toMatch(/^v\d+$/);
    }
  }, 90_000);

  it('update-with-start on workflows evicting each other: each update runs once, each start once', async () => {
    const ids = [1, 2].map((i) => `with-start-${i}-${randomUUID()}`);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        env.client.workflow.executeUpdateWithStart(setValueUpdate, {
          args: [`w${i}`],
          updateId: `with-start-${i}`,
          startWorkflowOperation: new WithStartWorkflowOperation('updatable', {
            workflowId: ids[i % 2],
            taskQueue: env.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      ),
    );
    expect(results).toHaveLength(8);
    for (const workflowId of ids) {
      const handle = env.client.workflow.getHandle(workflowId);
      await handle.signal(finishSignal);
      await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      const of = (t: number) => events.filter((e) => e.eventType === t).length;
      expect(of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)).toBe(1);
      expect(of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toBe(4);
    }
  }, 90_000);
});

describe('the worker holding the speculative task goes away', () => {
  let env: TemporalTestEnv;
  beforeAll(async () => {
    env = await startEnv('update_worker_gone');
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('its start-to-close timeout writes the task timed out and the retry delivers the update again', async () => {
    const { pollFor, accept, complete, idleWorkflow } = rawWorker(() => env.connection.workflowService);
    const workflowId = `gone-${randomUUID()}`;
    const taskQueue = `gone-queue-${randomUUID()}`;
    await idleWorkflow(workflowId, taskQueue, 1);
    const updateId = `upd-${randomUUID()}`;
    const result = env.client.workflow.getHandle(workflowId).executeUpdate('anything', { updateId });
    const held = await pollFor(taskQueue, updateId);
    // Never answered: after 1 s (the run's workflow task timeout) the server times it out.
    const retry = await pollFor(taskQueue, updateId);
    expect(Number(retry.attempt)).toBe(2);
    await expect(complete(held, [])).rejects.toMatchObject({ code: 5 });
    await complete(retry, accept(retry, updateId, 'second worker'));
    expect(await result).toBe('second worker');
    const events = (
      await env.connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
      })
    ).history!.events!;
    const timedOut = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    expect(timedOut?.workflowTaskTimedOutEventAttributes?.timeoutType).toBe(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    );
  }, 60_000);
});

describe('server restarted on the same database and port', () => {
  let server: RunningTemporalServer | undefined;
  let connection: Connection | undefined;
  let nativeConnection: NativeConnection | undefined;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await nativeConnection?.close();
    await connection?.close();
    await server?.stop();
  });

  it('an admitted update is admitted again by the client’s retry; an accepted one completes after it', async () => {
    const databaseUrl = await createTestDatabase('update_restart');
    server = await startTemporalServer({ databaseUrl });
    await server.ready;
    const port = server.port;
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    const taskQueue = 'tq-update-restart';
    worker = await createWorker(nativeConnection, taskQueue);
    workerRun = worker.run();
    const { pollFor, accept, complete, idleWorkflow } = rawWorker(() => connection!.workflowService);

    // Accepted, in flight: its handler waits for an activity the test releases after the restart.
    const sdkWorkflow = await client.workflow.start('updatable', {
      taskQueue,
      workflowId: `restart-${randomUUID()}`,
    });
    const key = `restart-${randomUUID()}`;
    const accepted = await sdkWorkflow.startUpdate(blockedUpdate, {
      args: [key],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });

    // Admitted only: its speculative task is held by a raw worker that never answers it.
    const rawId = `restart-raw-${randomUUID()}`;
    const rawQueue = `restart-raw-queue-${randomUUID()}`;
    await idleWorkflow(rawId, rawQueue);
    const updateId = `upd-${randomUUID()}`;
    const admitted = client.workflow.getHandle(rawId).executeUpdate('anything', { updateId });
    await pollFor(rawQueue, updateId);

    await server.stop();
    server = await startTemporalServer({ databaseUrl, port });
    await server.ready;

    // The SDK client got UNAVAILABLE and sent the update again: a new task carries it.
    const again = await pollFor(rawQueue, updateId);
    await complete(again, accept(again, updateId, 'after restart'));
    expect(await admitted).toBe('after restart');

    release(key);
    expect(await accepted.result()).toBe(`released ${key}`);
    await sdkWorkflow.signal(finishSignal);
    await sdkWorkflow.result();
  }, 90_000);
});

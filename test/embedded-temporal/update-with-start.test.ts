/**
 * Update-with-start (ExecuteMultiOperation) through the real SDK: a new workflow gets the update in its
 * first workflow task, a running one is reused under USE_EXISTING, a validator rejection writes no update
 * event, a retry with the same update id returns the first outcome, and per-operation errors come back in a
 * MultiOperationExecutionFailure as the real server sends them.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { temporal, google } from '@temporalio/proto';
import { startEnv, type TemporalTestEnv } from './support';
import { echoUpdate, finishSignal, setValueUpdate } from './workflows';

const EventType = temporal.api.enums.v1.EventType;
const Conflict = temporal.api.enums.v1.WorkflowIdConflictPolicy;
let env: TemporalTestEnv;
let n = 0;
const id = (prefix: string) => `uws-${prefix}-${++n}`;

beforeAll(async () => {
  env = await startEnv('update_with_start');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

function startOp(
  workflowId: string,
  conflict: 'USE_EXISTING' | 'FAIL' | 'TERMINATE_EXISTING' = 'USE_EXISTING',
  extra: Record<string, unknown> = {},
) {
  return new WithStartWorkflowOperation('updatable', {
    workflowId,
    taskQueue: env.taskQueue,
    workflowIdConflictPolicy: conflict,
    ...extra,
  });
}

async function eventTypes(workflowId: string, runId?: string): Promise<number[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((e) => e.eventType as number);
}

const updateEvents = (types: number[]) =>
  types.filter(
    (t) =>
      t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ||
      t === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
  );

describe('update-with-start', () => {
  it('starts a new workflow whose first workflow task carries the update', async () => {
    const workflowId = id('new');
    const op = startOp(workflowId);
    const update = await env.client.workflow.startUpdateWithStart(setValueUpdate, {
      args: ['first'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: op,
    });
    expect(await update.result()).toBe('initial');
    const handle = await op.workflowHandle();
    expect((await handle.describe()).runId).toBe(update.workflowRunId);
    // Started, then the first task, which accepts and completes the update: no task ran without it.
    expect((await eventTypes(workflowId)).slice(0, 6)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
    ]);
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('first');
  });

  it('reuses a running workflow under USE_EXISTING and refuses it under FAIL, writing nothing', async () => {
    const workflowId = id('existing');
    const running = await env.client.workflow.start('updatable', { workflowId, taskQueue: env.taskQueue });
    await running.executeUpdate(setValueUpdate, { args: ['one'] });

    const update = await env.client.workflow.startUpdateWithStart(setValueUpdate, {
      args: ['two'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: startOp(workflowId),
    });
    expect(await update.result()).toBe('one');
    expect(update.workflowRunId).toBe(running.firstExecutionRunId);

    const before = await eventTypes(workflowId);
    const failing = startOp(workflowId, 'FAIL');
    const err = await env.client.workflow
      .executeUpdateWithStart(setValueUpdate, { args: ['three'], startWorkflowOperation: failing })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await expect(failing.workflowHandle()).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect(await eventTypes(workflowId)).toEqual(before);
    expect((await env.client.workflow.count(`WorkflowId = '${workflowId}'`)).count).toBe(1);
  });

  it('a validator rejection fails the update and leaves no update event', async () => {
    const workflowId = id('rejected');
    const op = startOp(workflowId);
    const err = await env.client.workflow
      .executeUpdateWithStart(setValueUpdate, { args: ['bad'], startWorkflowOperation: op })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(/"bad" is refused/);
    // As on a real server the start stands; the rejected update left nothing in the history.
    const handle = await op.workflowHandle();
    expect(updateEvents(await eventTypes(workflowId))).toEqual([]);
    // The workflow's value is still the initial one.
    expect(await handle.executeUpdate(setValueUpdate, { args: ['good'] })).toBe('initial');
  });

  it('a retry with the same update id returns the first outcome and runs the update once', async () => {
    const workflowId = id('retry');
    const send = (value: string, conflict: 'USE_EXISTING' | 'FAIL') =>
      env.client.workflow.executeUpdateWithStart(setValueUpdate, {
        args: [value],
        updateId: 'register-1',
        startWorkflowOperation: startOp(workflowId, conflict),
      });
    expect(await send('a', 'USE_EXISTING')).toBe('initial');
    expect(await send('b', 'USE_EXISTING')).toBe('initial');
    // Even under FAIL: the completed update is found before the start policy is applied.
    expect(await send('c', 'FAIL')).toBe('initial');
    expect(updateEvents(await eventTypes(workflowId))).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
    ]);
    const handle = env.client.workflow.getHandle(workflowId);
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('a');
  });

  it('honours the wait policy: ACCEPTED returns before the update completes', async () => {
    const workflowId = id('accepted');
    const op = startOp(workflowId);
    const update = await env.client.workflow.startUpdateWithStart(echoUpdate, {
      args: ['via activity'],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: op,
    });
    expect(update.workflowRunId).toBe((await (await op.workflowHandle()).describe()).runId);
    expect(await update.result()).toBe('via activity');
  });

  it('starts a new run when the workflow has closed, and replaces a running one under TERMINATE_EXISTING', async () => {
    const workflowId = id('closed');
    const first = await env.client.workflow.start('updatable', { workflowId, taskQueue: env.taskQueue });
    await first.signal(finishSignal);
    await first.result();
    const send = (conflict: 'USE_EXISTING' | 'TERMINATE_EXISTING') =>
      env.client.workflow.startUpdateWithStart(setValueUpdate, {
        args: [conflict],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
        startWorkflowOperation: startOp(workflowId, conflict),
      });
    const second = await send('USE_EXISTING');
    expect(await second.result()).toBe('initial');
    expect(second.workflowRunId).not.toBe(first.firstExecutionRunId);

    const third = await send('TERMINATE_EXISTING');
    expect(await third.result()).toBe('initial');
    expect(third.workflowRunId).not.toBe(second.workflowRunId);
    const replaced = await env.client.workflow.getHandle(workflowId, second.workflowRunId).describe();
    expect(replaced.status.name).toBe('TERMINATED');
  });

  it('reports per-operation errors in a MultiOperationExecutionFailure', async () => {
    const service = env.connection.workflowService;
    const workflowId = id('invalid');
    const payloads = { payloads: [] };
    const request = (cron: string, waitStage: number) => ({
      namespace: 'default',
      operations: [
        {
          startWorkflow: {
            namespace: 'default',
            workflowId,
            workflowType: { name: 'updatable' },
            taskQueue: { name: env.taskQueue },
            requestId: `req-${workflowId}`,
            cronSchedule: cron,
            workflowIdConflictPolicy: Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
          },
        },
        {
          updateWorkflow: {
            namespace: 'default',
            workflowExecution: { workflowId },
            request: { meta: { updateId: 'u1' }, input: { name: 'setValue', args: payloads } },
            waitPolicy: { lifecycleStage: waitStage },
          },
        },
      ],
    });
    const statusesOf = (e: unknown) => {
      const raw = (e as { metadata: { get(k: string): unknown[] } }).metadata.get(
        'grpc-status-details-bin',
      )[0];
      const rpcStatus = google.rpc.Status.decode(raw as Buffer);
      const any = rpcStatus.details[0] as unknown as { type_url: string; value: Uint8Array };
      expect(any.type_url).toMatch(/temporal\.api\.errordetails\.v1\.MultiOperationExecutionFailure$/);
      const failure = temporal.api.errordetails.v1.MultiOperationExecutionFailure.decode(any.value);
      return failure.statuses.map((s) => ({
        code: s.code,
        message: s.message,
        detail: (s.details?.[0] as unknown as { type_url?: string } | undefined)?.type_url?.replace(
          /^.*\//,
          '',
        ),
      }));
    };
    const COMPLETED =
      temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
        .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
    const ADMITTED =
      temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
        .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;

    // The start half is invalid: the start carries the error, the update is aborted.
    const cronError = await service
      .executeMultiOperation(request('* * * * *', COMPLETED))
      .catch((e: unknown) => e);
    expect((cronError as { code: number }).code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(statusesOf(cronError)).toEqual([
      { code: grpcStatus.INVALID_ARGUMENT, message: 'CronSchedule is not allowed.', detail: undefined },
      {
        code: grpcStatus.ABORTED,
        message: 'Operation was aborted.',
        detail: 'temporal.api.failure.v1.MultiOperationExecutionAborted',
      },
    ]);
    // The update half is invalid.
    const admittedError = await service.executeMultiOperation(request('', ADMITTED)).catch((e: unknown) => e);
    expect((admittedError as { code: number }).code).toBe(grpcStatus.PERMISSION_DENIED);
    expect(statusesOf(admittedError).map((s) => s.code)).toEqual([
      grpcStatus.ABORTED,
      grpcStatus.PERMISSION_DENIED,
    ]);
    // Nothing was started by either.
    await expect(env.client.workflow.getHandle(workflowId).describe()).rejects.toThrow();

    // A start conflict under FAIL: ALREADY_EXISTS with the typed detail the SDK maps.
    await env.client.workflow.start('updatable', { workflowId, taskQueue: env.taskQueue });
    const req = request('', COMPLETED);
    req.operations[0].startWorkflow!.workflowIdConflictPolicy = Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL;
    req.operations[0].startWorkflow!.requestId = 'another-request';
    const conflict = await service.executeMultiOperation(req).catch((e: unknown) => e);
    expect((conflict as { code: number }).code).toBe(grpcStatus.ALREADY_EXISTS);
    expect(statusesOf(conflict).map((s) => [s.code, s.detail])).toEqual([
      [grpcStatus.ALREADY_EXISTS, 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure'],
      [grpcStatus.ABORTED, 'temporal.api.failure.v1.MultiOperationExecutionAborted'],
    ]);
    // Operations other than [Start, Update] are refused outright.
    await expect(
      service.executeMultiOperation({ namespace: 'default', operations: [req.operations[1]] }),
    ).rejects.toMatchObject({ code: grpcStatus.INVALID_ARGUMENT });
  });
});

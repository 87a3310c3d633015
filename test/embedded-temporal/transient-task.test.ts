/**
 * Transient workflow tasks, as the Go server keeps them (GS workflow_task_state_machine.go: a task's attempt
 * past the first writes no WorkflowTaskScheduled / Started until it completes; the poll response carries them
 * at the end of the history, GetTransientWorkflowTaskInfo; a failed or timed-out transient attempt writes no
 * WorkflowTaskFailed / TimedOut). A task that keeps failing thus leaves one failure in the history, not one
 * per attempt. Events that arrive meanwhile end the retries: the next task is a normal one, attempt 1.
 * The failing worker is played over raw gRPC; the real SDK worker then completes the task and replays.
 */
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { ids, rawProtocol, types, type RawWorkflow } from './raw-protocol';
import { createWorker, startEnv, type TemporalTestEnv } from './support';
import { engineTestWorkflowCode } from '../support/workflow-bundles';

const { EventType, CommandType } = temporal.api.enums.v1;

let env: TemporalTestEnv;

beforeAll(async () => {
  env = await startEnv('transient_task');
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

const raw = rawProtocol(() => env, 'transient');
const { svc, fail, signal } = raw;
const E = EventType;

const start = (workflowType = 'rawWorkflow', input?: unknown) => raw.start({ workflowType, input });
const poll = (wf: RawWorkflow) => raw.poll(wf.taskQueue);
const stored = raw.history;
const FIRST_FAILURE = [
  E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  E.EVENT_TYPE_WORKFLOW_TASK_FAILED,
];

it('writes a retried attempt only when it completes, and nothing for the attempts that fail', async () => {
  const wf = await start();
  await fail(await poll(wf));
  for (const attempt of [2, 3]) {
    const task = await poll(wf);
    expect(task.attempt).toBe(attempt);
    // The poll carries the attempt's Scheduled / Started after the stored history, with the next ids.
    expect(ids(task)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(types(task.history?.events).slice(4)).toEqual([
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    ]);
    expect(task.history!.events![4].workflowTaskScheduledEventAttributes!.attempt).toBe(attempt);
    expect(Number(task.startedEventId)).toBe(6);
    // Nobody reading the history sees them.
    expect(types(await stored(wf))).toEqual(FIRST_FAILURE);
    if (attempt === 2) await fail(task);
    else
      await svc().respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: task.taskToken,
        identity: 'raw',
        commands: [
          {
            commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
            completeWorkflowExecutionCommandAttributes: {},
          },
        ],
      });
  }
  const history = await stored(wf);
  expect(types(history)).toEqual([
    ...FIRST_FAILURE,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  ]);
  expect(history[4].workflowTaskScheduledEventAttributes!.attempt).toBe(3);
  expect(Number(history[6].workflowTaskCompletedEventAttributes!.startedEventId)).toBe(6);
});

it('ends the retries when a signal comes during a transient attempt: attempt 1, written', async () => {
  const wf = await start();
  await fail(await poll(wf));
  const second = await poll(wf);
  expect(second.attempt).toBe(2);
  await signal(wf);
  await fail(second);
  const next = await poll(wf);
  expect(next.attempt).toBe(1);
  expect(types(await stored(wf))).toEqual([
    ...FIRST_FAILURE,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
});

it('starts a transient attempt that events followed as a normal task, attempt 1', async () => {
  const wf = await start();
  await fail(await poll(wf));
  // Attempt 2 waits, transient; a signal is written meanwhile (no task is running to buffer it).
  await signal(wf);
  expect(types(await stored(wf))).toEqual([...FIRST_FAILURE, E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]);
  const next = await poll(wf);
  expect(next.attempt).toBe(1);
  expect(ids(next)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(types(await stored(wf)).slice(4)).toEqual([
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  ]);
});

it('a transient attempt that closes the run over a buffered signal fails (UnhandledCommand) without an event', async () => {
  const wf = await start();
  await fail(await poll(wf));
  const second = await poll(wf);
  await signal(wf);
  await expect(
    svc().respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: second.taskToken,
      identity: 'raw',
      commands: [
        {
          commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    }),
  ).rejects.toMatchObject({ details: 'UnhandledCommand' });
  // GS AddWorkflowTaskFailedEvent writes nothing for a transient attempt; the signal is written, and the
  // next task is a normal one, attempt 1.
  expect(types(await stored(wf))).toEqual([
    ...FIRST_FAILURE,
    E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  ]);
  expect((await poll(wf)).attempt).toBe(1);
});

it('terminating a run during a transient attempt writes no task failure for it', async () => {
  const wf = await start();
  await fail(await poll(wf));
  await poll(wf);
  await svc().terminateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
    reason: 'enough',
  });
  expect(types(await stored(wf))).toEqual([...FIRST_FAILURE, E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]);
});

it('the real SDK worker completes a transient attempt, and replays the history it leaves', async () => {
  const wf = await start('longTimer', 10);
  await fail(await poll(wf));
  await fail(await poll(wf));
  const worker = await createWorker(env.nativeConnection, wf.taskQueue);
  const handle = env.client.workflow.getHandle(wf.workflowId);
  const result = await worker.runUntil(handle.result());
  expect(result).toBe('timer fired');
  const history = await handle.fetchHistory();
  expect(types(history.events).slice(0, 7)).toEqual([
    ...FIRST_FAILURE,
    E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  ]);
  expect(history.events![4].workflowTaskScheduledEventAttributes!.attempt).toBe(3);
  await Worker.runReplayHistory(engineTestWorkflowCode(), history, wf.workflowId);
}, 60_000);

it('refuses an update while the task keeps failing (attempt 3), in the Go server words', async () => {
  const wf = await start();
  await fail(await poll(wf));
  await fail(await poll(wf));
  const update = svc().updateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: wf.workflowId },
    waitPolicy: {
      lifecycleStage:
        temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
          .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
    },
    request: { meta: { updateId: `upd-${randomUUID()}` }, input: { name: 'anything' } },
  });
  // GS updateworkflow/api.go: serviceerror.NewWorkflowNotReady (FAILED_PRECONDITION, WorkflowNotReadyFailure).
  await expect(update).rejects.toMatchObject({
    code: status.FAILED_PRECONDITION,
    details: 'Unable to perform workflow execution update due to Workflow Task in failed state.',
  });
  const error = (await update.catch((e: unknown) => e)) as { metadata: { get(k: string): unknown[] } };
  const rpcStatus = error.metadata.get('grpc-status-details-bin')[0] as Buffer;
  expect(rpcStatus.toString('latin1')).toContain('temporal.api.errordetails.v1.WorkflowNotReadyFailure');
});

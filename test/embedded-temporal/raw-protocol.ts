/**
 * The raw-protocol side of the engine tests: a worker and a client played over plain gRPC against the
 * embedded server (support.ts starts it), so that a test sees exactly what a poll or a completion returns
 * and decides when each answer comes. One instance per test file: `rawProtocol(() => env, 'prefix')`.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { Connection } from '@temporalio/client';
import Long from 'long';

const { TaskQueueKind, WorkflowTaskFailedCause } = temporal.api.enums.v1;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
export type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
export type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;
export type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
export type Event = temporal.api.history.v1.IHistoryEvent;
export type Message = temporal.api.protocol.v1.IMessage;

/** A run started by `start`: its normal queue, and a sticky queue of its own for a worker to name. */
export interface RawWorkflow {
  workflowId: string;
  taskQueue: string;
  stickyQueue: string;
}

export const types = (events: Event[] | null | undefined) => (events ?? []).map((e) => e.eventType);
export const ids = (task: PollResponse | null | undefined) =>
  (task?.history?.events ?? []).map((e) => Number(e.eventId));
export const seconds = (s: number) => ({ seconds: Long.fromNumber(s) });

/** A JSON payload list, as the SDK's default converter writes one argument. */
export const jsonInput = (value: unknown) => ({
  payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) }],
});

const any = (type: string, value: Uint8Array) =>
  ({ type_url: `type.googleapis.com/${type}`, value }) as unknown as Message['body'];

function requestOf(task: PollResponse, updateId: string): Message {
  const request = task.messages?.find((m) => m.protocolInstanceId === updateId);
  if (!request) throw new Error(`the task carries no request of update ${updateId}`);
  return request;
}

/** The worker's Acceptance of an update the task delivered. */
export function acceptance(task: PollResponse, updateId: string): Message {
  const request = requestOf(task, updateId);
  const body = temporal.api.update.v1.Acceptance.encode({
    acceptedRequestMessageId: request.id,
    acceptedRequestSequencingEventId: request.eventId,
  }).finish();
  return {
    id: `${updateId}/accept`,
    protocolInstanceId: updateId,
    body: any('temporal.api.update.v1.Acceptance', body),
  };
}

/** The worker's Rejection of an update the task delivered (failure message "refused"). */
export function rejection(task: PollResponse, updateId: string): Message {
  const request = requestOf(task, updateId);
  const body = temporal.api.update.v1.Rejection.encode({
    rejectedRequestMessageId: request.id,
    rejectedRequestSequencingEventId: request.eventId,
    failure: { message: 'refused' },
  }).finish();
  return {
    id: `${updateId}/reject`,
    protocolInstanceId: updateId,
    body: any('temporal.api.update.v1.Rejection', body),
  };
}

/**
 * The calls of one test file, named after `prefix` (workflow ids and queues unique within its database), on
 * the client connection `env()` has when called (a TemporalTestEnv, or a server of the test's own), as the
 * worker `identity`.
 */
export function rawProtocol(env: () => { connection: Connection }, prefix: string, identity = 'raw') {
  let n = 0;
  const svc = () => env().connection.workflowService;
  const poll = (taskQueue: string) =>
    svc().pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity });
  /** The sticky attributes Core names on a completion when it caches the run. */
  const stickyAttributes = (wf: RawWorkflow, scheduleToStartSeconds = 10) => ({
    workerTaskQueue: {
      name: wf.stickyQueue,
      kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
      normalName: wf.taskQueue,
    },
    scheduleToStartTimeout: seconds(scheduleToStartSeconds),
  });
  return {
    svc,
    poll,
    stickyAttributes,
    /** Starts a workflow on a queue of its own (nothing polls it until the test does); `extra` goes in the request. */
    async start(
      opts: { workflowType?: string; input?: unknown; extra?: Partial<StartRequest> } = {},
    ): Promise<RawWorkflow & { runId: string }> {
      const workflowId = `${prefix}-${++n}`;
      const taskQueue = `${prefix}-queue-${n}-${randomUUID()}`;
      const res = await svc().startWorkflowExecution({
        namespace: 'default',
        workflowId,
        workflowType: { name: opts.workflowType ?? 'rawWorkflow' },
        taskQueue: { name: taskQueue },
        requestId: randomUUID(),
        ...(opts.input === undefined ? {} : { input: jsonInput(opts.input) }),
        ...opts.extra,
      });
      return { workflowId, taskQueue, stickyQueue: `${taskQueue}-sticky-${randomUUID()}`, runId: res.runId };
    },
    pollSticky: (wf: RawWorkflow) =>
      svc().pollWorkflowTaskQueue({
        namespace: 'default',
        taskQueue: {
          name: wf.stickyQueue,
          kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
          normalName: wf.taskQueue,
        },
        identity,
      }),
    /** RespondWorkflowTaskCompleted with nothing but what `more` sets. */
    complete: (task: PollResponse, more: Partial<CompletedRequest> = {}) =>
      svc().respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: task.taskToken,
        identity,
        ...more,
      }),
    /** Completes a task as Core does for a cached run: sticky attributes and return_new_workflow_task. */
    completeCached: (wf: RawWorkflow, task: PollResponse, more: Partial<CompletedRequest> = {}) =>
      svc().respondWorkflowTaskCompleted({
        namespace: 'default',
        taskToken: task.taskToken,
        identity,
        returnNewWorkflowTask: true,
        stickyAttributes: stickyAttributes(wf),
        ...more,
      }),
    fail: (task: PollResponse, message = 'flaps') =>
      svc().respondWorkflowTaskFailed({
        namespace: 'default',
        taskToken: task.taskToken,
        cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
        failure: { message },
        identity,
      }),
    signal: (wf: { workflowId: string }) =>
      svc().signalWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: wf.workflowId },
        signalName: 'poke',
        requestId: randomUUID(),
      }),
    /** The history as GetWorkflowExecutionHistory shows it (what was written). */
    async history(wf: { workflowId: string }): Promise<Event[]> {
      const res = await svc().getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: wf.workflowId },
      });
      return res.history?.events ?? [];
    },
    /** An update's outcome, waiting (up to the server's cap) until it is completed. */
    async outcome(wf: { workflowId: string }, updateId: string) {
      const res = await svc().pollWorkflowExecutionUpdate({
        namespace: 'default',
        updateRef: { workflowExecution: { workflowId: wf.workflowId }, updateId },
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
      });
      return res.outcome;
    },
    /** Sends an update and waits until it is admitted; answers its id. */
    async admit(wf: { workflowId: string }): Promise<string> {
      const updateId = `upd-${randomUUID()}`;
      const res = await svc().updateWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: wf.workflowId },
        waitPolicy: { lifecycleStage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
        request: { meta: { updateId, identity: 'client' }, input: { name: 'anything' } },
      });
      if (res.stage !== Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED)
        throw new Error(`update ${updateId} answered stage ${String(res.stage)}, not ADMITTED`);
      return updateId;
    },
  };
}

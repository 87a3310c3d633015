/**
 * The RPCs of workers: polls for workflow and activity tasks, their completions, failures and heartbeats,
 * legacy query answers, and the sticky queue's end (ShutdownWorker, ResetStickyTaskQueue).
 */
import {
  activityRefFromId,
  cancelActivity,
  completeActivity,
  failActivity,
  heartbeatActivity,
  pollActivityTask,
} from '../engine/activities';
import { failingOnBadCommand } from '../engine/bad-command';
import type { Engine } from '../engine/engine';
import { unstickingOnFailure } from '../engine/speculative-failure';
import { resetStickyTaskQueue, shutdownStickyQueue } from '../engine/sticky';
import { decodeToken } from '../engine/task-token';
import { completeWorkflowTask } from '../engine/workflow-task-completion';
import { failWorkflowTask, LONG_POLL_MS, pollWorkflowTask } from '../engine/workflow-tasks';
import { enums, temporal } from '../proto';
import { type CallContext, type NamespaceCheck, waitBudget } from './call-context';
import { notFound } from './errors';

import wsv1 = temporal.api.workflowservice.v1;

export function workerTaskHandlers(
  engine: Engine,
  ns: NamespaceCheck,
): Record<string, (req: never, ctx: CallContext) => Promise<object>> {
  return {
    // A worker polls its normal queue and its own sticky queue alike (the name tells them apart).
    PollWorkflowTaskQueue: async (r: wsv1.IPollWorkflowTaskQueueRequest, ctx) =>
      pollWorkflowTask(
        engine,
        ns(r.namespace),
        r.taskQueue?.name ?? '',
        r.identity ?? '',
        waitBudget(ctx, LONG_POLL_MS),
        ctx.signal,
      ),

    // A command the server refuses (engine/bad-command.ts) fails the task instead; a speculative task whose
    // completion failed otherwise unbinds its run (engine/speculative-failure.ts).
    RespondWorkflowTaskCompleted: async (r: wsv1.IRespondWorkflowTaskCompletedRequest) =>
      unstickingOnFailure(r, engine, () =>
        failingOnBadCommand(
          engine,
          r,
          () => completeWorkflowTask(engine, r),
          (failed) => failWorkflowTask(engine, failed),
        ),
      ),

    RespondWorkflowTaskFailed: async (r: wsv1.IRespondWorkflowTaskFailedRequest) => {
      await failWorkflowTask(engine, r);
      return {};
    },

    PollActivityTaskQueue: async (r: wsv1.IPollActivityTaskQueueRequest, ctx) =>
      pollActivityTask(
        engine,
        ns(r.namespace),
        r.taskQueue?.name ?? '',
        r.identity ?? '',
        waitBudget(ctx, LONG_POLL_MS),
        ctx.signal,
      ),

    RespondActivityTaskCompleted: async (r: wsv1.IRespondActivityTaskCompletedRequest) => {
      await completeActivity(engine, { token: r.taskToken }, r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCompletedById: async (r: wsv1.IRespondActivityTaskCompletedByIdRequest) => {
      await completeActivity(engine, activityRefFromId(ns(r.namespace), r), r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed: async (r: wsv1.IRespondActivityTaskFailedRequest) => {
      await failActivity(engine, { token: r.taskToken }, r.failure, r.lastHeartbeatDetails, r.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskFailedById: async (r: wsv1.IRespondActivityTaskFailedByIdRequest) => {
      await failActivity(
        engine,
        activityRefFromId(ns(r.namespace), r),
        r.failure,
        r.lastHeartbeatDetails,
        r.identity ?? '',
      );
      return { failures: [] };
    },
    RespondActivityTaskCanceled: async (r: wsv1.IRespondActivityTaskCanceledRequest) => {
      await cancelActivity(engine, { token: r.taskToken }, r.details, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceledById: async (r: wsv1.IRespondActivityTaskCanceledByIdRequest) => {
      await cancelActivity(engine, activityRefFromId(ns(r.namespace), r), r.details, r.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeat: async (r: wsv1.IRecordActivityTaskHeartbeatRequest) =>
      heartbeatActivity(engine, { token: r.taskToken }, r.details),
    RecordActivityTaskHeartbeatById: async (r: wsv1.IRecordActivityTaskHeartbeatByIdRequest) =>
      heartbeatActivity(engine, activityRefFromId(ns(r.namespace), r), r.details),

    RespondQueryTaskCompleted: async (r: wsv1.IRespondQueryTaskCompletedRequest) => {
      const token = decodeToken(r.taskToken, 'q');
      const answered = engine.queries.answerLegacy(token.q ?? '', {
        resultType:
          r.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
            ? enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED
            : enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
        answer: r.queryResult,
        errorMessage: r.errorMessage,
        failure: r.failure,
      });
      if (!answered) throw notFound('query not found: it may have timed out');
      return {};
    },

    ShutdownWorker: async (r: wsv1.IShutdownWorkerRequest) => {
      await shutdownStickyQueue(engine, ns(r.namespace), r.stickyTaskQueue ?? '');
      return {};
    },
    ResetStickyTaskQueue: async (r: wsv1.IResetStickyTaskQueueRequest) => {
      await resetStickyTaskQueue(
        engine,
        ns(r.namespace),
        r.execution?.workflowId ?? '',
        r.execution?.runId ?? '',
      );
      return {};
    },
  };
}

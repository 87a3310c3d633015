/** PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions (engine/activity-control.ts). */
import {
  pauseActivities,
  resetActivities,
  unpauseActivities,
  updateActivityOptions,
} from '../engine/activity-control';
import type { Engine } from '../engine/engine';
import { temporal } from '../proto';
import { invalidArgument } from './errors';

import wsv1 = temporal.api.workflowservice.v1;

type Req = { namespace?: string | null; execution?: temporal.api.common.v1.IWorkflowExecution | null };

function target(r: Req, ns: (name: string | null | undefined) => string) {
  const workflowId = r.execution?.workflowId;
  if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
  return { namespace: ns(r.namespace), workflowId, runId: r.execution?.runId ?? '' };
}

export function activityControlHandlers(
  engine: Engine,
  ns: (name: string | null | undefined) => string,
): Record<string, (req: never) => Promise<object>> {
  return {
    PauseActivity: async (r: wsv1.IPauseActivityRequest) => {
      await pauseActivities(
        engine,
        target(r, ns),
        { id: r.id, type: r.type },
        { identity: r.identity ?? '', reason: r.reason ?? '', requestId: r.requestId ?? '' },
      );
      return {};
    },
    UnpauseActivity: async (r: wsv1.IUnpauseActivityRequest) => {
      await unpauseActivities(
        engine,
        target(r, ns),
        { id: r.id, type: r.type, all: r.unpauseAll },
        { resetAttempts: !!r.resetAttempts, resetHeartbeat: !!r.resetHeartbeat },
      );
      return {};
    },
    ResetActivity: async (r: wsv1.IResetActivityRequest) => {
      await resetActivities(
        engine,
        target(r, ns),
        { id: r.id, type: r.type, all: r.matchAll },
        { resetHeartbeat: !!r.resetHeartbeat, keepPaused: !!r.keepPaused },
      );
      return {};
    },
    UpdateActivityOptions: async (r: wsv1.IUpdateActivityOptionsRequest) =>
      updateActivityOptions(
        engine,
        target(r, ns),
        { id: r.id, type: r.type, all: r.matchAll },
        r.activityOptions,
        r.updateMask?.paths ?? [],
      ),
  };
}

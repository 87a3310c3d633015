/**
 * What the server keeps per schedule besides the schedule itself (spec, action, policies, state, which are
 * stored as the encoded `temporal.api.schedule.v1.Schedule`): the scheduler's bookkeeping, as the real
 * server keeps it in its scheduler workflow (`InternalState` + `ScheduleInfo`). Stored as JSON in
 * `temporal.schedules.state`; times are epoch milliseconds, payloads base64-encoded protobufs.
 */

/** A start waiting to be taken (the real server's BufferedStart). */
export interface BufferedStart {
  /** The spec's time (no jitter): the workflow id suffix and TemporalScheduledStartTime. */
  nominalTime: number;
  /** When the action was due (nominal + jitter). */
  actualTime: number;
  /** 0 (unspecified) resolves to the schedule's policy when the start is processed. */
  overlapPolicy: number;
  /** Trigger-immediately and backfill starts: no catch-up window, no pause, no action limit. */
  manual: boolean;
  /**
   * The start request's id, fixed when the start is buffered so that starting again after a crash finds
   * the run that was already started (the engine dedupes starts by request id).
   */
  requestId: string;
}

export interface RunningWorkflow {
  workflowId: string;
  /** The first run of the chain the schedule started (retries and continue-as-new keep the chain). */
  runId: string;
}

export interface RecentAction {
  /** When the action was due (actual time, with jitter). */
  scheduleTime: number;
  /** When the workflow was really started. */
  actualTime: number;
  workflowId: string;
  runId: string;
  /** temporal.api.enums.v1.WorkflowExecutionStatus of the started workflow, updated when it closes. */
  status: number;
}

export interface Backfill {
  startTime: number;
  endTime: number;
  overlapPolicy: number;
}

export interface ScheduleBookkeeping {
  /**
   * A fresh id per CreateSchedule: request ids of scheduled starts derive from it, so that a schedule
   * deleted and created again under the same id never mistakes the old schedule's workflows for its own.
   */
  incarnation: string;
  conflictToken: number;
  createTime: number;
  updateTime?: number;
  /** Everything up to here has been looked at: actions due up to this time were buffered, missed or skipped. */
  lastProcessedTime: number;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  /** Last ten actions, oldest first. */
  recentActions: RecentAction[];
  /** Started workflows that count for the overlap policy (not ALLOW_ALL ones), oldest first. */
  runningWorkflows: RunningWorkflow[];
  bufferedStarts: BufferedStart[];
  /**
   * The schedule's search attributes decoded to JSON values, plus TemporalSchedulePaused: what a
   * ListSchedules query filters on (as `search_attributes` of the visibility query translator).
   */
  visibility?: Record<string, unknown>;
  /** Result / failure of the last closed non-overlapping run, handed to the next start. */
  lastCompletionResult?: string;
  continuedFailure?: string;
}

/** The real server's tweakables (service/worker/scheduler/workflow.go, CurrentTweakablePolicies). */
export const SCHEDULER_LIMITS = {
  defaultCatchupWindowMs: 365 * 24 * 3600_000,
  minCatchupWindowMs: 10_000,
  futureActionCount: 10,
  recentActionCount: 10,
  futureActionCountForList: 5,
  recentActionCountForList: 5,
  maxBufferSize: 1000,
  notesSizeLimit: 1000,
} as const;

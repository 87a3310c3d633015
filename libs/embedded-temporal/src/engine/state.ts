/**
 * The mutable state of one workflow run, stored as JSON in `temporal.executions.state`. It holds what the
 * engine must know to decide the next step (which tasks, timers, activities, children and updates are
 * pending); payloads stay in history events, except small ones needed before they become events.
 */
import { enums } from '../proto';
import type { PriorityInfo } from './priority';

/** In the order of their WorkflowExecutionStatus values (1 to 7). */
export const STATUSES_IN_ENUM_ORDER = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;

export type ExecutionStatus = (typeof STATUSES_IN_ENUM_ORDER)[number];

export interface WorkflowTaskInfo {
  scheduledEventId: number;
  /** Set once a poller took the task; 0 while it waits on the queue. */
  startedEventId: number;
  attempt: number;
  scheduledTime: number;
  startedTime?: number;
  /** Update ids delivered in this task (returned to "admitted" if the task fails). */
  deliveredUpdates: string[];
  /** The sticky queue the task was scheduled on (its WorkflowTaskScheduled event names it), if any. */
  stickyTaskQueue?: string;
  /**
   * Set while the task is speculative (speculative.ts): held in memory only, never persisted (a persisted
   * change converts it first). `events` are its Scheduled (and, once started, Started) events, encoded, with
   * the ids they get when written; `taskQueue` is the queue its in-memory task waits on.
   */
  speculative?: { id: string; taskQueue: string; events: string[] };
  /**
   * Set while the task is transient (GS IsTransientWorkflowTask: attempt > 1 of a task that keeps failing):
   * its Scheduled (and, once started, Started) events, encoded, with the ids they get when its completion
   * writes them (ExecutionTx.convertTransient); polls get them at the end of the history. A failed or
   * timed-out transient attempt writes nothing (workflow-tasks.ts); events written while it waits make it a
   * normal task, attempt 1, when started (normaliseTransient).
   */
  transient?: string[];
  /**
   * When the first of a chain of heartbeat tasks was scheduled (GS OriginalScheduledTime): a task scheduled by
   * a heartbeat (force_create_new_workflow_task, nothing else) carries its predecessor's; unset, scheduledTime.
   */
  originalScheduledTime?: number;
}

export interface RetryRule {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** 0 = unlimited. */
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface ActivityInfo {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  attempt: number;
  /** scheduled: on the queue; started: a worker has it; backoff: waiting to retry. */
  state: 'scheduled' | 'started' | 'backoff';
  scheduledTime: number;
  attemptScheduledTime: number;
  startedTime?: number;
  startedIdentity?: string;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retry: RetryRule;
  heartbeatDetails?: string;
  lastHeartbeatTime?: number;
  cancelRequested: boolean;
  cancelRequestedEventId?: number;
  /** Whether scheduleToStartMs was set explicitly (then it applies to each attempt). */
  scheduleToStartExplicit?: boolean;
  lastFailure?: string;
  /** The ScheduleActivityTask command's own priority (merged with the run's when dispatched). */
  priority?: PriorityInfo;
  /** Set by PauseActivity: no new attempt is dispatched until unpaused; heartbeats answer activityPaused. */
  paused?: { time: number; identity: string; reason: string; requestId: string };
  /** Set by ResetActivity while an attempt runs: its heartbeats answer activityReset. */
  reset?: boolean;
}

export interface TimerInfo {
  startedEventId: number;
  fireAt: number;
}

export interface ChildInfo {
  initiatedEventId: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId?: string;
  startedEventId?: number;
  /** 1 terminate (default), 2 abandon, 3 request cancel (temporal.api.enums.v1.ParentClosePolicy). */
  parentClosePolicy: number;
}

export interface ExternalRequestInfo {
  initiatedEventId: number;
  kind: 'signal' | 'cancel';
}

export type UpdateStage = 'admitted' | 'accepted' | 'completed';

export interface UpdateInfo {
  updateId: string;
  stage: UpdateStage;
  /** The encoded temporal.api.update.v1.Request, kept until the worker accepts or rejects it. */
  request?: string;
  acceptedEventId?: number;
  /**
   * The WorkflowExecutionUpdateCompleted event, which holds the outcome (GS reads a completed update's
   * outcome from history too): the outcome (a whole case state, for a case command) is not kept in the
   * mutable state, which every change of the run copies and writes.
   */
  completedEventId?: number;
  /**
   * Encoded temporal.api.update.v1.Outcome of an update completed without an UpdateCompleted event: rejected,
   * or aborted by the workflow's close (and of updates completed before completedEventId existed).
   */
  outcome?: string;
  /**
   * Rejected by the workflow's validator. Kept only so that callers already waiting get the outcome; as in
   * the real server (which drops a rejected update from its registry) a new request with the same id is a
   * new update, validated again.
   */
  rejected?: boolean;
}

export interface ExecutionState {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: number;
  executionTime: number;
  closeTime?: number;
  nextEventId: number;
  /** started_event_id of the last completed workflow task (the poll's previous_started_event_id). */
  lastCompletedWftStartedId: number;
  /**
   * The worker's sticky queue, set when a workflow task completes with sticky attributes (GS
   * SetStickyTaskQueue): later workflow tasks go there with only the new events, until it is cleared.
   */
  stickyTaskQueue?: string;
  stickyScheduleToStartMs?: number;
  wft?: WorkflowTaskInfo;
  /** A workflow task is due once the first-task backoff (start delay, retry, cron) ends. */
  awaitingFirstWft: boolean;
  wftTimeoutMs: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  executionExpiration?: number;
  attempt: number;
  /** Encoded events (without id) that arrived while a workflow task was running. */
  buffered: string[];
  activities: Record<string, ActivityInfo>;
  timers: Record<string, TimerInfo>;
  children: Record<string, ChildInfo>;
  externalRequests: Record<string, ExternalRequestInfo>;
  /**
   * Updates admitted, accepted, rejected (the last REJECTED_UPDATES_KEPT only) or aborted; one the workflow
   * completes leaves for temporal.completed_updates (completed-updates.ts).
   */
  updates: Record<string, UpdateInfo>;
  /**
   * How many updates the workflow completed (their ids are rows of temporal.completed_updates, not kept here:
   * the whole state is copied and written with every change of the run), for the limit on total updates.
   */
  completedUpdateCount?: number;
  cancelRequested: boolean;
  startRequestId: string;
  /** request ids of signals already applied (dedupe). */
  signalRequestIds: string[];
  memo?: string;
  /** Encoded Payload per custom search attribute name. */
  searchAttributes: Record<string, string>;
  parent?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number };
  root?: { workflowId: string; runId: string };
  retryPolicy?: string;
  cronSchedule?: string;
  /** Bytes of the committed history (encoded events), for WorkflowTaskStarted's history_size_bytes. */
  historySizeBytes?: number;
  /** The run's priority (start request, or the parent's merged with the child command's). */
  priority?: PriorityInfo;
  /**
   * The run a reset of this run made (GS ExecutionInfo.ResetRunId): a child of this run that closes later
   * reports to that run instead (children pending at the reset point are kept by the new run).
   */
  resetRunId?: string;
  /** Where this run can be reset to (GS ExecutionInfo.AutoResetPoints, see reset-points.ts); absent: none. */
  autoResetPoints?: ResetPoint[];
}

/** One auto-reset point: the first workflow task a build (or binary) completed in a run. */
export interface ResetPoint {
  buildId?: string;
  binaryChecksum?: string;
  runId: string;
  firstWorkflowTaskCompletedId: number;
  createTime: number;
  /** Set on the points of a previous run when a new run takes them over (retention after its start). */
  expireTime?: number;
  resettable: boolean;
}

/** What starts empty in every run: no event yet, no pending work, nothing requested. */
type EmptyAtStart =
  | 'status'
  | 'nextEventId'
  | 'lastCompletedWftStartedId'
  | 'buffered'
  | 'activities'
  | 'timers'
  | 'children'
  | 'externalRequests'
  | 'updates'
  | 'cancelRequested'
  | 'signalRequestIds';

/** A run's state before its first event, from what is particular to it (a start, or a reset's rebuild). */
export function newRunState(run: Omit<ExecutionState, EmptyAtStart>): ExecutionState {
  return {
    ...run,
    status: 'Running',
    nextEventId: 1,
    lastCompletedWftStartedId: 0,
    buffered: [],
    activities: {},
    timers: {},
    children: {},
    externalRequests: {},
    updates: {},
    cancelRequested: false,
    signalRequestIds: [],
  };
}

export function isRunning(state: ExecutionState): boolean {
  return state.status === 'Running';
}

/** The API's WorkflowExecutionStatus of a run status. */
export function statusEnum(status: ExecutionStatus): number {
  const W = enums.WorkflowExecutionStatus;
  return {
    Running: W.WORKFLOW_EXECUTION_STATUS_RUNNING,
    Completed: W.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    Failed: W.WORKFLOW_EXECUTION_STATUS_FAILED,
    Canceled: W.WORKFLOW_EXECUTION_STATUS_CANCELED,
    Terminated: W.WORKFLOW_EXECUTION_STATUS_TERMINATED,
    ContinuedAsNew: W.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
    TimedOut: W.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
  }[status];
}

/**
 * One run's changes inside a transaction: new history events (ids assigned here, or buffered while a
 * workflow task runs), tasks to put on queues, deadlines to arm or disarm, and effects to run after commit.
 * `WorkflowTransaction` (engine.ts) persists every touched run in one database transaction.
 */
import { attributesOf, buildEvent, type EventKind, kindOf } from '../history/events';
import { decodeEvent, enums, type HistoryEvent, num, T, toB64 } from '../proto';
import type { DeadlineRow, TaskRow } from '../store/execution-store';
import { convertSpeculativeTask, convertTransientTask, dropSpeculativeTask } from './held-events';
import { mergePriority } from './priority';
import type { SpeculativeTimeout } from './speculative';
import type { ExecutionState, ExecutionStatus } from './state';
import { taskStartToCloseMs } from './workflow-task-timeout';

/** Deadline kinds that belong to a run's own progress and die with it when it closes. */
export const RUN_DEADLINE_KINDS = [
  'timer',
  'activity-timeout',
  'activity-retry',
  'wft-timeout',
  'wft-schedule-to-start',
  'first-wft',
  'run-timeout',
];

/** Close events that do not come from a workflow task (which would have converted a speculative one). */
const CLOSED_FROM_OUTSIDE = new Set<EventKind>(['WorkflowExecutionTerminated', 'WorkflowExecutionTimedOut']);

/** Placeholder for "the id of the event written just before this one" (see addExternalEvents). */
export const PREVIOUS_EVENT = -1;

function visibilityKey(s: ExecutionState): string {
  return `${s.status}\u0000${s.memo ?? ''}\u0000${JSON.stringify(s.searchAttributes)}`;
}

export class ExecutionTx {
  /** Events appended in this transaction, in order, with ids. */
  readonly newEvents: HistoryEvent[] = [];
  /** Bytes of new events encoded before (held by a speculative or transient task): the write takes them. */
  readonly encoded = new Map<HistoryEvent, Buffer>();
  /** Activities this workflow task completion scheduled for eager dispatch (scheduled event ids). */
  readonly eagerActivities: number[] = [];
  readonly tasks: TaskRow[] = [];
  readonly deadlines: DeadlineRow[] = [];
  readonly deadlineDeletes: { kinds: string[]; key?: string }[] = [];
  /** Workflow tasks (by scheduled event id) to drop from the backlog, whichever queue they wait on. */
  readonly workflowTaskDeletes: number[] = [];
  readonly afterCommit: (() => void)[] = [];
  /** Updates the workflow completed in this transaction: rows of temporal.completed_updates. */
  readonly completedUpdates: { updateId: string; eventId: number }[] = [];
  /** Whether new events or updates should wake history and update waiters. */
  changed = false;
  /**
   * Waiters must wake but nothing needs writing: a change held in memory only (an update admitted or
   * rejected by a speculative task, see speculative.ts). The state still goes to the cache.
   */
  notifyOnly = false;
  /** A speculative task's in-memory queue entry (not a backlog row), handed to matching after commit. */
  readonly memoryTasks: TaskRow[] = [];
  /** A speculative task's in-memory timeouts, armed after commit. */
  readonly speculativeTimeouts: SpeculativeTimeout[] = [];
  /** The completion written here scheduled a speculative task: the write leaves it out (storedState). */
  speculativeAfterWrite = false;
  /** A speculative task converted here: its in-memory queue entry is dropped after commit. */
  convertedSpeculative?: { taskQueue: string; scheduledEventId: number };
  /** The mutable state changed without new events (e.g. a heartbeat); still needs saving. */
  touched = false;
  /**
   * While a workflow task's commands are applied, a needed new workflow task is only noted: its
   * WorkflowTaskScheduled event must follow every command event and the flushed buffer.
   */
  holdWorkflowTask = false;
  workflowTaskWanted = false;
  /**
   * Whether a worker polls the sticky queue (Matching knows; set by the WorkflowTransaction). When none does,
   * a sticky workflow task goes to the normal queue, as the real matching's StickyWorkerUnavailable makes
   * the history service do.
   */
  stickyPolled: (namespace: string, taskQueue: string) => boolean = () => false;

  /** What the visibility record shows of the run as loaded (see visibilityChanged). */
  private readonly visibilityBefore: string;

  constructor(
    public state: ExecutionState,
    readonly isNew: boolean,
    readonly now: number,
  ) {
    this.visibilityBefore = visibilityKey(state);
  }

  /**
   * Whether the visibility record must be rewritten: status, memo or search attributes changed. As on the
   * real server, a running workflow's listed history length is that of its last visibility update.
   */
  visibilityChanged(): boolean {
    return visibilityKey(this.state) !== this.visibilityBefore;
  }

  get runId(): string {
    return this.state.runId;
  }

  get wftStarted(): boolean {
    return !!this.state.wft && this.state.wft.startedEventId > 0;
  }

  /** Appends an event now, with the next id (after a speculative task's events, which go first). */
  addEvent(kind: EventKind, attributes: object): HistoryEvent {
    const wft = this.state.wft;
    // GS TerminateWorkflow / timeout: a started task is failed first (its events written by the failure);
    // one not started is dropped with the run (closed runs never convert a speculative task).
    if (wft?.speculative && !wft.startedEventId && CLOSED_FROM_OUTSIDE.has(kind)) dropSpeculativeTask(this);
    if (this.state.wft?.speculative) this.convertSpeculative();
    const event = buildEvent(kind, this.state.nextEventId++, this.now, attributes);
    this.newEvents.push(event);
    this.changed = true;
    return event;
  }

  /**
   * Events caused from outside the workflow (signal, activity result, timer, child, cancel request).
   * While a workflow task runs they are buffered and land after that task's command events; otherwise
   * they are appended and a workflow task is scheduled. An attribute `startedEventId` equal to
   * PREVIOUS_EVENT is resolved to the id of the event just before (activity Started + result pairs).
   */
  addExternalEvents(events: [EventKind, Record<string, unknown>][]): void {
    if (this.wftStarted) {
      for (const [kind, attributes] of events) {
        this.state.buffered.push(toB64(T.HistoryEvent, buildEvent(kind, 0, this.now, attributes)));
      }
      this.changed = true;
      return;
    }
    // The ids resolved below must count the speculative task's events, which are written first.
    this.convertSpeculative();
    for (const [kind, attributes] of events) {
      if (attributes.startedEventId === PREVIOUS_EVENT)
        attributes.startedEventId = this.state.nextEventId - 1;
      this.addEvent(kind, attributes);
    }
    this.needWorkflowTask();
  }

  addExternalEvent(kind: EventKind, attributes: Record<string, unknown>): void {
    this.addExternalEvents([[kind, attributes]]);
  }

  /**
   * Turns the speculative workflow task into a normal one, its held events written (held-events.ts); with
   * `armDeadlines` it then lives as a normal task does.
   */
  convertSpeculative(armDeadlines = true): void {
    convertSpeculativeTask(this, armDeadlines);
  }

  /** Writes a transient task's held Scheduled and Started events (held-events.ts). */
  convertTransient(): void {
    convertTransientTask(this);
  }

  /** Appends buffered events with fresh ids (after a workflow task's command events). */
  flushBuffered(): number {
    const buffered = this.state.buffered;
    this.state.buffered = [];
    const childStarted = new Map<number, number>();
    for (const b64 of buffered) {
      const event = decodeEvent(Buffer.from(b64, 'base64'));
      (event as { eventId: unknown }).eventId = this.state.nextEventId++;
      const attributes = attributesOf<{ startedEventId?: unknown; initiatedEventId?: unknown }>(event);
      const kind = kindOf(event);
      if (attributes && num(attributes.startedEventId) === PREVIOUS_EVENT) {
        attributes.startedEventId = num(event.eventId) - 1;
      }
      if (kind === 'ChildWorkflowExecutionStarted') {
        const initiated = num(attributes.initiatedEventId);
        childStarted.set(initiated, num(event.eventId));
        const child = this.state.children[initiated];
        if (child) child.startedEventId = num(event.eventId);
      } else if (kind.startsWith('ChildWorkflowExecution') && attributes && !num(attributes.startedEventId)) {
        attributes.startedEventId = childStarted.get(num(attributes.initiatedEventId)) ?? 0;
      }
      this.newEvents.push(event);
    }
    if (buffered.length) this.changed = true;
    return buffered.length;
  }

  /** Schedules a workflow task unless one is scheduled or running (a running one reschedules itself). */
  needWorkflowTask(): void {
    const s = this.state;
    if (this.holdWorkflowTask) {
      this.workflowTaskWanted = true;
      return;
    }
    if (s.status !== 'Running' || s.wft || s.awaitingFirstWft) return;
    this.scheduleWorkflowTask(1);
  }

  /**
   * WorkflowTaskScheduled on the run's current queue (GS CurrentTaskQueue): its worker's sticky queue when
   * the run is bound to one, with a schedule-to-start timeout that falls back to the normal queue.
   */
  scheduleWorkflowTask(attempt: number): void {
    const s = this.state;
    const sticky = s.stickyTaskQueue;
    const K = enums.TaskQueueKind;
    const attributes = {
      taskQueue: sticky
        ? { name: sticky, kind: K.TASK_QUEUE_KIND_STICKY, normalName: s.taskQueue }
        : { name: s.taskQueue, kind: K.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: { seconds: Math.ceil(taskStartToCloseMs(s.wftTimeoutMs, attempt) / 1000) },
      attempt,
    };
    // GS AddWorkflowTaskScheduledEventAsHeartbeat: a retried attempt is transient, its event held (state.ts).
    const transient =
      attempt > 1
        ? [toB64(T.HistoryEvent, buildEvent('WorkflowTaskScheduled', s.nextEventId, this.now, attributes))]
        : undefined;
    const scheduledEventId = transient
      ? s.nextEventId
      : num(this.addEvent('WorkflowTaskScheduled', attributes).eventId);
    if (transient) this.touched = true;
    s.wft = {
      scheduledEventId,
      startedEventId: 0,
      attempt,
      scheduledTime: this.now,
      deliveredUpdates: [],
      ...(sticky ? { stickyTaskQueue: sticky } : {}),
      ...(transient ? { transient } : {}),
    };
    const dispatchTo = sticky && this.stickyPolled(s.namespace, sticky) ? sticky : s.taskQueue;
    this.addTask('workflow', dispatchTo, scheduledEventId, attempt);
    if (sticky && s.stickyScheduleToStartMs) {
      this.addDeadline(
        this.now + s.stickyScheduleToStartMs,
        'wft-schedule-to-start',
        String(scheduledEventId),
        { attempt },
      );
    }
  }

  /** The run is no longer bound to a worker's sticky queue (GS ClearStickyTaskQueue). */
  clearSticky(): void {
    if (!this.state.stickyTaskQueue) return;
    this.state.stickyTaskQueue = undefined;
    this.state.stickyScheduleToStartMs = undefined;
    this.touched = true;
  }

  /**
   * Queues a task. Its priority key orders the queue (matching.ts): a workflow task has the run's, an
   * activity task the run's merged with the activity's own (GS priorities.Merge, as the task carries it).
   */
  addTask(kind: 'workflow' | 'activity', taskQueue: string, scheduledEventId: number, attempt: number): void {
    const s = this.state;
    const priority =
      kind === 'activity' ? mergePriority(s.priority, s.activities[scheduledEventId]?.priority) : s.priority;
    this.tasks.push({
      namespace: s.namespace,
      taskQueue,
      kind,
      workflowId: s.workflowId,
      runId: s.runId,
      scheduledEventId,
      attempt,
      ...(priority?.priorityKey ? { priorityKey: priority.priorityKey } : {}),
    });
  }

  /** Arms a deadline for this run (or, with `target`, for another execution). */
  addDeadline(
    fireAt: number,
    kind: string,
    key: string,
    data: Record<string, unknown> = {},
    target?: { namespace: string; workflowId: string; runId: string },
  ): void {
    const s = this.state;
    this.deadlines.push({
      fireAt,
      namespace: target?.namespace ?? s.namespace,
      workflowId: target?.workflowId ?? s.workflowId,
      runId: target?.runId ?? s.runId,
      kind,
      key,
      data,
    });
  }

  cancelDeadlines(kinds: string[], key?: string): void {
    this.deadlineDeletes.push({ kinds, key });
  }

  /** Marks the run closed; the caller has written the close event. Pending work is dropped. */
  markClosed(status: ExecutionStatus): void {
    const s = this.state;
    s.status = status;
    s.closeTime = this.now;
    s.wft = undefined;
    s.awaitingFirstWft = false;
    s.buffered = [];
    s.activities = {};
    s.timers = {};
    s.stickyTaskQueue = undefined;
    s.stickyScheduleToStartMs = undefined;
    this.cancelDeadlines(RUN_DEADLINE_KINDS);
    this.changed = true;
  }
}

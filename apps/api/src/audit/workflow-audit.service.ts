/**
 * The Temporal side of a case, for auditors: the workflow history of every run of a case (summarised, or
 * raw), and a replay check of recorded histories against the workflow code this build runs — the proof
 * that a deployment did not change how existing cases behave (non-determinism).
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { SANCTION_CASE_WORKFLOW } from '@netral/workflows';
import { caseWorkflowBundle } from '../../../worker/src/case-worker';
import { TEMPORAL_CLIENT } from '../infrastructure';
import { notFoundProblem, type AuthenticatedUser, ALL_AGENCIES } from '../platform';
import { CaseScope } from './case-scope.service';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type History = temporal.api.history.v1.IHistory;

export interface WorkflowEventSummary {
  eventId: number;
  /** e.g. `WorkflowExecutionUpdateAccepted`. */
  type: string;
  time: string | null;
  /** The attributes that say what happened (update id and command type, activity type, timer...). */
  attributes: Record<string, string | number | boolean | null>;
}

export interface WorkflowRun {
  runId: string;
  /** The run this one continued (continue-as-new), or null for the first run. */
  continuedFromRunId: string | null;
  eventCount: number;
  events?: WorkflowEventSummary[];
  /** `?raw=true`: the history as Temporal's JSON (payloads base64-encoded). */
  raw?: unknown;
}

export interface WorkflowHistoryView {
  caseId: string;
  workflowId: string;
  /** Runs oldest first; the last one is the current run. */
  runs: WorkflowRun[];
}

export interface ReplayOutcome {
  workflowId: string;
  runId: string;
  status: string;
  ok: boolean;
  /** True when the current code would take different decisions than the recorded history. */
  nonDeterminism: boolean;
  error: string | null;
}

export interface ReplayCheckReport {
  checkedAt: string;
  scope: string;
  /** Runs replayed. */
  runsChecked: number;
  ok: boolean;
  failures: number;
  /** True when more runs were in scope than `limit`: check again with `workflowIds` or a higher limit. */
  truncated: boolean;
  limit: number;
  results: ReplayOutcome[];
}

/** Runs of one case followed back through continue-as-new, at most this many. */
const MAX_RUNS = 50;

@Injectable()
export class WorkflowAuditService implements OnModuleDestroy {
  private bundle: Promise<{ code: string }> | undefined;
  /** Replays use a CPU-heavy replay worker: one check at a time per process. */
  private replayQueue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CaseScope) private readonly scope: CaseScope,
  ) {}

  onModuleDestroy(): void {
    this.bundle = undefined;
  }

  /** All runs of the case's workflow (workflow id = case id), oldest first. */
  async history(caseId: string, options: { raw: boolean }): Promise<WorkflowHistoryView> {
    const runs: WorkflowRun[] = [];
    let runId: string | undefined;
    try {
      runId = (await this.client.workflow.getHandle(caseId).describe()).runId;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFoundProblem('workflow of the case');
      throw error;
    }
    while (runId && runs.length < MAX_RUNS) {
      const history: History = await this.client.workflow.getHandle(caseId, runId).fetchHistory();
      const events: HistoryEvent[] = history.events ?? [];
      const continuedFromRunId: string | null =
        events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
      runs.unshift({
        runId,
        continuedFromRunId,
        eventCount: events.length,
        ...(options.raw ? { raw: rawHistory(history) } : { events: events.map(summarise) }),
      });
      runId = continuedFromRunId ?? undefined;
    }
    return { caseId, workflowId: caseId, runs };
  }

  /**
   * Replays the recorded histories of the case workflows in the caller's scope (or of `workflowIds`)
   * against the workflow code of this build. Bounded by `limit` runs; `truncated` says when more exist.
   */
  async replayCheck(
    user: AuthenticatedUser,
    options: { limit: number; workflowIds?: string[] },
  ): Promise<ReplayCheckReport> {
    const run = this.replayQueue.then(() => this.replay(user, options));
    this.replayQueue = run.catch(() => undefined);
    return run;
  }

  private async replay(
    user: AuthenticatedUser,
    options: { limit: number; workflowIds?: string[] },
  ): Promise<ReplayCheckReport> {
    const national = user.agency === ALL_AGENCIES;
    const inScope = national
      ? undefined
      : new Set((await this.scope.visibleCases(user)).map((c) => c.caseId));
    const wanted = options.workflowIds ? new Set(options.workflowIds) : undefined;

    const selected: { workflowId: string; runId: string; status: string }[] = [];
    let truncated = false;
    const query = `WorkflowType = '${SANCTION_CASE_WORKFLOW}'`;
    for await (const execution of this.client.workflow.list({ query })) {
      if (inScope && !inScope.has(execution.workflowId)) continue;
      if (wanted && !wanted.has(execution.workflowId)) continue;
      if (selected.length >= options.limit) {
        truncated = true;
        break;
      }
      selected.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        status: execution.status.name,
      });
    }

    const status = new Map(selected.map((s) => [`${s.workflowId}/${s.runId}`, s.status]));
    const client = this.client;
    async function* histories() {
      for (const s of selected) {
        const history = await client.workflow.getHandle(s.workflowId, s.runId).fetchHistory();
        yield { workflowId: s.workflowId, history };
      }
    }
    const results: ReplayOutcome[] = [];
    if (selected.length > 0) {
      const workflowBundle = await this.workflowBundle();
      for await (const result of Worker.runReplayHistories(
        { workflowBundle, replayName: 'netral-replay-check' },
        histories(),
      )) {
        const error = result.error;
        results.push({
          workflowId: result.workflowId,
          runId: result.runId,
          status: status.get(`${result.workflowId}/${result.runId}`) ?? 'UNKNOWN',
          ok: !error,
          nonDeterminism: error?.name === 'DeterminismViolationError',
          error: error ? error.message : null,
        });
      }
    }
    const failures = results.filter((r) => !r.ok).length;
    return {
      checkedAt: new Date().toISOString(),
      scope: user.agency,
      runsChecked: results.length,
      ok: failures === 0,
      failures,
      truncated,
      limit: options.limit,
      results,
    };
  }

  /** The case workflow code, bundled once per process (webpack takes seconds). */
  private workflowBundle(): Promise<{ code: string }> {
    if (!this.bundle) {
      const { workflowsPath, bundlerOptions } = caseWorkflowBundle();
      if (!workflowsPath) throw new Error('caseWorkflowBundle() names no workflowsPath');
      this.bundle = bundleWorkflowCode({
        workflowsPath,
        webpackConfigHook: bundlerOptions?.webpackConfigHook,
        logger: new DefaultLogger('WARN'),
      });
      this.bundle.catch(() => (this.bundle = undefined));
    }
    return this.bundle;
  }
}

function rawHistory(history: History): unknown {
  const message = temporal.api.history.v1.History.fromObject(history);
  return temporal.api.history.v1.History.toObject(message, {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  });
}

/** `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED` → `WorkflowExecutionStarted`. */
export function eventTypeName(type: number | null | undefined): string {
  const name = temporal.api.enums.v1.EventType[type ?? 0] ?? `EVENT_TYPE_${type}`;
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());
}

type LongLike = number | { toString(): string } | null | undefined;

function toNumber(value: LongLike): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value.toString());
}

function timestamp(ts: { seconds?: LongLike; nanos?: number | null } | null | undefined): string | null {
  if (!ts) return null;
  return new Date(toNumber(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function seconds(d: { seconds?: LongLike; nanos?: number | null } | null | undefined): number | null {
  return d ? toNumber(d.seconds) + (d.nanos ?? 0) / 1e9 : null;
}

/** The command type and actor of a caseCommand update (never its data: it may hold the reporter). */
function commandOf(payloads: temporal.api.common.v1.IPayload[] | null | undefined) {
  try {
    const request = payloads?.[0]
      ? defaultPayloadConverter.fromPayload<Record<string, unknown>>(payloads[0])
      : null;
    const command = request?.command as { type?: unknown } | undefined;
    const actor = request?.actor as { id?: unknown; role?: unknown } | undefined;
    return {
      command: typeof command?.type === 'string' ? command.type : null,
      actorId: typeof actor?.id === 'string' ? actor.id : null,
      actorRole: typeof actor?.role === 'string' ? actor.role : null,
    };
  } catch {
    return { command: null, actorId: null, actorRole: null };
  }
}

export function summarise(event: HistoryEvent): WorkflowEventSummary {
  const attributes: WorkflowEventSummary['attributes'] = {};
  const e = event;
  if (e.workflowExecutionStartedEventAttributes) {
    const a = e.workflowExecutionStartedEventAttributes;
    Object.assign(attributes, {
      workflowType: a.workflowType?.name ?? null,
      taskQueue: a.taskQueue?.name ?? null,
      attempt: a.attempt ?? null,
      continuedExecutionRunId: a.continuedExecutionRunId || null,
    });
  } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
    const a = e.workflowExecutionUpdateAcceptedEventAttributes;
    Object.assign(attributes, {
      updateId: a.acceptedRequest?.meta?.updateId ?? null,
      updateName: a.acceptedRequest?.input?.name ?? null,
      ...commandOf(a.acceptedRequest?.input?.args?.payloads),
    });
  } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
    const a = e.workflowExecutionUpdateCompletedEventAttributes;
    Object.assign(attributes, {
      updateId: a.meta?.updateId ?? null,
      outcome: a.outcome?.failure ? 'failure' : 'success',
      failure: a.outcome?.failure?.message ?? null,
    });
  } else if (e.activityTaskScheduledEventAttributes) {
    const a = e.activityTaskScheduledEventAttributes;
    Object.assign(attributes, {
      activityType: a.activityType?.name ?? null,
      activityId: a.activityId ?? null,
    });
  } else if (e.activityTaskStartedEventAttributes) {
    const a = e.activityTaskStartedEventAttributes;
    Object.assign(attributes, { scheduledEventId: toNumber(a.scheduledEventId), attempt: a.attempt ?? null });
  } else if (e.activityTaskCompletedEventAttributes) {
    attributes.scheduledEventId = toNumber(e.activityTaskCompletedEventAttributes.scheduledEventId);
  } else if (e.activityTaskFailedEventAttributes) {
    const a = e.activityTaskFailedEventAttributes;
    Object.assign(attributes, {
      scheduledEventId: toNumber(a.scheduledEventId),
      failure: a.failure?.message ?? null,
      retryState: a.retryState ? (temporal.api.enums.v1.RetryState[a.retryState] ?? null) : null,
    });
  } else if (e.activityTaskTimedOutEventAttributes) {
    attributes.scheduledEventId = toNumber(e.activityTaskTimedOutEventAttributes.scheduledEventId);
  } else if (e.timerStartedEventAttributes) {
    const a = e.timerStartedEventAttributes;
    Object.assign(attributes, {
      timerId: a.timerId ?? null,
      startToFireSeconds: seconds(a.startToFireTimeout),
    });
  } else if (e.timerFiredEventAttributes) {
    attributes.timerId = e.timerFiredEventAttributes.timerId ?? null;
  } else if (e.timerCanceledEventAttributes) {
    attributes.timerId = e.timerCanceledEventAttributes.timerId ?? null;
  } else if (e.workflowTaskFailedEventAttributes) {
    const a = e.workflowTaskFailedEventAttributes;
    Object.assign(attributes, {
      cause: a.cause ? (temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause] ?? null) : null,
      failure: a.failure?.message ?? null,
    });
  } else if (e.workflowExecutionSignaledEventAttributes) {
    attributes.signalName = e.workflowExecutionSignaledEventAttributes.signalName ?? null;
  } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
    attributes.newExecutionRunId = e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? null;
  } else if (e.workflowExecutionTerminatedEventAttributes) {
    attributes.reason = e.workflowExecutionTerminatedEventAttributes.reason ?? null;
  } else if (e.workflowExecutionFailedEventAttributes) {
    attributes.failure = e.workflowExecutionFailedEventAttributes.failure?.message ?? null;
  } else if (e.markerRecordedEventAttributes) {
    attributes.markerName = e.markerRecordedEventAttributes.markerName ?? null;
  }
  return {
    eventId: toNumber(event.eventId),
    type: eventTypeName(event.eventType),
    time: timestamp(event.eventTime),
    attributes,
  };
}

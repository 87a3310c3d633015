/**
 * The Temporal side of a case, for auditors: the workflow history of every run of a case (summarised, or
 * raw), and a replay check of recorded histories against the workflow code this build runs — the proof
 * that a deployment did not change how existing cases behave (non-determinism).
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { type temporal } from '@temporalio/proto';
import { DefaultLogger, type ReplayWorkerOptions, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { SANCTION_CASE_WORKFLOW } from '@netral/workflows';
import { caseWorkflowBundle } from '../../../worker/src/case-worker';
import { TEMPORAL_CLIENT } from '../infrastructure';
import { notFoundProblem, type AuthenticatedUser, ALL_AGENCIES } from '../platform';
import { CaseScope } from './case-scope.service';
import { rawHistory, summarise, type WorkflowEventSummary } from './workflow-history.summary';

/** Compiled workflow code: `{ code }` or `{ codePath }`. */
type WorkflowBundle = NonNullable<ReplayWorkerOptions['workflowBundle']>;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type History = temporal.api.history.v1.IHistory;

export type { WorkflowEventSummary };

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
  private bundle: Promise<WorkflowBundle> | undefined;
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
      if (!options.raw) await this.decodeUpdateArguments(events);
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
        {
          workflowBundle,
          replayName: 'netral-replay-check',
          // Histories hold encrypted payloads: replay decodes them with the client's codec.
          dataConverter: { payloadCodecs: this.client.options.loadedDataConverter.payloadCodecs },
        },
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

  /**
   * The case workflow code the worker runs: the prebuilt bundle when the deployment has one (the same file
   * the worker loads), else bundled from the sources once per process (webpack takes seconds).
   */
  /**
   * The summary shows each update's command type and actor: decrypt its arguments with the client's codec
   * (the raw history is shown as the server stores it, encrypted).
   */
  private async decodeUpdateArguments(events: HistoryEvent[]): Promise<void> {
    const codecs = [...this.client.options.loadedDataConverter.payloadCodecs].reverse();
    if (codecs.length === 0) return;
    for (const event of events) {
      const args = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args;
      if (!args?.payloads?.length) continue;
      let payloads = args.payloads as Payload[];
      for (const codec of codecs) payloads = await codec.decode(payloads);
      args.payloads = payloads;
    }
  }

  private workflowBundle(): Promise<WorkflowBundle> {
    if (!this.bundle) {
      const options = caseWorkflowBundle();
      if (options.workflowBundle) {
        this.bundle = Promise.resolve(options.workflowBundle);
      } else {
        const { workflowsPath, bundlerOptions } = options;
        if (!workflowsPath) throw new Error('caseWorkflowBundle() names neither a bundle nor workflowsPath');
        this.bundle = bundleWorkflowCode({
          workflowsPath,
          webpackConfigHook: bundlerOptions?.webpackConfigHook,
          logger: new DefaultLogger('WARN'),
        });
        this.bundle.catch(() => (this.bundle = undefined));
      }
    }
    return this.bundle;
  }
}

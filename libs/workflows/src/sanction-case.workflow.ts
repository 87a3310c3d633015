// The sanctionCase workflow: one per case (workflow id = case id). It holds the case state by folding the
// domain's events, accepts officer commands as updates (validated by decide(), stored by an activity, then
// applied), and times the case's deadlines with durable timers: reminders before a due date, escalations
// after it, and the system commands that end an objection window or a sanction period.
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DeadlinePlan,
  type DeadlinePolicy,
  type DecisionContext,
  type OpenDeadline,
  COMMANDS,
  decide,
  evolve,
  initialState,
  anchorDateOf,
  isDomainError,
  needsReplanning,
  openDeadlines,
} from '@netral/domain';
import {
  type CaseActivities,
  type CaseConfig,
  CONCURRENCY_CONFLICT,
  DELIVERY_MAX_ATTEMPTS,
  IDEMPOTENCY_VIOLATION,
  isCaseConfig,
} from './activities';
import {
  type CaseCommandRequest,
  type PlannedTimer,
  VERSION_MISMATCH,
  caseCommandUpdate,
  caseStateQuery,
  caseTimersQuery,
} from './messages';
import {
  COMPLETE_WHEN_CLOSED,
  IF_MATCH_OFFICER_VERSION,
  KEEP_DEADLINE_TIMER,
  PLAN_DEADLINES_LOCALLY,
  RECORD_DEADLINES_WITH_COMMAND,
  REPLAN_MOVED_DEADLINES,
  SKIP_REMINDERS_AFTER_DUE,
} from './sanction-case/patches';

/** What a run hands to the next one on continue-as-new. */
export interface CarriedCaseState {
  state: CaseState;
  config: CaseConfig;
  plans: Record<string, DeadlinePlan>;
  /** Timers whose system command the domain refused, and deadlines that could not be planned: not retried. */
  skipped: string[];
  /** Outbox notifications still being delivered when the run ended: the next run resumes them. */
  undelivered?: string[];
  /** Version after the last officer (non-system) event; absent in older runs (then the case version). */
  officerVersion?: number;
}

export interface SanctionCaseInput {
  /**
   * The configuration in force, fixed by whoever starts the case (registerCase). With it the update
   * validator decides the very first command, even one that arrives with the start (update-with-start).
   * Without it (cases started before this input existed) the first run loads it with an activity.
   */
  config?: CaseConfig;
  carried?: CarriedCaseState;
}

/**
 * The policy a deadline is planned with: its parameters and the deadline's own rule. A plan reads nothing
 * else (the open deadline carries its length, unit, reminders and escalation), and the other rules were
 * ~7 KB in every planCaseDeadline input: stored in the history, sent to the worker and decoded, per
 * deadline. Replay compares an activity's type, not its input, so histories with the whole policy replay.
 */
function planningPolicy(policy: DeadlinePolicy, ...deadlines: OpenDeadline[]): DeadlinePolicy {
  return { ...policy, rules: policy.rules.filter((r) => deadlines.some((d) => d.ruleId === r.id)) };
}

const SYSTEM_ACTOR: Actor = { id: 'workflow', role: 'system', agency: 'system' };

const { loadCaseConfig, planCaseDeadline, loadDeadlinePolicy } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

// The same retries as the normal activity; a local activity retried for longer than a minute waits on a
// timer between attempts instead of holding the workflow task.
const { planCaseDeadline: planCaseDeadlineLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

const { appendCaseEvents } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [CONCURRENCY_CONFLICT, IDEMPOTENCY_VIOLATION],
  },
});

const { deliverNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '10 minutes',
    maximumAttempts: DELIVERY_MAX_ATTEMPTS,
  },
});

/** A domain refusal as a Temporal failure the API can read: type = the DomainError code. */
function refusal(error: unknown): Error {
  if (isDomainError(error)) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [error.toJSON()],
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function invalid(code: 'INVALID_COMMAND' | 'ROLE_NOT_ALLOWED', message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

interface Timer extends PlannedTimer {
  command: CaseCommand;
}

function timerKey(t: PlannedTimer): string {
  return `${t.deadlineId}/${t.kind}/${t.n}`;
}

export async function sanctionCase(input: SanctionCaseInput = {}): Promise<CarriedCaseState> {
  const caseId = workflowInfo().workflowId;
  let state: CaseState = input.carried?.state ?? initialState;
  if (input.config !== undefined && !isCaseConfig(input.config)) {
    throw ApplicationFailure.create({
      type: 'INVALID_CASE_CONFIG',
      message: 'the start input holds no valid case configuration',
      nonRetryable: true,
    });
  }
  let config: CaseConfig | null = input.carried?.config ?? input.config ?? null;
  const plans: Record<string, DeadlinePlan> = { ...(input.carried?.plans ?? {}) };
  const skipped = new Set<string>(input.carried?.skipped ?? []);
  const undelivered = new Set<string>();
  // If-Match is read against this, not state.version: reminders, escalations and recorded deadlines do not
  // change what an officer saw on the form (see versionRefusal).
  let officerVersion = input.carried?.officerVersion ?? state.version;

  // Commands run one at a time: each handler waits for the previous one, so decide() always sees the state
  // that the previous command left, and appends never race on the expected version.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  function contextFor(actor: Actor, extra: Partial<DecisionContext> = {}): DecisionContext {
    if (!config) throw new Error('case configuration not loaded');
    return {
      ...extra,
      now: new Date(Date.now()).toISOString(),
      actor,
      catalogues: config.catalogues,
      policy: config.policy,
      calendar: config.calendar,
      agencies: config.agencies ?? null,
      violationReading: config.violationReading ?? null,
    };
  }

  /**
   * decide → append (idempotent ids) → evolve. Throws the domain refusal as an ApplicationFailure. With
   * `recordOpened` (an officer's command), the deadlines its events open are recorded in the same append.
   */
  async function execute(
    command: CaseCommand,
    actor: Actor,
    meta: { requestId?: string; reason?: string },
    extra: Partial<DecisionContext> = {},
    recordOpened = false,
  ): Promise<CaseEvent[]> {
    const context = contextFor(actor, extra);
    let events: CaseEvent[];
    try {
      events = decide(command, state, context);
    } catch (error) {
      throw refusal(error);
    }
    if (events.length === 0) return events;
    const info = workflowInfo();
    const after = events.reduce(evolve, state);
    const opened = recordOpened ? freshDeadlines(after) : [];
    const recordWithCommand = opened.length > 0 && patched(RECORD_DEADLINES_WITH_COMMAND);
    const metadata = (who: Actor) => ({
      actorId: who.id,
      role: who.role,
      agency: who.agency,
      ...(meta.reason && who === actor ? { reason: meta.reason } : {}),
      ...(meta.requestId ? { correlationId: meta.requestId } : {}),
      causationId: meta.requestId ?? `${info.workflowId}/${info.runId}`,
      workflowId: info.workflowId,
      runId: info.runId,
    });
    const result = await appendCaseEvents({
      caseId,
      expectedVersion: state.version,
      events: events.map((e, i) => ({
        id: `${caseId}:${state.version + i + 1}`,
        type: e.type,
        data: e.data,
        occurredAt: e.data.at,
      })),
      metadata: metadata(actor),
      ...(recordWithCommand
        ? {
            recordDeadlines: {
              deadlines: opened,
              timeZone: after.timeZone,
              policy: planningPolicy(config!.policy, ...opened),
              at: context.now,
              // Recorded by the workflow, because of this request: the request's ids, the system as actor.
              metadata: metadata(SYSTEM_ACTOR),
            },
          }
        : {}),
    });
    state = after;
    if (actor.role !== SYSTEM_ACTOR.role) officerVersion = state.version;
    // Only an append that was asked to record deadlines answers with recorded ones.
    if (recordWithCommand) {
      for (const { event, plan } of result.recorded ?? []) evolveRecorded(event, plan, context.now);
    }
    return events;
  }

  /** Deadlines open in `s` that were never recorded (and not given up on): what a command opened. */
  function freshDeadlines(s: CaseState): OpenDeadline[] {
    if (!config) return [];
    return openDeadlines(s, config.policy).filter(
      (d) => !d.recorded && !skipped.has(`${d.deadlineId}/record/0`),
    );
  }

  /**
   * A DeadlineRecorded the command's append stored: decide(RecordDeadline) of the state after the command
   * must give the same event (the activity builds it with the domain's deadlineRecorded). The stored event is
   * what the stream holds, so it is the one evolved; a difference is logged.
   */
  function evolveRecorded(event: CaseEvent, plan: DeadlinePlan, now: string): void {
    const data = event.data as Extract<CaseEvent, { type: 'DeadlineRecorded' }>['data'];
    try {
      const [decided] = decide(
        {
          type: 'RecordDeadline',
          data: {
            deadlineId: data.deadlineId,
            dueDate: data.dueDate,
            dueAt: data.dueAt,
            calendarVersion: data.calendarVersion,
            policyVersion: data.policyVersion,
          },
        },
        state,
        { ...contextFor(SYSTEM_ACTOR), now },
      );
      const decidedData = decided.data as typeof data;
      // Field by field: a retry returns the event as read back (jsonb orders its keys).
      const same = (Object.keys(decidedData) as (keyof typeof data)[]).every(
        (k) => decidedData[k] === data[k],
      );
      if (decided.type !== event.type || !same) {
        log.error('recorded deadline differs from its decision', { deadlineId: data.deadlineId });
      }
    } catch (error) {
      log.error('recorded deadline refused by decide()', {
        deadlineId: data.deadlineId,
        error: String(error),
      });
    }
    state = evolve(state, event);
    plans[data.deadlineId] = plan;
  }

  function checkRequest(request: CaseCommandRequest): void {
    const command = request?.command;
    if (!command || typeof command !== 'object' || typeof command.type !== 'string') {
      throw invalid('INVALID_COMMAND', 'a command is { type, data }');
    }
    if (!request.actor || request.actor.role === 'system') {
      throw invalid('ROLE_NOT_ALLOWED', 'system commands are issued by the workflow itself');
    }
    if (COMMANDS.find((c) => c.type === command.type)?.system) {
      throw invalid('ROLE_NOT_ALLOWED', `${command.type} is issued by the workflow itself`);
    }
    const data = command.data as { caseId?: unknown } | undefined;
    if (command.type === 'RegisterReport' && data?.caseId !== caseId) {
      throw invalid('INVALID_COMMAND', `RegisterReport.caseId must be the workflow id ${caseId}`);
    }
  }

  /**
   * If-Match (expectedVersion / expectedVersions): a tag matches the current version, or any version from
   * the last officer event on, i.e. only the workflow's own events came after it. `lenient` says whether the
   * second reading may be used (the handler asks the patch). The failure when no tag matches, else undefined.
   */
  function versionRefusal(
    request: CaseCommandRequest,
    lenient: () => boolean,
  ): ApplicationFailure | undefined {
    const single = request.expectedVersion;
    const tags =
      single !== undefined && single !== null
        ? [single]
        : Array.isArray(request.expectedVersions)
          ? request.expectedVersions
          : undefined;
    if (tags === undefined || tags.includes(state.version)) return undefined;
    if (tags.some((t) => t >= officerVersion && t <= state.version) && lenient()) return undefined;
    return ApplicationFailure.create({
      type: VERSION_MISMATCH,
      message: `the case is at version ${state.version} (last changed by an officer at ${officerVersion}), not ${tags.join(' or ')}`,
      nonRetryable: true,
      details: [
        {
          ...(single !== undefined && single !== null
            ? { expectedVersion: single }
            : { expectedVersions: tags }),
          currentVersion: state.version,
          officerVersion,
        },
      ],
    });
  }

  setHandler(
    caseCommandUpdate,
    (request) =>
      exclusive(async () => {
        checkRequest(request);
        // Under the lock the case may have moved on since the validator: check again. Histories from before
        // the patch were decided by the exact version, so the lenient reading applies only once patched.
        const refused = versionRefusal(request, () => patched(IF_MATCH_OFFICER_VERSION));
        if (refused) throw refused;
        if (request.command.type === 'MigrateDeadlinePolicy') {
          await migratePolicy(request);
          return state;
        }
        await execute(request.command, request.actor, request, {}, true);
        return state;
      }),
    {
      validator: (request) => {
        checkRequest(request);
        // Validators do not run on replay, so the lenient reading needs no patch here.
        const refused = versionRefusal(request, () => true);
        if (refused) throw refused;
        // A refused command is rejected here and leaves no trace in the history. Only a case started
        // without a configuration in its input (legacy) can get a command before loading it: then the
        // handler decides once it has loaded.
        if (config) {
          try {
            decide(request.command, state, contextFor(request.actor));
          } catch (error) {
            throw refusal(error);
          }
        }
      },
    },
  );
  setHandler(caseStateQuery, () => state);
  setHandler(caseTimersQuery, () => pendingTimers().map(({ command: _c, ...t }) => t));

  // The configuration is loaded before any command runs: the first link of the command chain.
  if (!config) {
    const loading = loadCaseConfig({ caseId });
    tail = loading.catch(() => undefined);
    config = await loading;
  }

  /**
   * An audited policy migration: the named version is loaded by an activity (its result is in the history,
   * so replay sees the same policy), decided with it, and then becomes the case's policy; the main loop
   * re-plans the open deadlines whose length or version changed.
   */
  async function migratePolicy(request: CaseCommandRequest): Promise<void> {
    const data = request.command.data as { toVersion?: unknown };
    const toVersion = typeof data?.toVersion === 'string' ? data.toVersion.trim() : '';
    const policy = toVersion ? await loadDeadlinePolicy({ version: toVersion }) : null;
    const events = await execute(request.command, request.actor, request, { migrationPolicy: policy });
    if (policy && events.some((e) => e.type === 'DeadlinePolicyMigrated')) {
      config = { ...config!, policy };
    }
  }

  /** The skip key of a deadline that could not be planned (per anchor day and version when re-planned). */
  function recordKey(d: OpenDeadline): string {
    return d.recorded
      ? `${d.deadlineId}/replan/${d.policyVersion}@${anchorDateOf(d.anchor, state.timeZone)}+${d.length}`
      : `${d.deadlineId}/record/0`;
  }

  /**
   * Deadlines open in this state that have no recorded due date yet, or whose record no longer matches what
   * they count from (re-planned once the patch is in the history).
   */
  function unrecorded(): OpenDeadline[] {
    if (!config) return [];
    const open = openDeadlines(state, config.policy).filter((d) => !skipped.has(recordKey(d)));
    const fresh = open.filter((d) => !d.recorded);
    const moved = open.filter((d) => needsReplanning(d, state.timeZone));
    return moved.length > 0 && patched(REPLAN_MOVED_DEADLINES) ? [...fresh, ...moved] : fresh;
  }

  /** Reminders, escalations and due-time system commands still to fire for the open deadlines. */
  function pendingTimers(): Timer[] {
    if (!config) return [];
    const timers: Timer[] = [];
    for (const deadline of openDeadlines(state, config.policy)) {
      const plan = plans[deadline.deadlineId];
      if (!deadline.recorded || !plan) continue;
      const id = deadline.deadlineId;
      for (const r of plan.reminders) {
        if (state.reminders.some((x) => x.deadlineId === id && x.offset === r.offset)) continue;
        timers.push({
          deadlineId: id,
          kind: 'reminder',
          at: r.at,
          n: r.offset,
          command: { type: 'RecordReminder', data: { deadlineId: id, offset: r.offset } },
        });
      }
      if (deadline.onDue === 'escalate') {
        plan.escalations.forEach((e, i) => {
          if (state.escalations.some((x) => x.deadlineId === id && x.step === e.step)) return;
          const at = e.at < deadline.recorded!.dueAt ? deadline.recorded!.dueAt : e.at;
          timers.push({
            deadlineId: id,
            kind: 'escalation',
            at,
            n: e.step,
            command: {
              type: 'RecordEscalation',
              data: {
                deadlineId: id,
                step: e.step,
                recipientRole: e.recipientRole,
                nextDueAt: plan.escalations[i + 1]?.at ?? null,
              },
            },
          });
        });
      } else {
        timers.push({
          deadlineId: id,
          kind: deadline.onDue,
          at: deadline.recorded.dueAt,
          n: 0,
          command: { type: deadline.onDue, data: {} },
        } as Timer);
      }
    }
    return timers.filter((t) => !skipped.has(timerKey(t))).sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  function deadlinePassed(deadlineId: string): boolean {
    const deadline = openDeadlines(state, config!.policy).find((d) => d.deadlineId === deadlineId);
    return !!deadline?.recorded && Date.parse(deadline.recorded.dueAt) <= Date.now();
  }

  /** Runs a system command under the command lock; a refusal is logged and the timer not retried. */
  async function fire(timer: Timer): Promise<void> {
    const events = await exclusive(async () => {
      // A command may have closed the deadline while this timer waited for the lock.
      if (!pendingTimers().some((t) => timerKey(t) === timerKey(timer))) return [];
      if (
        timer.kind === 'reminder' &&
        deadlinePassed(timer.deadlineId) &&
        patched(SKIP_REMINDERS_AFTER_DUE)
      ) {
        log.info('reminder not sent: its deadline has passed', { timer: timerKey(timer) });
        skipped.add(timerKey(timer));
        return [];
      }
      try {
        return await execute(timer.command, SYSTEM_ACTOR, {});
      } catch (error) {
        log.warn('system command refused', { timer: timerKey(timer), error: String(error) });
        skipped.add(timerKey(timer));
        return [];
      }
    });
    const firstVersion = state.version - events.length;
    events.forEach((e, i) => {
      if (e.type === 'DeadlineReminderSent' || e.type === 'DeadlineEscalated') {
        deliver(`${caseId}:${firstVersion + i + 1}`);
      }
    });
  }

  /**
   * Delivers an outbox notification in the background (with retries), so a slow or failing channel never
   * holds back the case's other timers.
   */
  function deliver(notificationId: string): void {
    undelivered.add(notificationId);
    deliverNotification({ notificationId })
      .catch((error: unknown) => {
        // notification_delivery keeps the failure (last_error; detail 'failed' once final); the case goes on.
        log.error('notification not delivered', { notificationId, error: String(error) });
      })
      .finally(() => undelivered.delete(notificationId));
  }

  async function recordDeadline(deadline: OpenDeadline): Promise<void> {
    // A re-planned deadline never reuses the plan of its previous record.
    const replanning = deadline.recorded !== null;
    let plan = replanning ? undefined : plans[deadline.deadlineId];
    if (!plan) {
      try {
        const planner = patched(PLAN_DEADLINES_LOCALLY) ? planCaseDeadlineLocally : planCaseDeadline;
        plan = await planner({
          caseId,
          deadline,
          timeZone: state.timeZone,
          policy: planningPolicy(config!.policy, deadline),
        });
      } catch (error) {
        // E.g. the calendar does not cover the dates: visible in the logs and the history, not retried forever.
        log.error('deadline not planned', { deadlineId: deadline.deadlineId, error: String(error) });
        skipped.add(recordKey(deadline));
        return;
      }
      if (!replanning) plans[deadline.deadlineId] = plan;
    }
    const planned = plan;
    await exclusive(async () => {
      // The stage may have moved on (or the deadline been re-planned) while the due date was computed.
      const current = unrecorded().find((d) => d.deadlineId === deadline.deadlineId);
      if (!current || (replanning && recordKey(current) !== recordKey(deadline))) return;
      await execute(
        {
          type: 'RecordDeadline',
          data: {
            deadlineId: planned.deadlineId,
            dueDate: planned.dueDate,
            dueAt: planned.dueAt,
            calendarVersion: planned.calendarVersion,
            policyVersion: planned.policyVersion,
          },
        },
        SYSTEM_ACTOR,
        {},
      );
      plans[deadline.deadlineId] = planned;
    });
  }

  function shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > config!.continueAsNewAfterHistoryEvents;
  }

  for (const notificationId of input.carried?.undelivered ?? []) deliver(notificationId);

  /** The timer of the next due time, once KEEP_DEADLINE_TIMER is in the history. */
  let kept: KeptTimer | undefined;

  for (;;) {
    if (shouldContinueAsNew()) {
      // A safe point: no update or timer handler in flight, so nothing is lost between runs.
      await condition(allHandlersFinished);
      await continueAsNew<typeof sanctionCase>({
        carried: {
          state,
          config: config!,
          plans,
          skipped: [...skipped],
          undelivered: [...undelivered],
          officerVersion,
        },
      });
    }
    const toRecord = unrecorded()[0];
    if (toRecord) {
      await recordDeadline(toRecord);
      continue;
    }
    const version = state.version;
    const next = pendingTimers()[0];
    if (!next) {
      kept?.scope.cancel();
      kept = undefined;
      if (state.stage === 'closed' && patched(COMPLETE_WHEN_CLOSED)) {
        // Closed: finish what is in flight, then complete. ReopenCase starts a new run from this result.
        await condition(() => (allHandlersFinished() && undelivered.size === 0) || state.version !== version);
        if (state.version === version) {
          return { state, config: config!, plans, skipped: [...skipped], officerVersion };
        }
        continue;
      }
      await condition(() => state.version !== version || shouldContinueAsNew());
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && patched(KEEP_DEADLINE_TIMER)) {
      // One timer per due time: a command that leaves the next due time where it was keeps it running.
      if (kept?.at !== next.at) {
        kept?.scope.cancel();
        kept = keepTimer(next.at, wait);
      }
      const timer = kept;
      await condition(() => timer.fired || state.version !== version || shouldContinueAsNew());
      if (!timer.fired) continue;
      kept = undefined;
      // The state may have changed in the same activation: fire only what is still next.
      if (pendingTimers()[0]?.at !== timer.at) continue;
      await fire(pendingTimers()[0]);
      continue;
    }
    const changed =
      wait > 0 ? await condition(() => state.version !== version || shouldContinueAsNew(), wait) : false;
    if (!changed) await fire(next);
  }
}

/** A durable timer kept across the main loop's turns (see KEEP_DEADLINE_TIMER). */
interface KeptTimer {
  at: string;
  fired: boolean;
  scope: CancellationScope;
}

function keepTimer(at: string, wait: number): KeptTimer {
  const scope = new CancellationScope();
  const timer: KeptTimer = { at, fired: false, scope };
  // A cancelled timer rejects with a CancelledFailure: nothing waits on it any more.
  scope
    .run(() => sleep(wait))
    .then(
      () => {
        timer.fired = true;
      },
      () => undefined,
    );
  return timer;
}

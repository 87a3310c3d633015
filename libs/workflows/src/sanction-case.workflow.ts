// The sanctionCase workflow: one per case (workflow id = case id). It holds the case state by folding the
// domain's events, accepts officer commands as updates (validated by decide(), stored by a local activity in
// the update's own workflow task, then applied), and times the case's deadlines with durable timers:
// reminders before a due date, escalations after it, and the system commands that end an objection window or
// a sanction period.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DeadlinePlan,
  type OpenDeadline,
  initialState,
  anchorDateOf,
  needsReplanning,
  openDeadlines,
} from '@netral/domain';
import { type CaseConfig, isCaseConfig } from './activities';
import { catchUpPolicy, planAdopted, policyBehind } from './sanction-case/adoption';
import { CommandLock } from './sanction-case/command-lock';
import { caseStateQuery, caseTimersQuery } from './messages';
import {
  APPEND_EVENTS_LOCALLY,
  COMPLETE_WHEN_CLOSED,
  IF_MATCH_OFFICER_VERSION,
  KEEP_DEADLINE_TIMER,
  PLAN_DEADLINES_LOCALLY,
  RECORD_DEADLINES_WITH_COMMAND,
  RECORD_UNTRACKED_DEADLINES,
  REPLAN_MOVED_DEADLINES,
  SKIP_REMINDERS_AFTER_DUE,
} from './sanction-case/patches';
import { type Patches, execute as executeCommand } from './sanction-case/execute';
import { handleOfficerCommands } from './sanction-case/officer-commands';
import {
  type CarriedCaseState,
  type CaseRun,
  type SanctionCaseInput,
  SYSTEM_ACTOR,
  deliverNotification,
  loadCaseConfig,
  planCaseDeadline,
  planCaseDeadlineLocally,
  planningPolicy,
} from './sanction-case/run';
import { appendRefusal } from './append-refusal';
import {
  type KeptTimer,
  type Timer,
  keepTimer,
  pendingTimers as timersOf,
  timerKey,
} from './sanction-case/timers';
import {
  type PlanningRetry,
  planningFailure,
  recordNotTracked,
  scheduleReplanning,
} from './sanction-case/untracked';

export type { CarriedCaseState, SanctionCaseInput } from './sanction-case/run';

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
  const retries: Record<string, PlanningRetry> = { ...(input.carried?.retries ?? {}) };
  const undelivered = new Set<string>();
  // If-Match is read against this, not state.version: reminders, escalations and recorded deadlines do not
  // change what an officer saw on the form (see versionRefusal).
  let officerVersion = input.carried?.officerVersion ?? state.version;
  // Adoption (see adoption.ts): events of a lost workflow task folded already, by the key of the command that
  // decided them, and recorded deadlines adopted without the plan of their timers.
  const adopted = new Map<string, CaseEvent[]>();
  const unplanned = new Set<string>();
  const run: CaseRun = {
    caseId,
    get state() {
      return state;
    },
    set state(next) {
      state = next;
    },
    get officerVersion() {
      return officerVersion;
    },
    set officerVersion(next) {
      officerVersion = next;
    },
    get config() {
      return config!;
    },
    set config(next) {
      config = next;
    },
    plans,
    skipped,
    retries,
    adopted,
    unplanned,
    policiesLoaded: new Set<string>(),
    deliver: (id) => deliver(id),
  };

  // Commands run one at a time (see command-lock.ts).
  const lock = new CommandLock();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => lock.exclusive(fn);

  const patches: Patches = {
    appendsLocally: () => patched(APPEND_EVENTS_LOCALLY),
    recordsWithCommand: () => patched(RECORD_DEADLINES_WITH_COMMAND),
    lenientIfMatch: () => patched(IF_MATCH_OFFICER_VERSION),
  };
  /** One command (see execute.ts); `key` names it in this run (adoption.ts). */
  function execute(
    command: CaseCommand,
    actor: Actor,
    meta: { requestId?: string; reason?: string },
    key: string,
  ): Promise<CaseEvent[]> {
    return executeCommand(run, patches, { command, actor, meta, key });
  }

  handleOfficerCommands({ run, patches, lock, config: () => config });
  setHandler(caseStateQuery, () => state);
  setHandler(caseTimersQuery, () => pendingTimers().map(({ command: _c, ...t }) => t));

  // The configuration is loaded before any command runs: the first link of the command chain.
  if (!config) {
    const loading = loadCaseConfig({ caseId });
    lock.after(loading);
    config = await loading;
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
    return config ? timersOf(state, config.policy, plans, skipped, retries) : [];
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
      if (timer.kind === 'replan') {
        // The main loop plans the deadline again (recordDeadline) once it is no longer skipped.
        skipped.delete(retries[timer.deadlineId].key);
        return [];
      }
      try {
        return await execute(timer.command, SYSTEM_ACTOR, {}, `timer:${timerKey(timer)}`);
      } catch (error) {
        log.warn('system command refused', { timer: timerKey(timer), error: String(error) });
        skipped.add(timerKey(timer));
        if (patched(RECORD_UNTRACKED_DEADLINES)) {
          await recordNotTracked(run, patches, timer.deadlineId, 'timer_refused', timer.kind);
        }
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
        // E.g. the calendar does not cover the dates: recorded as not tracked (once patched) and, for the
        // calendar, planned again daily for a while (untracked.ts); not retried forever.
        log.error('deadline not planned', { deadlineId: deadline.deadlineId, error: String(error) });
        skipped.add(recordKey(deadline));
        if (patched(RECORD_UNTRACKED_DEADLINES)) {
          const reason = planningFailure(error);
          scheduleReplanning(retries, deadline, recordKey(deadline), reason, Date.now());
          await exclusive(() => recordNotTracked(run, patches, deadline.deadlineId, reason));
        }
        return;
      }
      if (!replanning) plans[deadline.deadlineId] = plan;
    }
    const planned = plan;
    await exclusive(async () => {
      // The stage may have moved on (or the deadline been re-planned) while the due date was computed.
      const current = unrecorded().find((d) => d.deadlineId === deadline.deadlineId);
      if (!current || (replanning && recordKey(current) !== recordKey(deadline))) return;
      try {
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
          `record:${recordKey(deadline)}`,
        );
      } catch (error) {
        // An append the store refuses for good would fail the whole case here: skipped as an unplannable one.
        const refusal = appendRefusal(error);
        if (!refusal) throw error;
        log.error('deadline not recorded: the event store refused it', {
          deadlineId: deadline.deadlineId,
          error: String(refusal),
        });
        skipped.add(recordKey(deadline));
        delete retries[deadline.deadlineId];
        if (patched(RECORD_UNTRACKED_DEADLINES)) {
          await recordNotTracked(run, patches, deadline.deadlineId, 'append_refused');
        }
        return;
      }
      plans[deadline.deadlineId] = planned;
      delete retries[deadline.deadlineId];
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
          ...(Object.keys(retries).length > 0 ? { retries } : {}),
          undelivered: [...undelivered],
          officerVersion,
        },
      });
    }
    const toPlan = [...unplanned][0];
    if (toPlan !== undefined) {
      unplanned.delete(toPlan);
      await planAdopted(run, toPlan);
      continue;
    }
    const migratedTo = policyBehind(run);
    if (migratedTo && patched(APPEND_EVENTS_LOCALLY)) {
      await catchUpPolicy(run, migratedTo);
      continue;
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

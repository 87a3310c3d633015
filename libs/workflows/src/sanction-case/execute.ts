// One command of the sanctionCase workflow, an officer's or the workflow's own: decide → append (idempotent
// event ids) → evolve, with the deadlines an officer's command opens recorded in its append
// (RECORD_DEADLINES_WITH_COMMAND) and, once appends are local (APPEND_EVENTS_LOCALLY), the events of a lost
// workflow task adopted (adoption.ts). The patches are asked by the workflow file (see Patches).
import {
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type DeadlinePlan,
  type DecisionContext,
  decide,
  evolve,
} from '@netral/domain';
import type { CaseConfig } from '../activities';
import { adopt, adoptLost } from './adoption';
import { checkRecorded, freshDeadlines } from './record-with-command';
import { refusal } from './requests';
import {
  type CaseRun,
  SYSTEM_ACTOR,
  appendCaseEvents,
  appendCaseEventsLocally,
  eventMetadata,
  planningPolicy,
} from './run';

/**
 * The patch guards the command path depends on, asked through these functions so that every `patched()` call stays in
 * sanction-case.workflow.ts (the replay test rewrites that file to take a guard away).
 */
export interface Patches {
  appendsLocally(): boolean;
  recordsWithCommand(): boolean;
  /** If-Match's lenient reading under the command lock (IF_MATCH_OFFICER_VERSION, see versionRefusal). */
  lenientIfMatch(): boolean;
}

export interface Execution {
  command: CaseCommand;
  actor: Actor;
  meta: { requestId?: string; reason?: string };
  /** The command's key in this run (adoption.ts): `update:<id>`, `timer:<key>` or `record:<key>`. */
  key: string;
  extra?: Partial<DecisionContext>;
  /** An officer's command: record the deadlines its events open in the same append. */
  recordOpened?: boolean;
}

export function decisionContext(
  config: CaseConfig | null,
  actor: Actor,
  extra: Partial<DecisionContext> = {},
): DecisionContext {
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
 * decide → append → evolve. Throws the domain refusal as an ApplicationFailure. Events a lost workflow task
 * stored for the command are taken, not decided again.
 */
export async function execute(run: CaseRun, patches: Patches, x: Execution): Promise<CaseEvent[]> {
  const { command, actor, meta, key } = x;
  const local = patches.appendsLocally();
  const taken = local ? run.adopted.get(key) : undefined;
  if (taken) {
    run.adopted.delete(key);
    return taken;
  }
  for (;;) {
    const context = decisionContext(run.config, actor, x.extra);
    let events: CaseEvent[];
    try {
      events = decide(command, run.state, context);
    } catch (error) {
      // Refused on a state a lost task moved on from? Then its stored outcome stands.
      const own = local ? await adoptLost(run, key) : undefined;
      if (own) return own;
      throw refusal(error);
    }
    if (events.length === 0) return events;
    const before = run.state;
    const after = events.reduce(evolve, before);
    const opened = x.recordOpened && run.config ? freshDeadlines(after, run.config.policy, run.skipped) : [];
    const recordWithCommand = opened.length > 0 && patches.recordsWithCommand();
    const metadata = (who: Actor) => eventMetadata(who, actor, meta, local ? key : undefined);
    const result = await (local ? appendCaseEventsLocally : appendCaseEvents)({
      caseId: run.caseId,
      expectedVersion: before.version,
      events: events.map((e, i) => ({
        id: `${run.caseId}:${before.version + i + 1}`,
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
              policy: planningPolicy(run.config.policy, ...opened),
              at: context.now,
              // Recorded by the workflow, because of this request: the request's ids, the system as actor.
              metadata: metadata(SYSTEM_ACTOR),
            },
          }
        : {}),
      ...(local ? { adopt: true } : {}),
    });
    if (result.stored) {
      const own = adopt(run, result.stored, key);
      if (own) return own;
      // The lost task stored other commands' events only: decide again on the state they left.
      continue;
    }
    run.state = after;
    if (actor.role !== SYSTEM_ACTOR.role) run.officerVersion = after.version;
    // Only an append that was asked to record deadlines answers with recorded ones.
    if (recordWithCommand) {
      for (const { event, plan } of result.recorded ?? []) evolveRecorded(run, event, plan, context.now);
    }
    return events;
  }
}

/**
 * A DeadlineRecorded the command's append stored (checked against decide(RecordDeadline), see
 * checkRecorded): the stream holds it, so it is evolved; its plan times the deadline.
 */
function evolveRecorded(run: CaseRun, event: CaseEvent, plan: DeadlinePlan, now: string): void {
  checkRecorded(event, run.state, { ...decisionContext(run.config, SYSTEM_ACTOR), now });
  run.state = evolve(run.state, event);
  run.plans[plan.deadlineId] = plan;
}

/**
 * One schedule in memory: the decoded `Schedule` (spec, action, policies, state), its compiled spec and the
 * server's bookkeeping, with the rules that need no I/O: defaults, the catch-up window, the overlap policy a
 * start resolves to, the action limit, future action times, workflow ids and request ids of starts.
 */
import { createHash } from 'node:crypto';
import { decodeSearchAttributeValue } from '../engine/visibility-row';
import { decodeMessage, durFromMs, encodeMessage, enums, msFromDur, num, T, type temporal } from '../proto';
import type { ScheduleRow } from './store';
import { compileSpec, type CompiledScheduleSpec } from './spec';
import { SCHEDULER_LIMITS, type ScheduleBookkeeping } from './state';

export type ISchedule = temporal.api.schedule.v1.ISchedule;
export type INewWorkflowExecutionInfo = temporal.api.workflow.v1.INewWorkflowExecutionInfo;

export const SCHEDULE_TYPE = 'temporal.api.schedule.v1.Schedule';
const P = enums.ScheduleOverlapPolicy;

export class LoadedSchedule {
  schedule: ISchedule;
  compiled: CompiledScheduleSpec | undefined;
  /** Why the stored spec cannot be evaluated (never expected: specs are validated before they are stored). */
  invalidSpecError = '';

  constructor(
    readonly row: ScheduleRow,
    /** The namespace's id: with the schedule id it seeds the jitter, as on the real server. */
    readonly namespaceId: string,
  ) {
    this.schedule = decodeMessage<ISchedule>(SCHEDULE_TYPE, row.schedule);
    this.compile();
  }

  get namespace(): string {
    return this.row.namespace;
  }
  get scheduleId(): string {
    return this.row.scheduleId;
  }
  get state(): ScheduleBookkeeping {
    return this.row.state;
  }
  get jitterSeed(): string {
    return `${this.namespaceId}-${this.scheduleId}`;
  }
  get paused(): boolean {
    return this.schedule.state?.paused === true;
  }

  /** After the schedule changed: re-encode it and compile its spec again. */
  replaceSchedule(schedule: ISchedule): void {
    this.schedule = schedule;
    this.compile();
  }

  encode(): Buffer {
    return Buffer.from(encodeMessage(SCHEDULE_TYPE, this.schedule));
  }

  private compile(): void {
    try {
      this.compiled = compileSpec(this.schedule.spec ?? {});
      this.invalidSpecError = '';
    } catch (e) {
      this.compiled = undefined;
      this.invalidSpecError = e instanceof Error ? e.message : String(e);
    }
  }

  catchupWindowMs(): number {
    return catchupWindowMs(this.schedule);
  }

  /** A start's policy, resolved as late as possible so that an update of the policy applies to buffered starts. */
  resolveOverlap(policy: number): number {
    return policy || this.schedule.policies?.overlapPolicy || P.SCHEDULE_OVERLAP_POLICY_SKIP;
  }

  /**
   * Whether a start may run: manual starts always; scheduled ones unless paused or out of actions. With
   * `decrement`, a limited schedule uses up one action (which changes the schedule, hence the token).
   */
  canTakeScheduledAction(manual: boolean, decrement: boolean): boolean {
    if (manual) return true;
    const state = this.schedule.state;
    if (state?.paused) return false;
    if (!state?.limitedActions) return true;
    const remaining = num(state.remainingActions);
    if (remaining <= 0) return false;
    if (decrement) {
      state.remainingActions = (remaining - 1) as never;
      this.state.conflictToken++;
    }
    return true;
  }

  /** The next `count` action times after the last processed time (describe: 10, list: 5). */
  futureActionTimes(count: number): number[] {
    if (!this.compiled) return [];
    const state = this.schedule.state;
    const n = state?.limitedActions ? Math.min(count, num(state.remainingActions)) : count;
    const out: number[] = [];
    let cursor = this.state.lastProcessedTime;
    const updateTime = this.state.updateTime ?? 0;
    try {
      while (out.length < n) {
        const next = this.compiled.nextTime(cursor, { jitterSeed: this.jitterSeed });
        if (!next) break;
        cursor = next.actualMs;
        // Times before an update belong to the old spec's processing, as on the real server.
        if (next.actualMs < updateTime) continue;
        out.push(next.actualMs);
      }
    } catch {
      // Too many exclusions: the schedule takes no further action, so there is nothing to show.
    }
    return out;
  }

  /** The workflow id of a start: the action's id plus the nominal time in whole seconds, RFC 3339 UTC. */
  startedWorkflowId(nominalMs: number): string {
    return `${this.schedule.action?.startWorkflow?.workflowId ?? ''}-${rfc3339Seconds(nominalMs)}`;
  }

  /**
   * The request id of a scheduled (not manual) start: derived from the schedule's incarnation and the
   * start's times, so that processing the same time range again (after a crash) starts nothing new.
   */
  scheduledRequestId(nominalMs: number, actualMs: number): string {
    const hash = createHash('sha1')
      .update(
        `${this.namespaceId}\u0000${this.scheduleId}\u0000${this.state.incarnation}\u0000${nominalMs}\u0000${actualMs}`,
      )
      .digest('hex');
    return `sched-auto-${hash.slice(0, 32)}`;
  }

  /** Search attributes as JSON values (one-element lists of scalar types unwrapped) and the paused flag. */
  visibilityFields(types: Record<string, string>): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (this.row.searchAttributes) {
      const sa = decodeMessage<temporal.api.common.v1.ISearchAttributes>(
        T.SearchAttributes,
        this.row.searchAttributes,
      );
      for (const [name, payload] of Object.entries(sa.indexedFields ?? {})) {
        let value = decodeSearchAttributeValue(payload);
        if (value === undefined) continue;
        if (types[name] === 'KeywordList') value = Array.isArray(value) ? value : [value];
        else if (Array.isArray(value)) value = value[0];
        if (value !== undefined) fields[name] = value;
      }
    }
    fields.TemporalSchedulePaused = this.paused;
    return fields;
  }

  identity(): string {
    return `temporal-scheduler-${this.namespace}-${this.scheduleId}`;
  }
}

/** The catch-up window: one year when unset, never below ten seconds (the real server's bounds). */
export function catchupWindowMs(schedule: ISchedule): number {
  const window = schedule.policies?.catchupWindow;
  if (!window) return SCHEDULER_LIMITS.defaultCatchupWindowMs;
  return Math.max(msFromDur(window), SCHEDULER_LIMITS.minCatchupWindowMs);
}

/**
 * Fills the defaults the real server writes into a schedule on create and update, so that describe shows
 * them: the overlap policy (SKIP) and the catch-up window.
 */
export function withDefaults(schedule: ISchedule): ISchedule {
  const policies = { ...(schedule.policies ?? {}) };
  policies.overlapPolicy = policies.overlapPolicy || P.SCHEDULE_OVERLAP_POLICY_SKIP;
  policies.catchupWindow = durFromMs(catchupWindowMs(schedule)) as never;
  return {
    spec: schedule.spec ?? {},
    action: schedule.action ?? {},
    policies,
    state: schedule.state ?? {},
  };
}

/** Go's RFC 3339 form of a UTC time truncated to the second: `2025-01-06T00:00:00Z`. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The 8-byte big-endian conflict token the real frontend returns. */
export function encodeConflictToken(token: number): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(token));
  return buf;
}

export function decodeConflictToken(bytes: Uint8Array | null | undefined): number {
  if (!bytes || bytes.length < 8) return 0;
  return Number(Buffer.from(bytes).readBigUInt64BE(0));
}

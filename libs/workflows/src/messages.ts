// Messages shared by the sanction case workflow and its callers (apps/api, tests): one generic update that
// carries any officer command, and a query for the current state. The update id is the caller's
// idempotency key, so a retried HTTP request returns the first outcome instead of acting twice.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { type Actor, type CaseCommand, type CaseState } from '@netral/domain';

export const SANCTION_CASE_WORKFLOW = 'sanctionCase';
export const DEFAULT_TASK_QUEUE = 'netral-cases';

/** One officer command, with who issues it and why (the audit metadata of the events it produces). */
export interface CaseCommandRequest {
  command: CaseCommand;
  actor: Actor;
  /** The idempotency key / HTTP request id; recorded as the events' correlation id. */
  requestId?: string;
  /** Why, e.g. a letter number or a justification; recorded in the events' metadata. */
  reason?: string;
  /**
   * The case version the caller acted on (HTTP `If-Match`). When set and an officer (non-system) event came
   * after it, the update fails with an ApplicationFailure of type VERSION_MISMATCH (checked in the validator
   * and again under the command lock, so the check is atomic with the command); the workflow's own events
   * after it do not count.
   */
  expectedVersion?: number;
  /**
   * `If-Match` with several entity tags: the command runs only if the case is at one of these versions
   * (same failure as `expectedVersion` otherwise; checked the same way, atomically with the command).
   */
  expectedVersions?: number[];
}

/** ApplicationFailure type of an update whose `expectedVersion` is not the case's current version. */
export const VERSION_MISMATCH = 'VERSION_MISMATCH';

/**
 * Runs a command against the case. The validator runs the domain's decide(): a refused command is rejected
 * with an ApplicationFailure whose `type` is the DomainError code (details[0] is the DomainError JSON) and
 * leaves nothing in the history. Returns the case state after the events were stored.
 */
export const caseCommandUpdate = defineUpdate<CaseState, [CaseCommandRequest]>('caseCommand');

/** The case state as the workflow holds it (same shape as folding the event stream). */
export const caseStateQuery = defineQuery<CaseState>('caseState');

/** Deadlines the workflow is timing: due time, reminders and escalations still to fire. */
export const caseTimersQuery = defineQuery<PlannedTimer[]>('caseTimers');

export interface PlannedTimer {
  deadlineId: string;
  /** `replan`: the next try to plan a deadline whose calendar did not cover its dates (untracked.ts). */
  kind: 'reminder' | 'escalation' | 'MarkSanctionInForce' | 'MarkSanctionPeriodServed' | 'replan';
  at: string;
  /** Reminder offset, escalation step, or planning try. */
  n: number;
}

/** The officers' daily digest (officer-digest.workflow.ts), started by a schedule. */
export const OFFICER_DIGEST_WORKFLOW = 'officerDigest';
export const DEFAULT_DIGEST_UPCOMING_WORKING_DAYS = 3;

export interface OfficerDigestInput {
  /** The digest's day (Asia/Jakarta, YYYY-MM-DD); default: today when the workflow starts. */
  date?: string;
  upcomingWorkingDays?: number;
}

export interface OfficerDigestResult {
  date: string;
  skipped?: 'not_a_working_day';
  digestIds: string[];
  delivered: number;
}

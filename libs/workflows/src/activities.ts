// Activity interfaces of the sanction case workflow (types only: the implementations live in apps/worker).
import {
  type AgencySetting,
  type CaseEventOf,
  type Catalogues,
  type DeadlinePlan,
  type DeadlinePolicy,
  type OpenDeadline,
  type WorkingCalendar,
} from '@netral/domain';

/** Everything decide() needs beyond the state, fixed when the workflow (run) starts and carried along. */
export interface CaseConfig {
  catalogues: Catalogues;
  policy: DeadlinePolicy;
  /** The working calendar in force when the run started (decide() uses it for notice checks). */
  calendar: WorkingCalendar | null;
  /** The agency data (pay schemes) at the start; absent in configurations of older cases. */
  agencies?: AgencySetting | null;
  /**
   * The SKB 2022 reading the agency's administrator had chosen when the case started; absent or null: the
   * catalogue's default. RegisterReport records it, so later choices never change a running case.
   */
  violationReading?: string | null;
  /** Continue-as-new once the history grows past this many events (Temporal also suggests it). */
  continueAsNewAfterHistoryEvents: number;
}

/** Whether a value has the shape of a CaseConfig (checked where one arrives from outside). */
export function isCaseConfig(value: unknown): value is CaseConfig {
  const c = value as Partial<CaseConfig> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.catalogues === 'object' &&
    c.catalogues !== null &&
    typeof c.policy === 'object' &&
    c.policy !== null &&
    (c.calendar === null || typeof c.calendar === 'object') &&
    Number.isInteger(c.continueAsNewAfterHistoryEvents) &&
    (c.continueAsNewAfterHistoryEvents as number) > 0
  );
}

/** Audit metadata stored with each event. */
export interface CaseEventMetadata {
  actorId: string;
  role: string;
  agency: string;
  reason?: string;
  correlationId?: string;
  causationId?: string;
  workflowId: string;
  runId: string;
  /**
   * The command that decided the events, unique in its run (APPEND_EVENTS_LOCALLY): `update:<update id>` for
   * an officer's command (its DeadlineRecorded events too), else the system command's timer or deadline. Lets
   * a workflow task run again after it was lost recognise the events it stored.
   */
  commandKey?: string;
}

export interface CaseEventToAppend {
  /** `${caseId}:${version}`: derived from the stream position, so a retried append is a no-op. */
  id: string;
  type: string;
  data: unknown;
  occurredAt: string;
}

export interface AppendCaseEventsInput {
  caseId: string;
  expectedVersion: number;
  events: CaseEventToAppend[];
  metadata: CaseEventMetadata;
  /**
   * The deadlines the command's events open (RECORD_DEADLINES_WITH_COMMAND): the activity plans them and
   * appends their DeadlineRecorded events after the command's, in the same append. Absent in older inputs.
   */
  recordDeadlines?: DeadlinesToRecord;
  /**
   * Set by the local append (APPEND_EVENTS_LOCALLY): when the stream already holds events after
   * `expectedVersion` and this run stored all of them (a workflow task lost after its append), answer them in
   * `stored` instead of failing, so that the workflow adopts them. With no events, only that look-up.
   */
  adopt?: boolean;
}

/** An event of the stream after the expected version, stored by an earlier, lost task of the same run. */
export interface StoredCaseEvent {
  version: number;
  type: string;
  data: unknown;
  role: string;
  commandKey?: string;
}

export interface DeadlinesToRecord {
  /** Open deadlines without a recorded due date, as in the state after the command's events. */
  deadlines: OpenDeadline[];
  timeZone: string;
  /** The case's policy with only these deadlines' rules (what a plan reads, see PlanCaseDeadlineInput). */
  policy: DeadlinePolicy;
  /** The command's decision time: the DeadlineRecorded events' `at`. */
  at: string;
  /** Audit metadata of the DeadlineRecorded events (the workflow as actor). */
  metadata: CaseEventMetadata;
}

export interface AppendCaseEventsResult {
  nextExpectedVersion: number;
  alreadyAppended: boolean;
  /**
   * The DeadlineRecorded events appended with the command (as stored: a retry returns the first attempt's)
   * and their plans, in version order. A deadline that could not be planned is left out: the workflow
   * plans it again on its own (and skips it as before if that fails too).
   */
  recorded?: RecordedWithCommand[];
  /** With `adopt`: every event after `expectedVersion`, when this run stored them (nothing was written). */
  stored?: StoredCaseEvent[];
}

export interface RecordedWithCommand {
  event: { type: 'DeadlineRecorded'; data: CaseEventOf<'DeadlineRecorded'>['data'] };
  plan: DeadlinePlan;
}

export interface PlanCaseDeadlineInput {
  caseId: string;
  deadline: OpenDeadline;
  timeZone: string;
  /**
   * The case's policy; since the workflow trims it, only the deadline's own rule (older histories: all).
   * A planner reads the parameters; the deadline itself carries its rule's length, reminders and steps.
   */
  policy: DeadlinePolicy;
}

export interface DeliverNotificationInput {
  /** The outbox row id (= the id of the reminder/escalation event). */
  notificationId: string;
}

export interface DeliverNotificationResult {
  delivered: boolean;
  channels: string[];
}

/**
 * Attempts of deliverNotification (Temporal retries it with backoff); at the last one a failure is
 * recorded as final in notification_delivery.
 */
export const DELIVERY_MAX_ATTEMPTS = 20;

/** Error types the activities throw as non-retryable ApplicationFailures. */
export const CONCURRENCY_CONFLICT = 'CONCURRENCY_CONFLICT';
export const IDEMPOTENCY_VIOLATION = 'IDEMPOTENCY_VIOLATION';
export const NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND';
/** A DocumentAttached event's file is not in the document store (nothing was appended). */
export const DOCUMENT_NOT_STORED = 'DOCUMENT_NOT_STORED';
/**
 * The event store refused the append for good (PostgreSQL's data, integrity or limit errors, or the store's
 * own checks): nothing was appended, and retrying the same events would fail the same way for ever.
 */
export const EVENT_STORE_REFUSED = 'EVENT_STORE_REFUSED';

export interface CaseActivities {
  /** Catalogues, deadline policy and working calendar in force, as data. */
  loadCaseConfig(input: { caseId: string }): Promise<CaseConfig>;
  /** Appends to the case stream and updates the read models in one transaction. */
  appendCaseEvents(input: AppendCaseEventsInput): Promise<AppendCaseEventsResult>;
  /**
   * A published deadline policy version (the bundled one or one published through the API), or null when no
   * such version exists. Read by an audited migration; its result is in the history, so replay is safe.
   */
  loadDeadlinePolicy(input: { version: string }): Promise<DeadlinePolicy | null>;
  /** Computes a deadline's due date, reminders and escalations with the calendar in force now. */
  planCaseDeadline(input: PlanCaseDeadlineInput): Promise<DeadlinePlan>;
  /** Sends an outbox notification through the configured channels and records the delivery. */
  deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult>;
}

export interface PrepareOfficerDigestsInput {
  /** The digest's day in Asia/Jakarta, YYYY-MM-DD. */
  date: string;
  /** Upcoming = due within this many working days after `date`. */
  upcomingWorkingDays: number;
}

export interface PrepareOfficerDigestsResult {
  /** Set when `date` is not a working day (weekend or holiday in the calendar in force): no digest. */
  skipped?: 'not_a_working_day';
  /** The digest ids put in the outbox (one per officer with something upcoming or overdue). */
  digestIds: string[];
}

/** The officers' daily digest of upcoming and overdue deadlines. */
export interface DigestActivities {
  /** Reads the case read models and stores one digest per officer (idempotent per day and officer). */
  prepareOfficerDigests(input: PrepareOfficerDigestsInput): Promise<PrepareOfficerDigestsResult>;
  /** Sends a stored digest through the channels and records the delivery. */
  deliverOfficerDigest(input: { digestId: string }): Promise<DeliverNotificationResult>;
}

// The sanction case workflow's activities: configuration, event appends (with the case read models in the
// same transaction), deadline planning with the calendar in force, and notification delivery.
import { ApplicationFailure } from '@temporalio/common';
import {
  type Catalogues,
  type DeadlinePlan,
  type DeadlinePolicy,
  type WorkingCalendar,
  DEFAULT_DEADLINE_POLICY,
  isDomainError,
  parseDeadlinePolicy,
  planDeadline,
} from '@netral/domain';
import {
  ConcurrencyConflictError,
  type EventStore,
  IdempotencyViolationError,
  NOTIFICATION_OUTBOX_TABLE,
  writeRefusal,
} from '@netral/event-store';
import {
  type AppendCaseEventsInput,
  type AppendCaseEventsResult,
  type CaseActivities,
  type CaseConfig,
  CONCURRENCY_CONFLICT,
  CONFIG_TIME_ZONE,
  DEADLINE_POLICY_VERSION_TABLE,
  DOCUMENT_NOT_STORED,
  DEFAULT_CONTINUE_AS_NEW_AFTER,
  EVENT_STORE_REFUSED,
  type DigestActivities,
  caseConfigSource,
  currentIndonesianCalendar,
  type DeliverNotificationInput,
  type DeliverNotificationResult,
  IDEMPOTENCY_VIOLATION,
  NOTIFICATION_NOT_FOUND,
  type PlanCaseDeadlineInput,
  withHorizonOverride,
} from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { createDigestActivities } from '../digest/digest-activities';
import { deliverAndRecord } from '../notifications/delivery';
import { ownEventsAfter } from './adoption';
import { appendWithDeadlines } from './record-with-command';
import type { Notification, NotificationChannel } from '../notifications/notification';

/** Computes a deadline plan; the default uses the Indonesian working calendar in force now. */
export type DeadlinePlanner = (input: PlanCaseDeadlineInput) => DeadlinePlan | Promise<DeadlinePlan>;

export interface CaseActivitiesOptions {
  dataSource: DataSource;
  /** An EventStore built with the case read models as inline projections. */
  eventStore: EventStore;
  channels: NotificationChannel[];
  catalogues?: Catalogues;
  policy?: DeadlinePolicy;
  /** The working calendar for a zone; default: buildIndonesianCalendar for last year to two years on. */
  calendar?: (timeZone: string) => WorkingCalendar;
  planner?: DeadlinePlanner;
  continueAsNewAfterHistoryEvents?: number;
}

export { DEFAULT_CONTINUE_AS_NEW_AFTER, currentIndonesianCalendar };

/** PostgreSQL's undefined_table. */
const UNDEFINED_TABLE = '42P01';

/** The case activities and the officers' digest activities (one worker hosts both workflows). */
export function createCaseActivities(options: CaseActivitiesOptions): CaseActivities & DigestActivities {
  const calendarFor = options.calendar ?? currentIndonesianCalendar();
  const configInForce = caseConfigSource({ ...options, calendar: calendarFor });
  const planner: DeadlinePlanner =
    options.planner ??
    ((input) => planDeadline(input.deadline, calendarFor(input.timeZone), input.policy, input.timeZone));
  const outbox = NOTIFICATION_OUTBOX_TABLE;

  /** The append itself: the command's events (and the DeadlineRecorded of the deadlines they open). */
  async function appendOnce(input: AppendCaseEventsInput): Promise<AppendCaseEventsResult> {
    if (input.recordDeadlines) {
      return appendWithDeadlines(options.eventStore, planner, {
        ...input,
        recordDeadlines: input.recordDeadlines,
      });
    }
    const result = await options.eventStore.append(
      input.caseId,
      input.expectedVersion,
      input.events.map((e) => ({
        id: e.id,
        type: e.type,
        data: e.data,
        occurredAt: e.occurredAt,
        metadata: { ...input.metadata },
      })),
    );
    return { nextExpectedVersion: result.nextExpectedVersion, alreadyAppended: result.alreadyAppended };
  }

  return {
    ...createDigestActivities({
      dataSource: options.dataSource,
      channels: options.channels,
      calendar: () => calendarFor(CONFIG_TIME_ZONE),
      policy: options.policy,
    }),

    async loadCaseConfig(): Promise<CaseConfig> {
      return configInForce();
    },

    async appendCaseEvents(input: AppendCaseEventsInput): Promise<AppendCaseEventsResult> {
      // With `adopt`, no events: only the look-up of a lost task's events (a refusal checks it first).
      if (input.adopt && input.events.length === 0) {
        return (
          (await ownEventsAfter(options.eventStore, input)) ?? {
            nextExpectedVersion: input.expectedVersion,
            alreadyAppended: false,
          }
        );
      }
      try {
        const result = await appendOnce(input);
        // Stored before: by a lost task of this run (adopt), or by this very append's earlier attempt.
        if (input.adopt && result.alreadyAppended) {
          return (await ownEventsAfter(options.eventStore, input)) ?? result;
        }
        return result;
      } catch (error) {
        const lost =
          input.adopt &&
          (error instanceof ConcurrencyConflictError || error instanceof IdempotencyViolationError);
        const adopted = lost ? await ownEventsAfter(options.eventStore, input) : undefined;
        if (adopted) return adopted;
        throw failureOf(error);
      }
    },

    async loadDeadlinePolicy({ version }: { version: string }): Promise<DeadlinePolicy | null> {
      const bundled = options.policy ?? DEFAULT_DEADLINE_POLICY;
      let rows: { policy: unknown }[] = [];
      try {
        rows = await options.dataSource.query(
          `SELECT policy FROM ${DEADLINE_POLICY_VERSION_TABLE} WHERE version = $1`,
          [version],
        );
      } catch (error) {
        // A database without the API's migrations (a worker-only test) knows the bundled version only.
        if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      }
      if (rows[0]) return withHorizonOverride(parseDeadlinePolicy(rows[0].policy));
      return version === bundled.version ? withHorizonOverride(bundled) : null;
    },

    async planCaseDeadline(input: PlanCaseDeadlineInput): Promise<DeadlinePlan> {
      try {
        return await planner(input);
      } catch (error) {
        // Bad data (e.g. a calendar that does not cover the dates) will not fix itself by retrying.
        if (isDomainError(error)) {
          throw ApplicationFailure.create({
            type: error.code,
            message: error.message,
            nonRetryable: true,
            details: [error.toJSON()],
          });
        }
        throw error;
      }
    },

    async deliverNotification(input: DeliverNotificationInput): Promise<DeliverNotificationResult> {
      const [row] = (await options.dataSource.query(`SELECT * FROM ${outbox} WHERE id = $1`, [
        input.notificationId,
      ])) as OutboxRow[];
      if (!row) {
        throw ApplicationFailure.create({
          type: NOTIFICATION_NOT_FOUND,
          message: `no outbox row ${input.notificationId}`,
          nonRetryable: true,
        });
      }
      const notification: Notification = {
        id: row.id,
        kind: row.kind as Notification['kind'],
        caseId: row.case_id,
        recipientRole: row.recipient_role,
        recipientAgency: row.recipient_agency,
        ...(row.recipient_id ? { recipientId: row.recipient_id } : {}),
        ...(row.due_at ? { dueAt: new Date(row.due_at).toISOString() } : {}),
        message: row.message,
        data: row.data,
      };
      return deliverAndRecord(options.dataSource, options.channels, notification);
    },
  };
}

/** An append's error as the workflow reads it: the ones retrying cannot fix are non-retryable. */
function failureOf(error: unknown): unknown {
  // The workflow is the only writer of its stream: a conflict means two writers, which retrying hides.
  if (error instanceof ConcurrencyConflictError) {
    return ApplicationFailure.create({
      type: CONCURRENCY_CONFLICT,
      message: error.message,
      nonRetryable: true,
    });
  }
  // A DocumentAttached event whose file is not stored (the documents' foreign key): retrying cannot store the
  // file, and would hold the case's command chain forever.
  if ((error as { code?: string }).code === '23503') {
    return ApplicationFailure.create({
      type: DOCUMENT_NOT_STORED,
      message: `an event references a file that is not stored: ${(error as Error).message}`,
      nonRetryable: true,
    });
  }
  if (error instanceof IdempotencyViolationError) {
    return ApplicationFailure.create({
      type: IDEMPOTENCY_VIOLATION,
      message: error.message,
      nonRetryable: true,
    });
  }
  // Data PostgreSQL (or the store's checks) refuses for good, e.g. a lone surrogate in a text (22P02): retried,
  // it held the case's command chain for ever (bench/notes/s16-hostile.md). Transient errors
  // (connection, 40001/40P01, 53xxx, 57xxx) stay retryable. PostgreSQL's primary message names the rule,
  // not the data (its detail, which may quote the row, is left out of the history).
  const refused = writeRefusal(error);
  if (refused) {
    return ApplicationFailure.create({
      type: EVENT_STORE_REFUSED,
      message: `the event store refused the append (${refused}): ${(error as Error).message}`.slice(0, 300),
      nonRetryable: true,
      details: [{ refused }],
    });
  }
  return error;
}

interface OutboxRow {
  id: string;
  case_id: string;
  kind: string;
  recipient_role: string;
  recipient_agency: string;
  recipient_id: string | null;
  due_at: Date | null;
  message: string;
  data: Record<string, unknown>;
}

// The officers' daily digest activities: collect each officer's upcoming and overdue deadlines from the read
// models (case_summary, case_deadlines), store one digest per officer (message in Indonesian) and deliver it.
import { ApplicationFailure } from '@temporalio/common';
import {
  ruleName,
  type CivilDate,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type WorkingCalendar,
  addWorkingDays,
  formatTanggal,
  isCivilDate,
  isWorkingDay,
} from '@netral/domain';
import type {
  DeliverNotificationResult,
  DigestActivities,
  PrepareOfficerDigestsInput,
  PrepareOfficerDigestsResult,
} from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { deliverAndRecord } from '../notifications/delivery';
import type { Notification, NotificationChannel } from '../notifications/notification';
import { OFFICER_DIGEST_TABLE } from './digest.migration';

export interface DigestActivitiesOptions {
  dataSource: DataSource;
  channels: NotificationChannel[];
  /** The working calendar of Asia/Jakarta (holidays are skipped, working days counted). */
  calendar: () => WorkingCalendar;
  policy?: DeadlinePolicy;
}

export interface DigestDeadline {
  caseId: string;
  deadlineId: string;
  ruleId: string;
  name: string;
  dueDate: string;
  dueAt: string;
  overdue: boolean;
}

interface DeadlineRow {
  case_id: string;
  agency: string;
  officer_id: string;
  deadline_id: string;
  rule_id: string;
  due_date: string;
  due_at: Date;
}

/** The digest text: one line per deadline, overdue first. */
export function digestMessage(date: CivilDate, horizon: CivilDate, deadlines: DigestDeadline[]): string {
  const overdue = deadlines.filter((d) => d.overdue);
  const upcoming = deadlines.filter((d) => !d.overdue);
  const lines = [
    `Ringkasan tenggat ${formatTanggal(date)}: ${overdue.length} tenggat terlewat, ` +
      `${upcoming.length} tenggat jatuh tempo sampai ${formatTanggal(horizon)}.`,
    ...overdue.map(
      (d) => `- TERLEWAT: kasus ${d.caseId}, ${d.name}, jatuh tempo ${formatTanggal(d.dueDate)}`,
    ),
    ...upcoming.map((d) => `- kasus ${d.caseId}, ${d.name}, jatuh tempo ${formatTanggal(d.dueDate)}`),
  ];
  return lines.join('\n');
}

export function createDigestActivities(options: DigestActivitiesOptions): DigestActivities {
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;

  return {
    async prepareOfficerDigests(input: PrepareOfficerDigestsInput): Promise<PrepareOfficerDigestsResult> {
      if (
        !isCivilDate(input.date) ||
        !Number.isInteger(input.upcomingWorkingDays) ||
        input.upcomingWorkingDays < 0
      ) {
        throw ApplicationFailure.create({
          type: 'INVALID_DIGEST_INPUT',
          message: 'a digest needs a YYYY-MM-DD date and a non-negative number of working days',
          nonRetryable: true,
        });
      }
      const calendar = options.calendar();
      if (!isWorkingDay(calendar, input.date)) {
        return { skipped: 'not_a_working_day', digestIds: [] };
      }
      const horizon = addWorkingDays(calendar, input.date, input.upcomingWorkingDays);
      const now = new Date();
      // Open deadlines of open cases with an assigned officer, due by the horizon (overdue ones included).
      const rows = (await options.dataSource.query(
        `SELECT s.case_id, s.agency, s.officer_id, d.deadline_id, d.rule_id, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.due_at
         FROM case_summary s JOIN case_deadlines d ON d.case_id = s.case_id AND d.status = 'open'
         WHERE s.stage <> 'closed' AND s.officer_id IS NOT NULL AND d.due_date <= $1::date
         ORDER BY s.agency, s.officer_id, d.due_at, s.case_id`,
        [horizon],
      )) as DeadlineRow[];
      const byOfficer = new Map<string, { agency: string; officerId: string; deadlines: DigestDeadline[] }>();
      for (const r of rows) {
        const key = `${r.agency}\u0000${r.officer_id}`;
        let entry = byOfficer.get(key);
        if (!entry)
          byOfficer.set(key, (entry = { agency: r.agency, officerId: r.officer_id, deadlines: [] }));
        entry.deadlines.push({
          caseId: r.case_id,
          deadlineId: r.deadline_id,
          ruleId: r.rule_id,
          name: ruleName(policy, r.rule_id),
          dueDate: r.due_date,
          dueAt: new Date(r.due_at).toISOString(),
          overdue: new Date(r.due_at) < now,
        });
      }
      const digestIds: string[] = [];
      for (const { agency, officerId, deadlines } of byOfficer.values()) {
        const id = `digest:${input.date}:${agency}:${officerId}`;
        // Once per officer and day: a retried activity or a second run that day keeps the first digest.
        await options.dataSource.query(
          `INSERT INTO ${OFFICER_DIGEST_TABLE} (id, digest_date, officer_id, agency, message, data)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [
            id,
            input.date,
            officerId,
            agency,
            digestMessage(input.date, horizon, deadlines),
            JSON.stringify({ date: input.date, horizon, deadlines }),
          ],
        );
        digestIds.push(id);
      }
      return { digestIds };
    },

    async deliverOfficerDigest(input: { digestId: string }): Promise<DeliverNotificationResult> {
      const [row] = (await options.dataSource.query(`SELECT * FROM ${OFFICER_DIGEST_TABLE} WHERE id = $1`, [
        input.digestId,
      ])) as {
        id: string;
        officer_id: string;
        agency: string;
        message: string;
        data: Record<string, unknown>;
      }[];
      if (!row) {
        throw ApplicationFailure.create({
          type: 'DIGEST_NOT_FOUND',
          message: `no digest ${input.digestId}`,
          nonRetryable: true,
        });
      }
      const notification: Notification = {
        id: row.id,
        kind: 'digest',
        recipientRole: 'case_officer',
        recipientAgency: row.agency,
        recipientId: row.officer_id,
        message: row.message,
        data: row.data,
      };
      return deliverAndRecord(options.dataSource, options.channels, notification);
    },
  };
}

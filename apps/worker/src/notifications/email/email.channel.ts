// The e-mail channel: resolves who a notification reaches from the agency directory, writes each person's
// message into the e-mail outbox (same words on every retry, a stable Message-ID) and wakes the dispatcher.
// Sending happens there, inside office hours, with its own retries and dead-letter list: a notification is
// "delivered" to this channel once its e-mails are safely queued.
import {
  CASE_SUMMARY_TABLE,
  AgencyDirectory,
  type DirectoryPerson,
  EMAIL_OUTBOX_TABLE,
} from '@netral/event-store';
import {
  type CivilDate,
  DEFAULT_DEADLINE_POLICY,
  DEFAULT_TIME_ZONE,
  type DeadlinePolicy,
  type RecipientRole,
  RECIPIENT_ROLES,
  type WorkingCalendar,
  fromEpochMs,
  localDateOf,
  workingDaysBetween,
} from '@netral/domain';
import type { DataSource } from 'typeorm';
import type { DeliveryOutcome, Notification, NotificationChannel } from '../notification';
import { type EmailSettings } from './email.config';
import {
  type CaseFacts,
  type DigestItem,
  type EmailContent,
  digestEmail,
  escalationMessage,
  reminderMessage,
  roleLabel,
} from './messages';
import { nextOfficeTime } from './office-hours';

export interface EmailChannelOptions {
  dataSource: DataSource;
  settings: EmailSettings;
  /** The national working calendar (holidays and cuti bersama); the zone is applied per agency. */
  calendar: () => WorkingCalendar;
  policy?: DeadlinePolicy;
  /** Called after e-mails were queued, so the dispatcher sends them without waiting for its next poll. */
  onQueued?: () => void;
  clock?: () => Date;
}

interface CaseRow {
  reported_asn_name: string | null;
  reported_asn_nip: string | null;
  officer_id: string | null;
  time_zone: string | null;
}

/** A Message-ID local part: the notification and the person, in the characters RFC 5322 allows unquoted. */
const atom = (value: string) => value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '_');

export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly directory: AgencyDirectory;
  private readonly policy: DeadlinePolicy;
  private readonly clock: () => Date;

  constructor(private readonly options: EmailChannelOptions) {
    this.directory = new AgencyDirectory(options.dataSource);
    this.policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
    this.clock = options.clock ?? (() => new Date());
  }

  async deliver(notification: Notification): Promise<DeliveryOutcome> {
    const agency = notification.recipientAgency;
    const role = notification.recipientRole as RecipientRole;
    const caseRow = notification.caseId ? await this.caseRow(notification.caseId) : undefined;
    const agencyEntry = await this.directory.agency(agency);
    const timeZone = agencyEntry?.timeZone ?? caseRow?.time_zone ?? DEFAULT_TIME_ZONE;
    const recipients = (RECIPIENT_ROLES as readonly string[]).includes(role)
      ? await this.directory.recipients(agency, role, notification.recipientId)
      : [];
    const notBefore = nextOfficeTime(
      this.clock(),
      this.options.calendar(),
      timeZone,
      this.options.settings.officeHours,
    );

    if (recipients.length === 0) {
      const why = notification.recipientId
        ? `${notification.recipientId} is not in the directory of agency ${agency}`
        : `nobody in the directory of agency ${agency} holds the role ${role}`;
      await this.queue(notification, {
        timeZone,
        notBefore,
        person: null,
        content: this.undeliverable(notification),
        error: why,
      });
      return { channel: this.name, detail: `undeliverable: ${why}` };
    }

    let queued = 0;
    const unreachable: string[] = [];
    for (const person of recipients) {
      const content = await this.compose(notification, person, caseRow, timeZone);
      const error = person.email
        ? null
        : `no e-mail address in the directory for ${person.name} (${person.personId}) of ${agency}`;
      await this.queue(notification, { timeZone, notBefore, person, content, error });
      if (error) unreachable.push(person.personId);
      else queued += 1;
    }
    if (queued > 0) this.options.onQueued?.();
    return {
      channel: this.name,
      detail:
        `queued ${queued} e-mail(s) for ${notBefore.toISOString()}` +
        (unreachable.length ? `; no address: ${unreachable.join(', ')}` : ''),
    };
  }

  /** One row per notification and person; a retried activity finds it there and changes nothing. */
  private async queue(
    notification: Notification,
    row: {
      timeZone: string;
      notBefore: Date;
      person: DirectoryPerson | null;
      content: EmailContent;
      error: string | null;
    },
  ): Promise<void> {
    const personPart = row.person?.personId ?? '-';
    const messageId = `<${atom(notification.id)}.${atom(personPart)}@${this.options.settings.messageIdDomain}>`;
    await this.options.dataSource.query(
      `INSERT INTO ${EMAIL_OUTBOX_TABLE} (id, notification_id, kind, case_id, agency, time_zone, recipient_role,
         person_id, email, message_id, subject, text_body, html_body, status, not_before, next_attempt_at, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)
       ON CONFLICT (id) DO NOTHING`,
      [
        `${notification.id}:${personPart}`,
        notification.id,
        notification.kind,
        notification.caseId ?? null,
        notification.recipientAgency,
        row.timeZone,
        notification.recipientRole,
        row.person?.personId ?? null,
        row.person?.email ?? null,
        messageId,
        row.content.subject,
        row.content.text,
        row.content.html,
        row.error ? 'dead' : 'queued',
        row.notBefore,
        row.error,
      ],
    );
  }

  private async caseRow(caseId: string): Promise<CaseRow | undefined> {
    const [row] = (await this.options.dataSource.query(
      `SELECT reported_asn_name, reported_asn_nip, officer_id, state->>'timeZone' AS time_zone
       FROM ${CASE_SUMMARY_TABLE} WHERE case_id = $1`,
      [caseId],
    )) as CaseRow[];
    return row;
  }

  private caseUrl(caseId: string): string | null {
    const base = this.options.settings.consoleUrl;
    return base ? `${base.replace(/\/$/, '')}/kasus/${encodeURIComponent(caseId)}` : null;
  }

  private async compose(
    notification: Notification,
    person: DirectoryPerson,
    caseRow: CaseRow | undefined,
    timeZone: string,
  ): Promise<EmailContent> {
    const language = person.language;
    if (notification.kind === 'digest') {
      const data = (notification.data ?? {}) as { date?: CivilDate; deadlines?: Omit<DigestItem, 'url'>[] };
      const items = (data.deadlines ?? []).map((d) => ({ ...d, url: this.caseUrl(d.caseId) }));
      return digestEmail(
        { kind: 'digest', date: data.date ?? this.today(timeZone), items },
        person.name,
        language,
      );
    }
    const caseId = notification.caseId ?? '?';
    const facts: CaseFacts = {
      caseId,
      asnName: caseRow?.reported_asn_name ?? null,
      asnNip: caseRow?.reported_asn_nip ?? null,
      url: this.caseUrl(caseId),
    };
    const data = (notification.data ?? {}) as { ruleId?: string; step?: number };
    const rule = this.policy.rules.find((r) => r.id === data.ruleId);
    const dueDate = notification.dueAt ? localDateOf(notification.dueAt, timeZone) : this.today(timeZone);
    const ruleFacts = rule ?? {
      name: data.ruleId ?? 'tenggat',
      gloss: data.ruleId ?? 'deadline',
      legalBasis: '-',
      unit: 'working_days' as const,
      escalation: [],
    };
    if (notification.kind === 'reminder') {
      return reminderMessage(
        facts,
        {
          kind: 'reminder',
          rule: ruleFacts,
          dueDate,
          workingDaysLeft: this.workingDaysLeft(timeZone, dueDate),
        },
        person.name,
        language,
      );
    }
    const step = data.step ?? 1;
    const officer = caseRow?.officer_id
      ? await this.directory.person(notification.recipientAgency, caseRow.officer_id)
      : undefined;
    return escalationMessage(
      facts,
      {
        kind: 'escalation',
        rule: ruleFacts,
        dueDate,
        step,
        responsible: officer?.name ?? caseRow?.officer_id ?? roleLabel('case_officer', language),
        nextStep: ruleFacts.escalation.find((s) => s.step === step + 1) ?? null,
      },
      person.name,
      language,
    );
  }

  /** The text kept for a notification nobody could be found for: what the dead-letter list shows. */
  private undeliverable(notification: Notification): EmailContent {
    const subject = `[Netral] ${notification.kind}${notification.caseId ? ` — kasus ${notification.caseId}` : ''}`;
    return { subject, text: notification.message, html: '' };
  }

  private today(timeZone: string): CivilDate {
    return localDateOf(fromEpochMs(this.clock().getTime()), timeZone);
  }

  private workingDaysLeft(timeZone: string, dueDate: CivilDate): number {
    const today = this.today(timeZone);
    if (dueDate <= today) return 0;
    try {
      return workingDaysBetween(this.options.calendar(), today, dueDate);
    } catch {
      return 0; // a due date beyond the calendar's coverage: the date itself is still in the message
    }
  }
}

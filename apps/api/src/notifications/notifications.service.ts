// The directory an admin keeps, the dead-letter list of e-mails, and each user's in-console notifications.
import { Inject, Injectable } from '@nestjs/common';
import type { RecipientRole } from '@netral/domain';
import {
  AgencyDirectory,
  type DirectoryAgency,
  type DirectoryPerson,
  EMAIL_OUTBOX_TABLE,
  NOTIFICATION_OUTBOX_TABLE,
  NOTIFICATION_READ_TABLE,
  type NotificationAnnouncement,
} from '@netral/event-store';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../infrastructure';
import { type AuthenticatedUser, ProblemException, agencyScope, notFoundProblem } from '../platform';
import type { DeadLetterView, InboxItemView, InboxView } from './notifications.dto';

/** Which outbox recipients a signed-in user is: officers their own cases' and unassigned ones', others by role. */
const INBOX_ROLES: Partial<Record<AuthenticatedUser['role'], RecipientRole>> = {
  officer: 'case_officer',
  supervisor: 'supervisor',
  ppk: 'ppk',
};

export function isForUser(user: AuthenticatedUser, a: NotificationAnnouncement): boolean {
  const role = INBOX_ROLES[user.role];
  if (!role || a.agency !== user.agency || a.recipientRole !== role) return false;
  return role !== 'case_officer' || a.recipientId === null || a.recipientId === user.id;
}

interface DeadLetterRow {
  id: string;
  notification_id: string;
  kind: string;
  case_id: string | null;
  agency: string;
  recipient_role: string;
  person_id: string | null;
  email: string | null;
  subject: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetterView => ({
  id: r.id,
  notificationId: r.notification_id,
  kind: r.kind,
  caseId: r.case_id,
  agency: r.agency,
  recipientRole: r.recipient_role,
  personId: r.person_id,
  email: r.email,
  subject: r.subject,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
});

@Injectable()
export class NotificationsService {
  readonly directory: AgencyDirectory;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.directory = new AgencyDirectory(dataSource);
  }

  async directoryOf(agency: string): Promise<{ agency: DirectoryAgency | null; people: DirectoryPerson[] }> {
    const [entry, people] = await Promise.all([this.directory.agency(agency), this.directory.people(agency)]);
    return { agency: entry ?? null, people };
  }

  async deadLetters(user: AuthenticatedUser, agency?: string): Promise<DeadLetterView[]> {
    const scope = agencyScope(user) ?? agency;
    const rows = (await this.dataSource.query(
      `SELECT id, notification_id, kind, case_id, agency, recipient_role, person_id, email, subject, attempts,
         last_error, created_at
       FROM ${EMAIL_OUTBOX_TABLE} WHERE status = 'dead' AND ($1::text IS NULL OR agency = $1)
       ORDER BY created_at DESC, id LIMIT 500`,
      [scope ?? null],
    )) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  /**
   * Queues a dead e-mail again, to the address the directory has now (an admin typically fixed it first).
   * Refused when there is still nobody or no address to send to.
   */
  async retryDeadLetter(user: AuthenticatedUser, id: string): Promise<DeadLetterView> {
    const [row] = (await this.dataSource.query(
      `SELECT id, notification_id, kind, case_id, agency, recipient_role, person_id, email, subject, attempts,
         last_error, created_at, status FROM ${EMAIL_OUTBOX_TABLE} WHERE id = $1`,
      [id],
    )) as (DeadLetterRow & { status: string })[];
    const scope = agencyScope(user);
    if (!row || row.status !== 'dead' || (scope && row.agency !== scope))
      throw notFoundProblem('dead letter');
    if (!row.person_id) {
      throw new ProblemException({
        status: 422,
        code: 'NO_RECIPIENT',
        detail: `Nobody in the directory of ${row.agency} held the role ${row.recipient_role} when this notification was sent; add the person, then the next notification reaches them.`,
        detailId: `Tidak ada orang dengan peran ${row.recipient_role} di direktori ${row.agency} saat notifikasi ini dikirim; tambahkan orangnya, notifikasi berikutnya akan sampai.`,
      });
    }
    const person = await this.directory.person(row.agency, row.person_id);
    if (!person?.email) {
      throw new ProblemException({
        status: 422,
        code: 'NO_EMAIL_ADDRESS',
        detail: `The directory still has no e-mail address for ${row.person_id} of ${row.agency}.`,
        detailId: `Direktori belum memiliki alamat surel untuk ${row.person_id} dari ${row.agency}.`,
      });
    }
    const [updated] = (await this.dataSource.query(
      `UPDATE ${EMAIL_OUTBOX_TABLE} SET status = 'queued', email = $2, attempts = 0, next_attempt_at = now(),
         claimed_at = NULL
       WHERE id = $1 AND status = 'dead'
       RETURNING id, notification_id, kind, case_id, agency, recipient_role, person_id, email, subject, attempts,
         last_error, created_at`,
      [id, person.email],
    )) as [DeadLetterRow[], number];
    const requeued = updated?.[0];
    if (!requeued) throw notFoundProblem('dead letter'); // retried by someone else meanwhile
    return toDeadLetter(requeued);
  }

  private inboxWhere(user: AuthenticatedUser): { sql: string; params: unknown[] } | null {
    const role = INBOX_ROLES[user.role];
    if (!role) return null;
    if (role === 'case_officer') {
      return {
        sql: `o.recipient_agency = $1 AND o.recipient_role = 'case_officer'
              AND (o.recipient_id = $2 OR o.recipient_id IS NULL)`,
        params: [user.agency, user.id],
      };
    }
    return { sql: `o.recipient_agency = $1 AND o.recipient_role = $2`, params: [user.agency, role] };
  }

  async inbox(user: AuthenticatedUser, onlyIds?: string[]): Promise<InboxView> {
    const where = this.inboxWhere(user);
    if (!where) return { unread: 0, items: [] };
    const n = where.params.length;
    const readerParam = `$${n + 1}`;
    const idsFilter = onlyIds ? `AND o.id = ANY ($${n + 2})` : '';
    const params = [...where.params, user.id, ...(onlyIds ? [onlyIds] : [])];
    const items = (await this.dataSource.query(
      `SELECT o.id, o.kind, o.case_id, o.message, o.due_at, o.created_at, r.read_at IS NOT NULL AS read
       FROM ${NOTIFICATION_OUTBOX_TABLE} o
       LEFT JOIN ${NOTIFICATION_READ_TABLE} r ON r.notification_id = o.id AND r.user_id = ${readerParam}
       WHERE ${where.sql} ${idsFilter}
       ORDER BY o.created_at DESC, o.id DESC LIMIT 50`,
      params,
    )) as {
      id: string;
      kind: string;
      case_id: string;
      message: string;
      due_at: Date | null;
      created_at: Date;
      read: boolean;
    }[];
    const [{ unread }] = (await this.dataSource.query(
      `SELECT count(*)::int AS unread FROM ${NOTIFICATION_OUTBOX_TABLE} o
       WHERE ${where.sql} AND NOT EXISTS (
         SELECT 1 FROM ${NOTIFICATION_READ_TABLE} r WHERE r.notification_id = o.id AND r.user_id = ${readerParam})`,
      [...where.params, user.id],
    )) as { unread: number }[];
    return {
      unread,
      items: items.map((r): InboxItemView => ({
        id: r.id,
        kind: r.kind,
        caseId: r.case_id,
        message: r.message,
        dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
        createdAt: new Date(r.created_at).toISOString(),
        read: r.read,
      })),
    };
  }

  /** Marks one of the caller's notifications read; 404 for anything not addressed to them. */
  async markRead(user: AuthenticatedUser, id: string): Promise<void> {
    const where = this.inboxWhere(user);
    const found = where
      ? ((await this.dataSource.query(
          `SELECT 1 FROM ${NOTIFICATION_OUTBOX_TABLE} o WHERE ${where.sql} AND o.id = $${where.params.length + 1}`,
          [...where.params, id],
        )) as unknown[])
      : [];
    if (found.length === 0) throw notFoundProblem('notification');
    await this.dataSource.query(
      `INSERT INTO ${NOTIFICATION_READ_TABLE} (user_id, notification_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [user.id, id],
    );
  }
}

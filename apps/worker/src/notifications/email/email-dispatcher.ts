// Sends the queued e-mails: claims due rows (several workers may run; SKIP LOCKED keeps each row with one),
// sends through SMTP, and records the outcome. A worker that dies between sending and recording leaves the
// row "sending"; after the lease another claim sends it again with the same Message-ID, so the recipient's
// mail client shows one message, not two. Transient failures (SMTP 4xx, network) are retried with backoff
// inside office hours; permanent ones (5xx) and exhausted retries go to the dead-letter list (status dead).
import { EMAIL_OUTBOX_TABLE } from '@netral/event-store';
import type { WorkingCalendar } from '@netral/domain';
import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { EmailSettings } from './email.config';
import { nextOfficeTime } from './office-hours';

export interface EmailDispatcherOptions {
  dataSource: DataSource;
  transport: Pick<Transporter, 'sendMail'>;
  settings: Pick<EmailSettings, 'from' | 'maxAttempts' | 'officeHours'>;
  calendar: () => WorkingCalendar;
  /** A "sending" row older than this is taken to belong to a dead worker and is sent again. */
  leaseMs?: number;
  /** How often to look for due rows when nothing wakes the dispatcher. */
  pollMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  batchSize?: number;
  clock?: () => Date;
  /** Between sending and recording (fault-injection point for the crash test). */
  afterSend?: (id: string) => Promise<void>;
  log?: (message: string) => void;
}

interface OutboxRow {
  id: string;
  notification_id: string;
  time_zone: string;
  email: string;
  message_id: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  created_at: Date;
}

/** SMTP reply codes 5xx are permanent (RFC 5321 §4.2.1): retrying will not change the answer. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  const e = error as { response?: string; message?: string };
  return e.response ?? e.message ?? String(error);
}

export class EmailDispatcher {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(private readonly options: EmailDispatcherOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Look for due e-mails now (called when new ones were queued). */
  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.round = this.round.then(async () => {
      try {
        while (this.running && (await this.runOnce()) > 0);
      } catch (error) {
        this.options.log?.(`e-mail dispatch failed: ${describe(error)}`);
      }
      if (this.running) this.timer = setTimeout(() => this.wake(), this.pollMs);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Claims and sends one batch of due e-mails; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const now = this.clock();
    const rows = (await this.options.dataSource.query(
      `UPDATE ${EMAIL_OUTBOX_TABLE} SET status = 'sending', attempts = attempts + 1, claimed_at = $1
       WHERE id IN (
         SELECT id FROM ${EMAIL_OUTBOX_TABLE}
         WHERE (status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_at <= $2)
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, notification_id, time_zone, email, message_id, subject, text_body, html_body, attempts,
         created_at`,
      [now, new Date(now.getTime() - this.leaseMs), this.options.batchSize ?? 20],
    )) as [OutboxRow[], number] | OutboxRow[];
    // TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL.
    const claimed = (Array.isArray(rows[0]) ? rows[0] : rows) as OutboxRow[];
    for (const row of claimed) await this.send(row);
    return claimed.length;
  }

  private async send(row: OutboxRow): Promise<void> {
    try {
      await this.options.transport.sendMail({
        from: this.options.settings.from,
        to: row.email,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body || undefined,
        messageId: row.message_id,
        date: row.created_at,
        headers: { 'X-Netral-Notification': row.notification_id, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      await this.failed(row, error);
      return;
    }
    await this.options.afterSend?.(row.id);
    await this.options.dataSource.query(
      `UPDATE ${EMAIL_OUTBOX_TABLE} SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`,
      [row.id, this.clock()],
    );
  }

  private async failed(row: OutboxRow, error: unknown): Promise<void> {
    const dead = isPermanent(error) || row.attempts >= this.options.settings.maxAttempts;
    const base = this.options.retryBaseMs ?? 60_000;
    const backoff = Math.min(this.options.retryMaxMs ?? 3_600_000, base * 2 ** (row.attempts - 1));
    const next = nextOfficeTime(
      new Date(this.clock().getTime() + backoff),
      this.options.calendar(),
      row.time_zone,
      this.options.settings.officeHours,
    );
    await this.options.dataSource.query(
      `UPDATE ${EMAIL_OUTBOX_TABLE} SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`,
      [row.id, dead ? 'dead' : 'queued', next, describe(error)],
    );
    this.options.log?.(`e-mail ${row.id} ${dead ? 'given up' : 'will be retried'}: ${describe(error)}`);
  }
}

// Tables of the people notifications reach and of the e-mails on their way to them. Not derived from case
// events (a read-model rebuild must neither forget the directory nor send an e-mail twice), so they are
// migrations of their own beside the read models.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per agency (pemerintah daerah): its name and the time zone its office hours are kept in. */
export const DIRECTORY_AGENCY_TABLE = 'directory_agency';
/** The people of an agency who receive notifications, with the roles they hold and their e-mail address. */
export const DIRECTORY_PERSON_TABLE = 'directory_person';
/** One row per e-mail to one recipient: queued, sending, sent, or dead (the dead-letter list). */
export const EMAIL_OUTBOX_TABLE = 'email_outbox';
/** Which in-console notifications a user has read. */
export const NOTIFICATION_READ_TABLE = 'notification_read';

export class CreateNotificationTables1765200000000 implements MigrationInterface {
  name = 'CreateNotificationTables1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE ${DIRECTORY_AGENCY_TABLE} (
      agency text PRIMARY KEY,
      name text NOT NULL,
      time_zone text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`CREATE TABLE ${DIRECTORY_PERSON_TABLE} (
      agency text NOT NULL,
      person_id text NOT NULL,
      name text NOT NULL,
      email text,
      roles text[] NOT NULL,
      language text NOT NULL DEFAULT 'id',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agency, person_id))`);
    await runner.query(`CREATE INDEX directory_person_roles ON ${DIRECTORY_PERSON_TABLE} USING gin (roles)`);
    await runner.query(`CREATE TABLE ${EMAIL_OUTBOX_TABLE} (
      id text PRIMARY KEY,
      notification_id text NOT NULL,
      kind text NOT NULL,
      case_id text,
      agency text NOT NULL,
      time_zone text NOT NULL,
      recipient_role text NOT NULL,
      person_id text,
      email text,
      message_id text NOT NULL UNIQUE,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      not_before timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      claimed_at timestamptz,
      sent_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(
      `CREATE INDEX email_outbox_due ON ${EMAIL_OUTBOX_TABLE} (next_attempt_at) WHERE status IN ('queued', 'sending')`,
    );
    await runner.query(
      `CREATE INDEX email_outbox_dead ON ${EMAIL_OUTBOX_TABLE} (agency, created_at) WHERE status = 'dead'`,
    );
    await runner.query(`CREATE TABLE ${NOTIFICATION_READ_TABLE} (
      user_id text NOT NULL,
      notification_id text NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, notification_id))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      NOTIFICATION_READ_TABLE,
      EMAIL_OUTBOX_TABLE,
      DIRECTORY_PERSON_TABLE,
      DIRECTORY_AGENCY_TABLE,
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

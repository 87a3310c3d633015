/**
 * E-mail notifications end to end: the real case worker on the embedded Temporal server, the e-mail channel
 * resolving recipients from the agency directory, the dispatcher sending through nodemailer to a real SMTP
 * server running in this process (smtp-server), and the messages parsed back (mailparser). Reminders and
 * escalations come from compressed-deadline cases ("late-"), the digest from the real digest activities.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { addDays, localDateOf, localTimeToInstant, nextWorkingDayOnOrAfter } from '@netral/domain';
import { AGENCY, OFFICER, SUPERVISOR, TEST_CALENDAR, cmd } from '@netral/domain/testing/fixtures';
import { AgencyDirectory, EMAIL_OUTBOX_TABLE, openDataSource } from '@netral/event-store';
import { sendCaseCommand } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { createDigestActivities } from '../../apps/worker/src/digest/digest-activities';
import { workerMigrations } from '../../apps/worker/src/digest/digest.migration';
import { LogChannel } from '../../apps/worker/src/notifications/log.channel';
import { EmailChannel } from '../../apps/worker/src/notifications/email/email.channel';
import { EmailDispatcher } from '../../apps/worker/src/notifications/email/email-dispatcher';
import type { EmailSettings } from '../../apps/worker/src/notifications/email/email.config';
import { smtpTransport } from '../../apps/worker/src/notifications/email/email.module';
import {
  type CaseTestEnv,
  escalationIdOf,
  registerTestCase,
  reminderIdOf,
  startCaseEnv,
  waitFor,
} from '../case-workflow/support';
import { createTestDatabase } from '../support/database';

interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

const received: Received[] = [];
/** Recipients the server refuses permanently, with the answer it gives. */
const refused = new Map<string, string>();
let smtp: SMTPServer;
let smtpPort: number;
let env: CaseTestEnv;
let dataSource: DataSource;
let dispatcher: EmailDispatcher;
let settings: EmailSettings;

// The e-mails' clock: a working day at 09:00 WIB (inside office hours) moving with real time, so the test
// does not depend on the hour CI runs at. The day is today's (WIB) or the next working day.
const today = localDateOf(new Date().toISOString(), 'Asia/Jakarta');
const officeDay = nextWorkingDayOnOrAfter(TEST_CALENDAR, today);
const skew = Date.parse(localTimeToInstant(officeDay, '09:00', 'Asia/Jakarta')) - Date.now();
const clock = () => new Date(Date.now() + skew);

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const answer = refused.get(address.address);
      if (!answer) return callback();
      const error = Object.assign(new Error(answer), { responseCode: 550 });
      return callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  settings = {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    from: 'Netral <netral@inspektorat.bekasikota.example>',
    tlsRejectUnauthorized: true,
    requireTls: false,
    consoleUrl: 'https://netral.bekasikota.example/console',
    messageIdDomain: 'inspektorat.bekasikota.example',
    officeHours: { start: '07:30', end: '16:00' },
    maxAttempts: 3,
  };

  const url = await createTestDatabase('email_notifications');
  dataSource = await openDataSource({ url, migrations: workerMigrations, poolSize: 3 });
  const directory = new AgencyDirectory(dataSource);
  await directory.putAgency({ agency: AGENCY, name: 'Pemerintah Kota Bekasi', timeZone: 'Asia/Jakarta' });
  await directory.putPerson({
    agency: AGENCY,
    personId: SUPERVISOR.id,
    name: 'Citra Lestari',
    email: 'citra@inspektorat.bekasikota.example',
    roles: ['supervisor'],
    language: 'id',
  });
  await directory.putPerson({
    agency: AGENCY,
    personId: 'supervisor-bayu',
    name: 'Bayu Pratama',
    email: 'bayu@inspektorat.bekasikota.example',
    roles: ['supervisor'],
    language: 'en',
  });
  await directory.putPerson({
    agency: AGENCY,
    personId: OFFICER.id,
    name: 'Ani Wulandari',
    email: 'ani@inspektorat.bekasikota.example',
    roles: ['case_officer'],
    language: 'id',
  });

  dispatcher = new EmailDispatcher({
    dataSource,
    transport: smtpTransport(settings),
    settings,
    calendar: () => TEST_CALENDAR,
    clock,
    pollMs: 200,
    retryBaseMs: 100,
    retryMaxMs: 200,
  });
  const emailChannel = new EmailChannel({
    dataSource,
    settings,
    calendar: () => TEST_CALENDAR,
    clock,
    onQueued: () => dispatcher.wake(),
  });
  env = await startCaseEnv('email_notifications', {
    databaseUrl: url,
    channels: (log) => [emailChannel, new LogChannel(log)],
  });
  dispatcher.start();
}, 60_000);

afterAll(async () => {
  await dispatcher?.stop();
  await env?.stop();
  await dataSource?.destroy();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const mailsAbout = (notificationId: string) =>
  received.filter((r) => r.mail.headers.get('x-netral-notification') === notificationId);

const register = (caseId: string) => registerTestCase(env, caseId);
const reminderOf = reminderIdOf;
const escalationOf = escalationIdOf;

interface OutboxRow {
  status: string;
  attempts: number;
  last_error: string | null;
  person_id: string | null;
}

async function outbox(notificationId: string): Promise<OutboxRow[]> {
  return (await dataSource.query(
    `SELECT status, attempts, last_error, person_id FROM ${EMAIL_OUTBOX_TABLE} WHERE notification_id = $1
     ORDER BY person_id`,
    [notificationId],
  )) as OutboxRow[];
}

describe('e-mail notifications', () => {
  it('sends the reminder to the case officers and the escalation to every supervisor, each in their language', async () => {
    const caseId = 'late-email-reminder';
    await register(caseId);

    // No officer is assigned yet: the reminder reaches the agency's case officers (here, Ani).
    const [reminder] = await waitFor(async () => {
      const mails = mailsAbout(reminderOf(caseId));
      return mails.length ? mails : undefined;
    }, 30_000);
    expect(reminder.to).toEqual(['ani@inspektorat.bekasikota.example']);
    expect(reminder.from).toBe('netral@inspektorat.bekasikota.example');
    expect(reminder.mail.subject).toBe(
      `[Netral] Pengingat tenggat: penunjukan petugas kasus — kasus ${caseId}`,
    );
    expect(reminder.mail.text).toContain('Yth. Ani Wulandari,');
    expect(reminder.mail.text).toContain(
      `Tenggat "penunjukan petugas kasus" untuk kasus ${caseId} atas nama Dedi`,
    );
    expect(reminder.mail.text).toContain('Dasar hukum: ');
    expect(reminder.mail.text).toContain(`https://netral.bekasikota.example/console/kasus/${caseId}`);
    expect(reminder.mail.html).toContain(`href="https://netral.bekasikota.example/console/kasus/${caseId}"`);
    expect(reminder.mail.messageId).toBe(`<${caseId}_4.${OFFICER.id}@inspektorat.bekasikota.example>`);

    // The escalation goes to both supervisors: Citra reads Indonesian, Bayu asked for English.
    const escalations = await waitFor(async () => {
      const mails = mailsAbout(escalationOf(caseId));
      return mails.length === 2 ? mails : undefined;
    }, 30_000);
    const indonesian = escalations.find((r) => r.to.includes('citra@inspektorat.bekasikota.example'))!;
    const english = escalations.find((r) => r.to.includes('bayu@inspektorat.bekasikota.example'))!;
    expect(indonesian.mail.subject).toBe(
      `[Netral] Eskalasi tahap 1: penunjukan petugas kasus terlewat — kasus ${caseId}`,
    );
    expect(indonesian.mail.text).toMatch(
      /telah terlewati sejak \d+ \w+ \d{4}\. Yang bertanggung jawab: petugas kasus\./,
    );
    expect(indonesian.mail.text).toContain('Ini langkah eskalasi terakhir.');
    expect(english.mail.subject).toBe(
      `[Netral] Escalation step 1: assign a case officer missed — case ${caseId}`,
    );
    expect(english.mail.text).toContain('Dear Bayu Pratama,');
    expect(english.mail.html).toContain('<html lang="en">');
    expect((await outbox(escalationOf(caseId))).map((r) => r.status)).toEqual(['sent', 'sent']);

    // Never the reporter: the registration's reporter appears in no message.
    for (const r of [reminder, ...escalations]) {
      expect(`${r.mail.subject}${r.mail.text}${r.mail.html}`).not.toMatch(
        /Siti Rahma|Jl\. Melati|0812000000/,
      );
    }
  }, 45_000);

  it("sends an officer's daily digest with links to the cases", async () => {
    const caseId = 'email-digest';
    await register(caseId);
    await sendCaseCommand(env.client, {
      caseId,
      request: { command: cmd.assign(), actor: SUPERVISOR },
      updateId: `assign-${caseId}`,
    });
    const digests = createDigestActivities({
      dataSource,
      channels: [
        new EmailChannel({
          dataSource,
          settings,
          calendar: () => TEST_CALENDAR,
          clock,
          onQueued: () => dispatcher.wake(),
        }),
      ],
      calendar: () => TEST_CALENDAR,
    });
    // The clarification deadline of the assigned case falls within the horizon.
    await waitFor(async () => {
      const rows = (await dataSource.query(
        `SELECT 1 FROM case_deadlines WHERE case_id = $1 AND status = 'open' AND rule_id <> 'assignment'`,
        [caseId],
      )) as unknown[];
      return rows.length > 0 || undefined;
    });
    const { digestIds } = await digests.prepareOfficerDigests({ date: officeDay, upcomingWorkingDays: 30 });
    const digestId = digestIds.find((id) => id.endsWith(`:${OFFICER.id}`))!;
    await digests.deliverOfficerDigest({ digestId });

    const [digest] = await waitFor(async () => {
      const mails = mailsAbout(digestId);
      return mails.length ? mails : undefined;
    });
    expect(digest.to).toEqual(['ani@inspektorat.bekasikota.example']);
    expect(digest.mail.subject).toMatch(
      /^\[Netral\] Ringkasan tenggat \d+ \w+ \d{4}: \d+ terlewat, \d+ jatuh tempo$/,
    );
    expect(digest.mail.text).toContain('Yth. Ani Wulandari');
    expect(digest.mail.text).toContain(`kasus ${caseId}: `);
    expect(digest.mail.html).toContain(`href="https://netral.bekasikota.example/console/kasus/${caseId}"`);
  }, 45_000);

  it('sends again after a crash between sending and recording, with the same Message-ID', async () => {
    const directory = new AgencyDirectory(dataSource);
    await directory.putPerson({
      agency: 'kab-crash',
      personId: 'ppk-crash',
      name: 'Dewi',
      email: 'dewi@kab-crash.example',
      roles: ['ppk'],
      language: 'id',
    });
    const channel = new EmailChannel({ dataSource, settings, calendar: () => TEST_CALENDAR, clock });
    const notification = {
      id: 'crash-case:9',
      kind: 'reminder' as const,
      caseId: 'crash-case',
      recipientRole: 'ppk',
      recipientAgency: 'kab-crash',
      message: 'Pengingat',
      dueAt: addDays(officeDay, 3) + 'T16:59:59.999Z',
      data: { ruleId: 'sanction_decision' },
    };
    // Only the crashing dispatcher below may claim the row: the suite's dispatcher stops before the row is
    // queued (stopped after, it could send the row first), and starts again whatever happens here.
    await dispatcher.stop();
    try {
      await channel.deliver(notification);
      await channel.deliver(notification); // an activity retry queues nothing new
      await crashThenRecover(notification.id);
    } finally {
      dispatcher.start();
    }
    const rows = await outbox(notification.id);
    expect(rows[0].attempts).toBe(2);
    const copies = mailsAbout(notification.id);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((c) => c.mail.messageId)).size).toBe(1);
    expect(copies[0].mail.text).toBe(copies[1].mail.text);
  }, 30_000);

  /** One dispatcher dies after the SMTP server accepted the message; another takes the row over and sends again. */
  async function crashThenRecover(notificationId: string): Promise<void> {
    class Crash extends Error {}
    const crashing = new EmailDispatcher({
      dataSource,
      transport: smtpTransport(settings),
      settings,
      calendar: () => TEST_CALENDAR,
      clock,
      leaseMs: 300,
      afterSend: async () => {
        throw new Crash('worker killed after the SMTP server accepted the message');
      },
    });
    await expect(crashing.runOnce()).rejects.toBeInstanceOf(Crash);
    expect((await outbox(notificationId)).map((r) => r.status)).toEqual(['sending']);

    // Another worker's dispatcher takes the row over once the lease has passed, and sends it again.
    const recovering = new EmailDispatcher({
      dataSource,
      transport: smtpTransport(settings),
      settings,
      calendar: () => TEST_CALENDAR,
      clock,
      leaseMs: 300,
      pollMs: 100,
    });
    recovering.start();
    await waitFor(async () => {
      const r = await outbox(notificationId);
      return r[0]?.status === 'sent' ? r : undefined;
    }).finally(() => recovering.stop());
  }

  it('puts a message the server refuses, and a person without an address, on the dead-letter list', async () => {
    const directory = new AgencyDirectory(dataSource);
    refused.set('gone@kab-dead.example', '550 5.1.1 Mailbox does not exist');
    await directory.putPerson({
      agency: 'kab-dead',
      personId: 'ppk-gone',
      name: 'Eko',
      email: 'gone@kab-dead.example',
      roles: ['ppk'],
      language: 'id',
    });
    await directory.putPerson({
      agency: 'kab-dead',
      personId: 'ppk-noaddress',
      name: 'Fitri',
      email: null,
      roles: ['ppk'],
      language: 'id',
    });
    const channel = new EmailChannel({
      dataSource,
      settings,
      calendar: () => TEST_CALENDAR,
      clock,
      onQueued: () => dispatcher.wake(),
    });
    const outcome = await channel.deliver({
      id: 'dead-case:7',
      kind: 'escalation',
      caseId: 'dead-case',
      recipientRole: 'ppk',
      recipientAgency: 'kab-dead',
      message: 'Eskalasi',
      data: { ruleId: 'sanction_decision', step: 2 },
    });
    expect(outcome.detail).toMatch(/no address: ppk-noaddress/);
    const rows = await waitFor(async () => {
      const r = await outbox('dead-case:7');
      return r.every((row) => row.status === 'dead') ? r : undefined;
    });
    expect(rows).toEqual([
      expect.objectContaining({
        person_id: 'ppk-gone',
        attempts: 1,
        last_error: expect.stringMatching(/550 .*Mailbox does not exist/),
      }),
      expect.objectContaining({
        person_id: 'ppk-noaddress',
        attempts: 0,
        last_error: expect.stringMatching(/no e-mail address/),
      }),
    ]);
    expect(mailsAbout('dead-case:7')).toHaveLength(0);

    // Nobody holds the role at all: reported on the list too, not dropped.
    await channel.deliver({
      id: 'dead-case:8',
      kind: 'reminder',
      caseId: 'dead-case',
      recipientRole: 'supervisory_body',
      recipientAgency: 'kab-dead',
      message: 'Pengingat',
    });
    expect(await outbox('dead-case:8')).toEqual([
      expect.objectContaining({
        status: 'dead',
        last_error: expect.stringMatching(/nobody in the directory/),
      }),
    ]);
  }, 30_000);
});

/**
 * The directory, the dead-letter list and the bell over real HTTP, against the whole service with e-mail on:
 * an admin maintains the directory (others are refused or see a 404), a reminder for an officer whose
 * mailbox the SMTP server refuses lands on the dead-letter list, the admin fixes the address and retries
 * and the e-mail arrives; the officer's bell shows the reminder, live over server-sent events, and marks it
 * read.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SANCTION_CASE_WORKFLOW, caseCommandUpdate } from '@netral/workflows';
import { type CaseCommand, createWorkingCalendar } from '@netral/domain';
import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import { startTestService, type TestService } from '../support/service';
import {
  Api,
  BEKASI,
  BOGOR,
  type Caller,
  OFFICER,
  SUPERVISOR,
  expectProblem,
  registerBody,
  waitFor,
} from '../api-cases/support';

const ADMIN: Caller = { role: 'admin', agency: BEKASI, sub: 'admin-bekasi' };
const BOGOR_ADMIN: Caller = { role: 'admin', agency: BOGOR, sub: 'admin-bogor' };
const REFUSED = 'ani.lama@inspektorat.bekasikota.example';

const received: { to: string[]; mail: ParsedMail }[] = [];
let smtp: SMTPServer;
let netral: TestService;
let api: Api;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED)
        return callback(Object.assign(new Error('550 5.1.1 User unknown'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => void received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail }))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  netral = await startTestService('notifications_api', {
    email: {
      smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'Netral <netral@bekasikota.example>',
      tlsRejectUnauthorized: true,
      requireTls: false,
      consoleUrl: 'http://localhost/console',
      messageIdDomain: 'bekasikota.example',
      // Office hours all day every day (below), so the test does not depend on when it runs.
      officeHours: { start: '00:00', end: '23:59' },
      maxAttempts: 3,
    },
    calendar: createWorkingCalendar({
      ...TEST_CALENDAR,
      version: 'every-day-a-working-day',
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
      nonWorkingDays: [],
    }),
  });
  api = new Api(netral);
}, 90_000);

afterAll(async () => {
  await netral?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const put = (path: string, as: Caller, body: unknown) => api.request('PUT', path, { as, body });

describe('agency directory', () => {
  it('is kept by the agency’s admin and validated at the edge', async () => {
    const agency = await put(`/directory/${BEKASI}`, ADMIN, {
      name: 'Pemerintah Kota Bekasi',
      timeZone: 'Asia/Jakarta',
    });
    expect(agency.status).toBe(200);
    const person = await put(`/directory/${BEKASI}/people/officer-ani`, ADMIN, {
      name: 'Ani Wulandari',
      email: REFUSED,
      roles: ['case_officer'],
    });
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ personId: 'officer-ani', language: 'id', roles: ['case_officer'] });

    const listed = await api.get<{ agency: { timeZone: string }; people: { personId: string }[] }>(
      `/directory/${BEKASI}`,
      SUPERVISOR,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.agency.timeZone).toBe('Asia/Jakarta');
    expect(listed.body.people.map((p) => p.personId)).toEqual(['officer-ani']);
  });

  it('refuses bad bodies, other roles and other agencies', async () => {
    const bad = await put(`/directory/${BEKASI}/people/officer-x`, ADMIN, {
      name: 'X',
      email: 'not-an-address',
      roles: ['mayor'],
    });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.text).toMatch(/email must be an e-mail address/);
    expect(bad.text).toMatch(/roles/);
    expectProblem(
      await put(`/directory/${BEKASI}`, ADMIN, { name: 'Kota', timeZone: 'Europe/Paris' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await put(`/directory/${BEKASI}/people/bad%20id`, ADMIN, { name: 'X', roles: ['ppk'] }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await put(`/directory/${BEKASI}/people/officer-x`, OFFICER, { name: 'X', roles: ['ppk'] }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await api.get(`/directory/${BEKASI}`, BOGOR_ADMIN), 404, 'NOT_FOUND');
    expectProblem(
      await put(`/directory/${BEKASI}/people/officer-x`, BOGOR_ADMIN, { name: 'X', roles: ['ppk'] }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await api.request('DELETE', `/directory/${BEKASI}/people/nobody`, { as: ADMIN }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('notifications', () => {
  it('shows the reminder in the officer’s bell live, dead-letters the refused e-mail, and sends it after the admin fixes the address', async () => {
    // Ani is in the directory with an address the mail server refuses.
    await put(`/directory/${BEKASI}/people/officer-ani`, ADMIN, {
      name: 'Ani Wulandari',
      email: REFUSED,
      roles: ['case_officer'],
    });
    // The officer's live stream, opened before anything happens.
    const token = await netral.token(OFFICER.role, OFFICER.agency, { sub: OFFICER.sub });
    const abort = new AbortController();
    const stream = await fetch(`${netral.url}/notifications/stream`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let buffered = '';
    const events: { unread: number; items: { id: string }[] }[] = [];
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffered += Buffer.from(value!).toString('utf8');
        let end;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (!/^event: inbox$/m.test(block)) continue;
          events.push(
            JSON.parse(
              block
                .split('\n')
                .find((l) => l.startsWith('data: '))!
                .slice(6),
            ),
          );
        }
      }
    })();
    await waitFor(async () => events.length > 0); // the current inbox, first
    expect(events[0]).toEqual({ unread: 0, items: [] });

    // A case whose deadlines are seconds away (the test planner compresses "late-" cases).
    const caseId = 'late-bell-001';
    await netral.client.workflow.start(SANCTION_CASE_WORKFLOW, {
      workflowId: caseId,
      taskQueue: 'cases-notifications_api',
      args: [{}],
    });
    const register = { type: 'RegisterReport', data: { ...registerBody(), caseId } } as CaseCommand;
    await netral.client.workflow.getHandle(caseId).executeUpdate(caseCommandUpdate, {
      args: [{ command: register, actor: { id: 'officer-ani', role: 'officer', agency: BEKASI } }],
    });

    const reminderId = `${caseId}:4`;
    const pushed = await waitFor(
      async () => events.find((e) => e.items.some((i) => i.id === reminderId)),
      30_000,
    );
    expect(pushed.unread).toBeGreaterThanOrEqual(1);
    abort.abort();
    await pump;

    const inbox = await api.get<{ unread: number; items: { id: string; read: boolean; message: string }[] }>(
      '/notifications',
      OFFICER,
    );
    const item = inbox.body.items.find((i) => i.id === reminderId)!;
    expect(item).toMatchObject({ read: false });
    expect(item.message).toMatch(/^Pengingat: tenggat/);
    expect(
      (await api.post(`/notifications/${encodeURIComponent(reminderId)}/read`, OFFICER, undefined)).status,
    ).toBe(204);
    const after = await api.get<{ unread: number; items: { id: string; read: boolean }[] }>(
      '/notifications',
      OFFICER,
    );
    expect(after.body.unread).toBe(inbox.body.unread - 1);
    expect(after.body.items.find((i) => i.id === reminderId)?.read).toBe(true);
    // Not addressed to a supervisor (nor to another agency).
    expectProblem(
      await api.post(`/notifications/${encodeURIComponent(reminderId)}/read`, SUPERVISOR, undefined),
      404,
      'NOT_FOUND',
    );

    // The officer's mailbox was refused: the e-mail is on the admin's dead-letter list with the server's answer.
    const deadId = `${reminderId}:officer-ani`;
    const dead = await waitFor(async () => {
      const list = await api.get<{ items: { id: string; lastError: string }[] }>(
        '/notifications/dead-letters',
        ADMIN,
      );
      return list.body.items.find((d) => d.id === deadId);
    }, 30_000);
    expect(dead.lastError).toMatch(/550.*User unknown/);
    expectProblem(await api.get('/notifications/dead-letters', SUPERVISOR), 403, 'FORBIDDEN');
    expect(
      (await api.get<{ items: unknown[] }>('/notifications/dead-letters', BOGOR_ADMIN)).body.items,
    ).toEqual([]);
    expectProblem(
      await api.post(
        `/notifications/dead-letters/${encodeURIComponent(deadId)}/retry`,
        BOGOR_ADMIN,
        undefined,
      ),
      404,
    );

    // Fixed in the directory, retried: it arrives at the new address.
    await put(`/directory/${BEKASI}/people/officer-ani`, ADMIN, {
      name: 'Ani Wulandari',
      email: 'ani@inspektorat.bekasikota.example',
      roles: ['case_officer'],
    });
    const retried = await api.post(
      `/notifications/dead-letters/${encodeURIComponent(deadId)}/retry`,
      ADMIN,
      undefined,
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ email: 'ani@inspektorat.bekasikota.example', attempts: 0 });
    const delivered = await waitFor(
      async () => received.find((r) => r.mail.headers.get('x-netral-notification') === reminderId),
      30_000,
    );
    expect(delivered.to).toEqual(['ani@inspektorat.bekasikota.example']);
    expect(delivered.mail.subject).toMatch(/^\[Netral\] Pengingat tenggat: /);
    // Once delivered it is off the list, and retrying it again is a 404.
    expectProblem(
      await api.post(`/notifications/dead-letters/${encodeURIComponent(deadId)}/retry`, ADMIN, undefined),
      404,
    );
  }, 90_000);
});

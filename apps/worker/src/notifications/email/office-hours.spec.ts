import { TEST_CALENDAR } from '@netral/domain/testing/fixtures';
import { emailSettingsFromEnv } from './email.config';
import { nextOfficeTime, parseOfficeHours } from './office-hours';

const hours = parseOfficeHours('07:30-16:00');
const at = (iso: string) => nextOfficeTime(new Date(iso), TEST_CALENDAR, 'Asia/Jakarta', hours).toISOString();

describe('office hours', () => {
  it('sends at once inside office hours on a working day (Tuesday 10:00 WIB)', () => {
    expect(at('2025-01-07T03:00:00.000Z')).toBe('2025-01-07T03:00:00.000Z');
  });

  it('waits for the start of the day before office hours (Tuesday 06:00 WIB)', () => {
    expect(at('2025-01-06T23:00:00.000Z')).toBe('2025-01-07T00:30:00.000Z');
  });

  it('waits for Monday 07:30 after Friday closing time, across the weekend', () => {
    expect(at('2025-01-10T09:30:00.000Z')).toBe('2025-01-13T00:30:00.000Z');
  });

  it('skips holidays and cuti bersama (Isra Miraj 27 Jan, cuti bersama Imlek 28 Jan, Imlek 29 Jan 2025)', () => {
    expect(at('2025-01-24T10:00:00.000Z')).toBe('2025-01-30T00:30:00.000Z');
  });

  it('keeps each zone’s own clock: 08:00 WIT is inside office hours, 08:00 WIB of that instant is not', () => {
    const instant = new Date('2025-01-07T23:00:00.000Z'); // Wednesday 06:00 WIB = 08:00 WIT
    expect(nextOfficeTime(instant, TEST_CALENDAR, 'Asia/Jayapura', hours).toISOString()).toBe(
      instant.toISOString(),
    );
    expect(nextOfficeTime(instant, TEST_CALENDAR, 'Asia/Jakarta', hours).toISOString()).toBe(
      '2025-01-08T00:30:00.000Z',
    );
  });

  it('refuses malformed or inverted hours', () => {
    expect(() => parseOfficeHours('16:00-07:30')).toThrow(/start before the end/);
    expect(() => parseOfficeHours('7:30-16:00')).toThrow(/HH:mm-HH:mm/);
    expect(() => parseOfficeHours('07:30-16:00-18:00')).toThrow(/HH:mm-HH:mm/);
  });
});

describe('e-mail settings', () => {
  it('are off without SMTP_URL', () => {
    expect(emailSettingsFromEnv({})).toBeNull();
  });

  it('read the URL, sender, TLS flags and office hours', () => {
    expect(
      emailSettingsFromEnv({
        SMTP_URL: 'smtps://netral:rahasia@mail.example.go.id:465',
        SMTP_FROM: 'Netral Kota Bekasi <netral@Inspektorat.Example.go.id>',
        SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
        PUBLIC_URL: 'https://netral.example.go.id/',
        NOTIFY_OFFICE_HOURS: '08:00-15:30',
      }),
    ).toMatchObject({
      from: 'Netral Kota Bekasi <netral@Inspektorat.Example.go.id>',
      tlsRejectUnauthorized: false,
      requireTls: false,
      consoleUrl: 'https://netral.example.go.id/console',
      messageIdDomain: 'inspektorat.example.go.id',
      officeHours: { start: '08:00', end: '15:30' },
      maxAttempts: 10,
    });
  });

  it('say what is wrong with a bad value', () => {
    expect(() => emailSettingsFromEnv({ SMTP_URL: 'http://mail', SMTP_FROM: 'a@b' })).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
    expect(() => emailSettingsFromEnv({ SMTP_URL: 'smtp://mail' })).toThrow(/SMTP_FROM is required/);
    expect(() =>
      emailSettingsFromEnv({ SMTP_URL: 'smtp://mail', SMTP_FROM: 'a@b', NOTIFY_EMAIL_MAX_ATTEMPTS: '0' }),
    ).toThrow(/NOTIFY_EMAIL_MAX_ATTEMPTS/);
    expect(() =>
      emailSettingsFromEnv({ SMTP_URL: 'smtp://mail', SMTP_FROM: 'a@b', SMTP_REQUIRE_TLS: 'yes' }),
    ).toThrow(/SMTP_REQUIRE_TLS must be true or false/);
  });
});

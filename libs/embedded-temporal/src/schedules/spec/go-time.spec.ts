import { civilToUnix, daysInMonth, GoLocation, UnknownTimeZoneError } from './go-time';

const utcSeconds = (iso: string): number => Date.parse(iso) / 1000;

describe('GoLocation', () => {
  it('reads Asia/Jakarta as UTC+7 all year round', () => {
    const jakarta = GoLocation.load('Asia/Jakarta');
    expect(jakarta.offsetAt(utcSeconds('2024-01-15T00:00:00Z'))).toBe(7 * 3600);
    expect(jakarta.offsetAt(utcSeconds('2024-07-15T00:00:00Z'))).toBe(7 * 3600);
    expect(jakarta.wallClock(utcSeconds('2024-03-01T00:00:00Z'))).toEqual({
      year: 2024,
      month: 3,
      day: 1,
      hour: 7,
      minute: 0,
      second: 0,
      weekday: 5,
    });
    expect(jakarta.date(2024, 3, 1, 7, 0, 0)).toBe(utcSeconds('2024-03-01T00:00:00Z'));
  });

  it('switches America/New_York offsets exactly at the transition second', () => {
    const newYork = GoLocation.load('America/New_York');
    expect(newYork.offsetAt(utcSeconds('2024-03-10T06:59:59Z'))).toBe(-5 * 3600);
    expect(newYork.offsetAt(utcSeconds('2024-03-10T07:00:00Z'))).toBe(-4 * 3600);
    expect(newYork.offsetAt(utcSeconds('2024-11-03T05:59:59Z'))).toBe(-4 * 3600);
    expect(newYork.offsetAt(utcSeconds('2024-11-03T06:00:00Z'))).toBe(-5 * 3600);
  });

  it('handles transitions that are not on a quarter hour (Africa/Monrovia, 1972)', () => {
    const monrovia = GoLocation.load('Africa/Monrovia');
    expect(monrovia.offsetAt(utcSeconds('1972-01-07T00:44:29Z'))).toBe(-(44 * 60 + 30));
    expect(monrovia.offsetAt(utcSeconds('1972-01-07T00:44:30Z'))).toBe(0);
  });

  describe('date() resolves impossible and repeated wall times as Go does', () => {
    it('west of UTC, a skipped wall time is read with the old offset (02:30 → 01:30 EST)', () => {
      const newYork = GoLocation.load('America/New_York');
      expect(newYork.date(2024, 3, 10, 2, 30, 0)).toBe(utcSeconds('2024-03-10T06:30:00Z'));
      expect(newYork.wallClock(newYork.date(2024, 3, 10, 2, 30, 0)).hour).toBe(1);
    });

    it('west of UTC, a repeated wall time is its first occurrence (EDT)', () => {
      const newYork = GoLocation.load('America/New_York');
      expect(newYork.date(2024, 11, 3, 1, 30, 0)).toBe(utcSeconds('2024-11-03T05:30:00Z'));
    });

    it('east of UTC, the later interpretation wins (Europe/Berlin)', () => {
      const berlin = GoLocation.load('Europe/Berlin');
      // 02:30 on 27 Oct 2024 happens twice; Go picks the second (CET).
      expect(berlin.date(2024, 10, 27, 2, 30, 0)).toBe(utcSeconds('2024-10-27T01:30:00Z'));
      // 02:30 on 31 Mar 2024 never happens; Go lands on 03:30 CEST.
      expect(berlin.date(2024, 3, 31, 2, 30, 0)).toBe(utcSeconds('2024-03-31T01:30:00Z'));
    });

    it('normalises overflowing fields (hour 24 is the next midnight)', () => {
      const jakarta = GoLocation.load('Asia/Jakarta');
      expect(jakarta.date(2024, 12, 31, 24, 0, 0)).toBe(utcSeconds('2024-12-31T17:00:00Z'));
    });
  });

  it('treats "", "UTC" and "Local" as UTC', () => {
    for (const name of ['', 'UTC', 'Local']) {
      const zone = GoLocation.load(name);
      expect(zone.offsetAt(utcSeconds('2024-07-01T00:00:00Z'))).toBe(0);
    }
  });

  it.each([
    ['Mars/Olympus_Mons', 'unknown time zone Mars/Olympus_Mons'],
    ['asia/jakarta', 'unknown time zone asia/jakarta'],
    ['+07:00', 'unknown time zone +07:00'],
    ['../etc/passwd', 'time: invalid location name'],
  ])("refuses %j with Go's message", (name, message) => {
    expect(() => GoLocation.load(name)).toThrow(UnknownTimeZoneError);
    expect(() => GoLocation.load(name)).toThrow(message);
  });
});

describe('civil helpers', () => {
  it('counts days per month including leap years', () => {
    expect(daysInMonth(2, 2024)).toBe(29);
    expect(daysInMonth(2, 2100)).toBe(28);
    expect(daysInMonth(2, 2000)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(month, 2023))).toEqual([
      31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });

  it('converts civil times read as UTC', () => {
    expect(civilToUnix(1970, 1, 1, 0, 0, 0)).toBe(0);
    expect(civilToUnix(2024, 2, 30, 0, 0, 0)).toBe(utcSeconds('2024-03-01T00:00:00Z'));
  });
});

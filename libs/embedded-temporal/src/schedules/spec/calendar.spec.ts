import { CompiledCalendar } from './calendar';
import { parseCalendar, parseCronString, parseRanges } from './calendar-parse';
import { validateStructuredCalendar } from './calendar-validate';
import { SpecProblem } from './errors';
import { GoLocation } from './go-time';
import type { StructuredCalendarSpec } from './types';

const seconds = (iso: string): number => Date.parse(iso) / 1000;
const iso = (unixSeconds: number | undefined): string | undefined =>
  unixSeconds === undefined ? undefined : new Date(unixSeconds * 1000).toISOString();
const r = (start: number, end = 0, step = 0) => ({ start, end, step });

describe('parseRanges', () => {
  const parse = (text: string, min: number, max: number, mode: 'int' | 'month' | 'dayOfWeek' = 'int') =>
    parseRanges(text, 'Test', '', min, max, mode);

  it.each([
    ['13', 0, 59, [r(13)]],
    ['13,18,44', 0, 59, [r(13), r(18), r(44)]],
    ['13-18', 0, 59, [r(13, 18)]],
    ['2-5,7-9,11', 0, 59, [r(2, 5), r(7, 9), r(11)]],
    ['*', 5, 9, [r(5, 9)]],
    ['*/3', 5, 9, [r(5, 9, 3)]],
    ['2/3', 0, 10, [r(2, 10, 3)]],
    ['2-6/3', 0, 10, [r(2, 6, 3)]],
    ['+4', 0, 10, [r(4)]],
  ])('parses %j', (text, min, max, expected) => {
    expect(parse(text, min, max)).toEqual({ ok: true, value: expected });
  });

  it('reads month names by prefix of three letters or more', () => {
    expect(parse('Sept', 1, 12, 'month')).toEqual({ ok: true, value: [r(9)] });
    expect(parse('jan-MAR', 1, 12, 'month')).toEqual({ ok: true, value: [r(1, 3)] });
    expect(parse('ju', 1, 12, 'month').ok).toBe(false);
  });

  it('reads day names by prefix of two letters or more and turns 7 into Sunday (0)', () => {
    expect(parse('mon-Friday', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(1, 5)] });
    expect(parse('0-7', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(0, 6)] });
    expect(parse('3-7', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(0), r(3, 6)] });
    expect(parse('1-7/2', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(0), r(1, 6, 2)] });
    expect(parse('3-7/3', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(3, 6, 3)] });
    expect(parse('7', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(0)] });
    expect(parse('sa,su', 0, 7, 'dayOfWeek')).toEqual({ ok: true, value: [r(6), r(0)] });
  });

  it.each([
    ['133', 0, 59, 'Test is not in range [0-59]'],
    ['13,18,44,', 0, 59, 'Test is not in range [0-59]'],
    ['18-13', 0, 59, 'Test End is before Start or not in range [0-59]'],
    ['x-13', 0, 59, 'Test Start is not in range [0-59]'],
    ['2/3/5', 0, 10, 'Test has too many slashes'],
    ['1-5-7', 0, 10, 'Test has too many dashes'],
    ['5/', 0, 10, 'Test missing step value'],
    ['5/0', 0, 10, 'Test has invalid Step'],
    ['5/x', 0, 10, 'strconv.Atoi: parsing "x": invalid syntax'],
    ['?', 0, 10, 'Test is not in range [0-10]'],
  ])("refuses %j with the server's message", (text, min, max, error) => {
    expect(parse(text, min, max)).toEqual({ ok: false, error });
  });
});

describe('parseCalendar', () => {
  it('fills the defaults: second, minute and hour 0; every day of month, month, day of week and year', () => {
    expect(parseCalendar({ hour: '5,7', minute: '23' })).toEqual({
      second: [r(0)],
      minute: [r(23)],
      hour: [r(5), r(7)],
      dayOfMonth: [r(1, 31)],
      month: [r(1, 12)],
      year: [],
      dayOfWeek: [r(0, 6)],
      comment: '',
    });
  });

  it('keeps the comment and parses years with steps', () => {
    const parsed = parseCalendar({ year: '2024-2030/2', dayOfMonth: '1/10', comment: 'rapat bulanan' });
    expect(parsed.year).toEqual([r(2024, 2030, 2)]);
    expect(parsed.dayOfMonth).toEqual([r(1, 31, 10)]);
    expect(parsed.comment).toBe('rapat bulanan');
  });

  it("reports every bad field at once, in the server's field order", () => {
    expect(() => parseCalendar({ second: '60', hour: '25', year: '1999' })).toThrow(
      new SpecProblem(
        'Second is not in range [0-59], Hour is not in range [0-23], Year is not in range [2000-2100]',
      ),
    );
  });
});

describe('parseCronString', () => {
  it('reads five fields as minute hour day-of-month month day-of-week', () => {
    expect(parseCronString('5,9 */2 * * *')).toEqual({
      calendar: {
        second: [r(0)],
        minute: [r(5), r(9)],
        hour: [r(0, 23, 2)],
        dayOfMonth: [r(1, 31)],
        month: [r(1, 12)],
        year: [],
        dayOfWeek: [r(0, 6)],
        comment: '',
      },
      timezoneName: '',
    });
  });

  it('reads six fields as adding a year, and seven as second ... year', () => {
    expect(parseCronString('0 7 * * * 2030').calendar!.year).toEqual([r(2030)]);
    const seven = parseCronString('CRON_TZ=US/Pacific 55 55,57 5 2/2 * wed-thurs *  # explanation');
    expect(seven).toEqual({
      calendar: {
        second: [r(55)],
        minute: [r(55), r(57)],
        hour: [r(5)],
        dayOfMonth: [r(2, 31, 2)],
        month: [r(1, 12)],
        year: [],
        dayOfWeek: [r(3, 4)],
        comment: 'explanation',
      },
      timezoneName: 'US/Pacific',
    });
  });

  it('accepts TZ= as well as CRON_TZ=', () => {
    expect(parseCronString('TZ=Asia/Jakarta 0 7 * * 1-5').timezoneName).toBe('Asia/Jakarta');
  });

  it('expands the predefined shorthands', () => {
    expect(parseCronString('@monthly').calendar).toEqual(parseCronString('0 0 1 * *').calendar);
    expect(parseCronString('@daily').calendar).toEqual(parseCronString('0 0 * * *').calendar);
    expect(parseCronString('@midnight').calendar).toEqual(parseCronString('0 0 * * *').calendar);
    expect(parseCronString('@hourly').calendar).toEqual(parseCronString('0 * * * *').calendar);
    expect(parseCronString('@weekly').calendar).toEqual(parseCronString('0 0 * * 0').calendar);
    expect(parseCronString('@yearly').calendar).toEqual(parseCronString('@annually').calendar);
    expect(parseCronString('@yearly').calendar!.month).toEqual([r(1)]);
  });

  it('turns @every into an interval, with an optional phase, and ignores CRON_TZ for it', () => {
    expect(parseCronString('@every 5d')).toEqual({
      interval: { interval: { seconds: 5 * 86400, nanos: 0 } },
      timezoneName: '',
    });
    expect(parseCronString('CRON_TZ=Asia/Jakarta @every 5h/45m')).toEqual({
      interval: { interval: { seconds: 5 * 3600, nanos: 0 }, phase: { seconds: 45 * 60, nanos: 0 } },
      timezoneName: '',
    });
  });

  it.each([
    ['0 1 2 3 4 1999', 'Year is not in range [2000-2100]'],
    ['* * * *', 'CronString does not have 5-7 fields'],
    ['1 2 3 4 5 6 7 8', 'CronString does not have 5-7 fields'],
    ['@reboot', 'CronString does not have 5-7 fields'],
    ['CRON_TZ=Asia/Jakarta', 'CronString has time zone but missing fields'],
    ['@every', 'CronString does not have interval after @every'],
    ['@every 5', 'time: missing unit in duration "5"'],
    ['0 12 ? * MON', 'DayOfMonth is not in range [1-31]'],
    ['60 * * * *', 'Minute is not in range [0-59]'],
  ])("refuses %j with the server's message", (cronString, message) => {
    expect(() => parseCronString(cronString)).toThrow(new SpecProblem(message));
  });
});

describe('validateStructuredCalendar', () => {
  it.each([
    [{ second: [{ start: 100 }] }, 'Second Start is not in range [0-59]'],
    [{ second: [{ start: 30, end: 60 }] }, 'Second End is before Start or not in range [0-59]'],
    [{ second: [{ start: 30, end: 40, step: -3 }] }, 'Second has invalid Step'],
    [{ hour: [{ start: 16, end: 12 }] }, 'Hour End is before Start or not in range [0-23]'],
    [{ dayOfMonth: [{ start: 0 }] }, 'DayOfMonth Start is not in range [1-31]'],
    [
      { month: [{ end: 13 }] },
      'Month Start is not in range [1-12], Month End is before Start or not in range [1-12]',
    ],
    [{ dayOfWeek: [{ start: 7 }] }, 'DayOfWeek Start is not in range [0-6]'],
    [{ year: [{ start: 1999 }] }, 'Year Start is not in range [2000-2100]'],
    [{ comment: 'x'.repeat(201) }, 'comment is too long'],
  ])('refuses %j', (calendar, message) => {
    expect(() => validateStructuredCalendar(calendar)).toThrow(
      new SpecProblem(`invalid calendar spec: ${message}`),
    );
  });

  it('accepts end 0 as "only start"', () => {
    expect(() => validateStructuredCalendar({ hour: [{ start: 7, end: 0 }] })).not.toThrow();
  });
});

describe('CompiledCalendar', () => {
  const compile = (calendar: Parameters<typeof parseCalendar>[0], zone: string) =>
    new CompiledCalendar(parseCalendar(calendar), GoLocation.load(zone));

  /** Follows next() from `start` and, like the server's tests, checks every second in between too. */
  function expectSequence(calendar: CompiledCalendar, startIso: string, expected: string[]) {
    let cursor = seconds(startIso);
    for (const want of expected) {
      const next = calendar.next(cursor);
      expect(iso(next)).toBe(want);
      const stride = Math.max(97, Math.floor((next! - cursor) / 500));
      const disagreeing: number[] = [];
      for (let between = cursor; between < next!; between += stride) {
        if (calendar.next(between) !== next) disagreeing.push(between);
      }
      expect(disagreeing).toEqual([]);
      cursor = next!;
    }
  }

  it('finds 07:00 Asia/Jakarta every day at 00:00 UTC', () => {
    expectSequence(compile({ hour: '7' }, 'Asia/Jakarta'), '2024-05-01T03:00:00Z', [
      '2024-05-02T00:00:00.000Z',
      '2024-05-03T00:00:00.000Z',
    ]);
  });

  it('increments only what it must (wed-thu, even days, 05:55:55 US/Pacific)', () => {
    const calendar = compile(
      { second: '55', minute: '55', hour: '5', dayOfWeek: 'wed-thurs', dayOfMonth: '2/2' },
      'US/Pacific',
    );
    // 2 March 2022 is a Wednesday; the next even Wed/Thu is 10 March, then 16 March (after DST began).
    expectSequence(calendar, '2022-03-02T13:55:33Z', [
      '2022-03-02T13:55:55.000Z',
      '2022-03-10T13:55:55.000Z',
      '2022-03-16T12:55:55.000Z',
    ]);
  });

  it('skips a wall time that spring-forward removes (US/Pacific 02:33:33)', () => {
    expectSequence(compile({ second: '33', minute: '33', hour: '2' }, 'US/Pacific'), '2022-03-12T04:00:00Z', [
      '2022-03-12T10:33:33.000Z',
      // 13 March has no 02:33:33
      '2022-03-14T09:33:33.000Z',
    ]);
  });

  it('fires twice for a wall time that fall-back repeats (US/Pacific 01:33:33 and 01:44:33)', () => {
    expectSequence(
      compile({ second: '33', minute: '33,44', hour: '1' }, 'US/Pacific'),
      '2021-11-07T07:15:15Z',
      [
        '2021-11-07T08:33:33.000Z',
        '2021-11-07T08:44:33.000Z',
        '2021-11-07T09:33:33.000Z',
        '2021-11-07T09:44:33.000Z',
        '2021-11-08T09:33:33.000Z',
      ],
    );
  });

  it('handles a start inside the repeated hour without a matching end (Europe/London)', () => {
    const calendar = compile(
      { second: '0', minute: '1', hour: '0', dayOfMonth: '2', month: 'Jan', dayOfWeek: 'Sun' },
      'Europe/London',
    );
    expect(iso(calendar.next(seconds('2004-01-01T00:00:05Z')))).toBe('2005-01-02T00:01:00.000Z');
    expect(iso(calendar.next(seconds('2004-10-31T01:07:03Z')))).toBe('2005-01-02T00:01:00.000Z');
  });

  it('gives up after year 2100', () => {
    const calendar = compile({ dayOfMonth: '30', month: 'feb' }, 'UTC');
    expect(calendar.next(seconds('2024-01-01T00:00:00Z'))).toBeUndefined();
    const everyDay = compile({}, 'UTC');
    expect(iso(everyDay.next(seconds('2100-12-30T12:00:00Z')))).toBe('2100-12-31T00:00:00.000Z');
    expect(everyDay.next(seconds('2100-12-31T00:00:00Z'))).toBeUndefined();
  });

  it('never matches when a field has no ranges at all', () => {
    const empty: StructuredCalendarSpec = { ...parseCalendar({}), second: [] };
    const calendar = new CompiledCalendar(empty, GoLocation.utc);
    expect(calendar.next(seconds('2024-01-01T00:00:00Z'))).toBeUndefined();
    expect(calendar.matches(seconds('2024-01-01T00:00:00Z'))).toBe(false);
  });

  it('matches() reads the wall clock in the zone', () => {
    const calendar = compile({ hour: '7', dayOfWeek: 'mon-fri' }, 'Asia/Jakarta');
    expect(calendar.matches(seconds('2024-05-06T00:00:00Z'))).toBe(true); // Monday 07:00 WIB
    expect(calendar.matches(seconds('2024-05-05T00:00:00Z'))).toBe(false); // Sunday
    expect(calendar.matches(seconds('2024-05-06T00:00:01Z'))).toBe(false);
  });
});

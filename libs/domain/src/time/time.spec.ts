import fc from 'fast-check';
import {
  formatTanggal,
  addDays,
  addMonths,
  addWorkingDays,
  createWorkingCalendar,
  endOfLocalDay,
  fromDayNumber,
  fromEpochMs,
  isCivilDate,
  isInstant,
  isoWeekday,
  isWorkingDay,
  localDateOf,
  localTimeToInstant,
  toDayNumber,
  toEpochMs,
  workingDaysBetween,
} from '.';
import { DomainError } from '../errors';

describe('civil dates', () => {
  it('knows day numbers and weekdays', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(20089)).toBe('2025-01-01');
    expect(isoWeekday('2025-01-01')).toBe(3); // Wednesday
    expect(isoWeekday('2026-03-20')).toBe(5); // Friday
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('validates dates, including leap years', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2025-02-29')).toBe(false);
    expect(isCivilDate('2100-02-29')).toBe(false);
    expect(isCivilDate('2000-02-29')).toBe(true);
    expect(isCivilDate('2025-13-01')).toBe(false);
    expect(isCivilDate('2025-1-01')).toBe(false);
    expect(isCivilDate(20250101)).toBe(false);
    expect(() => toDayNumber('31/12/2025')).toThrow(DomainError);
  });

  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-02-20', 6)).toBe('2025-08-20');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
  });

  it('round-trips day numbers and adds days consistently (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200000, max: 200000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (n, k) => {
          const date = fromDayNumber(n);
          expect(isCivilDate(date)).toBe(true);
          expect(toDayNumber(date)).toBe(n);
          expect(toDayNumber(addDays(date, k))).toBe(n + k);
        },
      ),
    );
  });
});

describe('instants in Indonesian zones', () => {
  it('parses and formats ISO-8601 instants without Date', () => {
    expect(toEpochMs('1970-01-01T00:00:00Z')).toBe(0);
    expect(toEpochMs('2025-03-31T07:00:00+07:00')).toBe(toEpochMs('2025-03-31T00:00:00.000Z'));
    expect(fromEpochMs(toEpochMs('2025-03-31T07:00:00.123+07:00'))).toBe('2025-03-31T00:00:00.123Z');
    expect(isInstant('2025-03-31')).toBe(false);
    expect(isInstant('2025-03-31T25:00:00Z')).toBe(false);
    expect(() => toEpochMs('yesterday')).toThrow(DomainError);
  });

  it('takes the local date in WIB, WITA and WIT', () => {
    const instant = '2025-03-30T16:30:00.000Z'; // 23:30 WIB, 00:30 WITA, 01:30 WIT
    expect(localDateOf(instant, 'Asia/Jakarta')).toBe('2025-03-30');
    expect(localDateOf(instant, 'Asia/Makassar')).toBe('2025-03-31');
    expect(localDateOf(instant, 'Asia/Jayapura')).toBe('2025-03-31');
    expect(() => localDateOf(instant, 'Europe/Paris')).toThrow(DomainError);
  });

  it('ends a local day at 23:59:59.999 local time', () => {
    expect(endOfLocalDay('2025-04-21', 'Asia/Jakarta')).toBe('2025-04-21T16:59:59.999Z');
    expect(endOfLocalDay('2025-04-21', 'Asia/Jayapura')).toBe('2025-04-21T14:59:59.999Z');
    expect(localTimeToInstant('2025-04-21', '08:00', 'Asia/Jakarta')).toBe('2025-04-21T01:00:00.000Z');
  });

  it('round-trips instants (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ms) => {
        expect(toEpochMs(fromEpochMs(ms))).toBe(ms);
      }),
    );
  });
});

describe('working days on a calendar passed in', () => {
  const calendar = createWorkingCalendar({
    version: 'unit',
    coveredFrom: '2025-01-01',
    coveredTo: '2025-12-31',
    nonWorkingDays: [{ date: '2025-01-01', name: 'Tahun Baru', kind: 'national_holiday', source: 'unit' }],
  });

  it('skips weekends and holidays; the start day never counts', () => {
    expect(addWorkingDays(calendar, '2025-01-02', 1)).toBe('2025-01-03');
    expect(addWorkingDays(calendar, '2025-01-01', 1)).toBe('2025-01-02'); // from a holiday
    expect(addWorkingDays(calendar, '2025-01-03', 1)).toBe('2025-01-06');
    expect(addWorkingDays(calendar, '2025-01-04', 1)).toBe('2025-01-06'); // from a Saturday
    expect(addWorkingDays(calendar, '2025-01-06', -1)).toBe('2025-01-03');
    expect(addWorkingDays(calendar, '2025-01-06', 0)).toBe('2025-01-06');
    expect(workingDaysBetween(calendar, '2025-01-03', '2025-01-06')).toBe(1);
    expect(workingDaysBetween(calendar, '2025-01-06', '2025-01-03')).toBe(-1);
    expect(isWorkingDay(calendar, '2025-01-01')).toBe(false);
  });

  it('refuses dates outside the calendar instead of guessing', () => {
    expect(() => addWorkingDays(calendar, '2025-12-30', 5)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NOT_COVERED' }),
    );
    expect(() => isWorkingDay(calendar, '2026-01-02')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NOT_COVERED' }),
    );
  });

  it('validates calendar data', () => {
    expect(() =>
      createWorkingCalendar({
        version: '',
        coveredFrom: '2025-01-01',
        coveredTo: '2025-12-31',
        nonWorkingDays: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
    expect(() =>
      createWorkingCalendar({
        version: 'x',
        coveredFrom: '2025-12-31',
        coveredTo: '2025-01-01',
        nonWorkingDays: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
    expect(() =>
      createWorkingCalendar({
        version: 'x',
        coveredFrom: '2025-01-01',
        coveredTo: '2025-12-31',
        nonWorkingDays: [{ date: '2025-02-30', name: 'x', kind: 'local_holiday', source: 'x' }],
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
  });
});

describe('formatTanggal', () => {
  it('writes a civil date the Indonesian way', () => {
    expect(formatTanggal('2026-01-05')).toBe('5 Januari 2026');
    expect(formatTanggal('2025-12-31')).toBe('31 Desember 2025');
  });

  it('refuses what is not a civil date', () => {
    expect(() => formatTanggal('2025-13-01')).toThrow(/not a civil date/);
  });
});

// Working-day arithmetic on a calendar passed in as plain data. Government working days are Monday–Friday
// (Perpres 21/2023) minus national holidays and cuti bersama (fixed yearly by SKB 3 Menteri and sometimes
// amended mid-year). The calendar is a plain JSON value with a version string, so a due date can be stored
// together with the calendar version that produced it, and so the workflow can carry it if it wants to.
import { DomainError } from '../errors';
import { type CivilDate, addDays, isCivilDate, isoWeekday, toDayNumber } from './civil-date';
import { DEFAULT_TIME_ZONE, utcOffsetMinutes } from './instant';

export type NonWorkingDayKind = 'national_holiday' | 'cuti_bersama' | 'local_holiday';

export interface NonWorkingDay {
  date: CivilDate;
  name: string;
  kind: NonWorkingDayKind;
  /** The decree or library the day comes from (e.g. "SKB 3 Menteri 2025"), for the auditor. */
  source: string;
}

export interface WorkingCalendar {
  /** Names exactly the holiday data used, e.g. "ID-2026.1+date-holidays@3.37.0". Stored with every due date. */
  version: string;
  /** IANA zone of the agency (WIB/WITA/WIT). */
  timeZone: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workingWeekdays: number[];
  /** First and last date (inclusive) for which the holiday list is known. */
  coveredFrom: CivilDate;
  coveredTo: CivilDate;
  /** Years whose holidays come from the library only, not yet from a decree recorded in the data file. */
  provisionalYears: number[];
  nonWorkingDays: NonWorkingDay[];
}

export interface WorkingCalendarInput {
  version: string;
  timeZone?: string;
  workingWeekdays?: number[];
  coveredFrom: CivilDate;
  coveredTo: CivilDate;
  provisionalYears?: number[];
  nonWorkingDays: NonWorkingDay[];
}

/** Validates and normalises (sorted, de-duplicated by date) a calendar. */
export function createWorkingCalendar(input: WorkingCalendarInput): WorkingCalendar {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  utcOffsetMinutes(timeZone);
  if (typeof input.version !== 'string' || input.version.length === 0) {
    throw new DomainError('INVALID_DATA', 'a calendar needs a version');
  }
  if (
    !isCivilDate(input.coveredFrom) ||
    !isCivilDate(input.coveredTo) ||
    input.coveredFrom > input.coveredTo
  ) {
    throw new DomainError('INVALID_DATA', 'calendar coverage must be two ordered YYYY-MM-DD dates');
  }
  const workingWeekdays = [...new Set(input.workingWeekdays ?? [1, 2, 3, 4, 5])].sort();
  if (workingWeekdays.length === 0 || workingWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new DomainError('INVALID_DATA', 'working weekdays must be ISO weekday numbers 1..7');
  }
  const byDate = new Map<string, NonWorkingDay>();
  for (const day of input.nonWorkingDays) {
    if (!isCivilDate(day.date))
      throw new DomainError('INVALID_DATA', `bad holiday date ${JSON.stringify(day.date)}`);
    if (!byDate.has(day.date)) byDate.set(day.date, { ...day });
  }
  return {
    version: input.version,
    timeZone,
    workingWeekdays,
    coveredFrom: input.coveredFrom,
    coveredTo: input.coveredTo,
    provisionalYears: [...(input.provisionalYears ?? [])].sort(),
    nonWorkingDays: [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

// A calendar is immutable data; its lookup set is built once per object.
const lookups = new WeakMap<WorkingCalendar, { holidays: Set<string>; weekdays: Set<number> }>();

function lookupFor(calendar: WorkingCalendar) {
  let lookup = lookups.get(calendar);
  if (!lookup) {
    lookup = {
      holidays: new Set(calendar.nonWorkingDays.map((d) => d.date)),
      weekdays: new Set(calendar.workingWeekdays),
    };
    lookups.set(calendar, lookup);
  }
  return lookup;
}

function assertCovered(calendar: WorkingCalendar, date: CivilDate): void {
  if (date < calendar.coveredFrom || date > calendar.coveredTo) {
    throw new DomainError(
      'CALENDAR_NOT_COVERED',
      `${date} is outside ${calendar.coveredFrom}..${calendar.coveredTo} of calendar ${calendar.version}`,
      { date, calendarVersion: calendar.version },
    );
  }
}

export function isWorkingDay(calendar: WorkingCalendar, date: CivilDate): boolean {
  assertCovered(calendar, date);
  const { holidays, weekdays } = lookupFor(calendar);
  return weekdays.has(isoWeekday(date)) && !holidays.has(date);
}

/** The non-working day entry for a date, if it is a holiday or cuti bersama. */
export function holidayOn(calendar: WorkingCalendar, date: CivilDate): NonWorkingDay | undefined {
  return calendar.nonWorkingDays.find((d) => d.date === date);
}

/**
 * The |n|-th working day strictly after (n > 0) or strictly before (n < 0) `date`; `date` itself never counts,
 * so "within 14 working days of delivery" is addWorkingDays(deliveryDate, 14). n = 0 returns `date`.
 */
export function addWorkingDays(calendar: WorkingCalendar, date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n))
    throw new DomainError('INVALID_DATA', `working days must be an integer, got ${n}`);
  assertCovered(calendar, date);
  const step = n >= 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(calendar, current)) remaining -= 1;
  }
  return current;
}

/**
 * Working days from `from` to `to`: for to ≥ from, the working days d with from < d ≤ to; for to < from, minus
 * the working days d with to ≤ d < from. So workingDaysBetween(a, addWorkingDays(a, n)) = n for every n.
 */
export function workingDaysBetween(calendar: WorkingCalendar, from: CivilDate, to: CivilDate): number {
  assertCovered(calendar, from);
  assertCovered(calendar, to);
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  let count = 0;
  if (end >= start) {
    for (let day = from; day < to;) {
      day = addDays(day, 1);
      if (isWorkingDay(calendar, day)) count += 1;
    }
    return count;
  }
  for (let day = to; day < from; day = addDays(day, 1)) {
    if (isWorkingDay(calendar, day)) count -= 1;
  }
  return count;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(calendar: WorkingCalendar, date: CivilDate): CivilDate {
  return isWorkingDay(calendar, date) ? date : addWorkingDays(calendar, date, 1);
}

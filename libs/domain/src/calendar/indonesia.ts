// Builds the working calendar for Indonesian government agencies: Monday–Friday (Perpres 21/2023) minus the
// national holidays (from the date-holidays library, corrected per the decree) and cuti bersama (data file).
// The result is plain, versioned data for the pure working-day arithmetic in @netral/domain.
import Holidays from 'date-holidays';
import { version as dateHolidaysVersion } from 'date-holidays/package.json';
import { bundledHolidayData } from '../bundled-holidays';
import { DomainError } from '../errors';
import { deepFreeze } from '../freeze';
import { type NonWorkingDay, type WorkingCalendar, DEFAULT_TIME_ZONE, createWorkingCalendar } from '../time';
import { type HolidayData, parseHolidayData } from './holiday-data';

/** National public holidays of a year as YYYY-MM-DD + name; the default reads date-holidays. */
export type HolidayLibrary = (year: number) => { date: string; name: string }[];

export const HOLIDAY_LIBRARY_NAME = `date-holidays@${dateHolidaysVersion}`;

let library: Holidays | undefined;
/** A year's holidays, computed once: they depend on the year only, and each takes 2-60 ms (lunar calendars). */
const libraryYears = new Map<number, readonly { date: string; name: string }[]>();

export const dateHolidaysLibrary: HolidayLibrary = (year) => {
  let holidays = libraryYears.get(year);
  if (!holidays) {
    library ??= new Holidays('ID');
    // `date` is the local date as a string ("2025-03-31 00:00:00 -0600" for days starting at sunset): take the
    // calendar date only, no Date objects involved.
    holidays = library
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => Object.freeze({ date: h.date.slice(0, 10), name: nameOf(h) }));
    libraryYears.set(year, holidays);
  }
  return [...holidays];
};

/** 27 Rajab is Isra Mikraj (Keppres/SKB holiday lists); the library calls it Maulid Nabi, like 12 Rabiul Awal. */
export const ISRA_MIKRAJ = 'Isra Mikraj Nabi Muhammad SAW';

function nameOf(holiday: { name: string; rule?: string }): string {
  return /\b27 Rajab\b/.test(holiday.rule ?? '') ? ISRA_MIKRAJ : holiday.name;
}

/** The holiday data shipped in libs/domain/data/holidays-id.json (frozen). */
export const DEFAULT_HOLIDAY_DATA: HolidayData = deepFreeze(parseHolidayData(bundledHolidayData));

export interface IndonesianCalendarOptions {
  fromYear: number;
  toYear: number;
  /** Amended holiday data (default: the bundled file). */
  data?: HolidayData;
  /** IANA zone of the agency (default Asia/Jakarta, WIB). */
  timeZone?: string;
  /** Injected for tests; default date-holidays. */
  holidayLibrary?: HolidayLibrary;
  libraryName?: string;
}

export function buildIndonesianCalendar(options: IndonesianCalendarOptions): WorkingCalendar {
  const { fromYear, toYear } = options;
  if (
    !Number.isInteger(fromYear) ||
    !Number.isInteger(toYear) ||
    fromYear > toYear ||
    toYear - fromYear > 50
  ) {
    throw new DomainError('INVALID_DATA', `bad year range ${fromYear}..${toYear}`);
  }
  const data = options.data ?? DEFAULT_HOLIDAY_DATA;
  const readLibrary = options.holidayLibrary ?? dateHolidaysLibrary;
  const libraryName =
    options.libraryName ?? (options.holidayLibrary ? 'injected-library' : HOLIDAY_LIBRARY_NAME);
  const days: NonWorkingDay[] = [];
  const provisionalYears: number[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const entry = data.years[String(year)];
    if (!entry) provisionalYears.push(year);
    const removed = new Set(entry?.corrections.remove.map((r) => r.date) ?? []);
    for (const holiday of readLibrary(year)) {
      if (!removed.has(holiday.date)) {
        days.push({ date: holiday.date, name: holiday.name, kind: 'national_holiday', source: libraryName });
      }
    }
    for (const added of entry?.corrections.add ?? []) {
      days.push({ date: added.date, name: added.name, kind: 'national_holiday', source: added.source });
    }
    for (const cuti of entry?.cutiBersama ?? []) {
      days.push({
        date: cuti.date,
        name: cuti.name,
        kind: 'cuti_bersama',
        source: cuti.source ?? entry!.decree,
      });
    }
  }
  // A date that is both a holiday and cuti bersama keeps the first (holiday) entry.
  const pad = (n: number) => String(n).padStart(4, '0');
  return createWorkingCalendar({
    version: `${data.calendar}@${data.version}+${libraryName}`,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    coveredFrom: `${pad(fromYear)}-01-01`,
    coveredTo: `${pad(toYear)}-12-31`,
    provisionalYears,
    nonWorkingDays: days,
  });
}

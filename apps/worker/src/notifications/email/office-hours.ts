// E-mails go out on working days inside the agency's office hours, in its own zone (WIB, WITA, WIT): a
// reminder computed on a Saturday night waits for Monday morning instead of waking an officer at home.
import {
  type Instant,
  type WorkingCalendar,
  fromEpochMs,
  isWorkingDay,
  localDateOf,
  localTimeToInstant,
  nextWorkingDayOnOrAfter,
  addDays,
  toEpochMs,
} from '@netral/domain';

export interface OfficeHours {
  /** Local wall-clock time, HH:mm. */
  start: string;
  end: string;
}

/**
 * Default: 07:30-16:00. Perpres 21/2023 sets 37.5 working hours over five days; most regional governments
 * keep 07:30-16:00 (Fridays shorter in some), so the narrowest common window is used.
 */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '07:30', end: '16:00' };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `07:30-16:00` → office hours; a clear error for anything else. */
export function parseOfficeHours(raw: string): OfficeHours {
  const [start, end, ...rest] = raw.split('-').map((part) => part.trim());
  if (rest.length || !HH_MM.test(start ?? '') || !HH_MM.test(end ?? '') || start >= end) {
    throw new Error(
      `office hours must be HH:mm-HH:mm with the start before the end, got ${JSON.stringify(raw)}`,
    );
  }
  return { start, end };
}

/** The first instant at or after `now` that is inside office hours on a working day in `timeZone`. */
export function nextOfficeTime(
  now: Date,
  calendar: WorkingCalendar,
  timeZone: string,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): Date {
  const nowInstant: Instant = fromEpochMs(now.getTime());
  let date = localDateOf(nowInstant, timeZone);
  if (isWorkingDay(calendar, date)) {
    const start = toEpochMs(localTimeToInstant(date, hours.start, timeZone));
    const end = toEpochMs(localTimeToInstant(date, hours.end, timeZone));
    if (now.getTime() < start) return new Date(start);
    if (now.getTime() < end) return now;
  }
  date = nextWorkingDayOnOrAfter(calendar, addDays(date, 1));
  return new Date(toEpochMs(localTimeToInstant(date, hours.start, timeZone)));
}

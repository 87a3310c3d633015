/**
 * Calendar specs: finding the next wall-clock time that a structured calendar matches, as the real server
 * does (temporalio/temporal service/worker/scheduler/calendar.go). Parsing the string forms is in
 * calendar-parse.ts, copying and checking structured calendars in calendar-validate.ts.
 */
import { daysInMonth, type GoLocation } from './go-time';
import type { Range, StructuredCalendarSpec } from './types';

/** The earliest year a calendar may name. */
export const MIN_CALENDAR_YEAR = 2000;
/** Calendars are evaluated up to this year; later times never match (as in the real server). */
export const MAX_CALENDAR_YEAR = 2100;

/**
 * Each field's name (in error messages) and bounds, as the server checks them. A calendar string's day of
 * week may also say 7 (Sunday again), which parsing stores as 0.
 */
export const CALENDAR_FIELDS = {
  second: { name: 'Second', min: 0, max: 59 },
  minute: { name: 'Minute', min: 0, max: 59 },
  hour: { name: 'Hour', min: 0, max: 23 },
  dayOfMonth: { name: 'DayOfMonth', min: 1, max: 31 },
  month: { name: 'Month', min: 1, max: 12 },
  year: { name: 'Year', min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR },
  dayOfWeek: { name: 'DayOfWeek', min: 0, max: 6 },
} as const;

type Matcher = (value: number) => boolean;

/** Calls `visit` for every value the ranges cover, clipped to [floor, ceiling] (nothing else can match). */
function forEachValue(ranges: Range[], floor: number, ceiling: number, visit: (value: number) => void): void {
  for (const range of ranges) {
    const step = range.step === 0 ? 1 : range.step;
    const end = Math.min(range.end < range.start ? range.start : range.end, ceiling);
    let value = range.start;
    if (step <= 0) {
      // Only possible in unvalidated exclusion calendars; the server would loop or crash. Match the start.
      if (value >= floor && value <= ceiling) visit(value);
      continue;
    }
    if (value < floor) value += Math.ceil((floor - value) / step) * step;
    for (; value <= end; value += step) visit(value);
  }
}

function makeSetMatcher(
  ranges: Range[],
  floor: number,
  ceiling: number,
): { matches: Matcher; empty: boolean } {
  const values = new Set<number>();
  forEachValue(ranges, floor, ceiling, (value) => values.add(value));
  return { matches: (value) => values.has(value), empty: values.size === 0 };
}

/**
 * A structured calendar compiled for one time zone. A time matches when every field matches its wall
 * clock there. Resolution is one second.
 */
export class CompiledCalendar {
  private readonly year: Matcher;
  private readonly month: Matcher;
  private readonly dayOfMonth: Matcher;
  private readonly dayOfWeek: Matcher;
  private readonly hour: Matcher;
  private readonly minute: Matcher;
  private readonly second: Matcher;
  /** Some field can never match, so neither can the calendar. */
  private readonly impossible: boolean;

  constructor(
    calendar: StructuredCalendarSpec,
    private readonly location: GoLocation,
  ) {
    const fields = [
      makeSetMatcher(calendar.month, 0, 63),
      makeSetMatcher(calendar.dayOfMonth, 0, 63),
      makeSetMatcher(calendar.dayOfWeek, 0, 63),
      makeSetMatcher(calendar.hour, 0, 63),
      makeSetMatcher(calendar.minute, 0, 63),
      makeSetMatcher(calendar.second, 0, 63),
    ] as const;
    [this.month, this.dayOfMonth, this.dayOfWeek, this.hour, this.minute, this.second] = fields.map(
      (f) => f.matches,
    );
    // No year ranges means every year.
    if (calendar.year.length === 0) {
      this.year = () => true;
      this.impossible = fields.some((f) => f.empty);
    } else {
      const years = makeSetMatcher(calendar.year, 0, MAX_CALENDAR_YEAR + 1);
      this.year = years.matches;
      this.impossible = years.empty || fields.some((f) => f.empty);
    }
  }

  matches(unixSeconds: number): boolean {
    const wall = this.location.wallClock(unixSeconds);
    return (
      this.year(wall.year) &&
      this.month(wall.month) &&
      this.dayOfMonth(wall.day) &&
      this.dayOfWeek(wall.weekday) &&
      this.hour(wall.hour) &&
      this.minute(wall.minute) &&
      this.second(wall.second)
    );
  }

  /**
   * The earliest matching time strictly after `afterSeconds` (whole seconds; callers floor), or undefined
   * when nothing matches up to the end of MAX_CALENDAR_YEAR.
   *
   * Walks wall-clock fields from the outside in, as the server does. Around DST: a wall time skipped by a
   * spring-forward transition does not fire that day; a wall time repeated by a fall-back transition fires
   * twice (once per occurrence).
   */
  next(afterSeconds: number): number | undefined {
    if (this.impossible) return undefined;
    const zone = this.location;
    const start = zone.wallClock(afterSeconds);
    let { year, month, day, hour, minute, second } = start;
    // Inside the second copy of a repeated hour, results are shifted one hour past the first copy.
    let dstShift = zone.wallClock(afterSeconds - 3600).hour === hour ? 3600 : 0;

    second++;
    outer: for (;;) {
      // Carry overflowing fields upwards.
      if (second >= 60) {
        minute++;
        second = 0;
      }
      if (minute >= 60) {
        const previousHour = zone.date(year, month, day, hour, 0, 0);
        hour++;
        minute = 0;
        const nextHour = zone.date(year, month, day, hour, 0, 0);
        // Moving one wall hour took more than an hour of real time: we stepped over a repeated hour,
        // so go through it again as its second copy.
        if (dstShift === 0 && nextHour - previousHour > 3600) {
          hour--;
          dstShift = 3600;
        } else {
          dstShift = 0;
        }
      }
      if (hour >= 24) {
        day++;
        hour = 0;
      }
      if (day > daysInMonth(month, year)) {
        month++;
        day = 1;
      }
      if (month > 12) {
        year++;
        month = 1;
      }
      if (year > MAX_CALENDAR_YEAR) return undefined;

      if (!this.year(year)) {
        [year, month, day, hour, minute, second, dstShift] = [year + 1, 1, 1, 0, 0, 0, 0];
        continue outer;
      }
      while (!this.month(month)) {
        [month, day, hour, minute, second, dstShift] = [month + 1, 1, 0, 0, 0, 0];
        if (month > 12) continue outer;
      }
      while (
        !this.dayOfMonth(day) ||
        !this.dayOfWeek(zone.wallClock(zone.date(year, month, day, hour, minute, second)).weekday)
      ) {
        [day, hour, minute, second, dstShift] = [day + 1, 0, 0, 0, 0];
        if (day > daysInMonth(month, year)) continue outer;
      }
      while (!this.hour(hour)) {
        [hour, minute, second, dstShift] = [hour + 1, 0, 0, 0];
        if (hour >= 24) continue outer;
      }
      while (!this.minute(minute)) {
        [minute, second] = [minute + 1, 0];
        if (minute >= 60) continue outer;
      }
      while (!this.second(second)) {
        second++;
        if (second >= 60) continue outer;
      }

      const candidate = zone.date(year, month, day, hour, minute, second);
      // A wall time that a spring-forward transition skips comes back with another hour: try the next hour.
      if (zone.wallClock(candidate).hour !== hour) {
        [hour, minute, second] = [hour + 1, 0, 0];
        continue outer;
      }
      return candidate + dstShift;
    }
  }
}

/**
 * Calendar specs: parsing the string forms (calendar strings, cron strings) into structured calendars,
 * and finding the next wall-clock time that a structured calendar matches. Behaviour and error messages
 * follow the real server (temporalio/temporal service/worker/scheduler/calendar.go).
 */
import { daysInMonth, type GoLocation } from './go-time';
import { DurationSyntaxError, nanosToDuration, parseDurationWithDays } from './proto-time';
import type {
  CalendarSpecInput,
  IntervalSpec,
  Range,
  RangeInput,
  StructuredCalendarSpec,
  StructuredCalendarSpecInput,
} from './types';

/** The earliest year a calendar may name. */
export const MIN_CALENDAR_YEAR = 2000;
/** Calendars are evaluated up to this year; later times never match (as in the real server). */
export const MAX_CALENDAR_YEAR = 2100;
/** Longest comment accepted, in UTF-8 bytes. */
export const MAX_COMMENT_LENGTH = 200;

/** A problem in one spec element; the caller wraps it into InvalidScheduleSpecError. */
export class SpecProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecProblem';
  }
}

type ParseMode = 'int' | 'year' | 'month' | 'dayOfWeek';

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY_OF_WEEK_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// ---------------------------------------------------------------------------------------------------------
// Parsing

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Go's `strconv.Atoi`, with its error text. */
function atoi(text: string): Parsed<number> {
  if (/^[+-]?\d+$/.test(text)) {
    const value = Number.parseInt(text, 10);
    if (Number.isSafeInteger(value) && Math.abs(value) <= 2 ** 63) return { ok: true, value };
    return { ok: false, error: `strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range` };
  }
  return { ok: false, error: `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax` };
}

/**
 * One value: a decimal integer, or a month name prefix (three letters or more) or a day-of-week name
 * prefix (two letters or more), case-insensitive. Out of [min, max] is an error.
 */
function parseValue(text: string, min: number, max: number, mode: ParseMode): number | undefined {
  const names = mode === 'month' ? MONTH_NAMES : mode === 'dayOfWeek' ? DAY_OF_WEEK_NAMES : undefined;
  const minimumPrefix = mode === 'month' ? 3 : 2;
  if (names && text.length >= minimumPrefix) {
    const lower = text.toLowerCase();
    const index = names.findIndex((name) => name.startsWith(lower));
    if (index >= 0) {
      const value = mode === 'month' ? index + 1 : index;
      return value < min || value > max ? undefined : value;
    }
  }
  const parsed = atoi(text);
  if (!parsed.ok || parsed.value < min || parsed.value > max) return undefined;
  return parsed.value;
}

/**
 * Parses one field of a calendar string into ranges. Accepts `*`, `x`, `x-z`, `x-z/y`, `x/y` (x to the
 * maximum, every y) and comma-separated lists of those. An empty field takes `defaultText`.
 * In the result `end: 0` means "only start" and `step: 0` means 1, as the server stores them.
 */
export function parseRanges(
  text: string,
  field: string,
  defaultText: string,
  min: number,
  max: number,
  mode: ParseMode,
): Parsed<Range[]> {
  let source = text.trim();
  if (source === '') source = defaultText;
  // Every year is stored as no ranges at all.
  if (source === '*' && mode === 'year') return { ok: true, value: [] };

  const ranges: Range[] = [];
  for (let part of source.split(',')) {
    let step = 1;
    let hasStep = false;
    const slashes = part.split('/').length - 1;
    if (slashes > 1) return { ok: false, error: `${field} has too many slashes` };
    if (slashes === 1) {
      const [before, after] = part.split('/') as [string, string];
      if (after === '') return { ok: false, error: `${field} missing step value` };
      part = before;
      const parsedStep = atoi(after);
      if (!parsedStep.ok) return parsedStep;
      step = parsedStep.value;
      if (step < 1) return { ok: false, error: `${field} has invalid Step` };
      hasStep = true;
    }

    let start = min;
    let end = max;
    if (part !== '*') {
      if (part.includes('-')) {
        const pieces = part.split('-');
        if (pieces.length > 2) return { ok: false, error: `${field} has too many dashes` };
        const parsedStart = parseValue(pieces[0]!, min, max, mode);
        if (parsedStart === undefined)
          return { ok: false, error: `${field} Start is not in range [${min}-${max}]` };
        start = parsedStart;
        const parsedEnd = parseValue(pieces[1]!, start, max, mode);
        if (parsedEnd === undefined) {
          return { ok: false, error: `${field} End is before Start or not in range [${min}-${max}]` };
        }
        end = parsedEnd;
      } else {
        const parsedValue = parseValue(part, min, max, mode);
        if (parsedValue === undefined)
          return { ok: false, error: `${field} is not in range [${min}-${max}]` };
        start = parsedValue;
        // "x/y" runs from x to the maximum; a bare "x" is just x.
        if (!hasStep) end = start;
      }
    }

    // Day 7 is Sunday, stored as 0. A range reaching 7 becomes one ending at 6, plus a separate 0 when 7
    // would really have matched and 0 is not already covered (e.g. 3-7 → 0 and 3-6; 0-7 → 0-6).
    if (mode === 'dayOfWeek' && end === 7) {
      if ((7 - start) % step === 0 && (step > 1 || start > 1)) {
        ranges.push({ start: 0, end: 0, step: 0 });
        if (start === 7) continue;
      }
      end = 6;
    }
    ranges.push({ start, end: start === end ? 0 : end, step: step === 1 ? 0 : step });
  }
  return { ok: true, value: ranges };
}

/** Turns a string calendar into a structured one, filling the server's defaults for empty fields. */
export function parseCalendar(calendar: CalendarSpecInput): StructuredCalendarSpec {
  const errors: string[] = [];
  const field = (
    text: string | null | undefined,
    name: string,
    defaultText: string,
    min: number,
    max: number,
    mode: ParseMode,
  ) => {
    const parsed = parseRanges(text ?? '', name, defaultText, min, max, mode);
    if (parsed.ok) return parsed.value;
    errors.push(parsed.error);
    return [];
  };
  // Field order matches the server's, so combined error messages read the same.
  const structured: StructuredCalendarSpec = {
    second: field(calendar.second, 'Second', '0', 0, 59, 'int'),
    minute: field(calendar.minute, 'Minute', '0', 0, 59, 'int'),
    hour: field(calendar.hour, 'Hour', '0', 0, 23, 'int'),
    dayOfWeek: field(calendar.dayOfWeek, 'DayOfWeek', '*', 0, 7, 'dayOfWeek'),
    dayOfMonth: field(calendar.dayOfMonth, 'DayOfMonth', '*', 1, 31, 'int'),
    month: field(calendar.month, 'Month', '*', 1, 12, 'month'),
    year: field(calendar.year, 'Year', '*', MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR, 'year'),
    comment: calendar.comment ?? '',
  };
  if (errors.length > 0) throw new SpecProblem(errors.join(', '));
  return structured;
}

export interface ParsedCronString {
  calendar?: StructuredCalendarSpec;
  interval?: IntervalSpec;
  /** From a `CRON_TZ=` or `TZ=` prefix; "" when there is none (and always for `@every`). */
  timezoneName: string;
}

const PREDEFINED_CRON_STRINGS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Parses a cron string the way the server does:
 * - optional `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix, and a `# comment` suffix;
 * - `@every <duration>[/<phase>]` (Go durations plus `d` for 24h) becomes an interval;
 * - `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`;
 * - 5 fields `minute hour day-of-month month day-of-week`, 6 fields add `year`, 7 fields put `second`
 *   first and `year` last. (So 6 fields do not mean seconds, unlike some cron libraries.)
 */
export function parseCronString(cronString: string): ParsedCronString {
  let text = cronString.trim();
  let timezoneName = '';
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
    const space = text.indexOf(' ');
    if (space < 0) throw new SpecProblem('CronString has time zone but missing fields');
    const prefix = text.slice(0, space);
    text = text.slice(space + 1);
    timezoneName = prefix.slice(prefix.indexOf('=') + 1);
  }

  let comment = '';
  const hash = text.indexOf('#');
  if (hash >= 0) {
    comment = text.slice(hash + 1).trim();
    text = text.slice(0, hash);
  }
  text = text.trim();

  if (text.startsWith('@every')) {
    // The server drops any CRON_TZ for intervals: they do not depend on a zone.
    return { interval: parseEveryInterval(text), timezoneName: '' };
  }
  text = PREDEFINED_CRON_STRINGS[text] ?? text;

  const fields = text.split(/\s+/).filter((token) => token !== '');
  const calendar: CalendarSpecInput = { comment };
  if (fields.length === 5) {
    [calendar.minute, calendar.hour, calendar.dayOfMonth, calendar.month, calendar.dayOfWeek] = fields;
  } else if (fields.length === 6) {
    [calendar.minute, calendar.hour, calendar.dayOfMonth, calendar.month, calendar.dayOfWeek, calendar.year] =
      fields;
  } else if (fields.length === 7) {
    [
      calendar.second,
      calendar.minute,
      calendar.hour,
      calendar.dayOfMonth,
      calendar.month,
      calendar.dayOfWeek,
      calendar.year,
    ] = fields;
  } else {
    throw new SpecProblem('CronString does not have 5-7 fields');
  }
  return { calendar: parseCalendar(calendar), timezoneName };
}

function parseEveryInterval(text: string): IntervalSpec {
  const space = text.indexOf(' ');
  if (space < 0) throw new SpecProblem('CronString does not have interval after @every');
  const argument = text.slice(space + 1);
  const slash = argument.indexOf('/');
  const intervalText = slash < 0 ? argument : argument.slice(0, slash);
  const phaseText = slash < 0 ? '' : argument.slice(slash + 1);
  try {
    const interval = nanosToDuration(parseDurationWithDays(intervalText));
    if (phaseText === '') return { interval };
    return { interval, phase: nanosToDuration(parseDurationWithDays(phaseText)) };
  } catch (error) {
    if (error instanceof DurationSyntaxError) throw new SpecProblem(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Normalising and validating structured calendars

function toRange(input: RangeInput): Range {
  return {
    start: Math.trunc(input.start ?? 0),
    end: Math.trunc(input.end ?? 0),
    step: Math.trunc(input.step ?? 0),
  };
}

/** A plain copy of a (protobufjs) structured calendar with every field present; values are unchanged. */
export function copyStructuredCalendar(input: StructuredCalendarSpecInput): StructuredCalendarSpec {
  const ranges = (list: RangeInput[] | null | undefined) => (list ?? []).map((range) => toRange(range ?? {}));
  return {
    second: ranges(input.second),
    minute: ranges(input.minute),
    hour: ranges(input.hour),
    dayOfMonth: ranges(input.dayOfMonth),
    month: ranges(input.month),
    year: ranges(input.year),
    dayOfWeek: ranges(input.dayOfWeek),
    comment: input.comment ?? '',
  };
}

/** Rejects ranges outside each field's bounds, as the server does for (non-excluding) calendars. */
export function validateStructuredCalendar(input: StructuredCalendarSpecInput): void {
  const errors: string[] = [];
  const check = (list: (RangeInput | null)[] | null | undefined, field: string, min: number, max: number) => {
    for (const range of list ?? []) {
      if (!range) {
        errors.push('range is nil');
        continue;
      }
      const { start, end, step } = toRange(range);
      if (start < min || start > max) errors.push(`${field} Start is not in range [${min}-${max}]`);
      if (end !== 0 && (end < start || end > max)) {
        errors.push(`${field} End is before Start or not in range [${min}-${max}]`);
      }
      if (step < 0) errors.push(`${field} has invalid Step`);
    }
  };
  check(input.second, 'Second', 0, 59);
  check(input.minute, 'Minute', 0, 59);
  check(input.hour, 'Hour', 0, 23);
  check(input.dayOfMonth, 'DayOfMonth', 1, 31);
  check(input.month, 'Month', 1, 12);
  check(input.year, 'Year', MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR);
  check(input.dayOfWeek, 'DayOfWeek', 0, 6);
  if (utf8Length(input.comment ?? '') > MAX_COMMENT_LENGTH) errors.push('comment is too long');
  if (errors.length > 0) throw new SpecProblem(`invalid calendar spec: ${errors.join(', ')}`);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// Matching

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

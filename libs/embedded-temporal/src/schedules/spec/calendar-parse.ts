/**
 * Parsing the string forms of a calendar spec into structured calendars: calendar strings (one field each:
 * `*`, ranges, steps, month and weekday names) and cron strings (`CRON_TZ=`, `@every`, `@daily`, 5-7
 * fields). Behaviour and error messages follow the real server (temporalio/temporal
 * service/worker/scheduler/calendar.go).
 */
import { CALENDAR_FIELDS } from './calendar';
import { SpecProblem } from './errors';
import { DurationSyntaxError, nanosToDuration, parseDurationWithDays } from './proto-time';
import type { CalendarSpecInput, IntervalSpec, Range, StructuredCalendarSpec } from './types';

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
    key: keyof typeof CALENDAR_FIELDS,
    defaultText: string,
    mode: ParseMode,
    max: number = CALENDAR_FIELDS[key].max,
  ) => {
    const { name, min } = CALENDAR_FIELDS[key];
    const parsed = parseRanges(text ?? '', name, defaultText, min, max, mode);
    if (parsed.ok) return parsed.value;
    errors.push(parsed.error);
    return [];
  };
  // Field order matches the server's, so combined error messages read the same.
  const structured: StructuredCalendarSpec = {
    second: field(calendar.second, 'second', '0', 'int'),
    minute: field(calendar.minute, 'minute', '0', 'int'),
    hour: field(calendar.hour, 'hour', '0', 'int'),
    dayOfWeek: field(calendar.dayOfWeek, 'dayOfWeek', '*', 'dayOfWeek', 7),
    dayOfMonth: field(calendar.dayOfMonth, 'dayOfMonth', '*', 'int'),
    month: field(calendar.month, 'month', '*', 'month'),
    year: field(calendar.year, 'year', '*', 'year'),
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

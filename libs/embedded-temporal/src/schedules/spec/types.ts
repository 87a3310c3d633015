/**
 * Structural types for `temporal.api.schedule.v1.ScheduleSpec` and its parts, shaped as protobufjs decodes
 * them from `@temporalio/proto` (absent repeated fields may be missing or empty, scalars may be null).
 * Declared here so this module imports nothing; `IScheduleSpec` objects are assignable to `ScheduleSpecInput`.
 */
import type { DurationLike, TimestampLike } from './proto-time';

export interface RangeInput {
  start?: number | null;
  end?: number | null;
  step?: number | null;
}

export interface StructuredCalendarSpecInput {
  second?: RangeInput[] | null;
  minute?: RangeInput[] | null;
  hour?: RangeInput[] | null;
  dayOfMonth?: RangeInput[] | null;
  month?: RangeInput[] | null;
  year?: RangeInput[] | null;
  dayOfWeek?: RangeInput[] | null;
  comment?: string | null;
}

/** The string form of a calendar, e.g. `{ hour: '7', dayOfWeek: 'mon-fri' }`. */
export interface CalendarSpecInput {
  second?: string | null;
  minute?: string | null;
  hour?: string | null;
  dayOfMonth?: string | null;
  month?: string | null;
  year?: string | null;
  dayOfWeek?: string | null;
  comment?: string | null;
}

export interface IntervalSpecInput {
  interval?: DurationLike | null;
  phase?: DurationLike | null;
}

export interface ScheduleSpecInput {
  structuredCalendar?: StructuredCalendarSpecInput[] | null;
  cronString?: string[] | null;
  calendar?: CalendarSpecInput[] | null;
  interval?: IntervalSpecInput[] | null;
  excludeCalendar?: CalendarSpecInput[] | null;
  excludeStructuredCalendar?: StructuredCalendarSpecInput[] | null;
  startTime?: TimestampLike | null;
  endTime?: TimestampLike | null;
  jitter?: DurationLike | null;
  timezoneName?: string | null;
  timezoneData?: Uint8Array | null;
}

/** A range with every field present. In the stored canonical form `end: 0` means "same as start", `step: 0` means 1. */
export interface Range {
  start: number;
  end: number;
  step: number;
}

export interface StructuredCalendarSpec {
  second: Range[];
  minute: Range[];
  hour: Range[];
  dayOfMonth: Range[];
  month: Range[];
  /** Empty means every year. */
  year: Range[];
  dayOfWeek: Range[];
  comment: string;
}

export interface IntervalSpec {
  interval: DurationLike;
  phase?: DurationLike | null;
}

/**
 * The canonical spec the real server stores and returns: cron strings and string calendars are gone
 * (turned into structured calendars and intervals); everything else is carried over.
 */
export interface CanonicalScheduleSpec {
  structuredCalendar: StructuredCalendarSpec[];
  cronString: string[];
  calendar: CalendarSpecInput[];
  interval: IntervalSpec[];
  excludeCalendar: CalendarSpecInput[];
  excludeStructuredCalendar: StructuredCalendarSpec[];
  startTime?: TimestampLike | null;
  endTime?: TimestampLike | null;
  jitter?: DurationLike | null;
  timezoneName: string;
  timezoneData?: Uint8Array | null;
}

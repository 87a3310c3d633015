export {
  canonicalizeSpec,
  cleanSpec,
  compileSpec,
  CompiledScheduleSpec,
  jitterMs,
  matchingTimes,
  MAX_MATCHING_TIMES,
  nextMatchingTime,
} from './spec';
export type { MatchingTime, SpecEvaluationOptions } from './spec';
export { InvalidScheduleSpecError, ScheduleSpecComputeLimitError } from './errors';
export { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './calendar';
export { durationToMs, longToNumber, msToDuration, msToTimestamp, timestampToMs } from './proto-time';
export type { DurationLike, LongLike, TimestampLike } from './proto-time';
export type {
  CalendarSpecInput,
  CanonicalScheduleSpec,
  IntervalSpec,
  IntervalSpecInput,
  Range,
  RangeInput,
  ScheduleSpecInput,
  StructuredCalendarSpec,
  StructuredCalendarSpecInput,
} from './types';

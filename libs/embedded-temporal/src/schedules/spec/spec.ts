/**
 * The schedule spec engine: canonical form (what CreateSchedule stores and DescribeSchedule returns) and
 * the times a spec fires, including exclusions, start/end bounds and deterministic jitter. Mirrors the
 * real server's service/worker/scheduler/spec.go and the frontend's spec validation. Pure: every instant
 * is passed in as epoch milliseconds.
 */
import { CompiledCalendar, MAX_CALENDAR_YEAR } from './calendar';
import { parseCalendar, parseCronString } from './calendar-parse';
import { copyStructuredCalendar, validateStructuredCalendar } from './calendar-validate';
import { InvalidScheduleSpecError, ScheduleSpecComputeLimitError, SpecProblem } from './errors';
import { fingerprint32 } from './farmhash';
import { GoLocation, UnknownTimeZoneError } from './go-time';
import { durationProblem, durationToNanos, timestampToMs } from './proto-time';
import type { DurationLike } from './proto-time';
import type {
  CanonicalScheduleSpec,
  IntervalSpec,
  IntervalSpecInput,
  Range,
  ScheduleSpecInput,
  StructuredCalendarSpec,
} from './types';

export interface MatchingTime {
  /** The time the spec names, before jitter (whole seconds). Workflow ids are derived from it. */
  nominalMs: number;
  /** When the action really runs: nominal plus deterministic jitter. */
  actualMs: number;
}

export interface SpecEvaluationOptions {
  /**
   * Mixed into the jitter hash. The real server uses `<namespace id>-<schedule id>`; the default "" is
   * what it used before that (and what its own tests use).
   */
  jitterSeed?: string;
  /**
   * How many excluded candidates to skip before giving up with ScheduleSpecComputeLimitError. The real
   * server has no limit by default (it would search until year 2100); one million keeps a hostile spec
   * from blocking the event loop for long while never affecting a sensible one.
   */
  maxIterations?: number;
}

/** ListScheduleMatchingTimes returns at most this many times, like the real server. */
export const MAX_MATCHING_TIMES = 1000;
const DEFAULT_MAX_ITERATIONS = 1_000_000;
/** The first instant of 2101 (UTC): no spec fires at or after it. */
const END_OF_CALENDAR_MS = Date.UTC(MAX_CALENDAR_YEAR + 1, 0, 1);
/** The range of a JavaScript Date. */
const MAX_DATE_MS = 8.64e15;
/** Seconds from 0001-01-01 (Go's internal epoch) to the Unix epoch. */
const GO_EPOCH_OFFSET_SECONDS = 62_135_596_800n;

// ---------------------------------------------------------------------------------------------------------
// Canonical form

/**
 * Validates a spec and returns its canonical form, as the server does on create and update:
 * - `calendar` and `exclude_calendar` strings become structured calendars (defaults: second, minute and
 *   hour 0; every day, month and year), appended after the given structured calendars;
 * - `cron_string`s become structured calendars, or intervals for `@every`; a `CRON_TZ=`/`TZ=` prefix sets
 *   `timezone_name` (all cron strings must agree, and must agree with a given `timezone_name`);
 * - ranges keep the compact stored form (`end: 0` = only start, `step: 0` = 1); see `cleanSpec` for the
 *   form DescribeSchedule shows.
 * Throws InvalidScheduleSpecError with the server's message otherwise.
 */
export function canonicalizeSpec(spec: ScheduleSpecInput): CanonicalScheduleSpec {
  return compileSpec(spec).canonical;
}

function buildCanonical(spec: ScheduleSpecInput): CanonicalScheduleSpec {
  // The frontend checks durations are well-formed protobuf Durations before anything else.
  for (const interval of spec.interval ?? []) {
    const intervalProblem = interval?.interval ? durationProblem(interval.interval) : undefined;
    if (intervalProblem) throw new SpecProblem(`interval is not a valid duration: ${intervalProblem}`);
    const phaseProblem = interval?.phase ? durationProblem(interval.phase) : undefined;
    if (phaseProblem) throw new SpecProblem(`phase is not a valid duration: ${phaseProblem}`);
  }

  const structuredCalendar = (spec.structuredCalendar ?? []).map((calendar) =>
    copyStructuredCalendar(calendar ?? {}),
  );
  const excludeStructuredCalendar = (spec.excludeStructuredCalendar ?? []).map((calendar) =>
    copyStructuredCalendar(calendar ?? {}),
  );
  const interval: IntervalSpec[] = (spec.interval ?? []).map(copyInterval);

  for (const calendar of spec.calendar ?? []) structuredCalendar.push(parseCalendar(calendar ?? {}));
  for (const calendar of spec.excludeCalendar ?? [])
    excludeStructuredCalendar.push(parseCalendar(calendar ?? {}));

  let cronTimezone: string | undefined;
  for (const cronString of spec.cronString ?? []) {
    const parsed = parseCronString(cronString ?? '');
    // Every cron string must name the same zone, or none of them may.
    if (cronTimezone !== undefined && parsed.timezoneName !== cronTimezone)
      throw new SpecProblem('conflicting timezone names');
    cronTimezone = parsed.timezoneName;
    if (parsed.calendar) structuredCalendar.push(parsed.calendar);
    if (parsed.interval) interval.push(parsed.interval);
  }

  let timezoneName = spec.timezoneName ?? '';
  const hasTimezoneData = (spec.timezoneData?.length ?? 0) > 0;
  if (cronTimezone) {
    if ((timezoneName !== '' && timezoneName !== cronTimezone) || hasTimezoneData) {
      throw new SpecProblem('conflicting timezone names');
    }
    timezoneName = cronTimezone;
  }

  for (const calendar of structuredCalendar) validateStructuredCalendar(calendar);
  for (const entry of interval) validateInterval(entry);

  const canonical: CanonicalScheduleSpec = {
    structuredCalendar,
    cronString: [],
    calendar: [],
    interval,
    excludeCalendar: [],
    excludeStructuredCalendar,
    timezoneName,
  };
  if (spec.startTime) canonical.startTime = { ...spec.startTime };
  if (spec.endTime) canonical.endTime = { ...spec.endTime };
  if (spec.jitter) canonical.jitter = { ...spec.jitter };
  if (hasTimezoneData) canonical.timezoneData = spec.timezoneData;
  return canonical;
}

function copyInterval(input: IntervalSpecInput | null): IntervalSpec {
  if (!input) throw new SpecProblem('interval is nil');
  const copy: IntervalSpec = { interval: { ...(input.interval ?? {}) } };
  if (input.phase) copy.phase = { ...input.phase };
  return copy;
}

function validateInterval(interval: IntervalSpec): void {
  const every = durationToNanos(interval.interval);
  const phase = durationToNanos(interval.phase);
  if (every < 1_000_000_000n) throw new SpecProblem('interval is too small');
  if (phase < 0n) throw new SpecProblem('phase is negative');
  if (phase >= every) throw new SpecProblem('phase cannot be greater than Interval');
}

/**
 * The form DescribeSchedule and ListSchedules show (the server's CleanSpec): in every range an `end`
 * before `start` becomes `start` and a `step` of 0 becomes 1. Returns a copy.
 */
export function cleanSpec(spec: CanonicalScheduleSpec): CanonicalScheduleSpec {
  const cleanRange = (range: Range): Range => ({
    start: range.start,
    end: range.end < range.start ? range.start : range.end,
    step: range.step === 0 ? 1 : range.step,
  });
  const cleanCalendar = (calendar: StructuredCalendarSpec): StructuredCalendarSpec => ({
    second: calendar.second.map(cleanRange),
    minute: calendar.minute.map(cleanRange),
    hour: calendar.hour.map(cleanRange),
    dayOfMonth: calendar.dayOfMonth.map(cleanRange),
    month: calendar.month.map(cleanRange),
    year: calendar.year.map(cleanRange),
    dayOfWeek: calendar.dayOfWeek.map(cleanRange),
    comment: calendar.comment,
  });
  return {
    ...spec,
    structuredCalendar: spec.structuredCalendar.map(cleanCalendar),
    excludeStructuredCalendar: spec.excludeStructuredCalendar.map(cleanCalendar),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Compiled spec

interface CompiledInterval {
  everySeconds: number;
  phaseSeconds: number;
}

/** A validated spec ready for repeated evaluation. Build with `compileSpec`. */
export class CompiledScheduleSpec {
  private readonly calendars: CompiledCalendar[];
  private readonly excludes: CompiledCalendar[];
  private readonly intervals: CompiledInterval[];
  private readonly startMs: number;
  private readonly endMs: number | undefined;
  private readonly jitterNanos: bigint;

  constructor(readonly canonical: CanonicalScheduleSpec) {
    if (canonical.timezoneData && canonical.timezoneData.length > 0) {
      throw new SpecProblem('timezone_data is not supported by this server; set timezone_name instead');
    }
    let location: GoLocation;
    try {
      location = GoLocation.load(canonical.timezoneName);
    } catch (error) {
      if (error instanceof UnknownTimeZoneError) throw new SpecProblem(error.message);
      throw error;
    }
    this.calendars = canonical.structuredCalendar.map((calendar) => new CompiledCalendar(calendar, location));
    this.excludes = canonical.excludeStructuredCalendar.map(
      (calendar) => new CompiledCalendar(calendar, location),
    );
    this.intervals = canonical.interval.map((interval) => ({
      // Whole seconds, at least one; as the server computes them.
      everySeconds: Math.max(Number(durationToNanos(interval.interval) / 1_000_000_000n), 1),
      phaseSeconds: Math.max(Number(durationToNanos(interval.phase) / 1_000_000_000n), 0),
    }));
    // No start time means the Unix epoch, as protobuf's AsTime gives for a missing Timestamp.
    this.startMs = canonical.startTime ? timestampToMs(canonical.startTime) : 0;
    this.endMs = canonical.endTime ? timestampToMs(canonical.endTime) : undefined;
    this.jitterNanos = durationToNanos(canonical.jitter as DurationLike | null | undefined);
  }

  /**
   * The first time strictly after `afterMs` that the spec fires: the earliest of all calendars and
   * intervals that no exclusion matches, within [start_time, end_time] and before year 2101. Undefined
   * when there is none.
   */
  nextTime(afterMs: number, options: SpecEvaluationOptions = {}): MatchingTime | undefined {
    assertInstant(afterMs, 'afterMs');
    // Nothing fires after 2100, and JavaScript dates end in year 275760: stop before either matters.
    if (afterMs >= END_OF_CALENDAR_MS) return undefined;
    const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    // Starting before start_time: jump to just before it, so that start_time itself can still match.
    let after = Math.max(afterMs, this.startMs - 1000);
    let nominal: number | undefined;
    for (let iteration = 0; nominal === undefined || this.isExcluded(nominal); iteration++) {
      if (iteration >= maxIterations) throw new ScheduleSpecComputeLimitError(iteration);
      nominal = this.rawNextTime(after);
      if (nominal === undefined || this.isPastEnd(nominal)) return undefined;
      after = nominal;
    }

    // Jitter never pushes an action past the following nominal time (exclusions aside).
    let maxJitterNanos = this.jitterNanos;
    const following = this.rawNextTime(nominal);
    if (following !== undefined) {
      const gap = BigInt(following - nominal) * 1_000_000n;
      if (gap < maxJitterNanos) maxJitterNanos = gap;
    }
    return {
      nominalMs: nominal,
      actualMs: nominal + jitterMs(options.jitterSeed ?? '', nominal, maxJitterNanos),
    };
  }

  /**
   * Action times (with jitter) after `fromMs` up to and including `toMs`, at most `limit`: what
   * ListScheduleMatchingTimes returns. Each search continues from the previous jittered time, as the
   * server's does. For describe's future action times pass `toMs = Infinity` and the count as `limit`.
   */
  matchingTimes(
    fromMs: number,
    toMs: number,
    limit = MAX_MATCHING_TIMES,
    options: SpecEvaluationOptions = {},
  ): number[] {
    assertInstant(fromMs, 'fromMs');
    if (Number.isNaN(toMs)) throw new RangeError('toMs must be epoch milliseconds or Infinity, not NaN');
    const times: number[] = [];
    let cursor = fromMs;
    while (times.length < limit) {
      const next = this.nextTime(cursor, options);
      if (!next || next.actualMs > toMs) break;
      times.push(next.actualMs);
      cursor = next.actualMs;
    }
    return times;
  }

  /** The earliest calendar or interval time after `afterMs`, ignoring exclusions and bounds. */
  private rawNextTime(afterMs: number): number | undefined {
    const afterSeconds = Math.floor(afterMs / 1000);
    let earliest = Number.POSITIVE_INFINITY;
    for (const calendar of this.calendars) {
      const next = calendar.next(afterSeconds);
      if (next !== undefined && next < earliest) earliest = next;
    }
    for (const { everySeconds, phaseSeconds } of this.intervals) {
      // Go's integer division truncates toward zero; keep that for times before the phase.
      const next =
        (Math.trunc((afterSeconds - phaseSeconds) / everySeconds) + 1) * everySeconds + phaseSeconds;
      if (next < earliest) earliest = next;
    }
    return earliest === Number.POSITIVE_INFINITY ? undefined : earliest * 1000;
  }

  private isExcluded(nominalMs: number): boolean {
    const seconds = nominalMs / 1000;
    return this.excludes.some((exclude) => exclude.matches(seconds));
  }

  private isPastEnd(nominalMs: number): boolean {
    if (this.endMs !== undefined && nominalMs > this.endMs) return true;
    return new Date(nominalMs).getUTCFullYear() > MAX_CALENDAR_YEAR;
  }
}

/**
 * Validates and compiles a spec (see `canonicalizeSpec` for what is checked). Throws
 * InvalidScheduleSpecError with the server's message.
 */
export function compileSpec(spec: ScheduleSpecInput): CompiledScheduleSpec {
  try {
    return new CompiledScheduleSpec(buildCanonical(spec));
  } catch (error) {
    if (error instanceof SpecProblem) throw new InvalidScheduleSpecError(error.message);
    throw error;
  }
}

function asCompiled(spec: ScheduleSpecInput | CompiledScheduleSpec): CompiledScheduleSpec {
  return spec instanceof CompiledScheduleSpec ? spec : compileSpec(spec);
}

/** The next action after `afterMs` (strictly later), or undefined if the spec never fires again. */
export function nextMatchingTime(
  spec: ScheduleSpecInput | CompiledScheduleSpec,
  afterMs: number,
  options: SpecEvaluationOptions = {},
): MatchingTime | undefined {
  return asCompiled(spec).nextTime(afterMs, options);
}

/** Action times in (fromMs, toMs], at most `limit` (default 1000, the server's cap). */
export function matchingTimes(
  spec: ScheduleSpecInput | CompiledScheduleSpec,
  fromMs: number,
  toMs: number,
  limit = MAX_MATCHING_TIMES,
  options: SpecEvaluationOptions = {},
): number[] {
  return asCompiled(spec).matchingTimes(fromMs, toMs, limit, options);
}

function assertInstant(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_DATE_MS) {
    throw new RangeError(`${name} must be a finite number of epoch milliseconds, got ${String(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Jitter

/**
 * Deterministic jitter in [0, maxJitter): the server hashes Go's binary encoding of the nominal UTC time
 * followed by the seed with FarmHash Fingerprint32, and scales the hash to whole milliseconds.
 */
export function jitterMs(seed: string, nominalMs: number, maxJitterNanos: bigint): number {
  const maxMs = maxJitterNanos <= 0n ? 0n : maxJitterNanos / 1_000_000n;
  if (maxMs === 0n) return 0;
  const cappedMs = maxMs > 0xffffffffn ? 0xffffffffn : maxMs;
  const fingerprint = BigInt(fingerprint32(goTimeBinary(nominalMs, seed)));
  return Number((fingerprint * cappedMs) >> 32n);
}

/** `time.Time.MarshalBinary()` of a UTC time (version 1, offset -1 meaning UTC), then the seed in UTF-8. */
function goTimeBinary(utcMs: number, seed: string): Uint8Array {
  const seedBytes = new TextEncoder().encode(seed);
  const bytes = new Uint8Array(15 + seedBytes.length);
  const view = new DataView(bytes.buffer);
  const seconds = BigInt(Math.floor(utcMs / 1000));
  const nanos = (utcMs - Math.floor(utcMs / 1000) * 1000) * 1_000_000;
  view.setUint8(0, 1);
  view.setBigInt64(1, seconds + GO_EPOCH_OFFSET_SECONDS);
  view.setInt32(9, nanos);
  view.setInt16(13, -1);
  bytes.set(seedBytes, 15);
  return bytes;
}

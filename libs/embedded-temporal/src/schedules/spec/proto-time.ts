/**
 * Conversions between protobuf `Duration`/`Timestamp` values (as protobufjs decodes them: `seconds` may be
 * a `Long`, a number, a string or a bigint) and plain numbers, plus Go's duration parser for `@every`.
 */

/** The shapes protobufjs and callers use for int64 fields. */
export type LongLike =
  number | string | bigint | { low: number; high: number; unsigned?: boolean } | { toString(): string };

export interface DurationLike {
  seconds?: LongLike | null;
  nanos?: number | null;
}

export interface TimestampLike {
  seconds?: LongLike | null;
  nanos?: number | null;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const NANOS_PER_SECOND = 1_000_000_000n;

export function longToBigInt(value: LongLike | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string') return BigInt(value);
  if (typeof value === 'object' && 'low' in value && 'high' in value) {
    const low = BigInt(value.low >>> 0);
    const high = BigInt(value.unsigned ? value.high >>> 0 : value.high | 0);
    return (high << 32n) + low;
  }
  return BigInt(String(value));
}

export function longToNumber(value: LongLike | null | undefined): number {
  return Number(longToBigInt(value));
}

/** Go's `durationpb.AsDuration` (saturating at the int64 nanosecond limits); absent means zero. */
export function durationToNanos(duration: DurationLike | null | undefined): bigint {
  if (!duration) return 0n;
  const seconds = longToBigInt(duration.seconds);
  const nanos = BigInt(Math.trunc(duration.nanos ?? 0));
  const total = seconds * NANOS_PER_SECOND + nanos;
  if (total > INT64_MAX) return INT64_MAX;
  if (total < INT64_MIN) return INT64_MIN;
  return total;
}

/** Whole milliseconds, truncated toward zero like Go's `Duration.Milliseconds()`. */
export function durationToMs(duration: DurationLike | null | undefined): number {
  return Number(durationToNanos(duration) / 1_000_000n);
}

export function msToDuration(ms: number): { seconds: number; nanos: number } {
  const whole = Math.trunc(ms);
  const seconds = Math.trunc(whole / 1000);
  return { seconds, nanos: (whole - seconds * 1000) * 1_000_000 };
}

export function nanosToDuration(nanos: bigint): { seconds: number; nanos: number } {
  const seconds = nanos / NANOS_PER_SECOND; // truncates toward zero, as durationpb.New does
  return { seconds: Number(seconds), nanos: Number(nanos - seconds * NANOS_PER_SECOND) };
}

/** Epoch milliseconds of a Timestamp, flooring sub-millisecond nanos. */
export function timestampToMs(timestamp: TimestampLike): number {
  const seconds = longToNumber(timestamp.seconds);
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000);
}

export function msToTimestamp(ms: number): { seconds: number; nanos: number } {
  const whole = Math.floor(ms);
  const seconds = Math.floor(whole / 1000);
  return { seconds, nanos: (whole - seconds * 1000) * 1_000_000 };
}

/** `durationpb.Duration.CheckValid`: the reason a Duration is malformed, or undefined when it is fine. */
export function durationProblem(duration: DurationLike): string | undefined {
  const seconds = longToBigInt(duration.seconds);
  const nanos = duration.nanos ?? 0;
  const shown = `seconds:${seconds} nanos:${nanos}`;
  const maxSeconds = 315_576_000_000n; // 10,000 years
  if (seconds < -maxSeconds) return `proto: duration (${shown}) exceeds -10000 years`;
  if (seconds > maxSeconds) return `proto: duration (${shown}) exceeds +10000 years`;
  if (nanos <= -1e9 || nanos >= 1e9) return `proto: duration (${shown}) has out-of-range nanos`;
  if ((seconds > 0n && nanos < 0) || (seconds < 0n && nanos > 0)) {
    return `proto: duration (${shown}) has seconds and nanos with different signs`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Go's time.ParseDuration, extended like the server's timestamp.ParseDuration with a "d" (24h) unit.

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

export class DurationSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationSyntaxError';
  }
}

/** Go's `strconv.Quote` for the strings that reach error messages here. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** The server's `timestamp.ParseDuration`: every "<number>d" becomes "<24×number>h" first. */
export function parseDurationWithDays(text: string): bigint {
  const withHours = text.replace(/(\d+(\.\d*)?|(\.\d+))d/g, (match) => {
    const days = Number.parseFloat(match.slice(0, -1));
    return Number.isNaN(days) ? match : `${(24 * days).toFixed(6)}h`;
  });
  return parseGoDuration(withHours);
}

/** Go's `time.ParseDuration`, returning nanoseconds. Throws with Go's error message. */
export function parseGoDuration(original: string): bigint {
  const invalid = (): DurationSyntaxError =>
    new DurationSyntaxError(`time: invalid duration ${goQuote(original)}`);
  let rest = original;
  let negative = false;
  if (rest !== '' && (rest[0] === '-' || rest[0] === '+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();

  const limit = 1n << 63n;
  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]!))) throw invalid();

    let index = 0;
    let whole = 0n;
    while (index < rest.length && isDigit(rest[index]!)) {
      whole = whole * 10n + BigInt(rest.charCodeAt(index) - 48);
      if (whole >= limit) throw invalid();
      index++;
    }
    const hasWhole = index > 0;
    rest = rest.slice(index);

    let fraction = 0;
    let scale = 1;
    let hasFraction = false;
    if (rest !== '' && rest[0] === '.') {
      rest = rest.slice(1);
      index = 0;
      let overflowed = false;
      while (index < rest.length && isDigit(rest[index]!)) {
        if (!overflowed) {
          const next = fraction * 10 + (rest.charCodeAt(index) - 48);
          if (next > Number.MAX_SAFE_INTEGER) overflowed = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        index++;
      }
      hasFraction = index > 0;
      rest = rest.slice(index);
    }
    if (!hasWhole && !hasFraction) throw invalid();

    index = 0;
    while (index < rest.length && !(rest[index] === '.' || isDigit(rest[index]!))) index++;
    if (index === 0) throw new DurationSyntaxError(`time: missing unit in duration ${goQuote(original)}`);
    const unitName = rest.slice(0, index);
    rest = rest.slice(index);
    const unit = UNIT_NANOS[unitName];
    if (unit === undefined) {
      throw new DurationSyntaxError(
        `time: unknown unit ${goQuote(unitName)} in duration ${goQuote(original)}`,
      );
    }
    if (whole > limit / unit) throw invalid();
    let value = whole * unit;
    if (fraction > 0) {
      value += BigInt(Math.trunc(fraction * (Number(unit) / scale)));
      if (value > limit) throw invalid();
    }
    total += value;
    if (total > limit) throw invalid();
  }
  if (negative) return -total;
  if (total > limit - 1n) throw invalid();
  return total;
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9';
}

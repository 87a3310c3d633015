/**
 * Wall-clock arithmetic in an IANA time zone with the semantics of Go's `time` package, which the real
 * Temporal server uses to evaluate calendar specs. Offsets come from the `Intl` API, so the zone
 * database is the one bundled with Node's ICU rather than the server's; rules agree for current zones.
 *
 * All instants here are Unix seconds (integers). Nothing reads the clock.
 */

export interface WallClock {
  year: number;
  /** 1 = January, as in Go. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday, as in Go. */
  weekday: number;
}

/** Why a zone name was refused, phrased as Go's `time.LoadLocation` phrases it. */
export class UnknownTimeZoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownTimeZoneError';
  }
}

const SECONDS_PER_BUCKET = 900;
const MAX_CACHED_BUCKETS = 200_000;
/** Marks a 15-minute bucket that contains an offset change, so it is never answered from the cache. */
const MIXED = Number.NaN;

/**
 * A loaded time zone. `offsetAt` is the only primitive that needs tz data; everything else is civil
 * arithmetic on top of it.
 */
export class GoLocation {
  private readonly formatter: Intl.DateTimeFormat | undefined;
  // Offsets are constant for months at a time, so cache them per 15-minute bucket. A bucket whose two
  // ends disagree holds a transition and is computed exactly on every call.
  private readonly bucketOffsets = new Map<number, number>();

  private constructor(readonly name: string) {
    this.formatter =
      name === 'UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', {
            timeZone: name,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
            era: 'short',
          });
  }

  static readonly utc = new GoLocation('UTC');

  /**
   * Mirrors `time.LoadLocation`: "" and "UTC" are UTC. "Local" (the server's own zone) is also taken as
   * UTC, because this module may not read the environment. Unknown names are refused with Go's message.
   */
  static load(name: string): GoLocation {
    if (name === '' || name === 'UTC' || name === 'Local') return GoLocation.utc;
    const cached = locationCache.get(name);
    if (cached) return cached;
    if (name.includes('..') || name.startsWith('/') || name.startsWith('\\') || /^[+-]/.test(name)) {
      // Go refuses path-like names before looking anything up; Intl would accept some offset forms.
      throw new UnknownTimeZoneError(
        /^[+-]/.test(name) ? `unknown time zone ${name}` : 'time: invalid location name',
      );
    }
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      throw new UnknownTimeZoneError(`unknown time zone ${name}`);
    }
    // Intl matches names case-insensitively; Go opens a file, so "asia/jakarta" does not exist for it.
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
      throw new UnknownTimeZoneError(`unknown time zone ${name}`);
    }
    const location = new GoLocation(name);
    locationCache.set(name, location);
    return location;
  }

  /** Seconds east of UTC in effect at the instant. */
  offsetAt(unixSeconds: number): number {
    if (!this.formatter) return 0;
    const bucket = Math.floor(unixSeconds / SECONDS_PER_BUCKET);
    let cached = this.bucketOffsets.get(bucket);
    if (cached === undefined) {
      const first = this.exactOffsetAt(bucket * SECONDS_PER_BUCKET);
      const last = this.exactOffsetAt(bucket * SECONDS_PER_BUCKET + SECONDS_PER_BUCKET - 1);
      cached = first === last ? first : MIXED;
      if (this.bucketOffsets.size >= MAX_CACHED_BUCKETS) this.bucketOffsets.clear();
      this.bucketOffsets.set(bucket, cached);
    }
    return Number.isNaN(cached) ? this.exactOffsetAt(unixSeconds) : cached;
  }

  private exactOffsetAt(unixSeconds: number): number {
    const parts = this.formatter!.formatToParts(new Date(unixSeconds * 1000));
    const field = (type: Intl.DateTimeFormatPartTypes): number => {
      const part = parts.find((p) => p.type === type);
      return part ? Number(part.value) : 0;
    };
    let year = field('year');
    const era = parts.find((p) => p.type === 'era')?.value;
    if (era === 'BC' || era === 'B') year = 1 - year;
    const wallAsUtc = civilToUnix(
      year,
      field('month'),
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
    );
    return wallAsUtc - unixSeconds;
  }

  /** Equivalent of `time.Unix(s, 0).In(loc)` followed by Date(), Clock() and Weekday(). */
  wallClock(unixSeconds: number): WallClock {
    return unixToCivil(unixSeconds + this.offsetAt(unixSeconds));
  }

  /**
   * Equivalent of `time.Date(y, mo, d, h, m, s, 0, loc).Unix()`. Out-of-range fields are normalised
   * (hour 24 is the next day's midnight). For a wall time that a transition skips or repeats, Go takes the
   * offset in effect at (wall time read as UTC) and, if that lands outside its zone period, the offset at
   * the corrected instant. The result: in a zone west of UTC a skipped 02:30 becomes 01:30 standard time
   * and a repeated 01:30 is its first occurrence; east of UTC the later interpretation wins.
   */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wallAsUtc = civilToUnix(year, month, day, hour, minute, second);
    const guess = this.offsetAt(wallAsUtc);
    return wallAsUtc - this.offsetAt(wallAsUtc - guess);
  }
}

const locationCache = new Map<string, GoLocation>();

/** Seconds since the epoch of a proleptic Gregorian civil time read as UTC; fields may overflow. */
export function civilToUnix(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime() / 1000;
}

export function unixToCivil(seconds: number): WallClock {
  const date = new Date(seconds * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    weekday: date.getUTCDay(),
  };
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(month: number, year: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  // Go's bit trick; month 13 (reached transiently while carrying into the next year) counts as 30 days.
  return 30 + ((0b1010110101010 >> month) & 1);
}

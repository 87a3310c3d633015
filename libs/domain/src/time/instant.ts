// Instants are ISO-8601 strings (what events and the API carry). Indonesia has three fixed-offset zones and no
// daylight saving, so converting an instant to the agency's local date needs only the offset — no tz database.
import { DomainError } from '../errors';
import { type CivilDate, fromDayNumber, toDayNumber } from './civil-date';

/** An instant written ISO-8601 with a zone designator, e.g. 2025-03-28T09:30:00.000Z or …+07:00. */
export type Instant = string;

/** UTC offsets of the Indonesian zones: WIB, WITA, WIT (no daylight saving). */
export const INDONESIAN_TIME_ZONES: Readonly<Record<string, number>> = {
  'Asia/Jakarta': 7 * 60, // WIB
  'Asia/Pontianak': 7 * 60, // WIB
  'Asia/Makassar': 8 * 60, // WITA
  'Asia/Jayapura': 9 * 60, // WIT
};

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

export function utcOffsetMinutes(timeZone: string): number {
  const offset = INDONESIAN_TIME_ZONES[timeZone];
  if (offset === undefined) {
    throw new DomainError('INVALID_DATA', `unsupported time zone ${timeZone}`, { timeZone });
  }
  return offset;
}

/** An ISO-8601 date-time with a zone (Z or ±hh:mm): an instant, never a local time. */
export const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export function isInstant(value: unknown): value is Instant {
  if (typeof value !== 'string') return false;
  try {
    toEpochMs(value);
    return true;
  } catch {
    return false;
  }
}

/** Epoch milliseconds of an ISO-8601 instant; throws INVALID_DATE for anything else. */
export function toEpochMs(instant: Instant): number {
  const match = typeof instant === 'string' ? INSTANT_PATTERN.exec(instant) : null;
  if (!match)
    throw new DomainError('INVALID_DATE', `expected an ISO-8601 instant, got ${JSON.stringify(instant)}`);
  const [, date, hh, mm, ss = '0', fraction = '0', zone] = match;
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (hours > 23 || minutes > 59 || seconds > 59)
    throw new DomainError('INVALID_DATE', `bad time in ${instant}`);
  let offset = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const millis = Number(`${fraction}00`.slice(0, 3)); // digits beyond milliseconds are truncated
  return toDayNumber(date) * MS_PER_DAY + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + millis;
}

/** Canonical UTC form: YYYY-MM-DDTHH:mm:ss.sssZ. */
export function fromEpochMs(epochMs: number): Instant {
  if (!Number.isFinite(epochMs)) throw new DomainError('INVALID_DATE', 'not a finite time');
  const dayNumber = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - dayNumber * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  rest -= minutes * MS_PER_MINUTE;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const p = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${fromDayNumber(dayNumber)}T${p(hours)}:${p(minutes)}:${p(seconds)}.${p(millis, 3)}Z`;
}

export function compareInstants(a: Instant, b: Instant): number {
  return toEpochMs(a) - toEpochMs(b);
}

/** The calendar date of an instant in the given zone. */
export function localDateOf(instant: Instant, timeZone: string = DEFAULT_TIME_ZONE): CivilDate {
  const local = toEpochMs(instant) + utcOffsetMinutes(timeZone) * MS_PER_MINUTE;
  return fromDayNumber(Math.floor(local / MS_PER_DAY));
}

/** The instant of a local wall-clock time (HH:mm) on a date in the given zone. */
export function localTimeToInstant(
  date: CivilDate,
  time: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): Instant {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new DomainError('INVALID_DATE', `expected HH:mm, got ${JSON.stringify(time)}`);
  }
  const minutes = Number(match[1]) * 60 + Number(match[2]) - utcOffsetMinutes(timeZone);
  return fromEpochMs(toDayNumber(date) * MS_PER_DAY + minutes * MS_PER_MINUTE);
}

/** The last millisecond of a local date: a deadline "within N days" is met until then. */
export function endOfLocalDay(date: CivilDate, timeZone: string = DEFAULT_TIME_ZONE): Instant {
  return fromEpochMs((toDayNumber(date) + 1) * MS_PER_DAY - utcOffsetMinutes(timeZone) * MS_PER_MINUTE - 1);
}

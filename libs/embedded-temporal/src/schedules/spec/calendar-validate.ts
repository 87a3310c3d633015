/**
 * Structured calendars as a request gives them (protobufjs objects, fields possibly absent): a plain copy
 * with every field present, and the server's range checks.
 */
import { CALENDAR_FIELDS } from './calendar';
import { SpecProblem } from './errors';
import type { Range, RangeInput, StructuredCalendarSpec, StructuredCalendarSpecInput } from './types';

/** Longest comment accepted, in UTF-8 bytes. */
export const MAX_COMMENT_LENGTH = 200;

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
  const check = (list: (RangeInput | null)[] | null | undefined, key: keyof typeof CALENDAR_FIELDS) => {
    const { name: field, min, max } = CALENDAR_FIELDS[key];
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
  // In the server's order, so combined error messages read the same.
  for (const key of ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'year', 'dayOfWeek'] as const) {
    check(input[key], key);
  }
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

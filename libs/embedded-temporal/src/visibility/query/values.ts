/**
 * Turning literals written in a query into typed values for one search attribute, with the real server's
 * rules (`parseSQLVal`, `validateValueType`, `parseExecutionStatusValue`, `parseExecutionDurationValue`):
 * numbers for Int and Double, booleans for Bool, RFC 3339 strings or epoch nanoseconds for Datetime, strings
 * for the keyword types, status names or numbers for ExecutionStatus, durations for ExecutionDuration.
 */
import { type ResolvedAttribute } from './attributes';
import { invalidExpression, notSupported } from './errors';
import { type Operand } from './syntax-tree';

/** A literal as written, before it is checked against an attribute's type. */
type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: bigint; text: string }
  | { kind: 'float'; value: number; text: string }
  | { kind: 'bool'; value: boolean };

/** A checked value, ready to be bound as a query parameter. */
export type TypedValue =
  | { kind: 'text'; value: string }
  /** Int, Double and ExecutionDuration values, as exact decimal text (int64 does not fit a JS number). */
  | { kind: 'number'; value: string }
  | { kind: 'bool'; value: boolean }
  /** UTC, microsecond precision (PostgreSQL's), ISO 8601. */
  | { kind: 'timestamp'; value: string }
  /** An execution status name, e.g. "Running". */
  | { kind: 'status'; value: string; code: number };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Workflow execution statuses by enum number, named as the server stores and prints them. */
export const EXECUTION_STATUSES = [
  'Unspecified',
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
  'Paused',
] as const;

/** The proto enum names, which the server accepts as well as the short ones. */
const STATUS_PROTO_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
].map((name) => `WORKFLOW_EXECUTION_STATUS_${name}`);

/**
 * Parses the right-hand side of a condition: a single literal, or a tuple of them for IN. Anything else
 * (a column name, a function, NULL, a nested condition) is refused with the real server's message.
 */
export function parseValues(operand: Operand, attribute: ResolvedAttribute): TypedValue | TypedValue[] {
  if (operand.kind === 'tuple') {
    return operand.items.map((item) => {
      const value = parseValues(item, attribute);
      if (Array.isArray(value)) throw invalidExpression('unexpected value type sqlparser.ValTuple');
      return value;
    });
  }
  return typeValue(toLiteral(operand), attribute);
}

function toLiteral(operand: Operand): Literal {
  switch (operand.kind) {
    case 'string':
      if (operand.value.includes('\0')) {
        // PostgreSQL text cannot hold NUL: refuse here rather than fail in the database.
        throw invalidExpression('string values cannot contain NUL characters');
      }
      return { kind: 'string', value: operand.value };
    case 'number':
      return parseNumber(operand.text);
    case 'bool':
      return { kind: 'bool', value: operand.value };
    case 'column':
      throw notSupported(
        `column name on the right side of comparison expression (did you forget to quote ${JSON.stringify(operand.name)}?)`,
      );
    case 'function':
      throw notSupported('nested func');
    case 'null':
      throw invalidExpression('unexpected value type *sqlparser.NullVal');
    case 'expression':
      throw invalidExpression('unexpected value type *sqlparser.ParenExpr');
    case 'tuple':
      throw invalidExpression('unexpected value type sqlparser.ValTuple');
  }
}

/** Like the server's ParseValue: an int64 if it fits, else a float64. */
function parseNumber(text: string): Literal {
  if (/^-?[0-9]+$/.test(text)) {
    const value = BigInt(text);
    if (value >= INT64_MIN && value <= INT64_MAX) return { kind: 'int', value, text: value.toString() };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalidExpression(`unable to parse value ${JSON.stringify(text)}`);
  return { kind: 'float', value, text: String(value) };
}

function typeValue(literal: Literal, attribute: ResolvedAttribute): TypedValue {
  if (attribute.name === 'ExecutionStatus') return parseExecutionStatus(literal);
  if (attribute.name === 'ExecutionDuration') return parseExecutionDuration(literal);

  const typeError = () =>
    invalidExpression(
      `invalid value type for search attribute ${attribute.alias} of type ${attribute.type}: ` +
        `${goValue(literal)} (type: ${goType(literal)})`,
    );
  switch (attribute.type) {
    case 'Int':
    case 'Double':
      if (literal.kind === 'int' || literal.kind === 'float') return { kind: 'number', value: literal.text };
      throw typeError();
    case 'Bool':
      if (literal.kind === 'bool') return { kind: 'bool', value: literal.value };
      throw typeError();
    case 'Datetime':
      if (literal.kind === 'int') return { kind: 'timestamp', value: formatEpochNanos(literal.value) };
      if (literal.kind === 'string') {
        const value = parseRfc3339(literal.value);
        if (value === undefined) throw invalidExpression(`unable to parse datetime '${literal.value}'`);
        return { kind: 'timestamp', value };
      }
      throw typeError();
    case 'Keyword':
    case 'KeywordList':
    case 'Text':
      if (literal.kind === 'string') return { kind: 'text', value: literal.value };
      throw typeError();
  }
}

function parseExecutionStatus(literal: Literal): TypedValue {
  if (literal.kind === 'int') {
    const code = Number(literal.value);
    if (literal.value >= 0n && code < EXECUTION_STATUSES.length) {
      return { kind: 'status', value: EXECUTION_STATUSES[code], code };
    }
    throw invalidExpression(`invalid ExecutionStatus value ${literal.text}`);
  }
  if (literal.kind === 'string') {
    let code = (EXECUTION_STATUSES as readonly string[]).indexOf(literal.value);
    if (code < 0) code = STATUS_PROTO_NAMES.indexOf(literal.value);
    if (code >= 0) return { kind: 'status', value: EXECUTION_STATUSES[code], code };
    throw invalidExpression(`invalid ExecutionStatus value '${literal.value}'`);
  }
  throw invalidExpression(`unexpected value type ${goType(literal)} for search attribute ExecutionStatus`);
}

function parseExecutionDuration(literal: Literal): TypedValue {
  if (literal.kind === 'int') return { kind: 'number', value: literal.text };
  if (literal.kind === 'string') {
    const nanos = parseDurationNanos(literal.value);
    if (nanos === undefined) {
      throw invalidExpression(
        `invalid duration value for search attribute ExecutionDuration: ${literal.value}`,
      );
    }
    return { kind: 'number', value: nanos.toString() };
  }
  throw invalidExpression(`unexpected value type ${goType(literal)} for search attribute ExecutionDuration`);
}

// How Go's fmt prints the value and its type in the server's "invalid value type" message.
function goValue(literal: Literal): string {
  return literal.kind === 'string' ? JSON.stringify(literal.value) : String(literal.value);
}

function goType(literal: Literal): string {
  return { string: 'string', int: 'int64', float: 'float64', bool: 'bool' }[literal.kind];
}

// ---------------------------------------------------------------------------------------------------------
// Datetimes
// ---------------------------------------------------------------------------------------------------------

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp (Go's time.RFC3339Nano layout: `T` separator, `Z` or `±hh:mm` offset,
 * optional fraction) to UTC. Returns undefined for anything Go would refuse, including impossible dates.
 */
export function parseRfc3339(text: string): string | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, offsetHours, offsetMinutes] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (!zulu) {
    if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
    offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, 0);
  const micros = BigInt(date.getTime()) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
  return formatEpochMicros(micros);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Epoch nanoseconds (the server's other datetime form), truncated to PostgreSQL's microseconds. */
export function formatEpochNanos(nanos: bigint): string {
  return formatEpochMicros(floorDiv(nanos, 1000n));
}

function formatEpochMicros(micros: bigint): string {
  const millis = floorDiv(micros, 1000n);
  const extraMicros = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (!/^\d{4}-/.test(iso) || iso.startsWith('0000')) {
    // Year 0 or beyond 9999: valid for Go, but not a PostgreSQL timestamp.
    throw invalidExpression(`datetime out of range: ${iso}`);
  }
  return `${iso.slice(0, 23)}${extraMicros.toString().padStart(3, '0')}Z`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

// ---------------------------------------------------------------------------------------------------------
// Durations (ExecutionDuration)
// ---------------------------------------------------------------------------------------------------------

const NANOS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};

/**
 * Parses a duration the way the server does for ExecutionDuration: integer nanoseconds, a Go duration with
 * the extra unit "d" ("300ms", "-1.5h", "2h45m", "1d"), or "hh:mm:ss". Returns undefined if it is none.
 */
export function parseDurationNanos(text: string): bigint | undefined {
  if (/^[+-]?\d+$/.test(text)) return BigInt(text);

  const go = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+)$/.exec(text);
  if (go) {
    let total = 0;
    for (const part of go[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/g)) {
      total += Number(part[1]) * NANOS_PER_UNIT[part[2]];
    }
    const nanos = BigInt(Math.round(total));
    return go[1] === '-' ? -nanos : nanos;
  }
  const clock = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (clock) {
    const [hours, minutes, seconds] = clock.slice(1).map(BigInt);
    if (minutes > 59n || seconds > 59n) return undefined;
    return ((hours * 60n + minutes) * 60n + seconds) * 1_000_000_000n;
  }
  return undefined;
}

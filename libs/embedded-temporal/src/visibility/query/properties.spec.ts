import fc from 'fast-check';
import { InvalidVisibilityQueryError, type SearchAttributeType, translateVisibilityQuery } from './index';
import { formatEpochNanos, parseDurationNanos, parseRfc3339 } from './values';

const custom: Record<string, SearchAttributeType> = {
  CustomKeywordField: 'Keyword',
  CustomTextField: 'Text',
  CustomIntField: 'Int',
  CustomDatetimeField: 'Datetime',
  CustomKeywordListField: 'KeywordList',
};

/**
 * Everything the translator may write into SQL itself: placeholders, our column names, SQL keywords and
 * functions, and the fixed literals of the status ordering, jsonb types and timestamp shape.
 */
const ALLOWED_SQL_TOKEN =
  /\$\d+::(?:text|numeric|boolean|timestamptz|integer)|'(?:null|number|boolean|string|simple|!|Unspecified|Running|Completed|Failed|Canceled|Terminated|ContinuedAsNew|TimedOut|Paused|\^\[0-9\]\{4\}-\[0-9\]\{2\}-\[0-9\]\{2\}\[T \]\[0-9\]\{2\}:\[0-9\]\{2\})'|[A-Za-z_]+|[0-9]+|->>|->|@>|@@|<>|<=|>=|\|\||[=<>(),~]|::|\s+/gy;

function onlyAllowedTokens(sql: string): boolean {
  ALLOWED_SQL_TOKEN.lastIndex = 0;
  let consumed = 0;
  while (consumed < sql.length) {
    const match = ALLOWED_SQL_TOKEN.exec(sql);
    if (!match) return false;
    consumed = ALLOWED_SQL_TOKEN.lastIndex;
  }
  return true;
}

const ATTRIBUTES = [
  'WorkflowId',
  'ExecutionStatus',
  'StartTime',
  'HistoryLength',
  'CustomKeywordField',
  'CustomTextField',
  'CustomIntField',
  'CustomDatetimeField',
  'CustomKeywordListField',
];
const OPERATORS = ['=', '!=', '<', '>=', 'STARTS_WITH', 'NOT STARTS_WITH', 'LIKE'];

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const literal = fc.oneof(
  fc.string().map(quote),
  fc.constantFrom("'Running'", "'2024-01-01T00:00:00Z'", '42', '-7', '1.5', 'true', 'NULL'),
);

const condition = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...OPERATORS), literal)
    .map((parts) => parts.join(' ')),
  fc
    .tuple(fc.constantFrom(...ATTRIBUTES), fc.array(literal, { minLength: 1, maxLength: 4 }))
    .map(([attribute, values]) => `${attribute} IN (${values.join(', ')})`),
  fc
    .tuple(fc.constantFrom(...ATTRIBUTES), literal, literal)
    .map(([a, from, to]) => `${a} BETWEEN ${from} AND ${to}`),
  fc.constantFrom(...ATTRIBUTES).map((attribute) => `${attribute} IS NOT NULL`),
);

const query: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR'), tie('expr')).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie('expr').map((e) => `(${e})`),
    tie('expr').map((e) => `NOT ${e}`),
  ),
})).expr;

function translateOrRefuse(text: string) {
  try {
    return translateVisibilityQuery(text, custom);
  } catch (error) {
    if (error instanceof InvalidVisibilityQueryError) return undefined;
    throw error;
  }
}

describe('translateVisibilityQuery properties', () => {
  it('any text is either refused with InvalidVisibilityQueryError or becomes SQL of our own vocabulary', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        const result = translateOrRefuse(text);
        if (result) expect(onlyAllowedTokens(result.where)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('well-formed queries with arbitrary string values never put a value into the SQL', () => {
    fc.assert(
      fc.property(query, (text) => {
        const result = translateOrRefuse(text);
        if (!result) return;
        expect(onlyAllowedTokens(result.where)).toBe(true);
        const placeholders = [...result.where.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1]));
        // Every placeholder has a value, and every value a placeholder.
        expect(new Set(placeholders)).toEqual(new Set(result.params.map((_, i) => i + 2)));
      }),
      { numRuns: 500 },
    );
  });

  it('the vocabulary check itself rejects spliced text', () => {
    expect(onlyAllowedTokens("workflow_id = $2::text AND status IN ('Running')")).toBe(true);
    expect(onlyAllowedTokens("workflow_id = 'x'")).toBe(false);
    expect(onlyAllowedTokens('workflow_id = $2::text; DROP')).toBe(false);
  });
});

describe('datetime and duration values', () => {
  it('RFC 3339 timestamps are converted to UTC with microsecond precision', () => {
    expect(parseRfc3339('2024-02-29T23:30:00-01:30')).toBe('2024-03-01T01:00:00.000000Z');
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000000Z');
    expect(parseRfc3339('2024-01-01T00:00:00.5Z')).toBe('2024-01-01T00:00:00.500000Z');
    expect(parseRfc3339('2024-01-01t00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2024-01-01T24:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2024-01-01T00:00:00')).toBeUndefined();
    expect(parseRfc3339('2100-02-29T00:00:00Z')).toBeUndefined();
  });

  it('epoch nanoseconds round down to microseconds, before and after 1970', () => {
    expect(formatEpochNanos(0n)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatEpochNanos(1_999n)).toBe('1970-01-01T00:00:00.000001Z');
    expect(formatEpochNanos(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatEpochNanos(9223372036854775807n)).toBe('2262-04-11T23:47:16.854775Z');
  });

  it('durations: nanoseconds, Go units with days, hh:mm:ss', () => {
    expect(parseDurationNanos('15')).toBe(15n);
    expect(parseDurationNanos('1.5h')).toBe(5_400_000_000_000n);
    expect(parseDurationNanos('-2m30s')).toBe(-150_000_000_000n);
    expect(parseDurationNanos('10µs')).toBe(10_000n);
    expect(parseDurationNanos('100:00:00')).toBe(360_000_000_000_000n);
    expect(parseDurationNanos('1:60:00')).toBeUndefined();
    expect(parseDurationNanos('1 h')).toBeUndefined();
    expect(parseDurationNanos('h')).toBeUndefined();
  });
});

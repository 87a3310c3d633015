/**
 * Translates a parsed List Filter query into a PostgreSQL condition on `temporal.executions_visibility`.
 *
 * Safety rule: every value from the query is a bound parameter with an explicit cast; every identifier
 * comes from the whitelist in attributes.ts (custom attribute names are bound too, as jsonb keys). The
 * only text copied into the SQL is fixed by this module.
 *
 * Semantics follow the real server's SQL (PostgreSQL) visibility store: a missing custom attribute is
 * SQL NULL, so `!=` and `NOT IN` do not match executions that lack the attribute; KeywordList `=` means
 * "contains"; Text `=` is a full-text match of any of the words.
 */
import {
  type ResolvedAttribute,
  type SearchAttributeType,
  resolveSearchAttribute,
  validateCustomAttributes,
} from './attributes';
import { invalidExpression, notSupported } from './errors';
import { parseVisibilityQuery } from './parser';
import type { ComparisonOperator, Expr, Operand } from './syntax-tree';
import { EXECUTION_STATUSES, type TypedValue, parseValues } from './values';

export interface TranslatedQuery {
  /** A condition to AND with the namespace filter: `WHERE namespace = $1 AND (<where>)`. */
  where: string;
  /** Values for $firstParamIndex, $firstParamIndex+1, ... in order. */
  params: unknown[];
  /** Set for `GROUP BY ExecutionStatus` (CountWorkflowExecutions only). */
  groupBy?: 'ExecutionStatus';
  /**
   * Never set: like the real SQL visibility store, ORDER BY is refused; results are always ordered by
   * COALESCE(close_time, 'infinity') DESC, start_time DESC, run_id. Kept so callers may test for it.
   */
  orderBy?: string;
}

export interface TranslateOptions {
  /** Number of the first placeholder to use; $1 is the caller's namespace. Default 2. */
  firstParamIndex?: number;
}

/** PostgreSQL's limit on bound parameters in one statement. */
const MAX_PARAMS = 65535;

/**
 * Translates a Temporal visibility query (the `query` of ListWorkflowExecutions / CountWorkflowExecutions)
 * into a SQL condition with bound parameters. Throws InvalidVisibilityQueryError for anything the real
 * server would refuse, with its message.
 */
export function translateVisibilityQuery(
  query: string,
  customAttributes: Record<string, SearchAttributeType>,
  opts: TranslateOptions = {},
): TranslatedQuery {
  const firstParamIndex = opts.firstParamIndex ?? 2;
  if (!Number.isSafeInteger(firstParamIndex) || firstParamIndex < 1) {
    throw new RangeError(`firstParamIndex must be a positive integer, got ${firstParamIndex}`);
  }
  validateCustomAttributes(customAttributes);

  const parsed = parseVisibilityQuery(query);
  if (parsed.hasLimit) throw notSupported("'LIMIT' clause");

  const translator = new Translator(customAttributes, firstParamIndex);
  const where = parsed.where ? translator.condition(parsed.where).sql : 'TRUE';

  if (parsed.hasHaving) throw notSupported("'HAVING' clause");
  const result: TranslatedQuery = { where, params: translator.params };

  if (parsed.groupBy.length > 1) throw notSupported("'GROUP BY' clause supports only a single field");
  for (const operand of parsed.groupBy) {
    const attribute = translator.resolveColumn(operand);
    if (attribute.name !== 'ExecutionStatus') {
      const allowedByRealServer =
        attribute.name === 'TemporalNamespaceDivision' ||
        attribute.name.startsWith('TemporalLowCardinalityKeyword');
      throw notSupported(
        `'GROUP BY' clause is not supported for search attribute ${attribute.alias}` +
          (allowedByRealServer ? ' by the embedded server' : ''),
      );
    }
    result.groupBy = 'ExecutionStatus';
  }

  // The real SQL store checks the ORDER BY columns first, then refuses the clause altogether.
  for (const item of parsed.orderBy) {
    const attribute = translator.resolveColumn(item.operand);
    if (attribute.type === 'Text') throw notSupported('unable to sort by search attribute type Text');
  }
  if (parsed.orderBy.length > 0) throw notSupported("'ORDER BY' clause");

  if (firstParamIndex - 1 + translator.params.length > MAX_PARAMS) {
    throw notSupported(`query needs more than ${MAX_PARAMS} bound values`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

/** Binding strength of the SQL we emit, to add only the parentheses needed. */
const Precedence = { Or: 1, And: 2, Not: 3, Atom: 4 } as const;
type Precedence = (typeof Precedence)[keyof typeof Precedence];

interface Sql {
  sql: string;
  precedence: Precedence;
}

const atom = (sql: string): Sql => ({ sql, precedence: Precedence.Atom });

type TypeOperators = readonly ComparisonOperator[];
const COMPARISON_OPERATORS: TypeOperators = ['=', '!=', '<', '>', '<=', '>=', 'in', 'not in'];
const KEYWORD_OPERATORS: TypeOperators = [...COMPARISON_OPERATORS, 'starts_with', 'not starts_with'];
const KEYWORD_LIST_OPERATORS: TypeOperators = ['=', '!=', 'in', 'not in'];
const TEXT_OPERATORS: TypeOperators = ['=', '!='];
const RANGE_TYPES: readonly SearchAttributeType[] = ['Datetime', 'Double', 'Int', 'Keyword'];

function supportedOperators(type: SearchAttributeType): TypeOperators {
  switch (type) {
    case 'Keyword':
      return KEYWORD_OPERATORS;
    case 'KeywordList':
      return KEYWORD_LIST_OPERATORS;
    case 'Text':
      return TEXT_OPERATORS;
    default:
      return COMPARISON_OPERATORS;
  }
}

const SQL_CAST: Record<SearchAttributeType, string> = {
  Keyword: 'text',
  KeywordList: 'text',
  Text: 'text',
  Int: 'numeric',
  Double: 'numeric',
  Bool: 'boolean',
  Datetime: 'timestamptz',
};

/** Status names in enum order, so that `<`, `>` and BETWEEN compare as the server's integer column does. */
const STATUS_CODE_SQL = `(CASE status ${EXECUTION_STATUSES.map((name, code) => `WHEN '${name}' THEN ${code}`).join(' ')} END)`;

/** Only values that look like timestamps are cast, so that a malformed stored value cannot fail a query. */
const TIMESTAMP_SHAPE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}'`;

/** Go type names of operands, for messages that mirror the real server's. */
function goTypeOf(operand: Operand): string {
  switch (operand.kind) {
    case 'column':
      return '*sqlparser.ColName';
    case 'string':
    case 'number':
      return '*sqlparser.SQLVal';
    case 'bool':
      return 'sqlparser.BoolVal';
    case 'null':
      return '*sqlparser.NullVal';
    case 'tuple':
      return 'sqlparser.ValTuple';
    case 'function':
      return '*sqlparser.FuncExpr';
    case 'expression':
      return '*sqlparser.ParenExpr';
  }
}

class Translator {
  readonly params: unknown[] = [];
  /** One placeholder per jsonb key, however often the query names the attribute. */
  private readonly keyPlaceholders = new Map<string, string>();

  constructor(
    private readonly customAttributes: Record<string, SearchAttributeType>,
    private readonly firstParamIndex: number,
  ) {}

  condition(expr: Expr): Sql {
    switch (expr.kind) {
      case 'or':
        return {
          sql: expr.operands.map((e) => this.condition(e).sql).join(' OR '),
          precedence: Precedence.Or,
        };
      case 'and':
        return {
          sql: expr.operands.map((e) => wrap(this.condition(e), Precedence.And)).join(' AND '),
          precedence: Precedence.And,
        };
      case 'not':
        return { sql: `NOT ${wrap(this.condition(expr.expr), Precedence.Not)}`, precedence: Precedence.Not };
      case 'paren':
        return this.condition(expr.expr);
      case 'comparison':
        return this.comparison(expr.left, expr.operator, expr.right);
      case 'between':
        return this.between(expr.left, expr.negated, expr.from, expr.to);
      case 'is':
        return this.isNull(expr.left, expr.test);
      case 'bare':
        if (expr.operand.kind === 'column') throw invalidExpression('incomplete expression');
        if (expr.operand.kind === 'function') throw notSupported('function expression');
        throw notSupported(`expression of type ${goTypeOf(expr.operand)}`);
    }
  }

  resolveColumn(operand: Operand): ResolvedAttribute {
    if (operand.kind !== 'column')
      throw invalidExpression(`must be a column name but was ${goTypeOf(operand)}`);
    return resolveSearchAttribute(operand.name, this.customAttributes);
  }

  private comparison(left: Operand, operator: ComparisonOperator, right: Operand): Sql {
    const attribute = this.resolveColumn(left);
    const values = parseValues(right, attribute);
    if (!supportedOperators(attribute.type).includes(operator)) {
      throw notSupported(
        `operator '${operator.toUpperCase()}' not supported for ${attribute.type} type search attribute '${attribute.alias}'`,
      );
    }
    const isList = operator === 'in' || operator === 'not in';
    if (Array.isArray(values) !== isList) {
      // Only reachable with `= (a, b)`: IN always parses a tuple.
      throw invalidExpression(`operator '${operator.toUpperCase()}' needs a single value, not a list`);
    }
    const list = Array.isArray(values) ? values : [values];

    if (attribute.type === 'KeywordList') return this.keywordListComparison(attribute, operator, list);
    if (attribute.type === 'Text') return this.textComparison(attribute, operator, list[0]);

    const value = this.value(attribute);
    switch (operator) {
      case 'in':
      case 'not in': {
        const placeholders = list.map((v) => this.bind(v, SQL_CAST[attribute.type])).join(', ');
        return atom(`${value} ${operator === 'in' ? 'IN' : 'NOT IN'} (${placeholders})`);
      }
      case 'starts_with':
      case 'not starts_with': {
        const [prefix] = list;
        if (prefix.kind !== 'text') {
          throw invalidExpression(
            `right-hand side of ${JSON.stringify(operator)} operator must be a literal string (got: ${prefix.value})`,
          );
        }
        const pattern = this.bind({ kind: 'text', value: escapeLikePrefix(prefix.value) }, 'text');
        return atom(`${value} ${operator === 'starts_with' ? 'LIKE' : 'NOT LIKE'} ${pattern} ESCAPE '!'`);
      }
      default: {
        const sqlOperator = operator === '!=' ? '<>' : operator;
        const [single] = list;
        if (single.kind === 'status' && operator !== '=' && operator !== '!=') {
          return atom(`${STATUS_CODE_SQL} ${sqlOperator} ${this.bindRaw(single.code, 'integer')}`);
        }
        return atom(`${value} ${sqlOperator} ${this.bind(single, SQL_CAST[attribute.type])}`);
      }
    }
  }

  /** KeywordList `=` is "contains"; IN is "contains any"; the negations are NOT of those. */
  private keywordListComparison(
    attribute: ResolvedAttribute,
    operator: ComparisonOperator,
    list: TypedValue[],
  ): Sql {
    const array = this.value(attribute);
    const contains = list.map((v) => `${array} @> jsonb_build_array(${this.bind(v, 'text')})`);
    const any = contains.length === 1 ? contains[0] : `(${contains.join(' OR ')})`;
    return operator === '=' || operator === 'in'
      ? atom(any)
      : { sql: `NOT ${any}`, precedence: Precedence.Not };
  }

  /**
   * Text `=` matches if any space-separated word of the value occurs in the attribute (the real server's
   * `col @@ 'w1 | w2'::tsquery`). We use the 'simple' configuration on both sides, so the match is
   * case-insensitive and punctuation cannot make the tsquery invalid.
   */
  private textComparison(attribute: ResolvedAttribute, operator: ComparisonOperator, value: TypedValue): Sql {
    const words = String(value.value)
      .split(' ')
      .filter((word) => word !== '');
    if (words.length === 0) {
      throw invalidExpression('unexpected value for Text type search attribute (no tokens found)');
    }
    const document = this.value(attribute);
    const tsQuery = words
      .map((word) => `plainto_tsquery('simple', ${this.bind({ kind: 'text', value: word }, 'text')})`)
      .join(' || ');
    const match = `${document} @@ (${tsQuery})`;
    return operator === '=' ? atom(match) : { sql: `NOT ${match}`, precedence: Precedence.Not };
  }

  private between(left: Operand, negated: boolean, fromOperand: Operand, toOperand: Operand): Sql {
    const attribute = this.resolveColumn(left);
    if (!RANGE_TYPES.includes(attribute.type)) {
      throw invalidExpression(
        `cannot do range condition on search attribute '${attribute.alias}' of type ${attribute.type}`,
      );
    }
    const from = parseValues(fromOperand, attribute);
    const to = parseValues(toOperand, attribute);
    if (Array.isArray(from) || Array.isArray(to)) {
      throw invalidExpression('BETWEEN needs single values, not lists');
    }
    const keyword = negated ? 'NOT BETWEEN' : 'BETWEEN';
    if (from.kind === 'status' && to.kind === 'status') {
      return atom(
        `${STATUS_CODE_SQL} ${keyword} ${this.bindRaw(from.code, 'integer')} AND ${this.bindRaw(to.code, 'integer')}`,
      );
    }
    const cast = SQL_CAST[attribute.type];
    return atom(`${this.value(attribute)} ${keyword} ${this.bind(from, cast)} AND ${this.bind(to, cast)}`);
  }

  private isNull(
    left: Operand,
    test: 'null' | 'not null' | 'true' | 'not true' | 'false' | 'not false',
  ): Sql {
    const attribute = this.resolveColumn(left);
    if (test !== 'null' && test !== 'not null') {
      throw invalidExpression("'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL'");
    }
    if (attribute.storage.kind === 'json') {
      // A JSON null counts as absent, as it does for the real server's generated columns.
      const type = `COALESCE(jsonb_typeof(search_attributes -> ${this.key(attribute.storage.key)}), 'null')`;
      return atom(`${type} ${test === 'null' ? '=' : '<>'} 'null'`);
    }
    return atom(`${this.value(attribute)} ${test === 'null' ? 'IS NULL' : 'IS NOT NULL'}`);
  }

  /** The SQL expression for an attribute's value, typed for comparison with a bound parameter. */
  private value(attribute: ResolvedAttribute): string {
    const storage = attribute.storage;
    switch (storage.kind) {
      case 'column':
        return storage.column;
      case 'executionDuration':
        return '(EXTRACT(EPOCH FROM (close_time - execution_time)) * 1000000000)';
      case 'notRecorded':
        throw notSupported(
          `search attribute ${attribute.alias} is not recorded by the embedded visibility store`,
        );
      case 'json':
        break;
    }
    const key = this.key(storage.key);
    const json = `search_attributes -> ${key}`;
    const text = `search_attributes ->> ${key}`;
    switch (attribute.type) {
      case 'Keyword':
        return `(${text})`;
      case 'KeywordList':
        return `(${json})`;
      case 'Text':
        return `to_tsvector('simple', ${text})`;
      case 'Int':
      case 'Double':
        return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric END)`;
      case 'Bool':
        return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN (${text})::boolean END)`;
      case 'Datetime':
        return (
          `(CASE WHEN jsonb_typeof(${json}) = 'string' AND (${text}) ~ ${TIMESTAMP_SHAPE} ` +
          `THEN (${text})::timestamptz END)`
        );
    }
  }

  private key(name: string): string {
    let placeholder = this.keyPlaceholders.get(name);
    if (!placeholder) {
      placeholder = this.bindRaw(name, 'text');
      this.keyPlaceholders.set(name, placeholder);
    }
    return placeholder;
  }

  private bind(value: TypedValue, cast: string): string {
    return this.bindRaw(value.value, cast);
  }

  private bindRaw(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.firstParamIndex + this.params.length - 1}::${cast}`;
  }
}

function wrap(part: Sql, context: Precedence): string {
  return part.precedence < context ? `(${part.sql})` : part.sql;
}

/** STARTS_WITH becomes LIKE 'prefix%' with '!' as the escape character, as in the real SQL store. */
function escapeLikePrefix(prefix: string): string {
  return `${prefix.replace(/[%_!]/g, (c) => `!${c}`)}%`;
}

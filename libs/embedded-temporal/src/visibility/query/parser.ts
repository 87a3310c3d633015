/**
 * Tokenizer and recursive-descent parser for Temporal's List Filter language: the WHERE clause of a MySQL
 * SELECT (the real server parses `select * from table1 where <query>` with its fork of vitess' sqlparser),
 * followed by optional GROUP BY, ORDER BY and LIMIT clauses.
 *
 * The parser only builds a syntax tree; deciding what is allowed (which attributes, which operators for which
 * types, which values) is the translator's job, exactly as in the real server, so that the error messages of
 * both stages match theirs.
 */
import { malformedQuery } from './errors';

// ---------------------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------------------

/** A leaf of a condition: what may stand on either side of an operator. */
export type Operand =
  | { kind: 'column'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'tuple'; items: Operand[] }
  | { kind: 'function'; name: string }
  /** A parenthesised boolean expression used where a value was expected, e.g. `(a = 1) = 2`. */
  | { kind: 'expression'; expr: Expr };

/** Operators as the real server names them after parsing (`<>` is normalised to `!=`). */
export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '<=>'
  | 'in'
  | 'not in'
  | 'like'
  | 'not like'
  | 'regexp'
  | 'not regexp'
  | 'starts_with'
  | 'not starts_with';

export type Expr =
  | { kind: 'and'; operands: Expr[] }
  | { kind: 'or'; operands: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'paren'; expr: Expr }
  | { kind: 'comparison'; left: Operand; operator: ComparisonOperator; right: Operand }
  | { kind: 'between'; left: Operand; negated: boolean; from: Operand; to: Operand }
  | { kind: 'is'; left: Operand; test: 'null' | 'not null' | 'true' | 'not true' | 'false' | 'not false' }
  /** An operand standing alone where a condition was expected, e.g. `WorkflowId` or `'abc'`. */
  | { kind: 'bare'; operand: Operand };

export interface OrderByItem {
  operand: Operand;
  descending: boolean;
}

export interface ParsedQuery {
  where?: Expr;
  groupBy: Operand[];
  orderBy: OrderByItem[];
  hasHaving: boolean;
  hasLimit: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------------------

type TokenKind = 'identifier' | 'keyword' | 'string' | 'number' | 'symbol' | 'eof';

interface Token {
  kind: TokenKind;
  /** Keywords upper-cased, identifiers and strings decoded, symbols and numbers as written. */
  value: string;
  /** The source text, for "near '...'" in syntax errors. */
  raw: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'BETWEEN',
  'LIKE',
  'REGEXP',
  'STARTS_WITH',
  'ORDER',
  'GROUP',
  'BY',
  'ASC',
  'DESC',
  'LIMIT',
  'OFFSET',
  'HAVING',
  'WHERE',
  'SELECT',
  'FROM',
]);

const SYMBOLS = ['<=>', '<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '-', '+'];

// MySQL's backslash escapes, as sqlparser decodes them; any other escaped character stands for itself.
const STRING_ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
};

/** How far into the real server's synthetic statement the user's query starts, for error positions. */
interface PositionContext {
  offset: number;
}

class Tokenizer {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly context: PositionContext,
  ) {}

  tokenize(): Token[] {
    const tokens: Token[] = [];
    for (;;) {
      const token = this.next();
      tokens.push(token);
      if (token.kind === 'eof') return tokens;
    }
  }

  private next(): Token {
    const src = this.source;
    while (this.pos < src.length && /\s/.test(src[this.pos])) this.pos++;
    const start = this.pos;
    if (start >= src.length) return { kind: 'eof', value: '', raw: '', start, end: start };
    const ch = src[start];

    if (/[A-Za-z_$@]/.test(ch)) {
      let end = start + 1;
      while (end < src.length && /[A-Za-z0-9_$@]/.test(src[end])) end++;
      this.pos = end;
      const raw = src.slice(start, end);
      const upper = raw.toUpperCase();
      if (KEYWORDS.has(upper)) return { kind: 'keyword', value: upper, raw, start, end };
      return { kind: 'identifier', value: raw, raw, start, end };
    }
    if (ch === '`') return this.quoted('`', 'identifier');
    if (ch === "'" || ch === '"') return this.quoted(ch, 'string');
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[start + 1] ?? ''))) return this.number();

    for (const symbol of SYMBOLS) {
      if (src.startsWith(symbol, start)) {
        this.pos = start + symbol.length;
        return { kind: 'symbol', value: symbol, raw: symbol, start, end: this.pos };
      }
    }
    throw syntaxError(this.context, start + 1, ch);
  }

  /** A quoted string or backtick identifier; the delimiter doubled stands for itself. */
  private quoted(delimiter: string, kind: 'string' | 'identifier'): Token {
    const src = this.source;
    const start = this.pos;
    let value = '';
    let i = start + 1;
    for (;;) {
      if (i >= src.length) throw syntaxError(this.context, src.length + 1, src.slice(start));
      const ch = src[i];
      if (ch === delimiter) {
        if (src[i + 1] === delimiter) {
          value += delimiter;
          i += 2;
          continue;
        }
        i++;
        break;
      }
      if (ch === '\\' && kind === 'string') {
        if (i + 1 >= src.length) throw syntaxError(this.context, src.length + 1, src.slice(start));
        const escaped = src[i + 1];
        value += STRING_ESCAPES[escaped] ?? escaped;
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    this.pos = i;
    return { kind, value, raw: src.slice(start, i), start, end: i };
  }

  private number(): Token {
    const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(this.source.slice(this.pos));
    // The caller only gets here on a digit or ".digit", so the pattern always matches.
    const text = match ? match[0] : '';
    const start = this.pos;
    this.pos += text.length;
    // "123abc" is not a number followed by a name: sqlparser rejects it, and so do we.
    if (/[A-Za-z_$@]/.test(this.source[this.pos] ?? '')) {
      throw syntaxError(this.context, this.pos + 1, this.source.slice(start, this.pos + 1));
    }
    return { kind: 'number', value: text, raw: text, start, end: this.pos };
  }
}

function syntaxError(context: PositionContext, position: number, near?: string) {
  const at = `syntax error at position ${context.offset + position}`;
  return malformedQuery(near === undefined || near === '' ? at : `${at} near '${near}'`);
}

// ---------------------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------------------

/** Nesting deeper than this is refused rather than risking the stack: no real filter comes close. */
const MAX_NESTING = 100;

const COMPARISON_SYMBOLS: Record<string, ComparisonOperator> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '<=>': '<=>',
};

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly context: PositionContext,
  ) {}

  parseQuery(): ParsedQuery {
    const query: ParsedQuery = { groupBy: [], orderBy: [], hasHaving: false, hasLimit: false };
    if (!this.isKeyword('GROUP') && !this.isKeyword('ORDER') && this.peek().kind !== 'eof') {
      query.where = this.parseOr();
    }
    if (this.acceptKeyword('GROUP')) {
      this.expectKeyword('BY');
      query.groupBy.push(this.parseOperand());
      while (this.acceptSymbol(',')) query.groupBy.push(this.parseOperand());
    }
    if (this.acceptKeyword('HAVING')) {
      query.hasHaving = true;
      this.parseOr();
    }
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do {
        const operand = this.parseOperand();
        let descending = false;
        if (this.acceptKeyword('DESC')) descending = true;
        else this.acceptKeyword('ASC');
        query.orderBy.push({ operand, descending });
      } while (this.acceptSymbol(','));
    }
    if (this.acceptKeyword('LIMIT')) {
      query.hasLimit = true;
      this.expectKind('number');
      if (this.acceptSymbol(',') || this.acceptKeyword('OFFSET')) this.expectKind('number');
    }
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return query;
  }

  // expr := and (OR and)*
  private parseOr(): Expr {
    const operands = [this.parseAnd()];
    while (this.acceptKeyword('OR')) operands.push(this.parseAnd());
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  // and := not (AND not)*      -- AND binds tighter than OR, as in SQL
  private parseAnd(): Expr {
    const operands = [this.parseNot()];
    while (this.acceptKeyword('AND')) operands.push(this.parseNot());
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  // not := NOT not | predicate
  private parseNot(): Expr {
    if (this.acceptKeyword('NOT')) {
      this.enter();
      const expr = this.parseNot();
      this.depth--;
      return { kind: 'not', expr };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Expr {
    const left = this.parseOperand();
    const token = this.peek();

    if (token.kind === 'symbol' && token.value in COMPARISON_SYMBOLS) {
      this.index++;
      return {
        kind: 'comparison',
        left,
        operator: COMPARISON_SYMBOLS[token.value],
        right: this.parseOperand(),
      };
    }
    if (this.acceptKeyword('IN'))
      return { kind: 'comparison', left, operator: 'in', right: this.parseTuple() };
    if (this.acceptKeyword('LIKE'))
      return { kind: 'comparison', left, operator: 'like', right: this.parseOperand() };
    if (this.acceptKeyword('REGEXP')) {
      return { kind: 'comparison', left, operator: 'regexp', right: this.parseOperand() };
    }
    if (this.acceptKeyword('STARTS_WITH')) {
      return { kind: 'comparison', left, operator: 'starts_with', right: this.parseOperand() };
    }
    if (this.acceptKeyword('BETWEEN')) return this.parseBetween(left, false);
    if (this.acceptKeyword('NOT')) {
      if (this.acceptKeyword('IN'))
        return { kind: 'comparison', left, operator: 'not in', right: this.parseTuple() };
      if (this.acceptKeyword('LIKE')) {
        return { kind: 'comparison', left, operator: 'not like', right: this.parseOperand() };
      }
      if (this.acceptKeyword('REGEXP')) {
        return { kind: 'comparison', left, operator: 'not regexp', right: this.parseOperand() };
      }
      if (this.acceptKeyword('STARTS_WITH')) {
        return { kind: 'comparison', left, operator: 'not starts_with', right: this.parseOperand() };
      }
      if (this.acceptKeyword('BETWEEN')) return this.parseBetween(left, true);
      throw this.unexpected();
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      const what = this.peek();
      if (
        what.kind === 'keyword' &&
        (what.value === 'NULL' || what.value === 'TRUE' || what.value === 'FALSE')
      ) {
        this.index++;
        const base = what.value.toLowerCase() as 'null' | 'true' | 'false';
        return { kind: 'is', left, test: negated ? `not ${base}` : base };
      }
      throw this.unexpected();
    }
    // A parenthesised condition, e.g. `(A OR B)`.
    if (left.kind === 'expression') return { kind: 'paren', expr: left.expr };
    return { kind: 'bare', operand: left };
  }

  private parseBetween(left: Operand, negated: boolean): Expr {
    const from = this.parseOperand();
    this.expectKeyword('AND');
    const to = this.parseOperand();
    return { kind: 'between', left, negated, from, to };
  }

  /** `( item, item, ... )` after IN: always a tuple, even with one item. */
  private parseTuple(): Operand {
    this.expectSymbol('(');
    this.enter();
    const items = [this.parseTupleItem()];
    while (this.acceptSymbol(',')) items.push(this.parseTupleItem());
    this.expectSymbol(')');
    this.depth--;
    return { kind: 'tuple', items };
  }

  private parseTupleItem(): Operand {
    return asOperand(this.parseOr());
  }

  private parseOperand(): Operand {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.index++;
        return { kind: 'string', value: token.value };
      case 'number':
        this.index++;
        return { kind: 'number', text: token.value };
      case 'identifier':
        this.index++;
        if (this.isSymbol('(')) return this.parseFunction(token.value);
        return { kind: 'column', name: token.value };
      case 'keyword':
        if (token.value === 'TRUE' || token.value === 'FALSE') {
          this.index++;
          return { kind: 'bool', value: token.value === 'TRUE' };
        }
        if (token.value === 'NULL') {
          this.index++;
          return { kind: 'null' };
        }
        throw this.unexpected();
      case 'symbol':
        if (token.value === '-' || token.value === '+') {
          // A signed number literal; sqlparser has no other use for a sign in a filter.
          const number = this.tokens[this.index + 1];
          if (number.kind !== 'number') throw this.unexpected(number);
          this.index += 2;
          return { kind: 'number', text: token.value === '-' ? `-${number.value}` : number.value };
        }
        if (token.value === '(') return this.parseParenthesised();
        throw this.unexpected();
      case 'eof':
        throw this.unexpected();
    }
  }

  /** `( expr )` is a condition in brackets; `( a, b )` is a tuple (only meaningful after IN). */
  private parseParenthesised(): Operand {
    this.expectSymbol('(');
    this.enter();
    const first = this.parseOr();
    let result: Operand;
    if (this.isSymbol(',')) {
      const items = [asOperand(first)];
      while (this.acceptSymbol(',')) items.push(this.parseTupleItem());
      result = { kind: 'tuple', items };
    } else {
      result = { kind: 'expression', expr: first };
    }
    this.expectSymbol(')');
    this.depth--;
    return result;
  }

  /** Functions are never allowed, but they parse, so that the error says so instead of "syntax error". */
  private parseFunction(name: string): Operand {
    this.expectSymbol('(');
    this.enter();
    if (!this.acceptSymbol(')')) {
      this.parseOr();
      while (this.acceptSymbol(',')) this.parseOr();
      this.expectSymbol(')');
    }
    this.depth--;
    return { kind: 'function', name };
  }

  private enter() {
    this.depth++;
    if (this.depth > MAX_NESTING) {
      throw malformedQuery(`expression is nested more than ${MAX_NESTING} levels deep`);
    }
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.value === value;
  }

  private isSymbol(value: string): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && token.value === value;
  }

  private acceptKeyword(value: string): boolean {
    if (!this.isKeyword(value)) return false;
    this.index++;
    return true;
  }

  private acceptSymbol(value: string): boolean {
    if (!this.isSymbol(value)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(value: string) {
    if (!this.acceptKeyword(value)) throw this.unexpected();
  }

  private expectSymbol(value: string) {
    if (!this.acceptSymbol(value)) throw this.unexpected();
  }

  private expectKind(kind: TokenKind) {
    if (this.peek().kind !== kind) throw this.unexpected();
    this.index++;
  }

  /** sqlparser reports the position just past the offending token, counted from 1. */
  private unexpected(token: Token = this.peek()) {
    if (token.kind === 'eof') return syntaxError(this.context, token.end + 1);
    return syntaxError(this.context, token.end + 1, token.raw);
  }
}

function asOperand(expr: Expr): Operand {
  return expr.kind === 'bare' ? expr.operand : { kind: 'expression', expr };
}

/**
 * Parses a List Filter query. Throws InvalidVisibilityQueryError ("malformed SQL query: ...") on syntax
 * errors; positions are counted, like the real server's, in the statement `select * from table1 where <query>`.
 */
export function parseVisibilityQuery(query: string): ParsedQuery {
  const trimmed = query.trim();
  const lower = trimmed.toLowerCase();
  const hasWhere = trimmed !== '' && !/^(order|group)\s+by\b/.test(lower);
  const context: PositionContext = {
    offset: hasWhere ? 'select * from table1 where '.length : 'select * from table1 '.length,
  };
  const tokens = new Tokenizer(trimmed, context).tokenize();
  return new Parser(tokens, context).parseQuery();
}

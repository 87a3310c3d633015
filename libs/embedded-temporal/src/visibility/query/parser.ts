/**
 * Recursive-descent parser for Temporal's List Filter language: the WHERE clause of a MySQL SELECT (the
 * real server parses `select * from table1 where <query>` with its fork of vitess' sqlparser), followed by
 * optional GROUP BY, ORDER BY and LIMIT clauses. Its tokens come from tokenizer.ts; the tree it builds is
 * in syntax-tree.ts.
 *
 * The parser only builds a syntax tree; deciding what is allowed (which attributes, which operators for which
 * types, which values) is the translator's job, exactly as in the real server, so that the error messages of
 * both stages match theirs.
 */
import { malformedQuery } from './errors';
import type { ComparisonOperator, Expr, Operand, ParsedQuery } from './syntax-tree';
import { type PositionContext, syntaxError, type Token, Tokenizer, type TokenKind } from './tokenizer';

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

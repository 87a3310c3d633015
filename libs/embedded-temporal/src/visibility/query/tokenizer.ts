/**
 * The tokenizer of the List Filter language: MySQL's identifiers (bare or in backticks), keywords, quoted
 * strings with MySQL's backslash escapes, numbers and operator symbols, each with its place in the source
 * for the "syntax error at position N near '...'" messages the real server's sqlparser gives.
 */
import { malformedQuery } from './errors';

export type TokenKind = 'identifier' | 'keyword' | 'string' | 'number' | 'symbol' | 'eof';

export interface Token {
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
export interface PositionContext {
  offset: number;
}

export class Tokenizer {
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

/** A syntax error as sqlparser words it: the position is counted from 1 in the whole statement. */
export function syntaxError(context: PositionContext, position: number, near?: string) {
  const at = `syntax error at position ${context.offset + position}`;
  return malformedQuery(near === undefined || near === '' ? at : `${at} near '${near}'`);
}

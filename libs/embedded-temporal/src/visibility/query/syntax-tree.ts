/**
 * The syntax tree of a List Filter query, as the parser builds it: conditions (Expr) over operands, and the
 * GROUP BY, ORDER BY and LIMIT that may follow. Nothing here says what is allowed; the translator decides.
 */

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

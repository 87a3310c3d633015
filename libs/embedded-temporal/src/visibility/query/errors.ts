/**
 * The error a List Filter query raises when it cannot be translated. Its message follows the real Temporal
 * server's wording ("invalid query: <category>: <detail>") so that clients and their tests see what they would
 * see against a real server; the gRPC layer maps it to INVALID_ARGUMENT.
 */
export class InvalidVisibilityQueryError extends Error {
  /** The message without the "invalid query: " prefix, as the real server's converter builds it. */
  readonly detail: string;

  constructor(detail: string) {
    super(`invalid query: ${detail}`);
    this.name = 'InvalidVisibilityQueryError';
    this.detail = detail;
  }
}

// The three categories the real server's converter prefixes its messages with.
const MALFORMED_SQL_QUERY = 'malformed SQL query';
const NOT_SUPPORTED = 'operation is not supported';
const INVALID_EXPRESSION = 'invalid expression';

export function malformedQuery(detail: string): InvalidVisibilityQueryError {
  return new InvalidVisibilityQueryError(`${MALFORMED_SQL_QUERY}: ${detail}`);
}

export function notSupported(detail: string): InvalidVisibilityQueryError {
  return new InvalidVisibilityQueryError(`${NOT_SUPPORTED}: ${detail}`);
}

export function invalidExpression(detail: string): InvalidVisibilityQueryError {
  return new InvalidVisibilityQueryError(`${INVALID_EXPRESSION}: ${detail}`);
}

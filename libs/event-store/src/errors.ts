/** Typed errors of the event store: callers branch on the class, people read the message. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** A writer lost the race for a stream: nothing was written. */
export class ConcurrencyConflictError extends EventStoreError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, but version ${expectedVersion} was expected`);
    this.name = 'ConcurrencyConflictError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
    this.name = 'StreamNotFoundError';
  }
}

/** The caller sent something the store refuses to write or read (bad id, negative version, non-JSON data, ...). */
export class InvalidEventStoreInputError extends EventStoreError {
  readonly code = 'INVALID_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventStoreInputError';
  }
}

/**
 * An event id reappears with different content, or a retry repeats only part of an earlier append: a bug in
 * the caller, never something to paper over.
 */
export class IdempotencyViolationError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_VIOLATION';
  constructor(message: string) {
    super(message);
    this.name = 'IdempotencyViolationError';
  }
}

/**
 * SQLSTATE classes of a write PostgreSQL refuses because of what is written, so the same input fails the
 * same way on every retry: 22 data exception (e.g. 22P02 invalid JSON such as a lone surrogate, 22021 an
 * invalid byte sequence, 22P05 a NUL), 23 integrity constraint violation, 54 program limit exceeded (a row or
 * an append too large). Not: 08 connection, 40 serialization failure / deadlock, 53 insufficient resources,
 * 55 lock not available, 57 operator intervention (shutdown, cancel), 58 I/O, XX internal, nor 42 (a missing
 * table or privilege: an operator or a deploy cures it), which a retry may get past.
 */
const REFUSED_WRITE_CLASSES = new Set(['22', '23', '54']);

/**
 * Why the store refused a write for good, or undefined when a retry may succeed (a transient or unknown
 * error): the SQLSTATE of a refusal by PostgreSQL, or INVALID_INPUT for the store's own checks.
 */
export function writeRefusal(error: unknown): string | undefined {
  if (error instanceof InvalidEventStoreInputError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return REFUSED_WRITE_CLASSES.has(code.slice(0, 2)) ? code : undefined;
}

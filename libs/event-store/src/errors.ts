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

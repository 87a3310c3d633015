/**
 * The spec is malformed. The real server answers such a spec with gRPC INVALID_ARGUMENT and the message
 * "Invalid schedule spec: <reason>"; `message` is exactly that and `reason` is the part after the prefix.
 */
export class InvalidScheduleSpecError extends Error {
  readonly grpcCode = 'INVALID_ARGUMENT' as const;

  constructor(readonly reason: string) {
    super(`Invalid schedule spec: ${reason}`);
    this.name = 'InvalidScheduleSpecError';
  }
}

/**
 * The search for the next time gave up: exclusions rejected every candidate for too long. The real server
 * returns this text as INVALID_ARGUMENT from ListScheduleMatchingTimes when its (optional) limit is hit.
 */
export class ScheduleSpecComputeLimitError extends Error {
  readonly grpcCode = 'INVALID_ARGUMENT' as const;

  constructor(readonly iterations: number) {
    super('the schedule calendar specification has too many exclusions. Please modify the specification.');
    this.name = 'ScheduleSpecComputeLimitError';
  }
}

/** A problem in one spec element; the caller wraps it into InvalidScheduleSpecError. */
export class SpecProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecProblem';
  }
}

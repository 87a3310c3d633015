/**
 * The compile-time mirror between a request body and its domain command: each stage's file ends with one
 * `Check<Mirrors<Dto, Command>>` per body, so a field added to a command and forgotten in its DTO (or the
 * reverse) fails the build.
 */

/** Same keys and compatible types both ways (the DTO's own `reason` and `lateRecordingReason` aside). */
export type Mirrors<Dto, Data> = [Exclude<keyof Dto, 'reason' | 'lateRecordingReason'>] extends [keyof Data]
  ? [Exclude<keyof Data, 'reason'>] extends [keyof Dto]
    ? [Omit<Dto, 'reason' | 'lateRecordingReason'>] extends [Omit<Data, 'reason'>]
      ? [Omit<Data, 'reason' | 'caseId'>] extends [Omit<Dto, 'reason' | 'lateRecordingReason'>]
        ? true
        : 'data does not fit the DTO'
      : 'DTO does not fit the data'
    : 'DTO lacks a field'
  : 'DTO has an extra field';

export type Check<T extends true> = T;

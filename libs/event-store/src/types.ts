/** Who caused an event and why: the audit trail an auditor reads. */
export interface EventMetadata {
  actorId: string;
  role: string;
  agency?: string;
  /** Reason or reference, e.g. a letter number or the justification for a departure. */
  reason?: string;
  correlationId?: string;
  causationId?: string;
  [extra: string]: unknown;
}

/** An event as a writer proposes it. The id is chosen by the writer so that a retry is recognisable. */
export interface NewEvent<Data = unknown> {
  id: string;
  type: string;
  /** Defaults to 1. Older versions are upcast on read. */
  schemaVersion?: number;
  data: Data;
  metadata: EventMetadata;
  /** Business time (ISO-8601): when it happened in the world. */
  occurredAt: string;
}

export interface StoredEvent<Data = unknown> {
  id: string;
  streamId: string;
  /** 1 for the first event of a stream. */
  version: number;
  /** Order across all streams, equal to commit order. */
  position: number;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: string;
  /** Database time when the event was committed to the store. */
  recordedAt: string;
  previousHash: string;
  hash: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  /** Position of each appended event, in the order given. */
  positions: number[];
  /** True when every event had been appended before: nothing was written. */
  alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only events recorded strictly before this instant (ISO-8601): the stream as it was then. */
  recordedBefore?: string;
}

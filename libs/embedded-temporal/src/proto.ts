/**
 * The Temporal API as shipped in `@temporalio/proto`: one protobufjs root (reflection, JSON descriptors)
 * plus the generated TypeScript interfaces. Everything else in this library reads messages through here.
 */
import Long from 'long';
import { google, temporal } from '@temporalio/proto';
// The package's CommonJS export *is* the patched protobufjs Root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const root = require('@temporalio/proto') as import('protobufjs').Root;

export { google, root, temporal };

export const api = temporal.api;
export const enums = temporal.api.enums.v1;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Payload = temporal.api.common.v1.IPayload;
export type Failure = temporal.api.failure.v1.IFailure;
export type Timestamp = google.protobuf.ITimestamp;
export type Duration = google.protobuf.IDuration;

export const HistoryEventType = temporal.api.history.v1.HistoryEvent;

/** protobufjs decodes int64 as Long; our state uses plain numbers (event ids and milliseconds fit). */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (Long.isLong(value)) return value.toNumber();
  return Number(value);
}

export function tsFromMs(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) } as unknown as Timestamp;
}

export function msFromTs(ts: Timestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  return num(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

export function durFromMs(ms: number): Duration {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) } as unknown as Duration;
}

/** Milliseconds of a protobuf Duration; 0 when unset (Temporal's "no timeout"). */
export function msFromDur(d: Duration | null | undefined): number {
  if (!d) return 0;
  return num(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

/** Encodes a message of the given fully-qualified type to bytes. */
export function encodeMessage(typeName: string, value: object): Uint8Array {
  const type = root.lookupType(typeName);
  return type.encode(value).finish();
}

export function decodeMessage<T>(typeName: string, bytes: Uint8Array): T {
  return root.lookupType(typeName).decode(bytes) as unknown as T;
}

export function encodeEvent(event: HistoryEvent): Buffer {
  return Buffer.from(HistoryEventType.encode(event).finish());
}

export function decodeEvent(bytes: Uint8Array): HistoryEvent {
  return HistoryEventType.decode(bytes);
}

/** A protobuf `Any` holding a Temporal message. */
export function packAny(typeName: string, value: object): google.protobuf.IAny {
  return { type_url: `type.googleapis.com/${typeName}`, value: encodeMessage(typeName, value) } as never;
}

/** Base64 round trip for messages kept inside the JSON mutable state. */
export function toB64(typeName: string, value: object): string {
  return Buffer.from(encodeMessage(typeName, value)).toString('base64');
}

export function fromB64<T>(typeName: string, b64: string): T {
  return decodeMessage<T>(typeName, Buffer.from(b64, 'base64'));
}

export const T = {
  Payloads: 'temporal.api.common.v1.Payloads',
  Payload: 'temporal.api.common.v1.Payload',
  Failure: 'temporal.api.failure.v1.Failure',
  Memo: 'temporal.api.common.v1.Memo',
  SearchAttributes: 'temporal.api.common.v1.SearchAttributes',
  Header: 'temporal.api.common.v1.Header',
  RetryPolicy: 'temporal.api.common.v1.RetryPolicy',
  UpdateRequest: 'temporal.api.update.v1.Request',
  UpdateOutcome: 'temporal.api.update.v1.Outcome',
  HistoryEvent: 'temporal.api.history.v1.HistoryEvent',
} as const;

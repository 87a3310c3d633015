/**
 * A workflow task's history sent as the bytes its events already are. The events a poll response carries
 * were encoded when they were written (the event tail and `history_events` hold those bytes) or when a
 * speculative or transient task built them (kept base64 in the state): decoding them into objects only for
 * the gRPC front to encode them again cost the update round trip's critical path both ways, before the worker
 * got its task (bench/notes/s17-update-rtt.md).
 *
 * The response carries its `history` field (a `History`, field 8 of PollWorkflowTaskQueueResponse) as one raw
 * field in protobufjs' preserved unknown fields (`$unknowns`), which its encoders write after the known fields.
 * Protobuf readers take fields in any order, so the wire message is the same as with `history` set.
 */
import { root } from '../proto';

const HISTORY_FIELD = root.lookupType('temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse').fields
  .history.id;
/** `History.events`, field 1, length-delimited. */
const EVENTS_TAG = (1 << 3) | 2;

/**
 * `response` (a PollWorkflowTaskQueueResponse without `history`) with `encodedEvents` as its history; the
 * caller's events must be complete encoded HistoryEvents, in order. The object has no `history` property: a
 * getter would be read (and decode every event) by the encoder's own `m.history != null` check. Nothing in
 * this process reads a poll response's history; the HTTP API and the tests read it through the wire format.
 */
export function withEncodedHistory<T extends object>(response: T, encodedEvents: readonly Uint8Array[]): T {
  return { ...response, $unknowns: [historyField(encodedEvents)] };
}

/** The whole `history` field: its tag, its length, then each event as `events` (tag, length, bytes). */
function historyField(encodedEvents: readonly Uint8Array[]): Buffer {
  let bodyLength = 0;
  for (const e of encodedEvents) bodyLength += 1 + varintLength(e.length) + e.length;
  const out = Buffer.allocUnsafe(
    varintLength((HISTORY_FIELD << 3) | 2) + varintLength(bodyLength) + bodyLength,
  );
  let at = writeVarint(out, 0, (HISTORY_FIELD << 3) | 2);
  at = writeVarint(out, at, bodyLength);
  for (const e of encodedEvents) {
    out[at++] = EVENTS_TAG;
    at = writeVarint(out, at, e.length);
    out.set(e, at);
    at += e.length;
  }
  return out;
}

function varintLength(n: number): number {
  let length = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    length++;
  }
  return length;
}

function writeVarint(out: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[at++] = n;
  return at;
}

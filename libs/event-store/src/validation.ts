/** What EventStore refuses before it talks to the database: ids, names, sizes and plain JSON. */
import { STREAM_ID_PATTERN } from '@netral/domain';
import type { CheckedEvent } from './append-statement';
import { InvalidEventStoreInputError } from './errors';
import type { NewEvent } from './types';

export const MAX_EVENT_BYTES = 256 * 1024;
export const MAX_EVENTS_PER_APPEND = 500;
const ID_PATTERN = STREAM_ID_PATTERN;

/** Refuses what the store does not take; answers each event's JSON text and normalised time for `prepare`. */
export function validateAppend(
  streamId: string,
  expectedVersion: number,
  events: readonly NewEvent[],
): CheckedEvent[] {
  validateId('stream id', streamId);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new InvalidEventStoreInputError(
      `expectedVersion must be a whole number >= 0 (0 for a new stream), got ${expectedVersion}`,
    );
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventStoreInputError('append needs at least one event');
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventStoreInputError(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
  }
  const seen = new Set<string>();
  const checked: CheckedEvent[] = [];
  for (const [i, e] of events.entries()) {
    const where = `event #${i + 1}`;
    validateId(`${where} id`, e.id);
    if (seen.has(e.id))
      throw new InvalidEventStoreInputError(`${where}: id ${e.id} appears twice in one append`);
    seen.add(e.id);
    if (typeof e.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.]{0,199}$/.test(e.type)) {
      throw new InvalidEventStoreInputError(`${where}: type must be a name like CaseRegistered`);
    }
    if (e.schemaVersion !== undefined && (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1)) {
      throw new InvalidEventStoreInputError(`${where}: schemaVersion must be a whole number >= 1`);
    }
    assertJson(`${where} data`, e.data);
    assertJson(`${where} metadata`, e.metadata);
    if (typeof e.metadata?.actorId !== 'string' || typeof e.metadata?.role !== 'string') {
      throw new InvalidEventStoreInputError(`${where}: metadata needs actorId and role`);
    }
    const occurredAt = parseInstant(`${where} occurredAt`, e.occurredAt);
    const data = JSON.stringify(e.data);
    const metadata = JSON.stringify(e.metadata);
    const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (size > MAX_EVENT_BYTES) {
      throw new InvalidEventStoreInputError(`${where} is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`);
    }
    checked.push({ data, metadata, occurredAt });
  }
  return checked;
}

export function validateId(what: string, id: unknown): void {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new InvalidEventStoreInputError(
      `${what} must be 1-200 characters of letters, digits and . _ : @ / -, got ${JSON.stringify(id)}`,
    );
  }
}

export function parseInstant(what: string, value: unknown): string {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidEventStoreInputError(`${what} must be an ISO-8601 date-time`);
  return new Date(ms).toISOString();
}

/** Only plain JSON is stored: no undefined, functions, NaN/Infinity, BigInt, class instances or cycles. */
function assertJson(what: string, value: unknown, path = '', seen = new Set<unknown>()): void {
  const at = path ? ` at ${path}` : '';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidEventStoreInputError(`${what} is not JSON: ${value}${at}`);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new InvalidEventStoreInputError(`${what} is not JSON: a cycle${at}`);
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        throw new InvalidEventStoreInputError(
          `${what} is not JSON: a ${value.constructor?.name ?? 'class'} object${at}`,
        );
      }
      seen.add(value);
      for (const [k, v] of Object.entries(value)) assertJson(what, v, `${path}.${k}`, seen);
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidEventStoreInputError(`${what} is not JSON: ${typeof value}${at}`);
  }
}

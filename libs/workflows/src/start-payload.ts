// A new case's start input ({ config }) as a pre-encoded payload (the SDK's RawValue), so that the API does
// not serialise the ~36 KB configuration again for every registration. Client side only. The bytes are
// exactly JSON.stringify({ config }) as the JSON payload converter writes it (start-payload.spec.ts), so the
// worker, replay and any payload codec (which still runs on a RawValue) see what they saw before.
import { encodingKeys, METADATA_ENCODING_KEY, type Payload, RawValue } from '@temporalio/common';
import type { CaseConfig } from './activities';

const encoder = new TextEncoder();

/** JSON text of deep-frozen objects (immutable, so their text never changes); undefined: not frozen. */
const frozenJson = new WeakMap<object, string | undefined>();
/** A number per cached object, to key a whole configuration by the identity of its parts. */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;
/** Payloads of whole configurations (one per agency's SKB 2022 reading, in practice), newest last. */
const payloads = new Map<string, RawValue>();
const MAX_PAYLOADS = 256;

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** The cached text of a deep-frozen object, or undefined when it may still change. */
function cachedJson(value: object): string | undefined {
  if (!frozenJson.has(value)) frozenJson.set(value, isDeepFrozen(value) ? JSON.stringify(value) : undefined);
  return frozenJson.get(value);
}

/** The start input of a new case (`{ config }`) as a payload, built once per configuration in force. */
export function startInputPayload(config: CaseConfig): RawValue {
  // A part's JSON text and its share of the cache key: a frozen object by identity, anything else by value.
  const parts: { key: string; json: string }[] = [];
  let cacheable = true;
  for (const [key, value] of Object.entries(config) as [string, unknown][]) {
    // JSON.stringify leaves out what has no JSON text (undefined, functions, symbols); so does this.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const frozen = typeof value === 'object' && value !== null ? cachedJson(value) : undefined;
    if (frozen !== undefined) {
      let id = identities.get(value as object);
      if (id === undefined) identities.set(value as object, (id = nextIdentity++));
      parts.push({ key: `${key}#${id}`, json: `${JSON.stringify(key)}:${frozen}` });
    } else {
      const json = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
      if (typeof value === 'object' && value !== null && json.length > 1024) cacheable = false;
      parts.push({ key: json, json });
    }
  }
  const cacheKey = parts.map((p) => p.key).join(',');
  const cached = cacheable ? payloads.get(cacheKey) : undefined;
  if (cached) return cached;
  const payload: Payload = {
    metadata: { [METADATA_ENCODING_KEY]: encodingKeys.METADATA_ENCODING_JSON },
    data: encoder.encode(`{"config":{${parts.map((p) => p.json).join(',')}}}`),
  };
  const raw = RawValue.fromPayload(payload);
  if (cacheable) {
    if (payloads.size >= MAX_PAYLOADS) payloads.delete(payloads.keys().next().value as string);
    payloads.set(cacheKey, raw);
  }
  return raw;
}

/**
 * Temporal's payload shorthand (api-go `common/v1/payload_json.go`): a `json/plain` payload is written as its
 * JSON value, `binary/null` as null, `json/protobuf` as the message's JSON with `_protoMessageType`; the long
 * form ({metadata, data} in base64) is read too.
 */
import { decodeBase64, type Json, JsonMappingError, type JsonObject } from './shared';

const utf8 = (b: unknown) => Buffer.from((b as Uint8Array) ?? []).toString('utf8');

/** The shorthand of one payload, or undefined when it has none (api-go Payload.toJSONShorthand). */
export function payloadShorthand(p: Record<string, unknown>): Json | undefined {
  const metadata = (p.metadata as Record<string, Uint8Array>) ?? {};
  const keys = Object.keys(metadata);
  const encoding = utf8(metadata.encoding);
  try {
    if (encoding === 'binary/null')
      return { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };
    if (encoding === 'json/plain' && keys.length === 1) return JSON.parse(utf8(p.data)) as Json;
    if (encoding === 'json/protobuf' && keys.length === 2 && metadata.messageType) {
      const value = JSON.parse(utf8(p.data)) as JsonObject;
      return { ...value, _protoMessageType: utf8(metadata.messageType) };
    }
  } catch {
    return undefined; // not valid JSON after all: the long form shows the bytes as they are
  }
  return undefined;
}

const bytesOf = (s: string) => Buffer.from(s, 'utf8');

/**
 * A payload in long form ({metadata, data} base64, exactly those keys) or shorthand: null is binary/null,
 * an object with `_protoMessageType` is json/protobuf, anything else is json/plain (api-go
 * Payload.fromJSONMaybeShorthand).
 */
export function payloadFromJson(json: unknown): unknown {
  if (json === null) return { metadata: { encoding: bytesOf('binary/null') } };
  if (typeof json === 'object' && !Array.isArray(json)) {
    const long = longFormPayload(json as JsonObject);
    if (long) return long;
    const { _protoMessageType: messageType, ...rest } = json as JsonObject;
    if (typeof messageType === 'string')
      return {
        metadata: { encoding: bytesOf('json/protobuf'), messageType: bytesOf(messageType) },
        data: bytesOf(JSON.stringify(rest)),
      };
  }
  return { metadata: { encoding: bytesOf('json/plain') }, data: bytesOf(JSON.stringify(json)) };
}

function longFormPayload(json: JsonObject): unknown {
  const keys = Object.keys(json);
  const metadata = json.metadata;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  if (typeof metadata.encoding !== 'string') return undefined;
  const onlyMetadata = keys.length === 1;
  if (!(keys.length === 2 && typeof json.data === 'string') && !onlyMetadata) return undefined;
  try {
    const decoded = Object.fromEntries(
      Object.entries(metadata).map(([k, v]) => {
        if (typeof v !== 'string') throw new JsonMappingError('metadata');
        return [k, decodeBase64(v, k)];
      }),
    );
    if (onlyMetadata && decoded.encoding.toString() !== 'binary/null') return undefined;
    return { metadata: decoded, data: onlyMetadata ? undefined : decodeBase64(json.data as string, 'data') };
  } catch {
    return undefined;
  }
}

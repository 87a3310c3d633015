/**
 * Proto3 JSON (https://protobuf.dev/programming-guides/json/) over the protobufjs reflection of
 * `@temporalio/proto`, as Temporal's HTTP API speaks it: lowerCamelCase names out (either name in), int64 as
 * strings, enums by name, bytes base64, Timestamp RFC 3339, Duration "1.5s", Any with "@type", wrappers and
 * Struct as plain values; plus Temporal's payload shorthand (api-go `common/v1/payload_json.go`): a
 * `json/plain` payload is its JSON value, `Payloads` an array of them, unless the caller asks for
 * `noPayloadShorthand`.
 */
import Long from 'long';
import type { Enum, Field, Type } from 'protobufjs';
import { root } from '../proto';

export class JsonMappingError extends Error {
  override readonly name = 'JsonMappingError';
}

export interface JsonOptions {
  /** Temporal's payload shorthand (default on, as the HTTP API). */
  payloadShorthand?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PAYLOAD = 'temporal.api.common.v1.Payload';
const PAYLOADS = 'temporal.api.common.v1.Payloads';
const WRAPPERS = new Set(
  ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map(
    (n) => `google.protobuf.${n}Value`,
  ),
);
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const SCALARS = new Set([...LONG_TYPES, ...INT_TYPES, 'double', 'float', 'bool', 'string', 'bytes']);

const fullName = (type: Type) => type.fullName.replace(/^\./, '');
export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A field of a message by its JSON (camelCase) or proto (snake_case) name. */
export function findField(type: Type, name: string): Field | undefined {
  const field = type.fields[name] ?? type.fields[camelCase(name)];
  field?.resolve();
  return field;
}

// ---------------------------------------------------------------------------------------------- output

/** A message (protobufjs instance or plain object of the type) as proto3 JSON. */
export function messageToJson(type: Type, message: object, options: JsonOptions = {}): Json {
  // Normalise through the wire format: handlers answer with plain objects (numbers, Buffers); decoding
  // gives message instances whose own properties are exactly the fields that are set.
  const normalised = type.decode(type.encode(message).finish());
  return toJson(type, normalised as unknown as Record<string, unknown>, options);
}

function toJson(type: Type, message: Record<string, unknown>, options: JsonOptions): Json {
  const name = fullName(type);
  const special = wellKnownToJson(name, type, message, options);
  if (special !== undefined) return special;
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    if (!Object.prototype.hasOwnProperty.call(message, field.name)) continue;
    const value = message[field.name];
    if (value === null || value === undefined) continue;
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (!entries.length) continue;
      out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v, options)]));
    } else if (field.repeated) {
      const items = value as unknown[];
      if (!items.length) continue;
      out[field.name] = items.map((v) => valueToJson(field, v, options));
    } else {
      out[field.name] = valueToJson(field, value, options);
    }
  }
  return out;
}

function valueToJson(field: Field, value: unknown, options: JsonOptions): Json {
  const resolved = field.resolvedType;
  if (resolved && 'values' in resolved) {
    const names = (resolved as Enum).valuesById;
    return names[value as number] ?? (value as number);
  }
  if (resolved) return toJson(resolved as Type, value as Record<string, unknown>, options);
  return scalarToJson(field.type, value);
}

function scalarToJson(type: string, value: unknown): Json {
  if (LONG_TYPES.has(type)) return Long.isLong(value) ? value.toString() : String(value);
  if (type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if (type === 'double' || type === 'float') {
    const n = value as number;
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return n;
  }
  return value as Json;
}

function wellKnownToJson(
  name: string,
  type: Type,
  message: Record<string, unknown>,
  options: JsonOptions,
): Json | undefined {
  switch (name) {
    case 'google.protobuf.Timestamp':
      return formatTimestamp(Number(longOf(message.seconds)), (message.nanos as number) ?? 0);
    case 'google.protobuf.Duration':
      return formatDuration(Number(longOf(message.seconds)), (message.nanos as number) ?? 0);
    case 'google.protobuf.Any':
      return anyToJson(message, options);
    case 'google.protobuf.Empty':
      return {};
    case 'google.protobuf.FieldMask':
      return ((message.paths as string[]) ?? []).map(camelCase).join(',');
    case 'google.protobuf.Struct':
      return structToJson(message);
    case 'google.protobuf.Value':
      return protoValueToJson(message);
    case 'google.protobuf.ListValue':
      return ((message.values as Record<string, unknown>[]) ?? []).map(protoValueToJson);
    case PAYLOAD:
      return options.payloadShorthand !== false ? payloadShorthand(message) : undefined;
    case PAYLOADS: {
      if (options.payloadShorthand === false) return undefined;
      const items = ((message.payloads as Record<string, unknown>[]) ?? []).map(payloadShorthand);
      // Shorthand only when every payload has one (api-go Payloads.MaybeMarshalProtoJSON).
      return items.every((i) => i !== undefined) ? (items as Json[]) : undefined;
    }
    default:
      if (WRAPPERS.has(name)) {
        const field = type.fields.value;
        return message.value === undefined
          ? defaultScalarJson(field.type)
          : scalarToJson(field.type, message.value);
      }
      return undefined;
  }
}

function defaultScalarJson(type: string): Json {
  if (LONG_TYPES.has(type)) return '0';
  if (type === 'bool') return false;
  if (type === 'string' || type === 'bytes') return '';
  return 0;
}

const longOf = (v: unknown) =>
  v === undefined || v === null ? 0 : Long.isLong(v) ? v.toString() : String(v);

function fraction(nanos: number): string {
  if (!nanos) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1_000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

export function formatTimestamp(seconds: number, nanos: number): string {
  const iso = new Date(seconds * 1000).toISOString(); // 2024-01-01T00:00:00.000Z
  return `${iso.slice(0, 19)}${fraction(nanos)}Z`;
}

export function formatDuration(seconds: number, nanos: number): string {
  const negative = seconds < 0 || nanos < 0;
  return `${negative ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
}

function anyToJson(message: Record<string, unknown>, options: JsonOptions): Json {
  const url = (message.type_url ?? message.typeUrl ?? '') as string;
  const inner = root.lookupType(url.slice(url.lastIndexOf('/') + 1));
  const decoded = inner.decode((message.value as Uint8Array) ?? new Uint8Array());
  const json = toJson(inner, decoded as unknown as Record<string, unknown>, options);
  // Well-known types inside Any keep their JSON form under "value" (proto3 JSON spec).
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { '@type': url, value: json };
  return { '@type': url, ...json };
}

function structToJson(message: Record<string, unknown>): Json {
  const fields = (message.fields as Record<string, Record<string, unknown>>) ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, protoValueToJson(v)]));
}

function protoValueToJson(v: Record<string, unknown>): Json {
  if ('structValue' in v && v.structValue) return structToJson(v.structValue as Record<string, unknown>);
  if ('listValue' in v && v.listValue)
    return ((v.listValue as { values?: Record<string, unknown>[] }).values ?? []).map(protoValueToJson);
  if ('stringValue' in v) return v.stringValue as string;
  if ('numberValue' in v) return v.numberValue as number;
  if ('boolValue' in v) return v.boolValue as boolean;
  return null;
}

const utf8 = (b: unknown) => Buffer.from((b as Uint8Array) ?? []).toString('utf8');

/** The shorthand of one payload, or undefined when it has none (api-go Payload.toJSONShorthand). */
function payloadShorthand(p: Record<string, unknown>): Json | undefined {
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

// ----------------------------------------------------------------------------------------------- input

/** Proto3 JSON to a protobufjs message of the type; throws JsonMappingError with the field's path. */
export function messageFromJson(type: Type, json: unknown, options: JsonOptions = {}): object {
  return type.fromObject(plainFromJson(type, json, options) as Record<string, unknown>);
}

/** Proto3 JSON to the plain object protobufjs's `fromObject` takes (Longs, Buffers, enum numbers). */
export function plainFromJson(type: Type, json: unknown, options: JsonOptions = {}): unknown {
  return fromJson(type, json, options, fullName(type));
}

function fromJson(type: Type, json: unknown, options: JsonOptions, path: string): unknown {
  const name = fullName(type);
  const special = wellKnownFromJson(name, type, json, options, path);
  if (special !== undefined) return special;
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new JsonMappingError(`${path}: expected an object for ${name}`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json as JsonObject)) {
    const field = findField(type, key);
    if (!field) throw new JsonMappingError(`${path}: unknown field "${key}"`);
    if (value === null) continue;
    const at = `${path}.${field.name}`;
    if (field.map) {
      if (typeof value !== 'object' || Array.isArray(value))
        throw new JsonMappingError(`${at}: expected an object`);
      out[field.name] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, valueFromJson(field, v, options, `${at}[${k}]`)]),
      );
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new JsonMappingError(`${at}: expected an array`);
      out[field.name] = value.map((v, i) => valueFromJson(field, v, options, `${at}[${i}]`));
    } else {
      out[field.name] = valueFromJson(field, value, options, at);
    }
  }
  return out;
}

function valueFromJson(field: Field, value: unknown, options: JsonOptions, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved && 'values' in resolved) return enumFromJson(resolved as Enum, value, path);
  if (resolved) return fromJson(resolved as Type, value, options, path);
  return scalarFromJson(field.type, value, path);
}

/** Enum values by name, by number, or by Temporal's PascalCase shorthand (`Running`). */
export function enumFromJson(e: Enum, value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    if (value in e.values) return e.values[value];
    if (/^-?\d+$/.test(value)) return Number(value);
    const screaming = value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    const match = Object.keys(e.values).find(
      (k) => k.endsWith(`_${screaming}`) && k.length > screaming.length,
    );
    if (match && enumPrefix(e) + screaming === match) return e.values[match];
  }
  throw new JsonMappingError(`${path}: invalid value ${JSON.stringify(value)} for enum ${e.name}`);
}

/** The common prefix of an enum's value names (`WORKFLOW_EXECUTION_STATUS_`). */
function enumPrefix(e: Enum): string {
  const unspecified = Object.keys(e.values).find((k) => k.endsWith('_UNSPECIFIED'));
  return unspecified ? unspecified.slice(0, -'UNSPECIFIED'.length) : '';
}

export function scalarFromJson(type: string, value: unknown, path: string): unknown {
  const fail = (): never => {
    throw new JsonMappingError(`${path}: invalid ${type} value ${JSON.stringify(value)}`);
  };
  if (LONG_TYPES.has(type) || INT_TYPES.has(type)) {
    const text =
      typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : fail();
    if (!/^-?\d+$/.test(text)) {
      // 1e3 and 5.0 are integers in proto3 JSON.
      const n = Number(text);
      if (!Number.isInteger(n)) fail();
      return LONG_TYPES.has(type) ? Long.fromNumber(n, type.startsWith('u') || type === 'fixed64') : n;
    }
    if (LONG_TYPES.has(type)) return Long.fromString(text, type.startsWith('u') || type === 'fixed64');
    const n = Number(text);
    const unsigned = type.startsWith('u') || type === 'fixed32';
    if (unsigned ? n < 0 || n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff) fail();
    return n;
  }
  switch (type) {
    case 'double':
    case 'float':
      if (typeof value === 'number') return value;
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return Number(value);
      return fail();
    case 'bool':
      return typeof value === 'boolean' ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'bytes':
      return typeof value === 'string' ? decodeBase64(value, path) : fail();
    default:
      return fail();
  }
}

/** Standard or URL-safe base64, padded or not (as protojson accepts). */
export function decodeBase64(text: string, path: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new JsonMappingError(`${path}: invalid base64`);
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** RFC 3339 with an optional fraction of up to 9 digits and a Z or offset. */
export function parseTimestamp(text: string, path: string): { seconds: Long; nanos: number } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) throw new JsonMappingError(`${path}: invalid RFC 3339 timestamp "${text}"`);
  return { seconds: Long.fromNumber(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

export function parseDuration(text: string, path: string): { seconds: Long; nanos: number } {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) throw new JsonMappingError(`${path}: invalid duration "${text}" (expected e.g. "1.5s")`);
  const sign = m[1] ? -1 : 1;
  return {
    seconds: Long.fromString(m[2]).multiply(sign),
    nanos: sign * Number((m[3] ?? '').padEnd(9, '0')),
  };
}

function wellKnownFromJson(
  name: string,
  type: Type,
  json: unknown,
  options: JsonOptions,
  path: string,
): unknown {
  switch (name) {
    case 'google.protobuf.Timestamp':
      if (typeof json !== 'string') throw new JsonMappingError(`${path}: expected an RFC 3339 string`);
      return parseTimestamp(json, path);
    case 'google.protobuf.Duration':
      if (typeof json !== 'string') throw new JsonMappingError(`${path}: expected a duration string`);
      return parseDuration(json, path);
    case 'google.protobuf.Any':
      return anyFromJson(json, options, path);
    case 'google.protobuf.FieldMask':
      if (typeof json !== 'string') throw new JsonMappingError(`${path}: expected a field mask string`);
      return { paths: json ? json.split(',').map(snakeCase) : [] };
    case 'google.protobuf.Struct':
      return structFromJson(json, path);
    case 'google.protobuf.Value':
      return protoValueFromJson(json);
    case 'google.protobuf.ListValue':
      if (!Array.isArray(json)) throw new JsonMappingError(`${path}: expected an array`);
      return { values: json.map(protoValueFromJson) };
    case PAYLOAD:
      return options.payloadShorthand !== false ? payloadFromJson(json) : undefined;
    case PAYLOADS:
      // An array is the shorthand; an object is the long form {"payloads": [...]}.
      if (options.payloadShorthand !== false && Array.isArray(json))
        return { payloads: json.map(payloadFromJson) };
      return undefined;
    default:
      if (WRAPPERS.has(name)) return { value: scalarFromJson(type.fields.value.type, json, path) };
      return undefined;
  }
}

function anyFromJson(json: unknown, options: JsonOptions, path: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new JsonMappingError(`${path}: expected an object with "@type"`);
  const { '@type': url, ...rest } = json as JsonObject;
  if (typeof url !== 'string') throw new JsonMappingError(`${path}: "@type" missing`);
  const inner = root.lookupType(url.slice(url.lastIndexOf('/') + 1));
  const isWellKnown = fullName(inner).startsWith('google.protobuf.');
  const plain = fromJson(inner, isWellKnown && 'value' in rest ? rest.value : rest, options, path);
  return { type_url: url, value: inner.encode(inner.fromObject(plain as Record<string, unknown>)).finish() };
}

function structFromJson(json: unknown, path: string): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new JsonMappingError(`${path}: expected an object`);
  return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, protoValueFromJson(v)])) };
}

function protoValueFromJson(v: unknown): unknown {
  if (v === null) return { nullValue: 0 };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(protoValueFromJson) } };
  return { structValue: structFromJson(v, '') };
}

const bytesOf = (s: string) => Buffer.from(s, 'utf8');

/**
 * A payload in long form ({metadata, data} base64, exactly those keys) or shorthand: null is binary/null,
 * an object with `_protoMessageType` is json/protobuf, anything else is json/plain (api-go
 * Payload.fromJSONMaybeShorthand).
 */
function payloadFromJson(json: unknown): unknown {
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

export function isScalarType(type: string): boolean {
  return SCALARS.has(type);
}

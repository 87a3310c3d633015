/**
 * Proto3 JSON to messages: either field name, int64 as strings or numbers, enums by name, number or
 * Temporal's PascalCase shorthand, base64 standard or URL-safe, RFC 3339 timestamps, "1.5s" durations,
 * Any, wrappers, Struct and payload shorthand. Errors name the field's path.
 */
import Long from 'long';
import type { Enum, Field, Type } from 'protobufjs';
import { root } from '../../proto';
import { payloadFromJson } from './payload';
import {
  decodeBase64,
  findField,
  fullName,
  INT_TYPES,
  JsonMappingError,
  type JsonObject,
  type JsonOptions,
  LONG_TYPES,
  PAYLOAD,
  PAYLOADS,
  snakeCase,
  WRAPPERS,
} from './shared';

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

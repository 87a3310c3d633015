/**
 * Messages to proto3 JSON: lowerCamelCase names, int64 as strings, enums by name, bytes base64, Timestamp
 * RFC 3339, Duration "1.5s", Any with "@type", wrappers and Struct as plain values, payloads in shorthand.
 */
import Long from 'long';
import type { Enum, Field, Type } from 'protobufjs';
import { root } from '../../proto';
import { payloadShorthand } from './payload';
import {
  camelCase,
  fullName,
  type Json,
  type JsonObject,
  type JsonOptions,
  LONG_TYPES,
  PAYLOAD,
  PAYLOADS,
  WRAPPERS,
} from './shared';

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

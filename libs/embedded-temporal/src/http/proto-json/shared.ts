/**
 * What both directions of the proto3 JSON mapping share: the error, the options, the JSON types, which
 * types are special (payloads, wrappers, 64-bit integers) and field names in either spelling.
 */
import type { Field, Type } from 'protobufjs';

export class JsonMappingError extends Error {
  override readonly name = 'JsonMappingError';
}

export interface JsonOptions {
  /** Temporal's payload shorthand (default on, as the HTTP API). */
  payloadShorthand?: boolean;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const PAYLOAD = 'temporal.api.common.v1.Payload';
export const PAYLOADS = 'temporal.api.common.v1.Payloads';
export const WRAPPERS = new Set(
  ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map(
    (n) => `google.protobuf.${n}Value`,
  ),
);
export const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
export const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

export const fullName = (type: Type) => type.fullName.replace(/^\./, '');
export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A field of a message by its JSON (camelCase) or proto (snake_case) name. */
export function findField(type: Type, name: string): Field | undefined {
  const field = type.fields[name] ?? type.fields[camelCase(name)];
  field?.resolve();
  return field;
}

/** Standard or URL-safe base64, padded or not (as protojson accepts). */
export function decodeBase64(text: string, path: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new JsonMappingError(`${path}: invalid base64`);
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

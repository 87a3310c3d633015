/**
 * The HTTP routes of Temporal's HTTP API, read from the `google.api.http` options that `@temporalio/proto`
 * carries on each RPC (primary binding and additional bindings), and the grpc-gateway rules for filling a
 * request: path variables (`{execution.workflow_id}`, one segment each, percent-decoded), a body of `*`, and
 * for bindings without a body, query-string parameters converted by the field's type.
 */
import type { Enum, Field, Method, Type } from 'protobufjs';
import { root } from '../proto';
import { SERVICES } from '../grpc/service-definitions';
import {
  decodeBase64,
  enumFromJson,
  findField,
  JsonMappingError,
  parseDuration,
  parseTimestamp,
  scalarFromJson,
} from './proto-json';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

type Segment = { literal: string } | { field: string[] };

export interface Route {
  service: 'workflow' | 'operator';
  method: string;
  verb: HttpVerb;
  template: string;
  segments: Segment[];
  /** `*` (the whole request), a field name, or undefined (no body: query-string parameters). */
  body?: string;
  requestType: Type;
  responseType: Type;
}

interface HttpRule {
  get?: string;
  post?: string;
  put?: string;
  delete?: string;
  patch?: string;
  body?: string;
  additional_bindings?: HttpRule | HttpRule[];
}

/** The services Temporal's frontend serves over HTTP (service/frontend/http_api_server.go). */
const HTTP_SERVICES = { workflow: SERVICES.workflow, operator: SERVICES.operator } as const;

function parseTemplate(template: string): Segment[] {
  return template
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const variable = /^\{([^}=]+)\}$/.exec(part);
      return variable ? { field: variable[1].split('.') } : { literal: part };
    });
}

function rulesOf(method: Method): HttpRule[] {
  const parsed = (method.parsedOptions ?? []) as Record<string, HttpRule>[];
  const rules: HttpRule[] = [];
  for (const option of parsed) {
    const rule = option['(google.api.http)'];
    if (!rule) continue;
    rules.push(rule);
    const more = rule.additional_bindings;
    if (more) rules.push(...(Array.isArray(more) ? more : [more]));
  }
  return rules;
}

export function buildRoutes(): Route[] {
  const routes: Route[] = [];
  for (const [service, name] of Object.entries(HTTP_SERVICES) as [Route['service'], string][]) {
    for (const method of Object.values(root.lookupService(name).methods)) {
      method.resolve();
      for (const rule of rulesOf(method)) {
        for (const verb of ['get', 'post', 'put', 'delete', 'patch'] as const) {
          const template = rule[verb];
          if (!template) continue;
          routes.push({
            service,
            method: method.name,
            verb: verb.toUpperCase() as HttpVerb,
            template,
            segments: parseTemplate(template),
            body: rule.body || undefined,
            requestType: method.resolvedRequestType as Type,
            responseType: method.resolvedResponseType as Type,
          });
        }
      }
    }
  }
  // More literal segments first: `/namespaces/{ns}/workflow-count` wins over `/namespaces/{ns}/{x}`.
  const literals = (r: Route) => r.segments.filter((s) => 'literal' in s).length;
  return routes.sort((a, b) => literals(b) - literals(a));
}

export interface RouteMatch {
  route: Route;
  /** Field path (proto names) → decoded segment value. */
  variables: [string[], string][];
}

export type MatchResult = { match: RouteMatch } | { methodNotAllowed: true } | undefined;

export function matchRoute(routes: Route[], verb: string, pathname: string): MatchResult {
  const parts = pathname.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const variables: [string[], string][] = [];
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const segment = route.segments[i];
      if ('literal' in segment) ok = segment.literal === parts[i];
      else {
        let value: string;
        try {
          value = decodeURIComponent(parts[i]);
        } catch {
          value = parts[i];
        }
        variables.push([segment.field, value]);
      }
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.verb === verb) return { match: { route, variables } };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}

/** Sets `path` (proto or JSON names) on a plain request object, converting the text by the field's type. */
export function setFieldFromText(
  type: Type,
  target: Record<string, unknown>,
  path: string[],
  values: string[],
  where: string,
  ignoreUnknown: boolean,
): void {
  let current = type;
  let object = target;
  for (let i = 0; i < path.length; i++) {
    const field = findField(current, path[i]);
    if (!field) {
      if (ignoreUnknown) return; // grpc-gateway ignores query parameters that name no field
      throw new JsonMappingError(`${where}: ${current.name} has no field "${path[i]}"`);
    }
    const last = i === path.length - 1;
    if (!last) {
      if (!field.resolvedType || 'values' in field.resolvedType || field.repeated || field.map)
        throw new JsonMappingError(`${where}: "${path.slice(0, i + 1).join('.')}" is not a message field`);
      object = (object[field.name] ??= {}) as Record<string, unknown>;
      current = field.resolvedType as Type;
      continue;
    }
    if (field.map) throw new JsonMappingError(`${where}: map field "${path.join('.')}" cannot be set here`);
    const converted = values.map((v) => textValue(field, v, `${where} ${path.join('.')}`));
    object[field.name] = field.repeated ? converted : converted[converted.length - 1];
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** One query-string or path value as the field's type (grpc-gateway runtime.PopulateFieldFromPath). */
function textValue(field: Field, text: string, where: string): unknown {
  const resolved = field.resolvedType;
  if (resolved && 'values' in resolved) return enumFromJson(resolved as Enum, text, where);
  if (resolved) {
    switch ((resolved as Type).fullName) {
      case '.google.protobuf.Timestamp':
        return parseTimestamp(text, where);
      case '.google.protobuf.Duration':
        return parseDuration(text, where);
      case '.google.protobuf.FieldMask':
        return { paths: text.split(',').filter(Boolean) };
      default:
        if (/^\.google\.protobuf\.\w+Value$/.test((resolved as Type).fullName)) {
          const inner = (resolved as Type).fields.value;
          return { value: textValue(inner, text, where) };
        }
        throw new JsonMappingError(`${where}: a message field cannot be given as text`);
    }
  }
  switch (field.type) {
    case 'string':
      return text;
    case 'bool':
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      throw new JsonMappingError(`${where}: invalid bool "${text}"`);
    case 'bytes':
      return decodeBase64(text, where);
    default:
      return scalarFromJson(field.type, text, where);
  }
}

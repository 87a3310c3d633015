/**
 * Temporal's HTTP API (as `temporal server start-dev --http-port` serves it; the Go server's
 * `service/frontend/http_api_server.go` over grpc-gateway): every RPC of the workflow and operator services
 * that carries a `google.api.http` binding, answered by the same handlers as gRPC. Requests and responses
 * are proto3 JSON with Temporal's payload shorthand (`?noPayloadShorthand` turns it off, `?pretty`
 * indents); errors are the google.rpc.Status as JSON (`{code, message, details}`) with grpc-gateway's
 * HTTP status for the gRPC code.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { status } from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import type { Logger } from '../logger';
import { ServiceError } from '../grpc/errors';
import type { GrpcFront } from '../grpc/grpc-server';
import { root } from '../proto';
import { JsonMappingError, type JsonOptions, messageToJson, plainFromJson } from './proto-json';
import { buildRoutes, matchRoute, type RouteMatch, setFieldFromText } from './routes';

/** As the Go server (rpc.MaxHTTPAPIRequestBytes, gRPC's default message size). */
export const MAX_HTTP_REQUEST_BYTES = 4 * 1024 * 1024;

/** grpc-gateway's runtime.HTTPStatusFromCode. */
export const HTTP_STATUS_BY_GRPC_CODE: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

/** Query parameters of the API itself, never request fields. */
const CONTROL_PARAMETERS = new Set(['pretty', 'noPayloadShorthand']);

const STATUS_TYPE = () => root.lookupType('google.rpc.Status');

export interface HttpFront {
  port: number;
  shutdown(): Promise<void>;
}

export async function startHttpFront(
  host: string,
  port: number,
  grpc: Pick<GrpcFront, 'invoke'>,
  logger: Logger,
): Promise<HttpFront> {
  const routes = buildRoutes();
  const server = http.createServer((req, res) => void serve(req, res));
  server.keepAliveTimeout = 5_000;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const options: JsonOptions = { payloadShorthand: !url.searchParams.has('noPayloadShorthand') };
    const indent = url.searchParams.has('pretty') ? 2 : undefined;
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      const found = matchRoute(routes, req.method ?? 'GET', url.pathname);
      if (!found) throw new ServiceError(status.NOT_FOUND, 'Not Found');
      if ('methodNotAllowed' in found) throw new ServiceError(status.UNIMPLEMENTED, 'Method Not Allowed');
      const { route } = found.match;
      const body = route.body ? await readJsonBody(req) : undefined;
      const request = buildRequest(found.match, body, url.searchParams, options);
      const response = await grpc.invoke(route.service, route.method, request, {
        signal: abort.signal,
        timeLeftMs: () => timeoutFromHeader(req.headers['grpc-timeout']),
      });
      send(res, 200, messageToJson(route.responseType, response, options), indent);
      logger.debug('http rpc', { method: route.method, path: url.pathname });
    } catch (e) {
      const error = asServiceError(e);
      if (!(e instanceof ServiceError) && !(e instanceof JsonMappingError))
        logger.error('http rpc failed', {
          path: url.pathname,
          error: e instanceof Error ? e.stack : String(e),
        });
      send(res, HTTP_STATUS_BY_GRPC_CODE[error.code] ?? 500, errorJson(error, options), indent);
    }
  }

  const boundPort = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port: boundPort,
    shutdown: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Body first (`*` or one field), then path variables over it; without a body, the query string. */
export function buildRequest(
  match: RouteMatch,
  body: unknown,
  query: URLSearchParams,
  options: JsonOptions,
): object {
  const { route, variables } = match;
  const type = route.requestType;
  let plain: Record<string, unknown> = {};
  if (route.body === '*') {
    plain = toPlain(type, body ?? {}, options);
  } else if (route.body) {
    plain = toPlain(type, { [route.body]: body ?? null }, options);
  }
  if (!route.body) {
    const keys = [...new Set(query.keys())].filter((k) => !CONTROL_PARAMETERS.has(k));
    for (const key of keys)
      setFieldFromText(type, plain, key.split('.'), query.getAll(key), 'query parameter', true);
  }
  for (const [path, value] of variables) setFieldFromText(type, plain, path, [value], 'path', false);
  return type.fromObject(plain);
}

/** JSON → plain object of the request type (fromObject is applied once, after the path variables). */
function toPlain(type: Type, json: unknown, options: JsonOptions): Record<string, unknown> {
  return plainFromJson(type, json, options) as Record<string, unknown>;
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_HTTP_REQUEST_BYTES)
      throw new ServiceError(status.INVALID_ARGUMENT, 'http: request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ServiceError(
      status.INVALID_ARGUMENT,
      `request body is not valid JSON: ${(e as Error).message}`,
    );
  }
}

/** gRPC's `grpc-timeout` header (e.g. `10S`, `500m`), which grpc-gateway turns into the call's deadline. */
function timeoutFromHeader(header: string | string[] | undefined): number {
  const m = typeof header === 'string' ? /^(\d+)([HMSmun])$/.exec(header) : null;
  if (!m) return Infinity;
  const unit = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 }[m[2] as 'H'];
  return Number(m[1]) * unit;
}

function asServiceError(e: unknown): ServiceError {
  if (e instanceof ServiceError) return e;
  if (e instanceof JsonMappingError) return new ServiceError(status.INVALID_ARGUMENT, e.message);
  // protobufjs's fromObject complains with TypeError about values of the wrong type.
  if (e instanceof TypeError) return new ServiceError(status.INVALID_ARGUMENT, e.message);
  return new ServiceError(status.INTERNAL, e instanceof Error ? e.message : String(e));
}

/** The google.rpc.Status of an error, details as Any with "@type" (what grpc-gateway writes). */
function errorJson(error: ServiceError, options: JsonOptions): unknown {
  return messageToJson(STATUS_TYPE(), error.statusProto(), options);
}

function send(res: http.ServerResponse, code: number, body: unknown, indent: number | undefined): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body, null, indent);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

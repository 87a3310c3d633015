/**
 * Request ids, correlation ids and one structured log line per request (pino-http).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AuthenticatedUser } from '../auth/roles';
import {
  acceptedId,
  CORRELATION_ID_HEADER,
  newRequestId,
  RequestContext,
  REQUEST_ID_HEADER,
} from './request-context';

declare module 'http' {
  interface IncomingMessage {
    /** Set by the authentication guard. */
    user?: AuthenticatedUser;
    /** `X-Correlation-Id` as accepted, or the request id. */
    correlationId?: string;
  }
}

/**
 * Assigns the request id (the caller's `X-Request-Id` if it is a safe token, else a new UUID) and the
 * correlation id, echoes both as response headers, and logs the request when it completes.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const requestId = acceptedId(req.headers[REQUEST_ID_HEADER]) ?? newRequestId();
      req.correlationId = acceptedId(req.headers[CORRELATION_ID_HEADER]) ?? requestId;
      res.setHeader('X-Request-Id', requestId);
      res.setHeader('X-Correlation-Id', req.correlationId);
      return requestId;
    },
    customProps: (req: IncomingMessage) => ({
      correlationId: req.correlationId,
      ...(req.user ? { userId: req.user.id, role: req.user.role, agency: req.user.agency } : {}),
    }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    // Only the useful parts of the request: never headers (they carry the bearer token). Unwrapped: pino's
    // standard serializers would first copy every header and ask the socket for the peer's address (a
    // system call) for each request, only for these to throw it away (#15 profile).
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        method: req.method,
        url: (req.originalUrl ?? req.url ?? '').split('?')[0],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}

/**
 * Opens the request's `RequestContext`. Registered after the body parser: the parser resumes on stream
 * events, which would otherwise lose the AsyncLocalStorage context.
 */
export function requestContextMiddleware() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const requestId = String(req.id);
    RequestContext.run({ requestId, correlationId: req.correlationId ?? requestId }, next);
  };
}

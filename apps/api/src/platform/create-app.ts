/**
 * One way to build the HTTP application, used by `main.ts`, the standalone launcher and the e2e tests,
 * so that all three behave identically. The root module must import `PlatformModule.forRoot(...)`.
 */
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { PlatformConfig } from './config';
import { acceptsMultipart } from './http/multipart';
import { PrototypedExpressAdapter } from './http/prototyped-express-adapter';
import { REQUEST_ID_HEADER, CORRELATION_ID_HEADER } from './http/request-context';
import { refuseUnsafeBodyText, refuseUnsafeUrls } from './http/input-guard';
import { requestContextMiddleware, requestLogging } from './http/request-logging';
import { PinoNestLogger } from './logging/logger';
import { MetricsService } from './ops/metrics.service';
import { setupOpenApi } from './openapi/openapi';
import { expressProblemHandler, sendProblem } from './problems/problem.filter';
import { PROBLEM_CONTENT_TYPE, ProblemException, reasonPhrase } from './problems/problem';
import { PLATFORM_CONFIG, PLATFORM_LOGGER } from './tokens';

/** Creates and configures the application; the caller then `listen`s (port 0 in tests). */
export async function createApiApp(
  rootModule: Type<unknown> | DynamicModule,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, new PrototypedExpressAdapter(), {
    bodyParser: false, // configured below, with our limit and our error handling
    bufferLogs: true, // Nest's start-up lines go to pino once it is attached
    abortOnError: false, // throw on bootstrap errors instead of process.abort()
  });
  configureApp(app);
  return app;
}

/** Applies logging, security headers, CORS, body parsing, metrics, request context and OpenAPI. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<PlatformConfig>(PLATFORM_CONFIG);
  const logger = app.get<Logger>(PLATFORM_LOGGER);
  const metrics = app.get(MetricsService);

  app.useLogger(new PinoNestLogger(logger));
  answerMalformedHttpWithProblems(app.getHttpServer() as Server);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // Order matters: ids and logging first so that every response, even a 413, carries X-Request-Id.
  app.use(requestLogging(logger));
  // Before anything reads the URL (routing, the access log, SQL): control characters are refused here.
  app.use(refuseUnsafeUrls(logger));
  // No upgrade-insecure-requests: embedded mode is often reached over plain HTTP on a LAN, where it would
  // break Swagger UI's assets.
  // The console (served under /console) signs in at the OIDC issuer: its token endpoint must be reachable
  // by fetch. Nothing else is allowed beyond helmet's defaults (no inline scripts).
  const issuerOrigin = config.auth.mode === 'jwks' ? URL.parse(config.auth.issuer)?.origin : undefined;
  const connectSrc = issuerOrigin ? ["'self'", issuerOrigin] : ["'self'"];
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, connectSrc } } }));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'Repr-Digest',
        REQUEST_ID_HEADER,
        CORRELATION_ID_HEADER,
      ],
      exposedHeaders: [
        'X-Request-Id',
        'X-Correlation-Id',
        'ETag',
        'Location',
        'Repr-Digest',
        'Content-Disposition',
        'Retry-After',
        'WWW-Authenticate',
      ],
      maxAge: 600,
    });
  }
  app.use(httpMetrics(metrics));
  app.use(requireJsonBody(logger));
  app.useBodyParser('json', {
    limit: config.bodyLimit,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });
  app.use(expressProblemHandler(logger));
  app.use(refuseUnsafeBodyText(logger));
  app.use(requestContextMiddleware());
  if (config.apiDocs) setupOpenApi(app, config.version);
  app.enableShutdownHooks();
}

/** Latency histogram by route template; unmatched paths share one label so URLs cannot explode the series. */
function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}

/** A body in any other format would be silently ignored by the JSON parser: refuse it with 415 instead. */
function requireJsonBody(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const length = req.headers['content-length'];
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    const upload = acceptsMultipart(req.method, req.path) && req.is('multipart/form-data');
    if (hasBody && !upload && !req.is(['application/json', 'application/*+json'])) {
      sendProblem(
        new ProblemException({
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
          detail: 'Send the request body as application/json.',
          detailId: 'Kirim isi permintaan sebagai application/json.',
        }),
        req,
        res,
        logger,
      );
      return;
    }
    next();
  };
}

/**
 * Requests Node's HTTP parser refuses before any middleware runs (a control character in a header, a header
 * section too large, a broken request line) still get a problem document instead of Node's bare status line.
 */
function answerMalformedHttpWithProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const code =
      status === 400 ? 'MALFORMED_REQUEST' : reasonPhrase(status).toUpperCase().replace(/\W+/g, '_');
    // Each status says what was wrong: a long URL or header is not "invalid HTTP".
    const [detail, detailId] =
      status === 431
        ? [
            'The request line and headers are too large (a very long URL or header); send less in them.',
            'Baris permintaan dan header terlalu besar (URL atau header yang sangat panjang); kirim lebih sedikit.',
          ]
        : status === 408
          ? ['The request was not received in time.', 'Permintaan tidak diterima tepat waktu.']
          : [
              'The request is not valid HTTP (for example a control character in a header).',
              'Permintaan bukan HTTP yang valid (misalnya ada karakter kontrol di header).',
            ];
    const body = JSON.stringify({
      type: `urn:netral:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      title: reasonPhrase(status),
      status,
      code,
      detail,
      detailId,
    });
    socket.end(
      `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

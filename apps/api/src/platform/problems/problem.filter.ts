/**
 * The single place where errors become responses. Every error — ours, Nest's, the body parser's, the
 * rate limiter's, or an unexpected bug — leaves as an `application/problem+json` document; unexpected
 * errors are logged with the request id and reach the client as a bare 500 without internals.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response, NextFunction } from 'express';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, ProblemException, reasonPhrase } from './problem';

/** Stable codes for errors raised by the framework rather than by us. */
const CODE_BY_STATUS: Record<number, { code: string; detail: string; detailId: string }> = {
  400: { code: 'BAD_REQUEST', detail: 'The request is invalid.', detailId: 'Permintaan tidak valid.' },
  401: {
    code: 'UNAUTHENTICATED',
    detail: 'Authentication is required.',
    detailId: 'Autentikasi diperlukan.',
  },
  403: {
    code: 'FORBIDDEN',
    detail: 'You are not allowed to do this.',
    detailId: 'Anda tidak berwenang melakukan tindakan ini.',
  },
  404: {
    code: 'NOT_FOUND',
    detail: 'The requested resource does not exist or is not visible to you.',
    detailId: 'Data yang diminta tidak ada atau tidak dapat Anda akses.',
  },
  405: {
    code: 'METHOD_NOT_ALLOWED',
    detail: 'This method is not allowed here.',
    detailId: 'Metode ini tidak diizinkan.',
  },
  413: {
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is too large.',
    detailId: 'Isi permintaan terlalu besar.',
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send the request body as application/json.',
    detailId: 'Kirim isi permintaan sebagai application/json.',
  },
  429: {
    code: 'RATE_LIMITED',
    detail: 'Too many requests; retry after the time given in Retry-After.',
    detailId: 'Terlalu banyak permintaan; coba lagi setelah waktu pada Retry-After.',
  },
  503: {
    code: 'SERVICE_UNAVAILABLE',
    detail: 'The service is temporarily unavailable; retry later.',
    detailId: 'Layanan sedang tidak tersedia; coba lagi nanti.',
  },
};

const INTERNAL = {
  code: 'INTERNAL',
  detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
  detailId: 'Terjadi kesalahan tak terduga. Sebutkan requestId saat melaporkannya.',
};

/** Body-parser failures (they carry `type` and `status`), by their `type`. */
function fromBodyParser(error: { type?: unknown; status?: unknown }): ProblemException | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ProblemException({
        status: 400,
        code: 'MALFORMED_JSON',
        title: 'Malformed JSON',
        detail: 'The request body is not valid JSON.',
        detailId: 'Isi permintaan bukan JSON yang valid.',
      });
    case 'entity.too.large':
      return new ProblemException({ status: 413, ...CODE_BY_STATUS[413] });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemException({ status: 415, ...CODE_BY_STATUS[415] });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ProblemException({ status: 400, ...CODE_BY_STATUS[400] });
    default:
      return undefined;
  }
}

/**
 * The body parser's other client errors carry an http-errors `status` but no `type`: a body whose
 * Content-Encoding does not match its bytes (zlib's Z_DATA_ERROR, a truncated stream) is the common one.
 */
function fromBodyDecoding(error: { status?: unknown; expose?: unknown; code?: unknown }) {
  const status = typeof error.status === 'number' ? error.status : undefined;
  if (status === undefined || status < 400 || status >= 500 || error.expose !== true) return undefined;
  if (status === 400 && typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return new ProblemException({
      status: 400,
      code: 'MALFORMED_BODY',
      title: 'Malformed body',
      detail: 'The request body could not be decoded as its Content-Encoding says.',
      detailId: 'Isi permintaan tidak dapat didekode sesuai Content-Encoding-nya.',
    });
  }
  const known = CODE_BY_STATUS[status];
  return known ? new ProblemException({ status, ...known }) : undefined;
}

/** The problem to send for any thrown value, and whether it was unexpected (a bug or an outage). */
export function toProblem(error: unknown): { problem: ProblemException; unexpected: boolean } {
  if (error instanceof ProblemException) return { problem: error, unexpected: false };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const known = CODE_BY_STATUS[status];
    if (status < 500 && known)
      return { problem: new ProblemException({ status, ...known }), unexpected: false };
    if (status < 500) {
      return {
        problem: new ProblemException({
          status,
          code: reasonPhrase(status).toUpperCase().replace(/\W+/g, '_'),
          detail: `${reasonPhrase(status)}.`,
          detailId: `Permintaan tidak dapat diproses (${status}).`,
        }),
        unexpected: false,
      };
    }
  }
  if (error !== null && typeof error === 'object' && 'type' in error) {
    const parsed = fromBodyParser(error as { type?: unknown });
    if (parsed) return { problem: parsed, unexpected: false };
  }
  if (error !== null && typeof error === 'object' && 'status' in error) {
    const decoding = fromBodyDecoding(error as { status?: unknown });
    if (decoding) return { problem: decoding, unexpected: false };
  }
  return { problem: new ProblemException({ status: 500, ...INTERNAL }), unexpected: true };
}

/** Writes the problem; used by the Nest filter and by the Express error handler around the body parser. */
export function sendProblem(error: unknown, req: Request, res: Response, fallbackLogger: Logger): void {
  const { problem, unexpected } = toProblem(error);
  const requestId = typeof req.id === 'string' ? req.id : undefined;
  if (unexpected) {
    // pino-http logs the request's completion with this error (stack included) and the request id.
    res.err = error instanceof Error ? error : new Error(String(error));
    if (!req.log) fallbackLogger.error({ err: error, requestId }, 'unhandled error');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(problem.problem.headers ?? {})) res.setHeader(name, value);
  res
    .status(problem.problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toDocument(req.originalUrl.split('?')[0], requestId)));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<Request>(), http.getResponse<Response>(), this.logger);
  }
}

/** Express error middleware: catches what fails before Nest sees the request (the body parser). */
export function expressProblemHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void =>
    sendProblem(error, req, res, logger);
}

/**
 * Errors as RFC 9457 problem documents (`application/problem+json`). Shape, the same for every error:
 *
 * {
 *   "type": "urn:netral:problem:validation-failed",  // stable identifier of the kind of problem
 *   "title": "Validation failed",                    // short English summary of the kind
 *   "status": 400,
 *   "code": "VALIDATION_FAILED",                     // stable, machine-readable; clients switch on this
 *   "detail": "The request body is invalid.",        // English, about this occurrence
 *   "detailId": "Isi permintaan tidak valid.",       // the same in Bahasa Indonesia (language tag `id`)
 *   "instance": "/cases/123",                        // the request path
 *   "requestId": "…",                                // quote it when reporting a problem; it is in the logs
 *   "errors": [{ "field": "nip", "constraint": "matches", "message": "…" }]   // validation only
 * }
 */
import { HttpException } from '@nestjs/common';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  /** Dotted path of the offending field (`reportedAsn.nip`, `evidence.0.ref`); `body` for the whole body. */
  field: string;
  /** The failed rule (class-validator constraint name: `matches`, `isInt`, `whitelistValidation`, …). */
  constraint: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  detailId: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Problem fields a thrower provides; `type`, `instance` and `requestId` are filled in centrally. */
export interface ProblemInit {
  status: number;
  code: string;
  /** English, about this occurrence. */
  detail: string;
  /** Bahasa Indonesia, about this occurrence. */
  detailId: string;
  /** Defaults to the HTTP reason phrase of the status. */
  title?: string;
  errors?: FieldError[];
  /** Extra members, e.g. `{ currentStage: 'KLARIFIKASI' }`. Must not collide with the standard ones. */
  extensions?: Record<string, unknown>;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** `VALIDATION_FAILED` → `urn:netral:problem:validation-failed`. */
export function problemType(code: string): string {
  return `urn:netral:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Any error that should reach the client as exactly this problem document. */
export class ProblemException extends HttpException {
  readonly problem: ProblemInit;

  constructor(init: ProblemInit) {
    super(init.detail, init.status);
    this.problem = init;
  }

  toDocument(instance?: string, requestId?: string): ProblemDocument {
    const { status, code, detail, detailId, title, errors, extensions } = this.problem;
    return {
      ...extensions,
      type: problemType(code),
      title: title ?? reasonPhrase(status),
      status,
      code,
      detail,
      detailId,
      ...(instance !== undefined ? { instance } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(errors ? { errors } : {}),
    };
  }
}

export type DomainProblemStatus = 409 | 412 | 422;

/**
 * A rule of the case's life was broken; thrown by the case module with the domain's reason.
 * - 409 Conflict: the case is not in a state that allows this command (e.g. a decision before the hearing).
 * - 412 Precondition Failed: `If-Match` names a version that is no longer current.
 * - 422 Unprocessable Content: the command is well-formed but the domain rejects its content.
 */
export class DomainProblem extends ProblemException {
  constructor(init: {
    status: DomainProblemStatus;
    code: string;
    detail: string;
    detailId: string;
    title?: string;
    extensions?: Record<string, unknown>;
  }) {
    super(init);
  }
}

/** The one 404 for "does not exist" and "not yours": both must look identical so existence does not leak. */
export function notFoundProblem(what = 'resource'): ProblemException {
  return new ProblemException({
    status: 404,
    code: 'NOT_FOUND',
    detail: `The requested ${what} does not exist or is not visible to you.`,
    detailId: `Data yang diminta tidak ada atau tidak dapat Anda akses.`,
  });
}

export function forbiddenProblem(detail: string, detailId: string): ProblemException {
  return new ProblemException({ status: 403, code: 'FORBIDDEN', detail, detailId });
}

export function unauthenticatedProblem(
  detail: string,
  detailId: string,
  bearerError?: 'invalid_token' | 'invalid_request',
): ProblemException {
  // RFC 6750 §3: tell the client how to authenticate, and (for a bad token) what was wrong with it.
  const challenge = bearerError
    ? `Bearer realm="netral", error="${bearerError}", error_description="${detail.replace(/"/g, "'")}"`
    : 'Bearer realm="netral"';
  return new ProblemException({
    status: 401,
    code: 'UNAUTHENTICATED',
    detail,
    detailId,
    headers: { 'WWW-Authenticate': challenge },
  });
}

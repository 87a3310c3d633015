/**
 * Refuses hostile characters at the edge, before anything (the access log, a query, the workflow) sees
 * them: control characters in the path or the query string (NUL in particular, which PostgreSQL refuses
 * and C code truncates at), and unsafe text in JSON bodies (see `libs/domain/src/text/text-safety.ts`). Both are 400
 * VALIDATION_FAILED problems naming the offending part.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { sendProblem } from '../problems/problem.filter';
import { validationProblem } from '../problems/validation';
import { findUnsafeBodyText, hasControlCharacters } from '@netral/domain';

const CONTROL_MESSAGE = 'must not contain control characters';

/** The first offending part of the URL, or undefined when it is clean. */
export function unsafeUrlPart(url: string): { field: string; message: string } | undefined {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { field: 'path', message: 'is not valid percent-encoded UTF-8' };
    }
    if (hasControlCharacters(decoded)) return { field: 'path', message: CONTROL_MESSAGE };
  }
  if (queryStart < 0) return undefined;
  const query = url.slice(queryStart + 1);
  // URLSearchParams replaces malformed escapes instead of failing: check them first.
  for (const part of query.split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return { field: 'query', message: 'is not valid percent-encoded UTF-8' };
    }
  }
  for (const [name, value] of new URLSearchParams(query)) {
    if (hasControlCharacters(name)) return { field: 'query', message: `a parameter name ${CONTROL_MESSAGE}` };
    if (hasControlCharacters(value)) return { field: `query.${name}`, message: CONTROL_MESSAGE };
  }
  return undefined;
}

/** Express middleware for the path and query string; registered before everything that reads them. */
export function refuseUnsafeUrls(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = unsafeUrlPart(req.originalUrl);
    if (!problem) return next();
    sendProblem(
      validationProblem([{ field: problem.field, constraint: 'safeCharacters', message: problem.message }]),
      req,
      res,
      logger,
    );
  };
}

/** Express middleware for parsed JSON bodies; registered right after the body parser. */
export function refuseUnsafeBodyText(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    const problem = body === undefined ? undefined : findUnsafeBodyText(body);
    if (!problem) return next();
    const constraint = problem.constraint ?? 'safeCharacters';
    sendProblem(
      validationProblem([{ field: problem.field, constraint, message: problem.message }]),
      req,
      res,
      logger,
    );
  };
}

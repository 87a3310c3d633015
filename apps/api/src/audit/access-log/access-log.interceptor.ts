/**
 * Records every read of a case before the response leaves: a global interceptor, so routes of other
 * feature modules (`GET /cases/{id}`, `GET /cases`, `GET /work-list`, ...) are covered without them doing
 * anything.
 *
 * Recorded:
 * - case reads: GET/HEAD routes whose template starts with `/cases`, and routes marked
 *   `@RecordsCaseAccess()` (reads by POST, e.g. hash-chain verification) — always, failures included (a
 *   404 or 400 is an attempt an auditor wants to see). A route with an `:id` (or `:caseId`) parameter
 *   records that case; one without records the case ids its response lists, and its query.
 * - list reads elsewhere: any other authenticated GET whose response lists cases (`items`, `data`,
 *   `cases` or `results` arrays of objects with a `caseId`), e.g. the work list and the deadlines.
 *
 * If the record cannot be written the request fails with 503 and the data is not sent: no unlogged reads.
 * A list read's record may be written by the list's own statement instead (list-read-record.ts); the
 * interceptor then does not write it again.
 */
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { type Observable, catchError, concatMap, from, map, throwError } from 'rxjs';
import { PLATFORM_LOGGER, ProblemException, RequestContext } from '../../platform';
import { CaseAccessLog, MAX_LISTED_CASE_IDS } from './access-log.repository';
import { type ListReadRecord, offerListReadRecord } from './list-read-record';

const RECORDS_CASE_ACCESS_KEY = 'netral:records-case-access';

/** Marks a non-GET route that reads case data (it is then recorded in the access log). */
export const RecordsCaseAccess = () => SetMetadata(RECORDS_CASE_ACCESS_KEY, true);

const READ_METHODS = new Set(['GET', 'HEAD']);
const LIST_KEYS = ['items', 'data', 'cases', 'results'] as const;

@Injectable()
export class CaseAccessLogInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CaseAccessLog) private readonly accessLog: CaseAccessLog,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.user) return next.handle(); // public routes (health, docs) read no case
    const route = routeTemplate(req);
    const marked =
      this.reflector.getAllAndOverride<boolean>(RECORDS_CASE_ACCESS_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true;
    const isCaseRead = marked || (READ_METHODS.has(req.method) && /^\/cases(\/|$)/.test(route));
    const write = (status: number, body: unknown) => from(this.write(req, route, status, body));
    if (!isCaseRead && req.method !== 'GET') return next.handle();
    // A list read (no case id in the route) may be recorded by the statement that reads the list.
    const listRead: ListReadRecord | undefined =
      READ_METHODS.has(req.method) && !marked && caseIdOf(req) === null
        ? { access: accessOf(req, route), onlyWhenListed: !isCaseRead, recorded: false }
        : undefined;
    if (listRead) offerListReadRecord(listRead);
    if (!isCaseRead) {
      // Perhaps a list of cases: recorded when the response names any.
      return next
        .handle()
        .pipe(
          concatMap((body: unknown) =>
            !listRead?.recorded && caseIdsIn(body).length > 0
              ? write(200, body).pipe(map(() => body))
              : [body],
          ),
        );
    }
    return next.handle().pipe(
      // Errors first, so a failed log write after success is not recorded a second time as an error.
      catchError((error: unknown) =>
        write(statusOf(error), undefined).pipe(concatMap(() => throwError(() => error))),
      ),
      concatMap((body: unknown) => (listRead?.recorded ? [body] : write(200, body).pipe(map(() => body)))),
    );
  }

  private async write(req: Request, route: string, status: number, body: unknown): Promise<void> {
    const caseId = caseIdOf(req);
    const ctx = RequestContext.current();
    try {
      await this.accessLog.record({
        ...accessOf(req, route),
        caseId,
        caseIds: caseId === null ? caseIdsIn(body) : [],
        status,
      });
    } catch (error) {
      this.logger.error({ err: error, requestId: ctx?.requestId, route }, 'case access log write failed');
      throw new ProblemException({
        status: 503,
        code: 'ACCESS_LOG_UNAVAILABLE',
        detail: 'The read could not be recorded in the access log, so it was not served; retry later.',
        detailId:
          'Akses tidak dapat dicatat dalam log akses sehingga data tidak ditampilkan; coba lagi nanti.',
      });
    }
  }
}

function caseIdOf(req: Request): string | null {
  const params = req.params as Record<string, string>;
  return params.id ?? params.caseId ?? null;
}

/** Who read what, as known before the handler runs. */
function accessOf(req: Request, route: string): ListReadRecord['access'] {
  const ctx = RequestContext.current();
  return {
    user: req.user!,
    method: req.method,
    route,
    path: req.path,
    // Route parameters win over a query parameter of the same name (`?id=` cannot disguise the case).
    params: { ...(req.query as Record<string, unknown>), ...(req.params as Record<string, string>) },
    requestId: ctx?.requestId ?? String(req.id),
    correlationId: ctx?.correlationId ?? null,
  };
}

function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return `${req.baseUrl}${typeof path === 'string' ? path : req.path}`;
}

function statusOf(error: unknown): number {
  return error instanceof HttpException ? error.getStatus() : 500;
}

/** Case ids in a list response (best effort; the query itself is recorded anyway). */
export function caseIdsIn(body: unknown): string[] {
  const list = Array.isArray(body)
    ? body
    : body !== null && typeof body === 'object'
      ? LIST_KEYS.map((k) => (body as Record<string, unknown>)[k]).find(Array.isArray)
      : undefined;
  if (!list) return [];
  const ids: string[] = [];
  for (const item of list as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const id = (item as { caseId?: unknown }).caseId;
    if (typeof id === 'string') ids.push(id);
    if (ids.length >= MAX_LISTED_CASE_IDS) break;
  }
  return [...new Set(ids)];
}

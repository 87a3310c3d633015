/**
 * HTTP details shared by the case controllers: the case id in the path, the Idempotency-Key and If-Match
 * headers, ETags, and the OpenAPI description of problem responses.
 */
import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse } from '@nestjs/swagger';
import { CASE_ID_PATTERN } from '@netral/domain';
import type { Request, Response } from 'express';
import { notFoundProblem, PROBLEM_CONTENT_TYPE, ProblemException } from '../platform';
import type { CaseCommandType, CaseState } from '@netral/domain';
import type { AuthenticatedUser } from '../platform';
import type { CaseCommandService, CommandOptions } from './commands/case-command.service';

/** Case ids (= workflow and stream ids); anything else cannot name a case. */
const CASE_ID = CASE_ID_PATTERN;
/** Keys are chosen by clients (a UUID is ideal): short plain tokens, so they are safe in logs and ids. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
/** One entity tag of an If-Match list (RFC 9110 §8.8.3): optional weakness marker, quoted opaque tag. */
const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"\s*(?:,|$)/;
/** Our ETags are the case version: a strong tag naming a version. */
const VERSION_TAG = /^(0|[1-9]\d{0,9})$/;

/** A malformed id is a case that does not exist: 404, like any unknown case. */
@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !CASE_ID.test(value)) throw notFoundProblem('case');
    return value;
  }
}

function headerProblem(field: string, message: string): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'VALIDATION_FAILED',
    title: 'Validation failed',
    detail: `The request is invalid: ${field}.`,
    detailId: `Permintaan tidak valid: ${field}.`,
    errors: [{ field, constraint: 'matches', message }],
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** Reads and checks `Idempotency-Key` and `If-Match`. */
export function commandOptionsOf(req: Request): CommandOptions {
  const options: CommandOptions = {};
  const key = single(req.headers['idempotency-key']);
  if (key !== undefined) {
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw headerProblem(
        'Idempotency-Key',
        'Idempotency-Key must be 8–128 characters of letters, digits, ".", "_", ":" or "-" (a UUID is ideal)',
      );
    }
    options.idempotencyKey = key;
    if (req.idempotency) options.requestDigest = req.idempotency.digest;
    if (req.idempotencyClaimed) options.claimed = req.idempotencyClaimed;
  }
  const ifMatch = single(req.headers['if-match'])?.trim();
  if (ifMatch !== undefined && ifMatch !== '*') {
    const versions = ifMatchVersions(ifMatch);
    if (versions === undefined) {
      throw headerProblem(
        'If-Match',
        'If-Match must be "*" or entity tags such as "12" (several separated by commas)',
      );
    }
    if (versions.length === 1) options.expectedVersion = versions[0];
    else options.expectedVersions = versions;
  }
  return options;
}

/**
 * The case versions an If-Match list can match, or undefined when the header is malformed. RFC 9110
 * §13.1.1: If-Match uses the strong comparison (§8.8.3.2), so a weak tag (`W/"12"`) never matches, nor
 * does a tag that is not one of our version ETags; a list of only such tags gives [] (always 412).
 * `*` (any current representation) is handled by the caller: every existing case matches it.
 */
export function ifMatchVersions(value: string): number[] | undefined {
  const versions = new Set<number>();
  let rest = value.trim();
  if (rest === '') return undefined;
  while (rest.length > 0) {
    const match = ENTITY_TAG.exec(rest);
    if (!match) return undefined;
    const [whole, weak, tag] = match;
    if (!weak && VERSION_TAG.test(tag)) versions.add(Number(tag));
    rest = rest.slice(whole.length).trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart(); // tolerate empty list elements
  }
  return [...versions];
}

/** `@CommandHeaders()`: the command's Idempotency-Key and If-Match, validated. */
export const CommandHeaders = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandOptions =>
  commandOptionsOf(ctx.switchToHttp().getRequest()),
);

export function setETag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}

function problem(status: number, description: string) {
  return ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  });
}

export const CaseIdParam = () =>
  ApiParam({ name: 'id', description: 'Case id as returned by POST /cases', example: 'NTR-7KQ2M9XD4HBA' });

export const NotFoundResponse = () =>
  problem(404, 'No such case, or it belongs to another agency (NOT_FOUND)');

/** The headers and problem responses every command documents. */
export function CommandDocs() {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes the command safe to retry: the same request with the same key replays the first answer ' +
        '(header Idempotent-Replayed: true) and records nothing new; another request with a used key gets 422 ' +
        'IDEMPOTENCY_KEY_REUSED. Keys are per caller and kept 24 h (8–128 of A-Z a-z 0-9 . _ : -; a UUID is ideal)',
      example: '0b6f1a52-5c1e-4c36-9a57-3f8d2f0f9a10',
    }),
    ApiHeader({
      name: 'X-Request-Id',
      required: false,
      description: 'Request id; recorded (with X-Correlation-Id) in the metadata of the events caused',
    }),
    problem(
      409,
      'The case is not in a state that allows this command (e.g. WRONG_STAGE, CASE_CLOSED); or a request ' +
        'with this Idempotency-Key is still running (IDEMPOTENT_REQUEST_IN_PROGRESS, retry after Retry-After)',
    ),
    problem(
      422,
      'The command breaks a rule of the law or the catalogues (e.g. SUMMONS_NOTICE_TOO_SHORT, LATE_OBJECTION); ' +
        'or the Idempotency-Key was used for another request (IDEMPOTENCY_KEY_REUSED); or the event store ' +
        'refused the content for good (EVENT_STORE_REFUSED: nothing recorded, the case unchanged; not to be ' +
        'retried as it is)',
    ),
    problem(503, 'The case workflow did not answer in time (WORKFLOW_UNAVAILABLE); retry with the same key'),
  );
}

export function CaseCommandDocs() {
  return applyDecorators(
    CommandDocs(),
    CaseIdParam(),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag of the case you acted on, e.g. "12" (or a list, or "*"). Tag n matches when ' +
        'lastOfficerVersion <= n <= currentVersion: events the workflow records itself (deadlines, reminders, ' +
        "escalations; role system) after your version do not refuse the command, an officer's event does (412). " +
        'A deliberate reading of RFC 9110 §13.1.1: the ETag is the full version, but for If-Match versions that ' +
        'differ only by system events count as the same. Tags compare strongly: a weak tag W/"12" never matches.',
      example: '"12"',
    }),
    NotFoundResponse(),
    problem(412, 'An officer changed the case after the If-Match version (VERSION_MISMATCH)'),
    problem(403, 'Role not allowed, or not the assigned case officer (FORBIDDEN, NOT_ASSIGNED_OFFICER)'),
  );
}

/** Runs an officer command for an HTTP request and tags the answer with the case's new version (ETag). */
export async function runCaseCommand(
  commands: CaseCommandService,
  user: AuthenticatedUser,
  caseId: string,
  type: CaseCommandType,
  body: object,
  options: CommandOptions,
  res: Response,
): Promise<CaseState> {
  const { state } = await commands.execute(user, caseId, type, body, options);
  setETag(res, state.version);
  return state;
}

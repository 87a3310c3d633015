/** OpenAPI helpers shared by the audit controllers. */
import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../platform';

const PROBLEM = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } };

/** `:id` is a case id; 404 when it does not exist or belongs to another agency (indistinguishable). */
export const ApiCaseId = () =>
  applyDecorators(
    ApiParam({ name: 'id', description: 'Case id (= workflow id)', example: 'case-2025-001' }),
    ApiResponse({
      status: 404,
      description: 'No such case, or a case of another agency (NOT_FOUND)',
      content: PROBLEM,
    }),
  );

export const ApiProblem = (status: number, description: string) =>
  ApiResponse({ status, description, content: PROBLEM });

/** The log write failed, so the read was not served. */
export const ApiAccessLogged = () =>
  ApiProblem(503, 'The read could not be recorded in the access log (ACCESS_LOG_UNAVAILABLE)');

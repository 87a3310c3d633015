/**
 * OpenAPI 3 document at /docs-json and Swagger UI at /docs. Every operation requires the bearer scheme
 * except those marked `@Public()`; every operation documents the problem responses it may return.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PUBLIC_EXTENSION } from '../auth/decorators';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem';

export const BEARER_SCHEME = 'bearer';

const DESCRIPTION = `Netral follows neutrality-violation cases against civil servants (ASN) from report to sanction.

**Authentication**: every endpoint except \`/health\` and \`/ready\` needs \`Authorization: Bearer <JWT>\`
with claims \`sub\`, \`role\` (officer, supervisor, ppk, auditor, admin), \`agency\` and \`name\`. Data of
another agency is reported as 404. Auditors only read.

**Errors** are RFC 9457 problem documents (\`application/problem+json\`) with a stable \`code\`, an English
\`detail\`, the same in Bahasa Indonesia in \`detailId\`, the \`requestId\` to quote, and \`errors[]\` for
validation failures.

**Tracing**: send \`X-Request-Id\` and \`X-Correlation-Id\` (or let the server generate them); both are
echoed in the response and recorded with every event a request causes.`;

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail', 'detailId'],
  properties: {
    type: { type: 'string', example: 'urn:netral:problem:validation-failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', example: 400 },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    detail: { type: 'string', description: 'English' },
    detailId: { type: 'string', description: 'Bahasa Indonesia' },
    instance: { type: 'string', example: '/cases/7f9c…' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', example: 'reportedAsn.nip' },
          constraint: { type: 'string', example: 'matches' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const COMMON_PROBLEMS: Record<string, string> = {
  '400': 'Invalid request (VALIDATION_FAILED, MALFORMED_JSON)',
  '401': 'Missing, expired or invalid token (UNAUTHENTICATED)',
  '403': 'Role not allowed (FORBIDDEN)',
  '429': 'Rate limit exceeded (RATE_LIMITED)',
  '500': 'Unexpected error (INTERNAL)',
};

export function buildOpenApiDocument(app: INestApplication, version = '0.1.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Netral API')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };

  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      const extensions = operation as unknown as Record<string, unknown>;
      const isPublic = extensions[OPENAPI_PUBLIC_EXTENSION] === true;
      delete extensions[OPENAPI_PUBLIC_EXTENSION];
      if (!isPublic) operation.security = [{ [BEARER_SCHEME]: [] }];
      else operation.security ??= [];
      for (const [status, description] of Object.entries(COMMON_PROBLEMS)) {
        if (isPublic && status !== '500') continue;
        operation.responses[status] ??= {
          description,
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
  }
  return document;
}

export function setupOpenApi(app: INestApplication, version?: string): void {
  // Built at the first request of /docs, /docs-json or /docs-yaml (then kept), not during the service's
  // start-up: scanning every route's metadata is ~50 ms of CPU there (bench/notes/s16-cold-start.md).
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, version), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}

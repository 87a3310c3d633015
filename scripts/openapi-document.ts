/**
 * Part of `npm run build`: writes the API's OpenAPI document to dist/openapi.json without starting
 * anything (Nest's preview mode reads the controllers' metadata but creates no provider, so no database
 * or Temporal connection is opened). The console's typed client is generated from it
 * (apps/console/src/api/schema.d.ts). Runs from dist/ because the document needs decorator metadata.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument, createPinoLogger, platformConfig } from '../apps/api/src/platform';

async function main(): Promise<void> {
  // Local auth so that the development sign-in route is in the document; the secret is never used.
  const config = platformConfig({
    mode: 'local',
    secret: 'openapi-document-only-no-token-is-signed-with-this',
    issuer: 'netral-local',
    audience: 'netral-api',
    clockToleranceSeconds: 0,
  });
  const app = await NestFactory.create(
    AppModule.register({
      config,
      logger: createPinoLogger('silent'),
      infrastructure: {
        databaseUrl: 'postgres://unused',
        temporal: { address: 'unused:7233', namespace: 'default', taskQueue: 'unused' },
      },
    }),
    { preview: true, logger: false, abortOnError: false },
  );
  const document = buildOpenApiDocument(app, config.version);
  const file = process.argv[2] ?? join(__dirname, '..', 'openapi.json');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote the OpenAPI document (${Object.keys(document.paths).length} paths) to ${file}`);
  const commandsFile = process.argv[3];
  if (commandsFile) {
    const commands = caseCommandForms(document);
    await writeFile(commandsFile, `${JSON.stringify(commands, null, 1)}\n`);
    console.log(`wrote ${commands.length} command forms to ${commandsFile}`);
  }
  await app.close();
}

type Schema = Record<string, unknown>;

/**
 * The case commands (`POST /cases/{id}/…`, operationId = the domain's command type) with their request
 * body schemas, references resolved: the console builds its action forms from these.
 */
function caseCommandForms(document: OpenAPIObject) {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (schema: Schema, depth = 0): Schema => {
    if (depth > 8) throw new Error('schema nesting too deep');
    const ref = schema.$ref as string | undefined;
    if (ref) return resolve(schemas[ref.split('/').pop()!], depth + 1);
    const out: Schema = { ...schema };
    if (schema.allOf) {
      const parts = (schema.allOf as Schema[]).map((s) => resolve(s, depth + 1));
      delete out.allOf;
      Object.assign(out, ...parts, { nullable: schema.nullable ?? parts.some((p) => p.nullable) });
    }
    if (out.properties) {
      out.properties = Object.fromEntries(
        Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [k, resolve(v, depth + 1)]),
      );
    }
    if (out.items) out.items = resolve(out.items as Schema, depth + 1);
    return out;
  };
  const forms: { type: string; path: string; summary: string; description: string; schema: Schema }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const post = item.post;
    if (!post || !path.startsWith('/cases/{id}/') || !post.requestBody || !post.operationId) continue;
    if (!/^[A-Z]/.test(post.operationId)) continue; // commands are named after the domain's command types
    const content = (post.requestBody as { content: Record<string, { schema: Schema }> }).content;
    // File uploads (multipart: AttachDocument) are not forms built from a JSON schema.
    if (!content['application/json']) continue;
    forms.push({
      type: post.operationId,
      path,
      summary: post.summary ?? post.operationId,
      description: post.description ?? '',
      schema: resolve(content['application/json'].schema),
    });
  }
  return forms;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

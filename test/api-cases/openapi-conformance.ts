/**
 * Checks API responses against the OpenAPI document the API serves, so the response DTOs cannot drift from
 * the data: every declared field must be there (required), every field there must be declared (objects with
 * `properties` are closed), codes must be in their enums and dates in their formats.
 */
import Ajv, { type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;
export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable: true` becomes "null or the schema" (Nest writes a nullable
 * reference as `allOf: [$ref]` + `nullable`, which ajv would otherwise check against the reference only), and
 * an object that lists its properties without saying otherwise admits no others.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, example: _example, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'properties' ? mapValues(value as Record<string, unknown>) : toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

function mapValues(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toJsonSchema(v)]));
}

export class ResponseConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv.addFormat('date', DATE);
    this.ajv.addFormat('date-time', DATE_TIME);
    this.ajv.addSchema({ components: { schemas: mapValues(doc.components.schemas) } }, 'doc');
  }

  /** The errors of `body` against the named component schema (empty when it conforms). */
  errorsAgainst(schemaName: string, body: unknown): string[] {
    if (!this.doc.components.schemas[schemaName]) return [`no schema ${schemaName}`];
    return this.run(
      `doc#/components/schemas/${schemaName}`,
      { $ref: `doc#/components/schemas/${schemaName}` },
      body,
    );
  }

  /** The errors of a response body against the operation's declared JSON response for that status. */
  errorsOfResponse(method: string, pathTemplate: string, status: number, body: unknown): string[] {
    const operation = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    const schema = operation?.responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema) return [`${method} ${pathTemplate} declares no JSON response ${status}`];
    const key = `${method} ${pathTemplate} ${status}`;
    return this.run(key, toJsonSchema(rewriteRefs(schema)) as Schema, body);
  }

  private run(key: string, schema: Schema, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}

/** Response schemas refer to `#/components/...` of the document, registered here as `doc`. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace(/^#/, 'doc#') : rewriteRefs(v),
    ]),
  );
}

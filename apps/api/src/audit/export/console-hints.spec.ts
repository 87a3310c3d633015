/**
 * The console's form hints (kept beside console-vocabulary.spec.ts: the console's own tsconfig has no test
 * types). Every form hint the API describes (commands.json, generated from the OpenAPI document) has its
 * Indonesian text, so the Indonesian form shows no English hint; and the lookup prefers the command's own.
 */
import commands from '../../../../console/src/api/commands.json';
import { HINTS_ID, hintOf } from '../../../../console/src/i18n/hints';

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

function described(schema: Schema, command: string, out: [string, string][], name?: string): void {
  if (name && schema.description) out.push([command, name]);
  for (const [key, value] of Object.entries(schema.properties ?? {})) described(value, command, out, key);
  if (schema.items) described(schema.items, command, out, name);
}

describe('Indonesian form hints', () => {
  const fields: [string, string][] = [];
  for (const c of commands as unknown as { type: string; schema: Schema }[])
    described(c.schema, c.type, fields);

  it('cover every described field of every command', () => {
    expect(fields.length).toBeGreaterThan(50);
    const missing = fields.filter(([c, f]) => !(`${c}.${f}` in HINTS_ID) && !(f in HINTS_ID));
    expect(missing).toEqual([]);
  });

  it('are chosen per command where a field means different things, and English stays the API text', () => {
    expect(hintOf('id', 'IssueSummons', 'letterNumber', 'Summons letter number')).toBe(
      'Nomor surat panggilan',
    );
    expect(hintOf('id', 'RecordRecommendation', 'letterNumber', 'Letter number')).toBe('Nomor surat');
    expect(hintOf('en', 'IssueSummons', 'letterNumber', 'Summons letter number')).toBe(
      'Summons letter number',
    );
    expect(hintOf('id', 'X', 'unknownField', 'Some text')).toBe('Some text');
    expect(hintOf('id', 'X', 'reason', undefined)).toBeUndefined();
  });
});

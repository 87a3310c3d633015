// Letter templates as data (data/letter-templates.json): which fact and command a letter belongs to, and its
// blocks. An agency may replace a template's blocks with its own (letter settings); the structure is checked
// here, so a bad adjustment is refused when it is stored, not when a letter is due.
import { type CaseCommandType, type DocumentFact, DOCUMENT_FACTS } from '@netral/domain';
import bundled from '../../data/letter-templates.json';

export type LetterBlock =
  | { kind: 'title' | 'subtitle' | 'heading'; text: string }
  | { kind: 'paragraph'; text: string; basis?: string; when?: string }
  | { kind: 'fields'; rows: [string, string][]; basis?: string }
  | { kind: 'items'; label?: string; items: [string, string][]; basis?: string }
  | { kind: 'signature'; role: string; place?: string; datePrefix?: string }
  | { kind: 'signatures'; left: string; leftName: string; leftNip: string; right: string }
  | { kind: 'copies'; items: string[] };

export type SignatoryRole = 'inspektur' | 'atasan_langsung' | 'ppk';

export interface LetterTemplate {
  id: string;
  name: string;
  fact: { kind: DocumentFact; sequence: number };
  /** The command that records the letter's fact: its draft is rendered from that command's data. */
  command: CaseCommandType;
  /** The official format it follows, with its source. */
  format: string;
  signatory: SignatoryRole;
  blocks: LetterBlock[];
}

export interface LetterTemplateCatalogue {
  version: string;
  templates: LetterTemplate[];
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const BLOCK_KINDS = [
  'title',
  'subtitle',
  'heading',
  'paragraph',
  'fields',
  'items',
  'signature',
  'signatures',
  'copies',
];
const SIGNATORIES: readonly SignatoryRole[] = ['inspektur', 'atasan_langsung', 'ppk'];

function isPairs(value: unknown): value is [string, string][] {
  return (
    Array.isArray(value) &&
    value.every((r) => Array.isArray(r) && r.length === 2 && r.every((c) => typeof c === 'string'))
  );
}

/** Checks one block list (a bundled template's, or an agency's replacement). */
export function parseBlocks(value: unknown, where: string): LetterBlock[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new TemplateError(`${where}: blocks must be a non-empty list`);
  return value.map((block: unknown, i) => {
    const b = block as Record<string, unknown>;
    const at = `${where}.blocks[${i}]`;
    if (!b || typeof b !== 'object' || !BLOCK_KINDS.includes(b.kind as string)) {
      throw new TemplateError(`${at}: kind must be one of ${BLOCK_KINDS.join(', ')}`);
    }
    const text = (field: string, optional = false) => {
      if (optional && b[field] === undefined) return;
      if (typeof b[field] !== 'string') throw new TemplateError(`${at}.${field} must be text`);
    };
    switch (b.kind) {
      case 'fields':
      case 'items':
        if (!isPairs(b.rows ?? b.items))
          throw new TemplateError(
            `${at}: ${b.kind === 'fields' ? 'rows' : 'items'} must be [label, text] pairs`,
          );
        text('basis', true);
        text('label', true);
        break;
      case 'copies':
        if (!Array.isArray(b.items) || !b.items.every((s) => typeof s === 'string')) {
          throw new TemplateError(`${at}.items must be a list of text`);
        }
        break;
      case 'signature':
        text('role');
        text('place', true);
        text('datePrefix', true);
        break;
      case 'signatures':
        ['left', 'leftName', 'leftNip', 'right'].forEach((f) => text(f));
        break;
      default:
        text('text');
        text('basis', true);
        text('when', true);
    }
    return b as unknown as LetterBlock;
  });
}

export function parseTemplateCatalogue(json: unknown): LetterTemplateCatalogue {
  const c = json as { version?: unknown; templates?: unknown };
  if (typeof c?.version !== 'string' || !Array.isArray(c.templates)) {
    throw new TemplateError('a template catalogue has a version and templates');
  }
  const templates = c.templates.map((t: Record<string, unknown>) => {
    const fact = t.fact as { kind?: unknown; sequence?: unknown };
    if (typeof t.id !== 'string' || typeof t.name !== 'string' || typeof t.format !== 'string') {
      throw new TemplateError('a template has an id, a name and the format it follows');
    }
    if (!DOCUMENT_FACTS.includes(fact?.kind as DocumentFact) || !Number.isInteger(fact.sequence)) {
      throw new TemplateError(`${t.id}: fact must name a document fact and a sequence`);
    }
    if (!SIGNATORIES.includes(t.signatory as SignatoryRole)) {
      throw new TemplateError(`${t.id}: signatory must be one of ${SIGNATORIES.join(', ')}`);
    }
    return { ...(t as unknown as LetterTemplate), blocks: parseBlocks(t.blocks, t.id) };
  });
  return { version: c.version, templates };
}

export const DEFAULT_LETTER_TEMPLATES: LetterTemplateCatalogue = parseTemplateCatalogue(bundled);

export function findTemplate(catalogue: LetterTemplateCatalogue, id: string): LetterTemplate | undefined {
  return catalogue.templates.find((t) => t.id === id);
}

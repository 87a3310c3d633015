// One call from a case to its official letter: pick the template (the agency's adjusted blocks if any),
// fill it from the case and render it. The letter of a recorded fact is the issued letter; rendered from a
// state in which the command is not yet recorded, it is a draft (KONSEP).
import {
  type CaseState,
  type Catalogues,
  type DocumentFact,
  factReference,
  isDomainError,
} from '@netral/domain';
import { sha256Hex } from '../hash';
import { type LetterExtras, type LetterSettings, letterNumber, letterValues } from './letter-context';
import { renderLetter } from './render-letter';
import {
  DEFAULT_LETTER_TEMPLATES,
  type LetterTemplate,
  type LetterTemplateCatalogue,
  findTemplate,
} from './templates';

export interface LetterRequest {
  templateId: string;
  /** The case with the letter's fact recorded (for a draft: the state the command would produce). */
  state: CaseState;
  catalogues: Catalogues;
  settings: LetterSettings;
  extras?: LetterExtras;
  draft: boolean;
  /** The PDF's creation date. */
  createdAt: Date;
  templates?: LetterTemplateCatalogue;
}

export interface Letter {
  template: LetterTemplate;
  templateVersion: string;
  number: string;
  title: string;
  fileName: string;
  pdf: Buffer;
  sha256: string;
}

export class UnknownTemplateError extends Error {
  override name = 'UnknownTemplateError';
}

export async function buildLetter(request: LetterRequest): Promise<Letter> {
  const catalogue = request.templates ?? DEFAULT_LETTER_TEMPLATES;
  const template = findTemplate(catalogue, request.templateId);
  if (!template) throw new UnknownTemplateError(`no letter template ${request.templateId}`);
  // The fact must be in the state (throws the domain's UNKNOWN_FACT otherwise).
  factReference(request.state, template.fact);
  const number = letterNumber(template, request.state) ?? '-';
  const values = letterValues({ ...request, template });
  const pdf = await renderLetter({
    template,
    settings: request.settings,
    values,
    createdAt: request.createdAt,
    draft: request.draft,
    caseId: request.state.caseId ?? '-',
    templateVersion: catalogue.version,
  });
  const safe = number.replace(/[^A-Za-z0-9._-]+/g, '_');
  return {
    template,
    templateVersion: catalogue.version,
    number,
    title: `${template.name} ${number}`,
    fileName: `${request.draft ? 'konsep-' : ''}${template.id}-${safe}.pdf`,
    pdf,
    sha256: sha256Hex(pdf),
  };
}

/** Whether a case can have a template's letter now, and if not which recorded facts it still lacks. */
export interface LetterAvailability {
  available: boolean;
  /** The facts the letter is rendered from that the case has not recorded (in this round). */
  missingFacts: { kind: DocumentFact; sequence: number }[];
}

/**
 * A letter is rendered from its recorded fact (buildLetter refuses with UNKNOWN_FACT otherwise), so it is
 * offered only once the case has that fact; the console shows the others disabled with the missing fact.
 */
export function letterAvailability(template: LetterTemplate, state: CaseState): LetterAvailability {
  const missingFacts = [template.fact].filter((fact) => {
    try {
      factReference(state, fact);
      return false;
    } catch (error) {
      if (isDomainError(error) && error.code === 'UNKNOWN_FACT') return true;
      throw error;
    }
  });
  return { available: missingFacts.length === 0, missingFacts };
}

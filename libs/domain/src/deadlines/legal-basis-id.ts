// The legal basis of a deadline rule in Bahasa Indonesia. The policies' `legalBasis` is written in English
// (with the regulation's own Indonesian words quoted); a published version's content is fixed (its hash
// guards it), so the translations live beside the policies in data/deadline-legal-basis-id.json, keyed by
// the English text: a rule whose text a later version changes has no translation until one is added, and is
// then shown as written rather than with a translation of another text.
import { bundledData } from '../bundled-data';

const BY_ENGLISH = new Map<string, string>(
  (bundledData.deadlineLegalBasisId as { texts: { en: string; id: string }[] }).texts.map((t) => [
    t.en,
    t.id,
  ]),
);

/** The Indonesian text of a rule's legal basis, or null when none is known for that exact text. */
export function legalBasisInIndonesian(legalBasis: string): string | null {
  return BY_ENGLISH.get(legalBasis) ?? null;
}

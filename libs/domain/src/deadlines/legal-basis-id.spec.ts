// Every published deadline policy's legal basis has an Indonesian text, and the translation keeps every
// regulation citation and confidence marker of the text it translates.
import { DEFAULT_DEADLINE_POLICY } from './policy';
import { legalBasisInIndonesian } from './legal-basis-id';
import { DEADLINE_POLICY_2026_1 } from '../published-deadline-policies';

/** Regulation citations (PP 94/2021, Ps 26, ayat (3)-(4), 800/29/BKPPD.PKA), years and confidence markers. */
const CITATION =
  /\b(?:PP|Perpres|PerBKN|UU|SKB)\s+\d+\/\d{4}\b|\bPs\s+\d+\b|ayat\s+\([^)]*\)(?:-\(\d+\))?|\d+\/\d+\/[A-Z.]+|\(\d{4}\)|\[[CSI]\]/g;

const citations = (text: string) => [...text.matchAll(CITATION)].map((m) => m[0]).sort();

describe('legal basis in Bahasa Indonesia', () => {
  const policies = [DEFAULT_DEADLINE_POLICY, DEADLINE_POLICY_2026_1];
  const rules = policies.flatMap((p) => p.rules.map((r) => ({ version: p.version, rule: r })));

  it.each(rules.map(({ version, rule }) => [version, rule.id, rule.legalBasis]))(
    'policy %s, rule %s: translated, with the same citations',
    (_version, _id, legalBasis) => {
      const id = legalBasisInIndonesian(legalBasis);
      expect(id).not.toBeNull();
      expect(citations(id!)).toEqual(citations(legalBasis));
    },
  );

  it('a text no version holds has no translation: shown as written, never as another text', () => {
    expect(legalBasisInIndonesian('Internal service target [I]')).toBe('Target layanan internal [I]');
    expect(legalBasisInIndonesian('Internal service target [I] (amended)')).toBeNull();
  });
});

// The frozen earlier policy versions: 2026.2 corrected texts and a confidence only, so a case migrated from
// 2026.1 keeps every length, offset and escalation it had.
import { DEFAULT_DEADLINE_POLICY } from './deadlines/policy';
import { DEADLINE_POLICY_2026_1 } from './published-deadline-policies';

const withoutTexts = (policy: typeof DEFAULT_DEADLINE_POLICY) =>
  policy.rules.map(({ legalBasis: _basis, confidence: _confidence, ...rule }) => rule);

describe('published deadline policy versions', () => {
  it('2026.1 is frozen as bundled; 2026.2 changes no length, offset, escalation or parameter', () => {
    expect(DEADLINE_POLICY_2026_1.version).toBe('2026.1');
    expect(DEFAULT_DEADLINE_POLICY.version).toBe('2026.2');
    expect(withoutTexts(DEFAULT_DEADLINE_POLICY)).toEqual(withoutTexts(DEADLINE_POLICY_2026_1));
    expect(DEFAULT_DEADLINE_POLICY.parameters).toEqual(DEADLINE_POLICY_2026_1.parameters);
  });

  it('2026.2 names the clarification period an internal target, Bekasi’s instruction only as an example', () => {
    const clarification = (policy: typeof DEFAULT_DEADLINE_POLICY) =>
      policy.rules.find((r) => r.id === 'clarification')!;
    expect(clarification(DEADLINE_POLICY_2026_1).legalBasis).toMatch(
      /^Internal service target \[I\]; Instruksi/,
    );
    const basis = clarification(DEFAULT_DEADLINE_POLICY);
    expect(basis).toMatchObject({ confidence: 'I', length: 14, unit: 'working_days' });
    expect(basis.legalBasis).toMatch(/^Internal service target \[I\]: no statute/);
    expect(basis.legalBasis).toMatch(/e\.g\. Kota Bekasi/);
  });

  it('2026.2 gives the Kemendagri 2020 statement on the follow-up period confidence I (domain.md: not law)', () => {
    const followUp = DEFAULT_DEADLINE_POLICY.rules.find((r) => r.id === 'recommendation_follow_up')!;
    expect(DEADLINE_POLICY_2026_1.rules.find((r) => r.id === 'recommendation_follow_up')!.confidence).toBe(
      'C',
    );
    expect(followUp).toMatchObject({ confidence: 'I', length: 10, unit: 'calendar_days' });
    expect(followUp.legalBasis).toMatch(/not law \[I\]/);
  });
});

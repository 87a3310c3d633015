// Given/when/then specifications: Recommendations (Bawaslu, KASN/BKN) and the PPK follow-up.
import { sanctionCaseDeciderState, spec, through } from '../testing/case-spec';
import { OFFICER, PPK, cmd, run, step, wib } from '../testing/fixtures';

describe('recommendation and PPK follow-up', () => {
  it('records a BKN recommendation after 24 Aug 2024', () => {
    const at = wib('2025-01-08');
    const { state } = spec
      .given(through('clarifying'))
      .when(cmd.recommendation('BKN', '2025-01-08'), { now: at })
      .then([
        {
          type: 'RecommendationReceived',
          data: {
            body: 'BKN',
            letterNumber: 'BKN/REK/01/2025',
            letterDate: '2025-01-08',
            receivedOn: '2025-01-08',
            proven: true,
            recommendedSanction: 'PEMOTONGAN_TUKIN_25',
            at,
          },
        },
      ]);
    expect(state.recommendations[0].followedUp).toBe(false);
  });

  it('accepts a KASN letter dated before 25 Aug 2024 and refuses one after (and BKN before)', () => {
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('KASN', '2024-08-20', true, '2025-01-06'))
      .then([expect.objectContaining({ type: 'RecommendationReceived' })]);
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('KASN', '2024-09-02', true, '2025-01-06'))
      .thenThrows('WRONG_SUPERVISORY_BODY', (e) => expect(e.details.inOffice).toBe('BKN'));
    spec
      .given(through('clarifying'))
      .when(cmd.recommendation('BKN', '2024-08-01', true, '2025-01-06'))
      .thenThrows('WRONG_SUPERVISORY_BODY');
  });

  it('Bawaslu may recommend at any time; not after the decision', () => {
    spec
      .given(through('registered'))
      .when(cmd.recommendation('bawaslu', '2025-01-06'))
      .then([expect.objectContaining({ type: 'RecommendationReceived' })]);
    spec
      .given(through('decided'))
      .when(cmd.recommendation('bawaslu', '2025-01-06'))
      .thenThrows('WRONG_STAGE');
  });

  it('the PPK follows up by ordering an examination, which also follows up pending recommendations', () => {
    const at = wib('2025-01-10');
    const history = [
      ...through('clarifying'),
      ...run(
        [step('rec', cmd.recommendation(), OFFICER, '2025-01-08')],
        sanctionCaseDeciderState(through('clarifying')),
      ).events,
    ];
    const withResult = [
      ...history,
      ...run([step('res', cmd.clarifyProceed(), OFFICER, '2025-01-09')], sanctionCaseDeciderState(history))
        .events,
    ];
    const { state } = spec
      .given(withResult)
      .when(cmd.followUp('examination'), { actor: PPK, now: at })
      .then([
        {
          type: 'PpkFollowUpRecorded',
          data: {
            action: 'examination',
            letterNumber: 'PPK/TL/01/2025',
            letterDate: '2025-01-10',
            recommendationsFollowedUp: ['BKN/REK/01/2025'],
            at,
          },
        },
      ]);
    expect(state.stage).toBe('examination');
    expect(state.recommendations.every((r) => r.followedUp)).toBe(true);
  });

  it('a proven recommendation lets the PPK follow up before the clarification result', () => {
    const history = [
      ...through('clarifying'),
      ...run(
        [step('rec', cmd.recommendation(), OFFICER, '2025-01-08')],
        sanctionCaseDeciderState(through('clarifying')),
      ).events,
    ];
    spec
      .given(history)
      .when(cmd.followUp('majelis_kode_etik'), { actor: PPK, now: wib('2025-01-10') })
      .then([expect.objectContaining({ type: 'PpkFollowUpRecorded' })]);
    spec.given(through('clarifying')).when(cmd.followUp(), { actor: PPK }).thenThrows('WRONG_STAGE');
  });

  it('the PPK may close as not proven, with a reason', () => {
    const at = wib('2025-01-10');
    spec
      .given(through('clarified'))
      .when(cmd.followUp('not_proven', 'Rekomendasi tidak didukung bukti'), { actor: PPK, now: at })
      .then([
        expect.objectContaining({ type: 'PpkFollowUpRecorded' }),
        {
          type: 'CaseClosed',
          data: { outcome: 'not_proven', reason: 'Rekomendasi tidak didukung bukti', at },
        },
      ]);
    spec
      .given(through('clarified'))
      .when(cmd.followUp('not_proven'), { actor: PPK, now: at })
      .thenThrows('INVALID_COMMAND');
  });
});

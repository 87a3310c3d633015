// Given/when/then specifications: The Majelis Kode Etik track (PP 42/2004).
import { spec } from '../testing/case-spec';
import { MORAL_PATH, PPK, cmd, historyThrough, wib } from '../testing/fixtures';

describe('Majelis Kode Etik (PP 42/2004)', () => {
  const history = (name: string) => historyThrough(MORAL_PATH, name);

  it('convenes and recommends a moral sanction', () => {
    spec
      .given(history('followed-up'))
      .when(cmd.convene(), { actor: PPK, now: wib('2025-01-13') })
      .then([
        {
          type: 'MajelisKodeEtikConvened',
          data: {
            decreeNumber: 'SK-MKE/01/2025',
            decreeDate: '2025-01-13',
            members: ['Ketua', 'Sekretaris', 'Anggota'],
            hearingDate: '2025-01-20',
            at: wib('2025-01-13'),
          },
        },
      ]);
    const { state } = spec
      .given(history('convened'))
      .when(cmd.majelis(true), { now: wib('2025-01-22') })
      .then([
        {
          type: 'MajelisKodeEtikRecommended',
          data: {
            proven: true,
            recommendedSanction: 'PERNYATAAN_TERBUKA',
            minutesRef: 'MKE-REK/01/2025',
            decidedOn: '2025-01-22',
            at: wib('2025-01-22'),
          },
        },
      ]);
    expect(state.stage).toBe('decision');
  });

  it('not proven closes the case; a recommendation needs a convened Majelis and a moral sanction', () => {
    spec
      .given(history('convened'))
      .when(cmd.majelis(false), { now: wib('2025-01-22') })
      .then([
        expect.objectContaining({ type: 'MajelisKodeEtikRecommended' }),
        expect.objectContaining({
          type: 'CaseClosed',
          data: expect.objectContaining({ outcome: 'not_proven' }),
        }),
      ]);
    spec
      .given(history('followed-up'))
      .when(cmd.majelis(true), { now: wib('2025-01-22') })
      .thenThrows('WRONG_STAGE');
    spec
      .given(history('convened'))
      .when(cmd.majelis(true, 'TEGURAN_TERTULIS'), { now: wib('2025-01-22') })
      .thenThrows('SANCTION_TRACK_MISMATCH');
    spec.given(history('convened')).when(cmd.convene(), { actor: PPK }).thenThrows('WRONG_STAGE');
  });
});

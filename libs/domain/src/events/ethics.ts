// Events of the ethics track: the Majelis Kode Etik convened and its recommendation, which sends a proven
// breach to decision.
import { type CivilDate } from '../time';
import { type At, enter, type Evolvers } from './evolving';

export interface EthicsEventMap {
  MajelisKodeEtikConvened: {
    decreeNumber: string;
    decreeDate: CivilDate;
    members: string[];
    hearingDate: CivilDate;
  } & At;
  MajelisKodeEtikRecommended: {
    proven: boolean;
    recommendedSanction: string | null;
    minutesRef: string;
    decidedOn: CivilDate;
  } & At;
}

export const ethicsEvolvers: Evolvers<EthicsEventMap> = {
  MajelisKodeEtikConvened: ({ at: _at, ...majelis }, next, state) => ({
    ...next,
    ethics: { ...state.ethics, majelis },
  }),
  MajelisKodeEtikRecommended: ({ at, ...recommendation }, next, state) => {
    const recorded = { ...next, ethics: { ...state.ethics, recommendation } };
    return recommendation.proven ? enter(recorded, 'decision', at, recommendation.decidedOn) : recorded;
  },
};

// The PPK's follow-up: which track the case takes (examination, Majelis Kode Etik, PTDH for party
// membership) or not proven; every recommendation received so far counts as followed up.
import { type CivilDate } from '../time';
import { type CaseState, type Track } from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface FollowUpEventMap {
  PpkFollowUpRecorded: {
    action: Track | 'not_proven';
    letterNumber: string;
    letterDate: CivilDate;
    /** ptdh_partai only; absent in older events. */
    membershipProofRef?: string | null;
    recommendationsFollowedUp: string[];
  } & At;
}

/** The stage each track opens. */
const TRACK_STAGE = {
  examination: 'examination',
  majelis_kode_etik: 'ethics_hearing',
  ptdh_partai: 'decision',
} as const;

export const followUpEvolvers: Evolvers<FollowUpEventMap> = {
  PpkFollowUpRecorded: (d, next, state) => {
    const followed: CaseState = {
      ...next,
      recommendations: state.recommendations.map((r) => ({ ...r, followedUp: true })),
    };
    if (d.action === 'not_proven') return followed;
    return enter(
      {
        ...followed,
        followUp: {
          track: d.action,
          letterNumber: d.letterNumber,
          letterDate: d.letterDate,
          membershipProofRef: d.membershipProofRef ?? null,
          at: d.at,
        },
      },
      TRACK_STAGE[d.action],
      d.at,
      d.letterDate,
    );
  },
};

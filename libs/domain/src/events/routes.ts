// Events of the routes beside the PP 94/2021 procedure: a case forwarded to the employer, the Sentra Gakkumdu
// referral and its outcome, the linked case against the direct superior.
import { type CivilDate } from '../time';
import { type Forwarding, type SuperiorCase } from '../case/state';
import { type CriminalReferralOutcome } from '../case/vocabulary';
import { type At, type Evolvers } from './evolving';

export interface RoutesEventMap {
  CaseForwardedToEmployer: Forwarding & At;
  CriminalReferralRecorded: { reference: string; referredOn: CivilDate; offence: string } & At;
  CriminalReferralConcluded: {
    reference: string;
    outcome: CriminalReferralOutcome;
    decidedOn: CivilDate;
    decisionRef: string;
  } & At;
  SuperiorCaseLinked: SuperiorCase & At;
}

export const routesEvolvers: Evolvers<RoutesEventMap> = {
  CaseForwardedToEmployer: ({ at: _at, ...forwarding }, next) => ({ ...next, forwarding }),
  CriminalReferralRecorded: ({ at: _at, ...referral }, next, state) => ({
    ...next,
    criminalReferrals: [...(state.criminalReferrals ?? []), { ...referral, outcome: null }],
  }),
  CriminalReferralConcluded: ({ at: _at, reference, ...outcome }, next, state) => ({
    ...next,
    criminalReferrals: (state.criminalReferrals ?? []).map((r) =>
      r.reference === reference ? { ...r, outcome } : r,
    ),
  }),
  SuperiorCaseLinked: ({ at: _at, ...superiorCase }, next) => ({ ...next, superiorCase }),
};

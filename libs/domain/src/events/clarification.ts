// Events of clarification: by Inspektorat or BKPSDM, concluded with its report, or a recommendation received
// from Bawaslu / KASN / BKN.
import { type SanctionLevel } from '../catalogue';
import { type CivilDate } from '../time';
import { type Clarification, type Recommendation } from '../case/state';
import { type At, enter, type Evolvers, knownDay } from './evolving';

export interface ClarificationEventMap {
  /**
   * `occurredOn`: given, or (2026.1 time rules) the recording day with `occurredOnDefaulted: true`; null or
   * absent in histories recorded before. Defaulted, null or absent: the state keeps the day as not known.
   */
  ClarificationStarted: {
    by: Clarification['by'];
    letterReference: string | null;
    occurredOn?: CivilDate | null;
    occurredOnDefaulted?: boolean;
  } & At;
  ClarificationConcluded: {
    occurredOn?: CivilDate | null;
    occurredOnDefaulted?: boolean;
    result: 'not_proven' | 'proceed';
    likelyLevel: SanctionLevel | null;
    timPemeriksaNeeded: boolean | null;
    reportReference: string;
    summary: string;
  } & At;
  /** The recommendation as the state keeps it, but for what the fold adds (its version, whether followed up). */
  RecommendationReceived: Omit<Recommendation, 'version' | 'followedUp'> & At;
}

export const clarificationEvolvers: Evolvers<ClarificationEventMap> = {
  ClarificationStarted: (d, next) => ({
    ...next,
    clarification: {
      by: d.by,
      startedAt: d.at,
      startedOn: knownDay(d),
      letterReference: d.letterReference,
      result: null,
      likelyLevel: null,
      timPemeriksaNeeded: null,
      reportReference: null,
      concludedAt: null,
      concludedOn: null,
    },
  }),
  ClarificationConcluded: (d, next, state) => {
    const clarification: Clarification = {
      ...(state.clarification as Clarification),
      result: d.result,
      likelyLevel: d.likelyLevel,
      timPemeriksaNeeded: d.timPemeriksaNeeded,
      reportReference: d.reportReference,
      concludedAt: d.at,
      concludedOn: knownDay(d),
    };
    const concluded = { ...next, clarification };
    return d.result === 'proceed' ? enter(concluded, 'follow_up', d.at, knownDay(d)) : concluded;
  },
  RecommendationReceived: (d, next, state) => ({
    ...next,
    recommendations: [
      ...state.recommendations,
      {
        version: next.version,
        body: d.body,
        letterNumber: d.letterNumber,
        letterDate: d.letterDate,
        receivedOn: d.receivedOn,
        proven: d.proven,
        recommendedSanction: d.recommendedSanction,
        // Arriving after the PPK already acted, it is followed up by the running procedure.
        followedUp: state.followUp !== null,
      },
    ],
  }),
};

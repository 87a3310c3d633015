// A case closed (with the stage it closed from) and reopened, which starts a new round.
import { type ClosingOutcome, EMPTY_ETHICS, EMPTY_EXAMINATION } from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface ClosingEventMap {
  CaseClosed: { outcome: ClosingOutcome; reason: string | null } & At;
  CaseReopened: { reason: string; previousOutcome: ClosingOutcome; round: number } & At;
}

export const closingEvolvers: Evolvers<ClosingEventMap> = {
  CaseClosed: (d, next, state) => {
    const closure = { outcome: d.outcome, reason: d.reason, closedFromStage: state.stage, at: d.at };
    return enter({ ...next, closure, closures: [...state.closures, closure] }, 'closed', d.at);
  },
  // A reopened case starts a new round from clarification; earlier records stay in the stream.
  CaseReopened: (d, next, state) =>
    enter(
      {
        ...next,
        round: d.round,
        closure: null,
        clarification: null,
        followUp: null,
        examination: EMPTY_EXAMINATION,
        ethics: EMPTY_ETHICS,
        departureApprovals: [],
        decision: null,
        delivery: null,
        objection: null,
        sanctionInForce: null,
      },
      state.assignedOfficer ? 'clarification' : 'intake',
      d.at,
    ),
};

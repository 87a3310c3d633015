// Events of the decision: a departure from the sanction catalogue approved, the sanction decided and its
// decree delivered, which opens the objection window unless the sanction allows none.
import { type DepartureApproval, type Delivery, type SanctionDecision } from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface DecisionEventMap {
  SanctionDepartureApproved: DepartureApproval;
  SanctionDecided: SanctionDecision;
  DecisionDelivered: Delivery & At;
}

export const decisionEvolvers: Evolvers<DecisionEventMap> = {
  SanctionDepartureApproved: (d, next, state) => ({
    ...next,
    departureApprovals: [...state.departureApprovals, d],
  }),
  SanctionDecided: (d, next) => enter({ ...next, decision: d }, 'delivery', d.at, d.decreeDate),
  DecisionDelivered: ({ at, ...delivery }, next) => {
    const delivered = { ...next, delivery: { ...delivery, version: next.version } };
    return delivery.objectionRoute === 'none'
      ? delivered
      : enter(delivered, 'objection_window', at, delivery.deliveredOn);
  },
};

// Events of the sanction in force: it took effect, its mark was retracted for an objection filed in time,
// its period was served.
import { type CivilDate } from '../time';
import { type ClosingOutcome, type SanctionInForce } from '../case/state';
import { type At, enter, type Evolvers } from './evolving';

export interface InForceEventMap {
  SanctionTookEffect: SanctionInForce & At;
  /**
   * A keberatan/banding filed in time (by its own date) but recorded after the system marked the sanction in
   * force: the mark is withdrawn by this event, never by editing history, and the objection follows.
   */
  SanctionInForceRetracted: {
    sanctionCode: string;
    /** The effective date that no longer holds. */
    effectiveOn: CivilDate;
    /** The filing that was in time. */
    filedOn: CivilDate;
    /** The last day of the window the filing met. */
    windowDueDate: CivilDate;
    /** The closure withdrawn with it, if the sanction had closed the case. */
    reopenedFrom: ClosingOutcome | null;
  } & At;
  SanctionPeriodServed: { sanctionCode: string; endsOn: CivilDate } & At;
}

export const inForceEvolvers: Evolvers<InForceEventMap> = {
  SanctionTookEffect: ({ at, ...inForce }, next) =>
    enter({ ...next, sanctionInForce: inForce }, 'in_force', at, inForce.effectiveOn),
  // Back to the window the filing met; the objection event that follows moves the case on.
  SanctionInForceRetracted: (d, next) =>
    enter({ ...next, sanctionInForce: null, closure: null }, 'objection_window', d.at),
  SanctionPeriodServed: (_d, next) => next,
};

// The decider as one value (Emmett / Chassaing style): decide, evolve and the initial state.
import { type CaseCommand, type DecisionContext } from './case/commands';
import { decide } from './case/decide';
import { type CaseEvent, evolve } from './case/events';
import { type CaseState, initialState } from './case/state';

export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

export const sanctionCaseDecider: Decider<CaseCommand, CaseEvent, CaseState, DecisionContext> = {
  decide,
  evolve,
  initialState,
};

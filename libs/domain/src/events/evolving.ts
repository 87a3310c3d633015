// What every stage's events share: the decision time they carry, the shape of their evolvers and the two
// helpers that move a case into a stage and read a fact's day.
import { type CivilDate, type Instant } from '../time';
import { type CaseState, type Stage } from '../case/state';

/** Every event carries `at`, the decision time taken from the context, so evolve never needs a clock. */
export type At = { at: Instant };

/**
 * How each event of a stage changes the state. `next` is the state before with the version already advanced
 * (`next.version` is this event's version); `state` is the state before, for what the event appends to.
 */
export type Evolvers<EventMap> = {
  [K in keyof EventMap]: (data: EventMap[K], next: CaseState, state: CaseState) => CaseState;
};

/** A fact's day as the state keeps it: a defaulted (stand-in) day is not known, so it bounds nothing later. */
export function knownDay(data: {
  occurredOn?: CivilDate | null;
  occurredOnDefaulted?: boolean;
}): CivilDate | null {
  return data.occurredOnDefaulted ? null : (data.occurredOn ?? null);
}

/** `on`: the date of the fact that opened the stage (what its deadline counts from), null when it has none. */
export function enter(state: CaseState, stage: Stage, at: Instant, on: CivilDate | null = null): CaseState {
  return { ...state, stage, stageEnteredAt: at, stageEnteredOn: on, stageEnteredVersion: state.version };
}

// Events of a case stream (past tense, plain JSON `{ type, data }`; the event store adds metadata such as the
// actor, correlation ids and the hash chain) and evolve(), the pure fold that rebuilds the state from them.
// Every event carries `at`, the decision time taken from the context, so evolve never needs a clock.
//
// Each stage's events and how they change the state live in src/events/<stage>.ts, as its commands do in
// stages/<stage>.ts; this file joins them into the case's event map and the one table evolve dispatches on.
import { type CaseState, initialState } from './state';
import { type DocumentEventMap, evolveDocumentAttached } from './documents';
import { type ClarificationEventMap, clarificationEvolvers } from '../events/clarification';
import { type ClosingEventMap, closingEvolvers } from '../events/closing';
import { type DeadlineEventMap, deadlineEvolvers } from '../events/deadlines';
import { type DecisionEventMap, decisionEvolvers } from '../events/decision';
import { type EthicsEventMap, ethicsEvolvers } from '../events/ethics';
import { type Evolvers } from '../events/evolving';
import { type ExaminationEventMap, examinationEvolvers } from '../events/examination';
import { type FollowUpEventMap, followUpEvolvers } from '../events/follow-up';
import { type InForceEventMap, inForceEvolvers } from '../events/in-force';
import { type IntakeEventMap, intakeEvolvers } from '../events/intake';
import { type ObjectionEventMap, objectionEvolvers } from '../events/objection';
import { type RoutesEventMap, routesEvolvers } from '../events/routes';

export interface CaseEventMap
  extends
    IntakeEventMap,
    ClarificationEventMap,
    FollowUpEventMap,
    ExaminationEventMap,
    EthicsEventMap,
    DecisionEventMap,
    ObjectionEventMap,
    InForceEventMap,
    RoutesEventMap,
    ClosingEventMap,
    DeadlineEventMap,
    DocumentEventMap {}

export type CaseEventType = keyof CaseEventMap;

export type CaseEvent = { [K in CaseEventType]: { type: K; data: CaseEventMap[K] } }[CaseEventType];

export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

/** How every event type changes the state, stage by stage (the type demands one entry per event type). */
const EVOLVERS: Evolvers<CaseEventMap> = {
  ...intakeEvolvers,
  ...clarificationEvolvers,
  ...followUpEvolvers,
  ...examinationEvolvers,
  ...ethicsEvolvers,
  ...decisionEvolvers,
  ...objectionEvolvers,
  ...inForceEvolvers,
  ...routesEvolvers,
  ...closingEvolvers,
  ...deadlineEvolvers,
  DocumentAttached: (data, next) => evolveDocumentAttached(next, data),
};

/** Every event type, in the order of the stages. */
export const CASE_EVENT_TYPES = Object.keys(EVOLVERS) as readonly CaseEventType[];

export function event<K extends CaseEventType>(type: K, data: CaseEventMap[K]): CaseEventOf<K> {
  return { type, data } as CaseEventOf<K>;
}

type AnyEvolver = (data: CaseEvent['data'], next: CaseState, state: CaseState) => CaseState;

/**
 * Applies one event. Pure and total: an event type this code does not know (written by a newer version)
 * only advances `version`, so replaying a stream never throws. `hasOwn`, so that a type named like an
 * Object.prototype member is unknown too.
 */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const next: CaseState = { ...state, version: state.version + 1 };
  if (!Object.hasOwn(EVOLVERS, event.type)) return next;
  return (EVOLVERS[event.type] as AnyEvolver)(event.data, next, state);
}

/** Folds a stream from the initial state (or from a snapshot). */
export function replay(events: readonly CaseEvent[], from: CaseState = initialState): CaseState {
  return events.reduce(evolve, from);
}

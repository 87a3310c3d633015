// What every stage's given/when/then specification shares: the specification over the sanction-case decider,
// the sedang path's histories by name, the catalogue versions the default data carries, and the state after a
// history (to chain scripted steps onto it). Test support only; not exported from the package index.
import { type CaseEvent } from '../case/events';
import { sanctionCaseDecider } from '../decider';
import { DeciderSpecification } from './decider-specification';
import { SEDANG_PATH, contextFor, historyThrough } from './fixtures';

export const spec = DeciderSpecification.for(sanctionCaseDecider, contextFor);

/** The sedang path's history up to a named step. */
export const through = (name: string) => historyThrough(SEDANG_PATH, name);

export const catalogueVersions = {
  sanctions: '2026.2',
  violations: 'skb-2022.3',
  supervisoryBodies: '2024-08.2',
};

/** The state after a history, for chaining scripted steps onto a given history. */
export function sanctionCaseDeciderState(events: CaseEvent[]) {
  return events.reduce(sanctionCaseDecider.evolve, sanctionCaseDecider.initialState);
}

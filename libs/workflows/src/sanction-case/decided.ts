// The validator's decision of an officer's update, reused by its handler when nothing decide() reads changed
// in between (bench/README.md, command-path3): one decide() per command instead of two. Validators run only
// when an update arrives, never on replay (sdk-typescript, workflow/src/internals.ts doUpdate: `runValidator`),
// so a replayed handler decides again; decide() being pure, it decides the same events, and the history is
// the same with or without the reuse.
import type { Actor, CaseCommand, CaseEvent, CaseState, DecisionContext } from '@netral/domain';
import type { CaseConfig } from '../activities';

/** What the validator decided, and everything decide() read to decide it. */
export interface Decision {
  readonly command: CaseCommand;
  readonly actor: Actor;
  readonly state: CaseState;
  readonly config: CaseConfig;
  /** The decision time: workflow time, the same for the whole activation. */
  readonly now: string;
  readonly events: CaseEvent[];
}

/**
 * The validator's events, when the handler would decide the same: the same state and configuration objects
 * (both are replaced, never changed, when a command or a migration moves them), the same workflow time (the
 * same activation), no extra context, and a command and actor equal in value (the SDK decodes the update's
 * arguments once for the validator and again for the handler). Else undefined: decide again.
 */
export function reusableEvents(
  decision: Decision | undefined,
  now: { command: CaseCommand; actor: Actor; state: CaseState; config: CaseConfig; context: DecisionContext },
  extra: object | undefined,
): CaseEvent[] | undefined {
  if (
    !decision ||
    decision.state !== now.state ||
    decision.config !== now.config ||
    decision.now !== now.context.now ||
    (extra !== undefined && Object.keys(extra).length > 0) ||
    !sameJson(decision.command, now.command) ||
    !sameJson(decision.actor, now.actor)
  ) {
    return undefined;
  }
  return decision.events;
}

/** Equal as JSON values (what the payload converter decoded): no allocation, unlike comparing stringified. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every(
    (key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]),
  );
}

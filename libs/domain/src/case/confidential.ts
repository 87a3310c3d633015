// The reporter's identity is stored (reports are not anonymous, UU 7/2017 Ps 454(4)) but exempt from
// disclosure while a case is open (UU 14/2008 Ps 17a): the API redacts it for roles that do not need it.
import { type Role } from './commands';
import { type CaseEvent, type CaseEventType } from './events';
import { type CaseState } from './state';

/** Paths (dot-separated) of confidential fields in CaseState. */
export const CONFIDENTIAL_STATE_PATHS = ['confidential.reporter'] as const;

/** Event types whose whole payload is confidential. */
export const CONFIDENTIAL_EVENT_TYPES: readonly CaseEventType[] = ['ReporterIdentityRecorded'];

/**
 * Roles that may see the reporter's identity by default [I] (an agency may narrow it). Case officers examine
 * the reported ASN, often a colleague in the same government, so they work without it; supervisors and the
 * PPK need it to decide and to answer for due process, auditors to check lawfulness, admins to answer
 * data-subject requests. The one source of this rule: the API asks `mayReadConfidential`.
 */
export const DEFAULT_CONFIDENTIAL_READERS: readonly Role[] = ['supervisor', 'ppk', 'auditor', 'admin'];

export function confidentialStatePaths(): readonly string[] {
  return CONFIDENTIAL_STATE_PATHS;
}

export function mayReadConfidential(
  role: Role,
  readers: readonly Role[] = DEFAULT_CONFIDENTIAL_READERS,
): boolean {
  return readers.includes(role);
}

/** A copy of the state with the reporter's identity removed (marked, so a reader knows it exists). */
export function redactState(state: CaseState): CaseState {
  return { ...state, confidential: { reporter: null } };
}

export function isConfidentialEvent(event: { type: string }): boolean {
  return (CONFIDENTIAL_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** A copy of the event with a confidential payload replaced by a marker. */
export function redactEvent<E extends CaseEvent | { type: string; data: unknown }>(event: E): E {
  return isConfidentialEvent(event) ? ({ ...event, data: { redacted: true } } as E) : event;
}

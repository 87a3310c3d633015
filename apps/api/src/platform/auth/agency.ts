/**
 * Agency scoping. Each case belongs to one agency (the local government handling it). Someone from
 * another agency gets the same 404 as for a case that does not exist, so case ids cannot be probed.
 *
 * National scope: only a token with agency `*` sees every agency, and only auditors (BKN, Ombudsman) and
 * admins may hold it (checked when the token is verified). An auditor or admin of one agency (e.g. the
 * Inspektorat of Kota Bekasi) is scoped like everyone else: the role alone never widens the scope.
 */
import { notFoundProblem } from '../problems/problem';
import { ALL_AGENCIES, type AuthenticatedUser } from './roles';

export function canAccessAgency(user: AuthenticatedUser, agency: string): boolean {
  return user.agency === ALL_AGENCIES || user.agency === agency;
}

/** Throws the 404 problem unless the caller may see data of `agency`. */
export function assertAgencyAccess(user: AuthenticatedUser, agency: string, what = 'case'): void {
  if (!canAccessAgency(user, agency)) throw notFoundProblem(what);
}

/** For list queries: the one agency to filter on, or `undefined` for national scope (no filter). */
export function agencyScope(user: AuthenticatedUser): string | undefined {
  return user.agency === ALL_AGENCIES ? undefined : user.agency;
}

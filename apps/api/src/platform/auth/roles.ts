import { mayReadConfidential } from '@netral/domain';

/**
 * Who may do what. A token carries exactly one Netral role and one agency (the local government whose
 * cases the person works on, e.g. `kota-bekasi`), or `*` for national bodies.
 */
export const ROLES = ['officer', 'supervisor', 'ppk', 'auditor', 'admin'] as const;
/**
 * - `officer`: case officer at the Inspektorat/BKPSDM of one agency; records intake and moves cases.
 * - `supervisor`: the officer's superior; is reminded of deadlines and handles escalations.
 * - `ppk`: Pejabat Pembina Kepegawaian (Wali Kota/Bupati or delegated Sekda); decides sanctions.
 * - `auditor`: Inspektorat, BKN, Ombudsman: reads everything in scope, changes nothing.
 * - `admin`: operates the system (catalogues, settings) for its agency, or nationally with agency `*`.
 */
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The agency value that means "every agency"; honoured only for auditors and admins (national bodies). */
export const ALL_AGENCIES = '*';
/** Roles that may hold the national scope `*`. An officer or PPK always belongs to one government. */
export const NATIONAL_SCOPE_ROLES: readonly Role[] = ['auditor', 'admin'];
/** Agency identifiers are lowercase slugs: `kota-bekasi`, `kab-bogor`. */
export const AGENCY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The caller, as handlers see it (`@CurrentUser()`). */
export interface AuthenticatedUser {
  /** Stable subject id from the token (`sub`). */
  id: string;
  role: Role;
  /** Agency slug, or `*` (national auditors and admins only). */
  agency: string;
  /** Display name for audit trails; falls back to the subject id. */
  name: string;
}

/**
 * Whether a role may see the reporter's (pelapor's) identity: stored (reports to Bawaslu are not anonymous,
 * UU 7/2017 Ps 454(4)) but exempt from disclosure while a case is open (UU 14/2008 Ps 17a). The rule and
 * its reasons live in the domain (`DEFAULT_CONFIDENTIAL_READERS`).
 */
export function canSeeReporterIdentity(role: Role): boolean {
  return mayReadConfidential(role);
}

/** The reporter's identity for this caller, or `undefined` when the caller's role may not see it. */
export function reporterIdentityFor<T>(user: AuthenticatedUser, identity: T): T | undefined {
  return canSeeReporterIdentity(user.role) ? identity : undefined;
}

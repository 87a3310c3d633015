/**
 * Development tokens for embedded mode: HS256 JWTs signed with the local secret. Production tokens come
 * from the OIDC provider instead; the guard verifies both kinds the same way (issuer, audience, expiry).
 */
import { SignJWT } from 'jose';
import { LOCAL_TOKEN_AUDIENCE, LOCAL_TOKEN_ISSUER } from '../config';
import { AGENCY_PATTERN, ALL_AGENCIES, NATIONAL_SCOPE_ROLES, isRole, ROLES, type Role } from './roles';

export interface LocalTokenRequest {
  secret: string;
  role: Role | string;
  agency: string;
  sub?: string;
  name?: string;
  /** Lifetime: `<n>s|m|h|d`, at most 30 days. Default 8h (one working day). */
  ttl?: string;
  issuer?: string;
  audience?: string;
  /** For tests: when the token was issued, in seconds since the epoch. */
  issuedAt?: number;
}

const TTL_PATTERN = /^(\d+)([smhd])$/;
const MAX_TTL_SECONDS = 30 * 24 * 3600;

/** Parses `8h`-style lifetimes; throws a readable error for anything else. */
export function parseTtl(ttl: string): number {
  const match = TTL_PATTERN.exec(ttl.trim());
  if (!match) throw new Error(`ttl must look like 30m, 8h or 7d, got "${ttl}"`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > MAX_TTL_SECONDS)
    throw new Error(`ttl must be between 1s and 30d, got "${ttl}"`);
  return seconds;
}

export async function mintLocalToken(request: LocalTokenRequest): Promise<string> {
  if (!isRole(request.role))
    throw new Error(`role must be one of ${ROLES.join(', ')}, got "${request.role}"`);
  const role = request.role;
  if (request.agency === ALL_AGENCIES) {
    if (!NATIONAL_SCOPE_ROLES.includes(role)) {
      throw new Error(`agency "*" (all agencies) is only for ${NATIONAL_SCOPE_ROLES.join(' and ')}`);
    }
  } else if (!AGENCY_PATTERN.test(request.agency)) {
    throw new Error(`agency must be a lowercase slug such as kota-bekasi (or "*"), got "${request.agency}"`);
  }
  const sub = request.sub ?? `${role}-${request.agency === ALL_AGENCIES ? 'national' : request.agency}`;
  const iat = request.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ role, agency: request.agency, name: request.name ?? sub })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(request.issuer ?? LOCAL_TOKEN_ISSUER)
    .setAudience(request.audience ?? LOCAL_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + parseTtl(request.ttl ?? '8h'))
    .sign(new TextEncoder().encode(request.secret));
}

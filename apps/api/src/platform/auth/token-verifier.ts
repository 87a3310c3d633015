/**
 * Verifies bearer tokens and turns their claims into an `AuthenticatedUser`. Both modes check signature,
 * issuer, audience and expiry; a token without `exp` or `sub` is refused (no everlasting tokens), and so is
 * one issued in the future (`iat`, `nbf` beyond the clock tolerance) or living longer than the configured
 * maximum (`exp - iat`, or `exp - now` without `iat`).
 */
import {
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { type AuthConfig, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../config';
import { hasControlCharacters, hasLoneSurrogates } from '@netral/domain';
import { ProblemException, unauthenticatedProblem } from '../problems/problem';
import {
  AGENCY_PATTERN,
  ALL_AGENCIES,
  isRole,
  NATIONAL_SCOPE_ROLES,
  ROLES,
  type AuthenticatedUser,
  type Role,
} from './roles';
import { VerifiedTokens } from './verified-tokens';

/** Asymmetric algorithms only for JWKS, so a public key can never be misused as an HMAC secret. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;
  private readonly mode: AuthConfig['mode'];
  private readonly clockToleranceSeconds: number;
  private readonly maxLifetimeSeconds: number;
  private readonly verified: VerifiedTokens;

  constructor(config: AuthConfig) {
    this.mode = config.mode;
    this.clockToleranceSeconds = config.clockToleranceSeconds;
    this.maxLifetimeSeconds = config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    this.verified = new VerifiedTokens(config.clockToleranceSeconds);
    this.options = {
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
      requiredClaims: ['exp', 'sub'],
      algorithms: config.mode === 'local' ? ['HS256'] : JWKS_ALGORITHMS,
    };
    this.key =
      config.mode === 'local'
        ? new TextEncoder().encode(config.secret)
        : createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  /** The caller behind an `Authorization` header value; throws a 401 (or 503) problem otherwise. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    if (!authorization) {
      throw unauthenticatedProblem(
        'A bearer token is required (Authorization: Bearer <token>).',
        'Token bearer diperlukan (Authorization: Bearer <token>).',
      );
    }
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!match) {
      throw unauthenticatedProblem(
        'The Authorization header must be "Bearer <token>".',
        'Header Authorization harus berbentuk "Bearer <token>".',
        'invalid_request',
      );
    }
    const token = match[1];
    const known = this.verified.get(token);
    if (known) return known;
    const payload = await this.verify(token);
    this.checkTimes(payload);
    const user = userFromClaims(payload);
    this.verified.remember(token, user, payload.exp as number);
    return user;
  }

  /** jose checks `exp` and `nbf`; issue time and lifetime are bounded here. */
  private checkTimes(payload: JWTPayload): void {
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp as number; // required, and a number (checked by jwtVerify)
    if (payload.iat !== undefined) {
      if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) {
        throw invalidClaims('iat must be a number of seconds');
      }
      if (payload.iat > now + this.clockToleranceSeconds) {
        throw invalidClaims('it was issued in the future (iat); check the clocks');
      }
    }
    const lifetime = exp - (typeof payload.iat === 'number' ? payload.iat : now);
    if (lifetime > this.maxLifetimeSeconds) {
      throw invalidClaims(`it is valid for longer than the ${this.maxLifetimeSeconds} s allowed (exp - iat)`);
    }
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      // Overloads differ only in the key's type; both are verified identically.
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, this.options)
          : await jwtVerify(token, this.key, this.options);
      return payload;
    } catch (e) {
      throw problemForVerificationError(e, this.mode);
    }
  }
}

/** jose error codes that mean "the key set could not be fetched", not "the token is bad". */
const KEY_SET_UNAVAILABLE = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

function problemForVerificationError(e: unknown, mode: AuthConfig['mode']): ProblemException {
  // Compared by code, not class: network errors may come from another realm (e.g. under jest).
  const code = e !== null && typeof e === 'object' && 'code' in e ? String(e.code) : '';
  if (code === 'ERR_JWT_EXPIRED') {
    return unauthenticatedProblem(
      'The access token has expired.',
      'Token akses sudah kedaluwarsa.',
      'invalid_token',
    );
  }
  const joseError = code.startsWith('ERR_J');
  if (mode === 'jwks' && (!joseError || KEY_SET_UNAVAILABLE.has(code))) {
    // The identity provider is unreachable or broken: the token may be fine, so do not send the client
    // to log in again.
    return new ProblemException({
      status: 503,
      code: 'AUTH_PROVIDER_UNAVAILABLE',
      detail: 'Tokens cannot be verified right now; retry later.',
      detailId: 'Token tidak dapat diverifikasi saat ini; coba lagi nanti.',
    });
  }
  return unauthenticatedProblem('The access token is invalid.', 'Token akses tidak valid.', 'invalid_token');
}

function invalidClaims(detail: string): ProblemException {
  return unauthenticatedProblem(
    `The access token is invalid: ${detail}`,
    `Token akses tidak valid: ${detail}`,
    'invalid_token',
  );
}

/**
 * Netral's role comes from a `role` claim, or else from Keycloak's `realm_access.roles` (where exactly
 * one Netral role must be present: a user holding two would make every permission check ambiguous).
 */
export function roleFromClaims(payload: JWTPayload): Role {
  if (payload.role !== undefined) {
    if (isRole(payload.role)) return payload.role;
    throw invalidClaims(`role must be one of ${ROLES.join(', ')}`);
  }
  const realm = payload.realm_access as { roles?: unknown } | undefined;
  const granted = Array.isArray(realm?.roles) ? realm.roles.filter(isRole) : [];
  const distinct = [...new Set(granted)];
  if (distinct.length === 1) return distinct[0];
  throw invalidClaims(
    distinct.length === 0 ? 'no Netral role (role or realm_access.roles)' : 'more than one Netral role',
  );
}

export function userFromClaims(payload: JWTPayload): AuthenticatedUser {
  const role = roleFromClaims(payload);
  const agency = payload.agency;
  if (typeof agency !== 'string' || !(agency === ALL_AGENCIES || AGENCY_PATTERN.test(agency))) {
    throw invalidClaims('agency claim missing or malformed');
  }
  if (agency === ALL_AGENCIES && !NATIONAL_SCOPE_ROLES.includes(role)) {
    throw invalidClaims(`agency "*" is only for ${NATIONAL_SCOPE_ROLES.join(' and ')}`);
  }
  const id = payload.sub as string; // required claim, checked by jwtVerify
  // Claims end up in logs, the access log and events' metadata: no control characters there.
  // Nor lone surrogates: PostgreSQL refuses them in jsonb, so an event naming this actor could not be stored.
  if (typeof id !== 'string' || id.length > 200 || hasControlCharacters(id) || hasLoneSurrogates(id)) {
    throw invalidClaims('sub must be at most 200 characters without control characters');
  }
  if (
    typeof payload.name === 'string' &&
    (hasControlCharacters(payload.name) || hasLoneSurrogates(payload.name))
  ) {
    throw invalidClaims('name must not contain control characters or lone surrogates');
  }
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim() : id;
  return { id, role, agency, name };
}

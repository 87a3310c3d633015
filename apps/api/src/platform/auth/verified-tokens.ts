/**
 * Tokens verified recently, so a client sending the same bearer token with every request (the console, a
 * script) pays for the signature, the JSON parsing and the claim checks once a minute instead of once per
 * request (measured in #15: jose was the largest single share of a GET /cases's CPU after the framework).
 *
 * Only successful verifications are kept, keyed by the whole token, so a changed or forged token is always
 * verified in full. What can change for a token already verified: time (its `exp`, checked again on every
 * hit; `nbf` and `iat` only become more valid) and, with an identity provider, the key set (a key removed
 * from the JWKS stops its tokens within `ttlMs`, as jose's own key-set cooldown already delays it). Bounded:
 * the least recently used entry is dropped beyond `maxEntries`.
 */
import type { AuthenticatedUser } from './roles';

interface Entry {
  user: AuthenticatedUser;
  /** The token's `exp`, in seconds. */
  exp: number;
  /** Until when (ms since the epoch) the verification is reused. */
  until: number;
}

export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clockToleranceSeconds: number,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The user of a token verified less than `ttlMs` ago and not yet expired, else undefined. */
  get(token: string, now = Date.now()): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    // Expired tokens fall through to the full verification, which refuses them with its usual answer.
    // As jose decides: expired once the current second reaches exp + tolerance.
    if (now >= entry.until || Math.floor(now / 1000) >= entry.exp + this.clockToleranceSeconds) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.user;
  }

  remember(token: string, user: AuthenticatedUser, exp: number, now = Date.now()): void {
    this.entries.delete(token);
    this.entries.set(token, { user, exp, until: now + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

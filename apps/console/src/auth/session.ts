/**
 * The signed-in user: a bearer token and what it says (role, agency, name), kept in sessionStorage so a
 * reload keeps the session and closing the tab ends it. The token's claims are shown, never trusted: the
 * API verifies every request. When the token is refused (401) or has expired, `expired` turns true and the
 * app asks to sign in again over the current screen, so nothing typed is lost.
 */
import { signal } from '@preact/signals';

export interface Session {
  token: string;
  expiresAt: string;
  sub: string;
  role: string;
  agency: string;
  name: string;
  mode: 'local' | 'oidc';
}

const STORAGE_KEY = 'netral.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());
/** The API refused the token (expired or revoked): ask to sign in again without leaving the screen. */
export const sessionExpired = signal(false);

/** Reads the JWT's claims (base64url JSON); the signature is the API's business. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
}

export function startSession(token: string, mode: Session['mode'], expiresAt?: string): Session {
  const claims = claimsOf(token);
  // Counted on this browser's clock (lifetime = exp - iat), so a skewed clock neither ends a fresh session
  // at once nor keeps a stale one.
  const lifetime =
    typeof claims.exp === 'number' && typeof claims.iat === 'number'
      ? (claims.exp - claims.iat) * 1000
      : undefined;
  const exp = lifetime !== undefined ? new Date(Date.now() + lifetime).toISOString() : undefined;
  const next: Session = {
    token,
    expiresAt: expiresAt ?? exp ?? new Date(Date.now() + 3600_000).toISOString(),
    sub: String(claims.sub ?? ''),
    role: String(claims.role ?? ''),
    agency: String(claims.agency ?? ''),
    name: String(claims.name ?? claims.preferred_username ?? claims.sub ?? ''),
    mode,
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  session.value = next;
  sessionExpired.value = false;
  return next;
}

export function endSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  session.value = null;
  sessionExpired.value = false;
}

/** The token to send, or null when there is none or it has run out (then `sessionExpired` is raised). */
export function currentToken(): string | null {
  const s = session.value;
  if (!s) return null;
  if (Date.parse(s.expiresAt) <= Date.now()) {
    sessionExpired.value = true;
    return null;
  }
  return s.token;
}

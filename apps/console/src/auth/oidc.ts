/**
 * Production sign-in: OpenID Connect authorization code flow with PKCE (RFC 7636), a public client (no
 * secret in the browser). The verifier and state wait in sessionStorage during the round trip, as do the
 * drafts of any open form, so nothing typed is lost.
 */
import { startSession } from './session';

const PENDING_KEY = 'netral.oidc.pending';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  verifier: string;
  state: string;
  returnTo: string;
  issuer: string;
  clientId: string;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery failed: HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

export function redirectUri(): string {
  return `${window.location.origin}/console/callback`;
}

export async function beginOidcSignIn(issuer: string, clientId: string, scope: string): Promise<void> {
  const { authorization_endpoint } = await discover(issuer);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const pending: Pending = {
    verifier,
    state,
    returnTo: window.location.pathname + window.location.search,
    issuer,
    clientId,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** Finishes the flow on /console/callback; answers where to go back to. */
export async function completeOidcSignIn(params: URLSearchParams): Promise<string> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new Error('No sign-in in progress');
  const pending = JSON.parse(raw) as Pending;
  if (params.get('error')) throw new Error(params.get('error_description') ?? params.get('error') ?? '');
  if (params.get('state') !== pending.state) throw new Error('The sign-in answer does not match (state)');
  // RFC 9207: a provider that names itself must be the one asked (no answer from another issuer mixed up).
  const iss = params.get('iss');
  if (iss !== null && iss !== pending.issuer) throw new Error('The sign-in answer comes from another issuer');
  const code = params.get('code');
  if (!code) throw new Error('The identity provider sent no code');
  const { token_endpoint } = await discover(pending.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Token request failed: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; expires_in?: number };
  const expiresAt = tokens.expires_in
    ? new Date(Date.now() + tokens.expires_in * 1000).toISOString()
    : undefined;
  startSession(tokens.access_token, 'oidc', expiresAt);
  return pending.returnTo;
}

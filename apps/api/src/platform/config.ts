/**
 * Platform configuration: everything the HTTP front door needs, read once from the environment.
 * Every setting has a safe default except authentication, which must be configured explicitly (or, in
 * embedded mode, falls back to a secret kept in the data directory: see `loadOrCreateLocalSecret`).
 */
import { loadOrCreateLocalSecret } from './auth/local-secret';

/** How bearer tokens are verified. */
export type AuthConfig =
  | {
      /** Production: tokens from an OIDC provider (e.g. Keycloak), keys fetched from its JWKS URL. */
      mode: 'jwks';
      jwksUrl: string;
      issuer: string;
      audience: string;
      clockToleranceSeconds: number;
      /** Longest accepted `exp - iat`; default DEFAULT_MAX_TOKEN_LIFETIME_SECONDS. */
      maxTokenLifetimeSeconds?: number;
    }
  | {
      /** Embedded/development: HS256 tokens signed with a shared secret (`npm run token`). */
      mode: 'local';
      secret: string;
      issuer: string;
      audience: string;
      clockToleranceSeconds: number;
      /** Longest accepted `exp - iat`; default DEFAULT_MAX_TOKEN_LIFETIME_SECONDS. */
      maxTokenLifetimeSeconds?: number;
      /**
       * Whether `POST /auth/dev-sign-in` exists: it hands anyone who reaches the API a token of any role and
       * agency, national admin included. From the environment: on under `npm start` (embedded, one machine)
       * unless AUTH_DEV_SIGN_IN=false; off for the API-only entry unless AUTH_DEV_SIGN_IN=true. Unset (a
       * config built in code, e.g. tests): on.
       */
      devSignIn?: boolean;
    };

export interface PlatformConfig {
  auth: AuthConfig;
  /** Largest accepted request body, in body-parser notation (`100kb`). Larger bodies get 413. */
  bodyLimit: string;
  /** Origins allowed by CORS; empty = CORS disabled (same-origin only). `*` = any origin. */
  corsOrigins: string[];
  /** Origins of the Temporal UI allowed to call the remote codec (/codec) with the user's token. */
  codecCorsOrigins: string[];
  /** Requests per window per user (authenticated) or per IP (public endpoints). */
  rateLimit: { limit: number; windowMs: number };
  /** Static bearer token a Prometheus scraper may use on /metrics instead of an admin JWT. */
  metricsToken?: string;
  /** Serve Swagger UI at /docs and the document at /docs-json. */
  apiDocs: boolean;
  /** Express `trust proxy` setting, so that rate limiting sees the client's IP behind a load balancer. */
  trustProxy: boolean | number | string;
  logLevel: string;
  /** Where the service was started: used to name the instance in logs and OpenAPI. */
  version: string;
  /** The web console's OIDC client (authorization code + PKCE at the issuer), when tokens come from OIDC. */
  consoleOidc?: { clientId: string; scope: string };
}

/** A configuration mistake the operator must fix; the message says how. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const LOCAL_TOKEN_ISSUER = 'netral-local';
export const LOCAL_TOKEN_AUDIENCE = 'netral-api';
/**
 * A token living longer than this is refused (a stolen one would stay useful for too long). A day covers
 * development tokens (8 h by default) and every identity provider's access tokens (minutes to hours).
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Clocks that disagree by more than this are a misconfiguration to fix, not a skew to tolerate. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
/** A shorter HMAC key is guessable offline from one captured token. */
export const MIN_LOCAL_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

export interface ConfigFromEnvOptions {
  /**
   * Embedded mode (`npm start`): when no AUTH_* variable is set, use (or create) `<dataDir>/auth-secret`.
   * Leave undefined for the API-only entry, which then refuses to start without explicit auth settings.
   */
  embeddedDataDir?: string;
}

/** Reads the platform configuration from the environment; throws `ConfigError` with a fix for bad values. */
export async function platformConfigFromEnv(
  env: Env = process.env,
  options: ConfigFromEnvOptions = {},
): Promise<PlatformConfig> {
  return {
    auth: await authConfigFromEnv(env, options),
    bodyLimit: bodyLimitFrom(env.BODY_LIMIT ?? '100kb'),
    corsOrigins: listFrom(env.CORS_ORIGINS),
    codecCorsOrigins: listFrom(env.CODEC_CORS_ORIGINS),
    rateLimit: {
      limit: positiveIntFrom('RATE_LIMIT_MAX', env.RATE_LIMIT_MAX ?? '300'),
      windowMs: positiveIntFrom('RATE_LIMIT_WINDOW_MS', env.RATE_LIMIT_WINDOW_MS ?? '60000'),
    },
    metricsToken: nonEmpty(env.METRICS_TOKEN),
    apiDocs: (env.API_DOCS ?? 'on') !== 'off',
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    version: env.npm_package_version ?? '0.1.0',
    consoleOidc: consoleOidcFrom(env),
  };
}

function consoleOidcFrom(env: Env): PlatformConfig['consoleOidc'] {
  const clientId = nonEmpty(env.CONSOLE_OIDC_CLIENT_ID);
  if (!clientId) return undefined;
  return { clientId, scope: nonEmpty(env.CONSOLE_OIDC_SCOPE) ?? 'openid profile' };
}

/** Defaults for everything but auth; handy for tests and for composing a config in code. */
export function platformConfig(auth: AuthConfig, overrides: Partial<Omit<PlatformConfig, 'auth'>> = {}) {
  const defaults: PlatformConfig = {
    auth,
    bodyLimit: '100kb',
    corsOrigins: [],
    codecCorsOrigins: [],
    rateLimit: { limit: 300, windowMs: 60_000 },
    apiDocs: true,
    trustProxy: false,
    logLevel: 'info',
    version: '0.1.0',
  };
  return { ...defaults, ...overrides };
}

async function authConfigFromEnv(env: Env, options: ConfigFromEnvOptions): Promise<AuthConfig> {
  const clockToleranceSeconds = positiveIntFrom(
    'AUTH_CLOCK_TOLERANCE_SECONDS',
    env.AUTH_CLOCK_TOLERANCE_SECONDS ?? '5',
    true,
  );
  if (clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new ConfigError(
      `AUTH_CLOCK_TOLERANCE_SECONDS must be at most ${MAX_CLOCK_TOLERANCE_SECONDS}; synchronise the clocks (NTP) instead`,
    );
  }
  const maxTokenLifetimeSeconds = positiveIntFrom(
    'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
    env.AUTH_MAX_TOKEN_LIFETIME_SECONDS ?? String(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
  );
  const jwksUrl = nonEmpty(env.AUTH_JWKS_URL);
  if (jwksUrl) {
    const issuer = nonEmpty(env.AUTH_ISSUER);
    const audience = nonEmpty(env.AUTH_AUDIENCE);
    if (!issuer || !audience) {
      throw new ConfigError(
        'AUTH_JWKS_URL is set, so AUTH_ISSUER and AUTH_AUDIENCE must be set too ' +
          '(e.g. AUTH_ISSUER=https://sso.example.go.id/realms/netral AUTH_AUDIENCE=netral-api)',
      );
    }
    try {
      new URL(jwksUrl);
    } catch {
      throw new ConfigError(`AUTH_JWKS_URL is not a URL: ${jwksUrl}`);
    }
    return { mode: 'jwks', jwksUrl, issuer, audience, clockToleranceSeconds, maxTokenLifetimeSeconds };
  }
  const local = {
    issuer: nonEmpty(env.AUTH_ISSUER) ?? LOCAL_TOKEN_ISSUER,
    audience: nonEmpty(env.AUTH_AUDIENCE) ?? LOCAL_TOKEN_AUDIENCE,
    clockToleranceSeconds,
    maxTokenLifetimeSeconds,
  };
  const secret = nonEmpty(env.AUTH_LOCAL_SECRET);
  if (secret) {
    if (secret.length < MIN_LOCAL_SECRET_LENGTH) {
      throw new ConfigError(`AUTH_LOCAL_SECRET must be at least ${MIN_LOCAL_SECRET_LENGTH} characters long`);
    }
    return { mode: 'local', secret, ...local, devSignIn: devSignInFrom(env, options) };
  }
  if (options.embeddedDataDir !== undefined) {
    const stored = await loadOrCreateLocalSecret(options.embeddedDataDir);
    return { mode: 'local', secret: stored.secret, ...local, devSignIn: devSignInFrom(env, options) };
  }
  throw new ConfigError(
    'No authentication configured: set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE (OIDC provider) ' +
      `or AUTH_LOCAL_SECRET (at least ${MIN_LOCAL_SECRET_LENGTH} characters, for development tokens)`,
  );
}

/**
 * AUTH_DEV_SIGN_IN: `true` or `false`; unset, on only in embedded mode. With a local secret but not embedded
 * (e.g. deploy/compose.yaml, listening on 0.0.0.0) a public sign-in would make anyone a national admin, so
 * there it must be asked for.
 */
function devSignInFrom(env: Env, options: ConfigFromEnvOptions): boolean {
  const value = nonEmpty(env.AUTH_DEV_SIGN_IN);
  if (value === undefined) return options.embeddedDataDir !== undefined;
  if (value !== 'true' && value !== 'false') {
    throw new ConfigError(`AUTH_DEV_SIGN_IN must be true or false, got "${value}"`);
  }
  return value === 'true';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function listFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function positiveIntFrom(name: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new ConfigError(
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`,
    );
  }
  return n;
}

function bodyLimitFrom(value: string): string {
  if (!/^\d+(b|kb|mb)$/i.test(value.trim())) {
    throw new ConfigError(`BODY_LIMIT must look like 100kb or 1mb, got "${value}"`);
  }
  return value.trim().toLowerCase();
}

function trustProxyFrom(value: string | undefined): boolean | number | string {
  const v = nonEmpty(value);
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v; // e.g. "loopback, 10.0.0.0/8" — express understands the list
}

/**
 * Where tokens come from: an OIDC provider's JWKS (production), the local secret of embedded mode, and
 * `npm run token` (scripts/mint-token.ts), each accepted by the running API.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Controller, Get } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import request from 'supertest';
import {
  ConfigError,
  CurrentUser,
  loadOrCreateLocalSecret,
  platformConfigFromEnv,
  type AuthenticatedUser,
} from '../../apps/api/src/platform';
import { bearer, LOCAL_SECRET, startApi, type RunningApi } from './support';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

@Controller('me')
class MeController {
  @Get()
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }
}

/** A stand-in for Keycloak's certs endpoint. */
async function startJwksServer(
  keys: JWK[],
): Promise<{ url: string; server: Server; requests: () => number }> {
  let count = 0;
  const server = createServer((_req, res) => {
    count++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/realms/netral/protocol/openid-connect/certs`,
    server,
    requests: () => count,
  };
}

const ISSUER = 'http://sso.test/realms/netral';
const AUDIENCE = 'netral-api';

function keycloakToken(key: KeyLike, kid: string, claims: Record<string, unknown>, audience = AUDIENCE) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setSubject('5d1c6b0e-keycloak-user')
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

describe('tokens verified against a JWKS URL (OIDC provider)', () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let api: RunningApi;
  let signingKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signingKey = pair.privateKey;
    jwks = await startJwksServer([
      { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' },
    ]);
    api = await startApi({
      controllers: [MeController],
      auth: { mode: 'jwks', jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 0 },
    });
  });

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => jwks?.server.close(resolve));
  });

  it('accepts a token signed by the provider, with the role from a `role` claim', async () => {
    const t = await keycloakToken(signingKey, 'key-1', {
      role: 'supervisor',
      agency: 'kota-bekasi',
      name: 'Rina',
    });
    const res = await request(api.url).get('/me').set(bearer(t));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: '5d1c6b0e-keycloak-user',
      role: 'supervisor',
      agency: 'kota-bekasi',
      name: 'Rina',
    });
    expect(jwks.requests()).toBeGreaterThanOrEqual(1);
  });

  it("maps Keycloak's realm_access.roles, refusing none or several Netral roles", async () => {
    const claims = (roles: string[]) => ({ realm_access: { roles }, agency: 'kota-bogor' });
    const one = await keycloakToken(
      signingKey,
      'key-1',
      claims(['offline_access', 'ppk', 'uma_authorization']),
    );
    const res = await request(api.url).get('/me').set(bearer(one));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'ppk', agency: 'kota-bogor', name: '5d1c6b0e-keycloak-user' });

    for (const roles of [['offline_access'], ['officer', 'admin']]) {
      const t = await keycloakToken(signingKey, 'key-1', claims(roles));
      expect((await request(api.url).get('/me').set(bearer(t))).status).toBe(401);
    }
  });

  it('refuses a token signed by another key, for another audience, or an HMAC token (algorithm confusion)', async () => {
    const stranger = await generateKeyPair('RS256');
    const claims = { role: 'admin', agency: '*' };
    const forged = await keycloakToken(stranger.privateKey, 'key-1', claims);
    const otherAudience = await keycloakToken(signingKey, 'key-1', claims, 'account');
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(LOCAL_SECRET));
    for (const t of [forged, otherAudience, hmac]) {
      const res = await request(api.url).get('/me').set(bearer(t));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 503 (not 401) while the provider cannot be reached', async () => {
    const closed = await startJwksServer([]);
    const deadUrl = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const unreachable = await startApi({
      controllers: [MeController],
      auth: { mode: 'jwks', jwksUrl: deadUrl, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 0 },
    });
    try {
      const t = await keycloakToken(signingKey, 'key-1', { role: 'officer', agency: 'kota-bekasi' });
      const res = await request(unreachable.url).get('/me').set(bearer(t));
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('AUTH_PROVIDER_UNAVAILABLE');
    } finally {
      await unreachable.close();
    }
  });
});

describe('embedded mode: local secret and `npm run token`', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'netral-auth-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function mintWithScript(args: string[], env: Record<string, string>): Promise<string> {
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/mint-token.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      timeout: 30_000,
    });
    return stdout.trim();
  }

  it('creates the secret once (mode 0600) and keeps it across restarts', async () => {
    const first = await loadOrCreateLocalSecret(dataDir);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateLocalSecret(dataDir);
    expect(again).toEqual({ secret: first.secret, path: first.path, created: false });
  });

  it('mints, from the stored secret, a token that the embedded configuration accepts', async () => {
    const t = await mintWithScript(
      [
        '--role',
        'officer',
        '--agency',
        'kota-bekasi',
        '--sub',
        'officer-7',
        '--name',
        'Dewi Lestari',
        '--ttl',
        '1h',
      ],
      { NETRAL_DATA_DIR: dataDir },
    );
    expect(t).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const config = await platformConfigFromEnv({}, { embeddedDataDir: dataDir });
    expect(config.auth.mode).toBe('local');
    const api = await startApi({ controllers: [MeController], auth: config.auth });
    try {
      const res = await request(api.url).get('/me').set(bearer(t));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 'officer-7',
        role: 'officer',
        agency: 'kota-bekasi',
        name: 'Dewi Lestari',
      });
    } finally {
      await api.close();
    }
  });

  it('mints with AUTH_LOCAL_SECRET when set, and the API configured with it accepts the token', async () => {
    const t = await mintWithScript(['--role', 'auditor', '--agency', '*'], {
      AUTH_LOCAL_SECRET: LOCAL_SECRET,
    });
    const api = await startApi({ controllers: [MeController] });
    try {
      const res = await request(api.url).get('/me').set(bearer(t));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'auditor', agency: '*' });
    } finally {
      await api.close();
    }
  });

  it('refuses to mint nonsense, with a readable message', async () => {
    await expect(
      mintWithScript(['--role', 'officer', '--agency', '*'], { AUTH_LOCAL_SECRET: LOCAL_SECRET }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('only for auditor and admin') });
    await expect(
      mintWithScript(['--role', 'root', '--agency', 'kota-bekasi'], { AUTH_LOCAL_SECRET: LOCAL_SECRET }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('role must be one of') });
  });

  it('refuses to start without any authentication configured outside embedded mode', async () => {
    await expect(platformConfigFromEnv({})).rejects.toBeInstanceOf(ConfigError);
    await expect(platformConfigFromEnv({ AUTH_LOCAL_SECRET: 'short' })).rejects.toThrow(/at least 32/);
    await expect(platformConfigFromEnv({ AUTH_JWKS_URL: 'https://sso/certs' })).rejects.toThrow(
      /AUTH_ISSUER/,
    );
    const jwks = await platformConfigFromEnv({
      AUTH_JWKS_URL: 'https://sso.example.go.id/realms/netral/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://sso.example.go.id/realms/netral',
      AUTH_AUDIENCE: 'netral-api',
      CORS_ORIGINS: 'https://a.go.id, https://b.go.id',
      RATE_LIMIT_MAX: '100',
      BODY_LIMIT: '256kb',
    });
    expect(jwks).toMatchObject({
      auth: { mode: 'jwks', audience: 'netral-api' },
      corsOrigins: ['https://a.go.id', 'https://b.go.id'],
      rateLimit: { limit: 100, windowMs: 60_000 },
      bodyLimit: '256kb',
    });
  });
});

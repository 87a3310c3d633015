/**
 * A real OpenID Connect provider for the console's production sign-in test (`oidc-provider`, which is ESM
 * only, hence this separate Node process). It plays the part of an agency's identity provider (Keycloak in
 * production): its own login and consent pages, authorization code with PKCE for the console's public
 * client, and access tokens that are JWTs signed with keys published at its JWKS URL, for the audience
 * `netral-api`, carrying the Netral claims `role`, `agency` and `name` of the account that signed in.
 *
 * Settings from the environment: OIDC_ISSUER_PORT (0 = any free port), OIDC_REDIRECT_URI (the console's
 * /console/callback), OIDC_CLIENT_ID, OIDC_AUDIENCE, and OIDC_PROVIDER_MODULE (where `oidc-provider` is,
 * when it is not resolvable from here). Prints `OIDC issuer ready: <issuer>` once it listens.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const port = Number(process.env.OIDC_ISSUER_PORT ?? 0);
const redirectUri = process.env.OIDC_REDIRECT_URI;
const clientId = process.env.OIDC_CLIENT_ID ?? 'netral-console';
const audience = process.env.OIDC_AUDIENCE ?? 'netral-api';
if (!redirectUri) throw new Error('OIDC_REDIRECT_URI is required');

const modulePath = process.env.OIDC_PROVIDER_MODULE;
const { default: Provider } = await import(modulePath ? pathToFileURL(modulePath).href : 'oidc-provider');

/** The people who may sign in; the login page accepts any password (it is the test's provider). */
const ACCOUNTS = {
  'siti.aminah': { role: 'officer', agency: 'kota-bekasi', name: 'Siti Aminah' },
  'budi.santoso': { role: 'supervisor', agency: 'kota-bekasi', name: 'Budi Santoso' },
};

function account(id) {
  const claims = ACCOUNTS[id];
  return claims && { accountId: id, claims: () => ({ sub: id, ...claims }) };
}

const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      // A browser app: no secret, PKCE (S256) is what protects the code.
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  findAccount: (_ctx, id) => account(id),
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    // The login and consent pages a person fills in (the library's own, for development).
    devInteractions: { enabled: true },
    // Access tokens as JWTs for the API (RFC 9068): the console asks for no resource, so the API's is
    // implied (a resource indicator is a URI; the token's audience is the API's configured name).
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:netral:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile',
        audience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 3600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // Netral reads who the caller is (role, agency, display name) from the access token itself.
  extraTokenClaims: (_ctx, token) => {
    const claims = ACCOUNTS[token.accountId];
    return claims && { ...claims };
  },
  // The browser (the console's origin) calls the token endpoint directly.
  clientBasedCORS: () => true,
});
server.on('request', provider.callback());
process.stdout.write(`OIDC issuer ready: ${issuer}\n`);

/**
 * `npm run token -- --role officer --agency kota-bekasi [--sub officer-1] [--name "Budi"] [--ttl 8h]`
 *
 * Mints a development token for embedded mode, signed with AUTH_LOCAL_SECRET or else with the secret
 * `npm start` keeps in `$NETRAL_DATA_DIR/auth-secret` (default `.data/`). Prints only the token on
 * stdout, so `TOKEN=$(npm run -s token -- --role officer --agency kota-bekasi)` works.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateLocalSecret } from '../apps/api/src/platform/auth/local-secret';
import { mintLocalToken, parseTtl } from '../apps/api/src/platform/auth/local-token';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../apps/api/src/platform/config';
import { ROLES } from '../apps/api/src/platform/auth/roles';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --agency <slug|*> [--sub id] [--name "Full Name"] [--ttl 8h]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      agency: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.role || !values.agency) throw new Error(`--role and --agency are required\n${USAGE}`);
  if (process.env.AUTH_JWKS_URL) {
    throw new Error(
      'AUTH_JWKS_URL is set: the API accepts tokens from your identity provider, not local ones',
    );
  }

  // The API refuses tokens living longer than this: say so now rather than with a 401 later.
  const maxLifetime = Number(
    process.env.AUTH_MAX_TOKEN_LIFETIME_SECONDS ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  );
  if (parseTtl(values.ttl) > maxLifetime) {
    throw new Error(
      `--ttl ${values.ttl} is longer than the API accepts (AUTH_MAX_TOKEN_LIFETIME_SECONDS=${maxLifetime})`,
    );
  }

  let secret = process.env.AUTH_LOCAL_SECRET?.trim();
  if (!secret) {
    const stored = await loadOrCreateLocalSecret(process.env.NETRAL_DATA_DIR ?? join(process.cwd(), '.data'));
    if (stored.created) console.error(`created a new signing secret in ${stored.path}`);
    secret = stored.secret;
  }
  const token = await mintLocalToken({
    secret,
    role: values.role,
    agency: values.agency,
    sub: values.sub,
    name: values.name,
    ttl: values.ttl,
    issuer: process.env.AUTH_ISSUER?.trim() || undefined,
    audience: process.env.AUTH_AUDIENCE?.trim() || undefined,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

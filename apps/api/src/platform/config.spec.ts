import { ConfigError, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, platformConfigFromEnv } from './config';

const SECRET = 'spec-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

describe('token time settings', () => {
  it('default to a 5 s tolerance and a one-day lifetime', async () => {
    const { auth } = await platformConfigFromEnv({ AUTH_LOCAL_SECRET: SECRET });
    expect(auth.clockToleranceSeconds).toBe(5);
    expect(auth.maxTokenLifetimeSeconds).toBe(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
  });

  it('are read from the environment', async () => {
    const { auth } = await platformConfigFromEnv({
      AUTH_LOCAL_SECRET: SECRET,
      AUTH_CLOCK_TOLERANCE_SECONDS: '30',
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
    });
    expect(auth).toMatchObject({ clockToleranceSeconds: 30, maxTokenLifetimeSeconds: 3600 });
  });

  it.each([
    ['AUTH_CLOCK_TOLERANCE_SECONDS', '301'],
    ['AUTH_MAX_TOKEN_LIFETIME_SECONDS', '0'],
    ['AUTH_MAX_TOKEN_LIFETIME_SECONDS', '1d'],
  ])('refuse %s=%s', async (name, value) => {
    await expect(platformConfigFromEnv({ AUTH_LOCAL_SECRET: SECRET, [name]: value })).rejects.toThrow(
      ConfigError,
    );
  });
});

describe('development sign-in (AUTH_DEV_SIGN_IN)', () => {
  const devSignIn = async (env: Record<string, string>, embeddedDataDir?: string) => {
    const { auth } = await platformConfigFromEnv({ AUTH_LOCAL_SECRET: SECRET, ...env }, { embeddedDataDir });
    return auth.mode === 'local' ? auth.devSignIn : 'not local';
  };

  it('is off for the API-only entry with a local secret (e.g. deploy/compose.yaml) unless asked for', async () => {
    expect(await devSignIn({})).toBe(false);
    expect(await devSignIn({ AUTH_DEV_SIGN_IN: 'true' })).toBe(true);
  });

  it('is on under npm start (embedded) unless turned off', async () => {
    expect(await devSignIn({}, '/tmp/unused')).toBe(true);
    expect(await devSignIn({ AUTH_DEV_SIGN_IN: 'false' }, '/tmp/unused')).toBe(false);
  });

  it('refuses anything but true or false', async () => {
    await expect(devSignIn({ AUTH_DEV_SIGN_IN: 'yes' })).rejects.toThrow(ConfigError);
  });
});

import { TokenVerifier } from './token-verifier';
import { mintLocalToken } from './local-token';
import { VerifiedTokens } from './verified-tokens';
import type { AuthenticatedUser } from './roles';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const user: AuthenticatedUser = {
  id: 'officer-1',
  role: 'officer',
  agency: 'kota-bekasi',
  name: 'officer-1',
};

describe('VerifiedTokens', () => {
  const t0 = Date.UTC(2026, 11, 6, 0, 0, 0);
  const exp = t0 / 1000 + 3600;

  it('reuses a verification until its time to live, then forgets it', () => {
    const tokens = new VerifiedTokens(0, 60_000);
    tokens.remember('a.b.c', user, exp, t0);
    expect(tokens.get('a.b.c', t0 + 59_999)).toBe(user);
    expect(tokens.get('a.b.c', t0 + 60_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('never outlives the token: expired at exp + tolerance, as jose decides', () => {
    const tokens = new VerifiedTokens(5, 10 * 3600_000);
    tokens.remember('a.b.c', user, exp, t0);
    expect(tokens.get('a.b.c', (exp + 4) * 1000 + 999)).toBe(user);
    expect(tokens.get('a.b.c', (exp + 5) * 1000)).toBeUndefined();
  });

  it('keeps only exact tokens and drops the least recently used beyond its bound', () => {
    const tokens = new VerifiedTokens(0, 60_000, 2);
    tokens.remember('t1', user, exp, t0);
    tokens.remember('t2', user, exp, t0);
    expect(tokens.get('t1', t0)).toBe(user); // t2 is now the least recently used
    tokens.remember('t3', user, exp, t0);
    expect(tokens.get('t2', t0)).toBeUndefined();
    expect(tokens.get('t1', t0)).toBe(user);
    expect(tokens.get('t3', t0)).toBe(user);
    expect(tokens.get('t1x', t0)).toBeUndefined();
  });
});

describe('TokenVerifier with verified tokens remembered', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses a token once it expires, even right after it was accepted', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const verifier = new TokenVerifier({
      mode: 'local',
      secret: SECRET,
      issuer: 'netral-local',
      audience: 'netral-api',
      clockToleranceSeconds: 0,
    });
    const token = await mintLocalToken({
      secret: SECRET,
      role: 'officer',
      agency: 'kota-bekasi',
      ttl: '30s',
    });
    const first = await verifier.authenticate(`Bearer ${token}`);
    expect(await verifier.authenticate(`Bearer ${token}`)).toEqual(first);
    jest.setSystemTime(Date.now() + 31_000);
    await expect(verifier.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      problem: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    });
  });

  it('verifies a changed token in full: one altered signature character is refused', async () => {
    const verifier = new TokenVerifier({
      mode: 'local',
      secret: SECRET,
      issuer: 'netral-local',
      audience: 'netral-api',
      clockToleranceSeconds: 0,
    });
    const token = await mintLocalToken({ secret: SECRET, role: 'officer', agency: 'kota-bekasi', ttl: '1h' });
    await verifier.authenticate(`Bearer ${token}`);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    await expect(verifier.authenticate(`Bearer ${forged}`)).rejects.toBeDefined();
  });
});

/**
 * The embedded mode's signing secret for development tokens. Kept in `<dataDir>/auth-secret` (mode 0600)
 * so that tokens minted with `npm run token` keep working across restarts of `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCAL_SECRET_FILE = 'auth-secret';

export interface LocalSecret {
  secret: string;
  path: string;
  /** True when this call generated the secret (first start). */
  created: boolean;
}

export async function loadOrCreateLocalSecret(dataDir: string): Promise<LocalSecret> {
  const path = join(dataDir, LOCAL_SECRET_FILE);
  const existing = await readSecret(path);
  if (existing !== undefined) return { secret: existing, path, created: false };

  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': if two processes start at once, exactly one writes and the other reads the winner's secret.
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, path, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const winner = await readSecret(path);
    if (winner === undefined) throw new Error(`${path} exists but holds no secret`, { cause: e });
    return { secret: winner, path, created: false };
  }
}

/** Reads the stored secret without creating one (the token script uses this). */
export async function readSecret(path: string): Promise<string | undefined> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const secret = content.trim();
  if (!secret) return undefined;
  // A secret readable by other users lets them mint admin tokens: tighten it rather than trust it loosely.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return secret;
}

/**
 * Where the built console (apps/console, `npm run build`) lives: `dist/console` at the repository root.
 * Compiled code runs from `dist/apps/api/src/console`, tests from the sources, so both layouts are tried;
 * `CONSOLE_DIR` overrides for deployments that put the static files elsewhere.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function consoleDirectory(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = env.CONSOLE_DIR
    ? [resolve(env.CONSOLE_DIR)]
    : [join(__dirname, '../../../../console'), join(__dirname, '../../../../dist/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

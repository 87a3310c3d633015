/**
 * Starts the whole service once for the console's browser tests, as `npm start` does (embedded PostgreSQL
 * and Temporal, migrations, worker, API serving the built console), but on random ports and in a throw-away
 * data directory. The URL reaches the tests through NETRAL_CONSOLE_TEST_URL; the returned function stops it.
 * `startNetral` starts another such instance with other settings (the OIDC sign-in test uses one).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY = /Netral is ready: API (http:\/\/\S+)/;
const START_TIMEOUT_MS = 120_000;

export interface RunningNetral {
  url: string;
  stop: () => Promise<void>;
}

/** One service in its own data directory; `env` overrides the embedded defaults (e.g. AUTH_* settings). */
export async function startNetral(env: Record<string, string> = {}): Promise<RunningNetral> {
  const root = join(__dirname, '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'netral-console-'));
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/standalone.js')], {
    cwd: root,
    env: {
      ...process.env,
      NETRAL_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      TEMPORAL_PORT: '0',
      NETRAL_DIGEST_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      AUTH_JWKS_URL: '',
      AUTH_LOCAL_SECRET: '',
      // Many pages in a short time from one address.
      RATE_LIMIT_MAX: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { url, stop } = await startNetral();
  process.env.NETRAL_CONSOLE_TEST_URL = url;
  return stop;
}

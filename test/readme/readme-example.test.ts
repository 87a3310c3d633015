// The README's "Try it" block, run as written (bash, curl, jq, `npm run token`) against a live service: a
// newcomer's first requests must work. Only PORT is set, to this test's service.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startTestService, TEST_SECRET, type TestService } from '../support/service';

const root = path.join(__dirname, '..', '..');

function readmeExample(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- readme-example');
  if (marker < 0) throw new Error('README.md has no <!-- readme-example --> block');
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (!block) throw new Error('no bash block after the readme-example marker');
  return block[1];
}

let netral: TestService;
beforeAll(async () => {
  netral = await startTestService('readme');
});
afterAll(async () => {
  await netral?.stop();
});

it('runs the README example requests as written', async () => {
  const script = readmeExample();
  // Not hard-coded to port 3000: the block follows PORT, as `npm start` does.
  expect(script).toContain('API=${API:-http://localhost:${PORT:-3000}}');
  const { API: _ignored, ...env } = process.env;
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: root,
    // `npm run token` signs with AUTH_LOCAL_SECRET when it is set, as the service under test expects.
    env: { ...env, PORT: new URL(netral.url).port, AUTH_LOCAL_SECRET: TEST_SECRET },
    timeout: 120_000,
  });
  const caseId = /^case (NTR-[0-9A-Z]+)$/m.exec(stdout)?.[1];
  expect(caseId).toBeDefined();
  expect(stdout).toContain('"stage": "clarification"');
  expect(stdout).toContain(`"${caseId}"`); // found by the search
  expect(stdout).toMatch(/"ok": true|"valid": true/); // the hash chain verifies
  expect(stdout).toContain('"status": 403'); // an officer may not decide a sanction
  const exported = path.join(root, `berkas-${caseId}.html`);
  try {
    expect(readFileSync(exported, 'utf8')).toContain('Dedi Kurniawan');
  } finally {
    rmSync(exported, { force: true });
  }
}, 180_000);

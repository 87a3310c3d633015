/**
 * Production sign-in, end to end: a real OpenID Connect provider (support/oidc-issuer.mjs, `oidc-provider`)
 * and a second Netral instance configured for it as in production (AUTH_JWKS_URL, AUTH_ISSUER,
 * AUTH_AUDIENCE, CONSOLE_OIDC_CLIENT_ID; no development sign-in). The officer signs in on the provider's
 * own login and consent pages (authorization code + PKCE), lands on Kasus saya as the role and agency the
 * token says, and when the token runs out mid-form signs in again through the provider without losing
 * what was typed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type RunningNetral, startNetral } from './global-setup';
import { expectAccessible, screenshot, uniqueNip } from './support';

const CLIENT_ID = 'netral-console';
const AUDIENCE = 'netral-api';

/** A port free now, so the provider can be told the console's redirect URI before the API starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startIssuer(redirectUri: string): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-issuer.mjs')], {
    env: { ...process.env, OIDC_ISSUER_PORT: '0', OIDC_REDIRECT_URI: redirectUri, OIDC_CLIENT_ID: CLIENT_ID },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /OIDC issuer ready: (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the OIDC provider exited with ${code} (is oidc-provider installed?):\n${output}`)),
    );
  });
  return { issuer, child };
}

let issuer: { issuer: string; child: ChildProcess } | undefined;
let netral: RunningNetral | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  const port = await freePort();
  issuer = await startIssuer(`http://127.0.0.1:${port}/console/callback`);
  netral = await startNetral({
    PORT: String(port),
    AUTH_JWKS_URL: `${issuer.issuer}/jwks`,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
  });
});

test.afterAll(async () => {
  await netral?.stop();
  issuer?.child.kill('SIGTERM');
});

test('an officer signs in at the identity provider and signs in again there when the token runs out', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const consoleUrl = (path: string) => `${netral!.url}/console${path}`;
  // The browser's clock, to move it past the access token's hour while a form is open.
  await page.clock.install();

  // No development sign-in in production: the only way in is the identity provider.
  expect((await page.request.post(`${netral!.url}/auth/dev-sign-in`, { data: {} })).status()).toBe(404);
  await page.goto(consoleUrl('/'));
  await expect(page.getByText('Masuk dengan akun instansi Anda melalui penyedia identitas.')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'masuk-sso');
  await page.getByRole('button', { name: 'Masuk dengan SSO' }).click();

  // The provider's own pages: login, then consent for the console.
  await expect(page).toHaveURL(new RegExp(`^${issuer!.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill('siti.aminah');
  await page.locator('input[name="password"]').fill('rahasia');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click(); // consent
  await expect(page).toHaveURL(consoleUrl('/'));

  // Kasus saya, as the officer of Kota Bekasi the token names; the API accepted the provider's token.
  await expect(page.getByRole('heading', { name: 'Kasus saya' })).toBeVisible();
  await expect(page.locator('header .user')).toContainText('Siti Aminah · Petugas kasus · kota-bekasi');
  await expect(page.getByText('Tidak ada kasus terbuka untuk Anda.')).toBeVisible();
  const stored = await page.evaluate<string | null>("sessionStorage.getItem('netral.session')");
  const firstToken = (JSON.parse(stored!) as { token: string; mode: string }).token;
  expect(JSON.parse(stored!)).toMatchObject({ mode: 'oidc', sub: 'siti.aminah', role: 'officer' });

  // A report typed while the token runs out.
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  await page.locator('#in-name').fill('Sari Sso');
  await page.locator('#in-position').fill('Staf');
  await page.locator('#in-unit').fill('Dinas Kominfo');
  await page.locator('#in-agencyName').fill('Pemerintah Kota Bekasi');
  await page.locator('#in-nip').fill(uniqueNip());
  await page.locator('#in-violationType').selectOption('PP94_5N_1_IKUT_KAMPANYE');
  await page.locator('#in-conduct').fill('Mengunggah dukungan di media sosial');
  await page.locator('#in-reporterName').fill('Warga Pelapor');
  await page.locator('#in-reporterAddress').fill('Jl. Kenanga 3, Bekasi');
  await page.clock.fastForward('02:00:00');
  await page.getByRole('button', { name: 'Daftarkan laporan' }).click();

  // Back through the provider (its session is still open, so no password), back to the same form.
  const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Masuk dengan SSO' }).click();
  await expect(page).toHaveURL(consoleUrl('/laporan-baru'));
  await expect(page.locator('#in-name')).toHaveValue('Sari Sso');
  await expect(page.locator('#in-violationType')).toHaveValue('PP94_5N_1_IKUT_KAMPANYE');
  await expect(page.locator('#in-reporterAddress')).toHaveValue('Jl. Kenanga 3, Bekasi');
  const renewed = await page.evaluate<string | null>("sessionStorage.getItem('netral.session')");
  expect((JSON.parse(renewed!) as { token: string }).token).not.toBe(firstToken);

  await page.getByRole('button', { name: 'Daftarkan laporan' }).click();
  await expect(page.getByRole('heading', { name: /Sari Sso/ })).toBeVisible();
  await expect(page.getByText('Laporan didaftarkan')).toBeVisible();
});

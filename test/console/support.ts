/**
 * Helpers of the console's browser tests: the service's URL, signing in through the console, cases made
 * through the API where a test is about something else, the axe-core scan and the screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page } from '@playwright/test';

export function serviceUrl(): string {
  const url = process.env.NETRAL_CONSOLE_TEST_URL;
  if (!url)
    throw new Error('NETRAL_CONSOLE_TEST_URL is not set: run through apps/console/playwright.config.ts');
  return url;
}

export const consoleUrl = (path = '/'): string => `${serviceUrl()}/console${path}`;

/** Signs in through the development sign-in form. */
export async function signIn(
  page: Page,
  role: string,
  agency: string,
  options: { sub?: string; name?: string } = {},
) {
  await page.goto(consoleUrl('/'));
  await page.getByLabel('Peran').selectOption(role);
  await page.getByLabel(/^Instansi/).fill(agency);
  if (options.name) await page.getByLabel('Nama tampilan').fill(options.name);
  if (options.sub) await page.getByLabel('ID pengguna (opsional)').fill(options.sub);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByText('Masuk sebagai')).toBeVisible();
}

export async function apiToken(request: APIRequestContext, role: string, agency: string, sub?: string) {
  const response = await request.post(`${serviceUrl()}/auth/dev-sign-in`, {
    data: { role, agency, ...(sub ? { sub } : {}) },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

let serial = 0;
/** A NIP unique within the run (18 digits). */
export function uniqueNip(): string {
  serial += 1;
  return `1980${String(Date.now()).slice(-9)}${String(serial).padStart(5, '0')}`.slice(0, 18);
}

/** Registers a report through the API, for tests whose subject is not the intake form. */
export async function registerCase(
  request: APIRequestContext,
  token: string,
  asn: { name: string; nip?: string; agencyName?: string },
): Promise<string> {
  const response = await request.post(`${serviceUrl()}/cases`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      source: { kind: 'internal', reference: `INT-${uniqueNip().slice(-6)}/2026`, receivedOn: '2026-11-02' },
      reportedAsn: {
        nip: asn.nip ?? uniqueNip(),
        name: asn.name,
        position: 'Kepala Seksi',
        unit: 'Kecamatan Bekasi Timur',
        agency: asn.agencyName ?? 'Pemerintah Kota Bekasi',
        employeeType: 'PNS',
      },
      violationType: 'PP94_5N_1_IKUT_KAMPANYE',
      conduct: 'Ikut kampanye terbuka pasangan calon',
      election: { kind: 'pilkada', year: 2026 },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

export async function caseCommand(
  request: APIRequestContext,
  token: string,
  caseId: string,
  path: string,
  data: object,
): Promise<void> {
  const response = await request.post(`${serviceUrl()}/cases/${caseId}/${path}`, {
    headers: { Authorization: `Bearer ${token}` },
    data,
  });
  expect(response.status(), await response.text()).toBe(200);
}

/**
 * The starting point of most case screens: a report registered by the agency's officer and assigned to them
 * by its supervisor, both through the API, with their tokens for later commands.
 */
export async function assignedCase(
  request: APIRequestContext,
  agency: string,
  asn: { name: string; nip?: string; agencyName?: string },
): Promise<{ caseId: string; officer: string; supervisor: string }> {
  const officer = await apiToken(request, 'officer', agency);
  const supervisor = await apiToken(request, 'supervisor', agency);
  const caseId = await registerCase(request, officer, asn);
  await caseCommand(request, supervisor, caseId, 'assignment', { officerId: `officer-${agency}` });
  return { caseId, officer, supervisor };
}

/** axe-core over the whole page: no serious or critical violation (WCAG 2.1 A/AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
  ).toEqual([]);
}

/** Saves a screenshot of a screen under test-results/console-screens (SCREENSHOT_DIR to choose another). */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Outside Playwright's outputDir, which it empties at every run.
  const dir = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-results', 'console-screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Kebijakan tenggat (issue #12/#13): supervisors read the published deadline policy versions; an
 * administrator publishes a corrected version from the console, moves the open cases of the agency to it
 * (confirmed first, idempotent: a second run moves none) and sees the case now run that version; an officer
 * is not offered the screen. A refusal of the publication is shown in Indonesian.
 */
import { expect, test } from '@playwright/test';
import {
  apiToken,
  caseCommand,
  consoleUrl,
  expectAccessible,
  registerCase,
  screenshot,
  signIn,
} from './support';

const AGENCY = 'kab-ciamis';

test.describe.configure({ mode: 'serial' });

let inClarification: string[] = [];
const version = `2026.9-e2e${Date.now().toString(36)}`;

test.beforeAll(async ({ request }) => {
  const officer = await apiToken(request, 'officer', AGENCY);
  const supervisor = await apiToken(request, 'supervisor', AGENCY);
  inClarification = [];
  for (const name of ['Dadang Suherman', 'Euis Komariah']) {
    const id = await registerCase(request, officer, { name, agencyName: 'Pemerintah Kabupaten Ciamis' });
    await caseCommand(request, supervisor, id, 'assignment', { officerId: `officer-${AGENCY}` });
    await caseCommand(request, officer, id, 'clarification/start', {
      by: 'inspektorat',
      letterReference: '700/9/Insp',
    });
    inClarification.push(id);
  }
  // Still at intake: outside the stage filter used below.
  await registerCase(request, officer, { name: 'Ujang Rahmat', agencyName: 'Pemerintah Kabupaten Ciamis' });
});

test('an officer is not offered the deadline policies; a supervisor reads them but cannot move cases', async ({
  page,
}) => {
  await signIn(page, 'officer', AGENCY);
  await expect(page.getByRole('link', { name: 'Cari kasus' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kebijakan tenggat' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Keluar' }).click();
  await signIn(page, 'supervisor', AGENCY);
  await page.getByRole('link', { name: 'Kebijakan tenggat' }).click();
  await expect(page.getByRole('heading', { name: 'Kebijakan tenggat', level: 1 })).toBeVisible();
  const newest = page.locator('details.policy-version').first();
  await expect(newest).toHaveAttribute('open', '');
  // Every rule with its length in Indonesian units and its legal basis.
  await expect(newest.locator('table.policy-rules')).toContainText('Klarifikasi');
  await expect(newest.locator('table.policy-rules')).toContainText('hari kerja');
  // Bundled versions are described in Indonesian, not by their stored (English) reason.
  await expect(page.locator('details.policy-version[data-version="2026.2"] summary')).toContainText(
    'versi bawaan rilis Netral',
  );
  await expect(page.locator('details.policy-version[data-version="2026.2"] summary')).not.toContainText(
    'Bundled',
  );
  // The hearing is held on the summoned day: no "0 hari kalender".
  await expect(newest.locator('table.policy-rules')).toContainText('pada hari yang ditetapkan');
  await expect(newest.locator('table.policy-rules')).not.toContainText(/(^|\D)0 hari kalender/);
  await expect(page.getByRole('heading', { name: 'Pindahkan kasus terbuka ke versi lain' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Terbitkan versi baru' })).toHaveCount(0);
  await expectAccessible(page);
});

test('an administrator publishes a corrected version; other content under the same version is refused in Indonesian', async ({
  page,
}) => {
  await signIn(page, 'admin', AGENCY);
  await page.getByRole('link', { name: 'Kebijakan tenggat' }).click();
  const document = page.getByLabel('Dokumen kebijakan (JSON)');
  await expect(document).toHaveValue(/"rules"/);
  const policy = JSON.parse(await document.inputValue()) as {
    version: string;
    rules: { id: string; length: number | null }[];
  };
  expect(policy.version).toBe('');
  policy.version = version;
  const clarification = policy.rules.find((r) => r.id === 'clarification')!;
  clarification.length = (clarification.length ?? 0) + 2;
  await document.fill(JSON.stringify(policy, null, 2));
  await page
    .getByLabel(/^Alasan/)
    .last()
    .fill('Koreksi SE BKN 2026 (uji konsol)');
  await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
  await expect(page.getByText(`Versi ${version} diterbitkan.`)).toBeVisible();
  await expect(page.locator(`details.policy-version[data-version="${version}"]`)).toBeVisible();

  // The same version with other content: 409 POLICY_VERSION_TAKEN, its Indonesian message.
  clarification.length += 1;
  await document.fill(JSON.stringify(policy, null, 2));
  await page
    .getByLabel(/^Alasan/)
    .last()
    .fill('Koreksi kedua');
  await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
  const problem = page.locator('#policy-publish .problem');
  await expect(problem).toContainText('sudah diterbitkan dengan isi lain');
  await expect(problem).toContainText('POLICY_VERSION_TAKEN');

  // Not JSON: said before anything is sent.
  await document.fill('{ "version": ');
  await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
  await expect(page.locator('#policy-publish .problem')).toContainText('Dokumen bukan JSON yang valid');
});

test('an administrator moves the open cases in clarification to the new version, once', async ({ page }) => {
  await signIn(page, 'admin', AGENCY);
  await page.goto(consoleUrl('/kebijakan-tenggat'));
  const form = page.locator('#policy-migration');
  await form.getByLabel('Versi tujuan *').selectOption(version);
  await form.getByLabel(/^Alasan/).fill('Koreksi SE BKN 2026');
  await form.getByLabel('Klarifikasi').check();
  await form.getByRole('button', { name: 'Pindahkan kasus…' }).click();
  // Nothing moves before the confirmation, which names the version and the stages.
  const confirm = form.getByRole('alertdialog');
  // Keyboard focus moves to the confirmation that replaced the button.
  await expect(confirm.getByRole('button', { name: 'Ya, pindahkan' })).toBeFocused();
  await expect(confirm).toContainText(`versi ${version}`);
  await expect(confirm).toContainText('Klarifikasi');
  await expectAccessible(page);
  await screenshot(page, '12-kebijakan-tenggat');
  await confirm.getByRole('button', { name: 'Ya, pindahkan' }).click();
  const report = form.locator('.migration-report');
  await expect(report).toContainText(`Perpindahan ke versi ${version} selesai`);
  await expect(report.locator('[data-count="considered"]')).toHaveText('2');
  await expect(report.locator('[data-count="migrated"]')).toHaveText('2');
  await expect(report.locator('[data-count="already"]')).toHaveText('0');

  // A second run moves none: both already run the version.
  await form.getByLabel('Versi tujuan *').selectOption(version);
  await form.getByLabel(/^Alasan/).fill('Koreksi SE BKN 2026 (ulang)');
  await form.getByLabel('Klarifikasi').check();
  await form.getByRole('button', { name: 'Pindahkan kasus…' }).click();
  await form.getByRole('button', { name: 'Ya, pindahkan' }).click();
  await expect(report.locator('[data-count="migrated"]')).toHaveText('0');
  await expect(report.locator('[data-count="already"]')).toHaveText('2');

  // The case says which version it runs now, and its own migration form offers the published versions.
  await page.goto(consoleUrl(`/kasus/${inClarification[0]}`));
  await expect(page.locator(`[data-policy-version="${version}"]`)).toContainText('kebijakan tenggat');
  const toVersion = page.locator('#cmd-MigrateDeadlinePolicy-toVersion');
  await expect(toVersion.locator(`option[value="${version}"]`)).toHaveCount(1);
});

test('the deadline policies keep to a phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'admin', AGENCY);
  await page.goto(consoleUrl('/kebijakan-tenggat'));
  await expect(page.locator('details.policy-version').first()).toBeVisible();
  // A string: this file is type-checked without the DOM library.
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
  await screenshot(page, '13-kebijakan-tenggat-ponsel');
});

/**
 * The auditor: the full history with hashes, the state at an earlier version, the hash-chain verification,
 * the three exports, the access log and the workflow replay check, all through the console.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { assignedCase, expectAccessible, screenshot, signIn } from './support';

test('an auditor verifies a case and exports it', async ({ page, request }) => {
  const agency = 'kota-depok';
  const { caseId } = await assignedCase(request, agency, {
    name: 'Budi Audit',
    agencyName: 'Pemerintah Kota Depok',
  });

  await signIn(page, 'auditor', agency);
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByLabel('Nomor kasus').fill(caseId);
  await page.getByRole('button', { name: 'Buka' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/audit/${caseId}`));
  const history = page.locator('table.history tbody tr');
  await expect(history.first()).toContainText('Laporan didaftarkan');
  await expect(page.getByText('Petugas kasus ditunjuk').first()).toBeVisible();

  await page.getByRole('button', { name: 'Verifikasi rantai hash' }).click();
  await expect(page.getByText('Rantai hash utuh')).toBeVisible();

  // The state after the first event: still at intake, before the assignment.
  await page.locator('#version-slider').fill('1');
  await expect(page.locator('#state-at')).toContainText('Penerimaan laporan');

  for (const format of ['json', 'csv', 'html']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: format.toUpperCase(), exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^kasus-${caseId}-v\\d+\\.${format}$`));
    const content = readFileSync((await file.path())!, 'utf8');
    if (format === 'json') expect(JSON.parse(content)).toMatchObject({ format: 'netral-case-file', caseId });
    if (format === 'csv') expect(content.split('\n')[0]).toContain('version');
    if (format === 'html') expect(content).toContain('Budi Audit');
  }

  await expect(page.locator('#access-log tbody tr').first()).toBeVisible();
  await page.getByRole('button', { name: 'Jalankan uji ulang' }).click();
  await expect(page.locator('#replay').getByRole('status')).toContainText('✔', { timeout: 45_000 });
  await expectAccessible(page);
  await screenshot(page, '08-audit');
});

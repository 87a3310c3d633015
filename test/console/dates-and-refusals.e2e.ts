/**
 * Date fields and refusals in the officer's language: a date is typed and shown day first (dd/mm/yyyy) even
 * in a browser set to American English, the working-day calendar still marks the national holiday and the
 * cuti bersama (SKB 3 Menteri) of the typed date, a refusal in Indonesian names the form's field, and the
 * command summaries are Indonesian (English when switched).
 */
import { expect, test } from '@playwright/test';
import { assignedCase, consoleUrl, expectAccessible, signIn } from './support';

const AGENCY = 'kota-cimahi';

// The browser's own date format would be mm/dd/yyyy here.
test.use({ locale: 'en-US' });

test('dates are typed dd/mm/yyyy with holidays marked; a refusal names the field in Indonesian', async ({
  page,
  request,
}) => {
  const { caseId } = await assignedCase(request, AGENCY, {
    name: 'Tari Tanggal',
    agencyName: 'Pemerintah Kota Cimahi',
  });

  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  const actions = page.locator('#actions');
  const form = actions.locator('details').filter({ has: page.locator('[id^="cmd-StartClarification-"]') });
  await expect(form).toContainText('Mulai klarifikasi oleh Inspektorat atau BKPSDM');
  await form.locator('summary').click();
  await form.getByLabel('Pelaksana klarifikasi *').selectOption('inspektorat');
  await form.getByLabel('Nomor surat tugas').fill('700/41/Inspektorat');

  const date = form.getByLabel('Tanggal terjadi', { exact: true });
  await expect(date).toHaveAttribute('placeholder', 'hh/bb/tttt');
  await date.fill('24/12/2026');
  await expect(form).toContainText('cuti bersama: Cuti bersama Hari Raya Natal');
  await expect(form.locator('.calendar .cuti')).toHaveText('24');
  await expect(form.locator('.calendar .holiday')).toContainText(['25']);
  await date.fill('25/12/2026');
  await expect(date).toHaveValue('25/12/2026');
  await expect(form).toContainText('libur: Hari Raya Natal');
  await expect(form.locator('.calendar .chosen')).toHaveText('25');
  await expectAccessible(page);

  // Not a date (no 31 February): the field says so itself and nothing is sent.
  await date.fill('31/02/2026');
  expect(await date.evaluate((input) => (input as { validity: { valid: boolean } }).validity.valid)).toBe(
    false,
  );
  await expect(form.locator('.calendar')).toHaveCount(0);

  // Christmas 2026 is after today (the service's clock): the domain refuses, naming the form's field.
  await date.fill('25/12/2026');
  await form.getByRole('button', { name: 'Mulai klarifikasi' }).click();
  const problem = form.locator('.problem');
  await expect(problem).toContainText('FUTURE_DATE');
  await expect(problem).toContainText('Kolom: Tanggal terjadi');

  // In English the summary is the API's and the field keeps its day-first format.
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(form).toContainText('Start clarification by Inspektorat or BKPSDM (klarifikasi)');
  await expect(form.getByLabel('Occurred on', { exact: true })).toHaveValue('25/12/2026');
  await expect(form.getByLabel('Occurred on', { exact: true })).toHaveAttribute('placeholder', 'dd/mm/yyyy');
});

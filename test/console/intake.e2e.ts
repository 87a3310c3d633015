/**
 * Sign-in and intake: the sign-in screen, a report registered with the keyboard only (the reporter's
 * identity in its confidential section), and a token that stops working mid-form: the console asks to sign
 * in again over the form and nothing typed is lost.
 */
import { expect, type Page, test } from '@playwright/test';
import { consoleUrl, expectAccessible, screenshot, signIn, uniqueNip } from './support';

/** Presses Tab until the element with this id has the focus (keyboard only, no clicks). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await page.evaluate<string | undefined>('document.activeElement?.id')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, id);
  await page.keyboard.type(text);
}

test('the sign-in screen is accessible and offers the development sign-in', async ({ page }) => {
  await page.goto(consoleUrl('/'));
  await expect(page.getByRole('heading', { name: 'Masuk ke Netral' })).toBeVisible();
  await expect(page.getByText(/Mode pengembangan/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, '01-masuk');
});

test('an officer registers a report with the keyboard only', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(consoleUrl('/'));
  // Sign in: the role select has the focus; the agency field follows.
  await expect(page.getByLabel('Peran')).toBeFocused();
  await typeInto(page, 'signin-agency', '');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('kota-bekasi');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Masuk sebagai')).toBeVisible();

  // To the intake form through the menu, with the keyboard.
  await page.keyboard.press('Tab');
  for (
    let i = 0;
    i < 20 &&
    (await page.evaluate<string | null | undefined>('document.activeElement?.textContent')) !==
      'Laporan baru';
    i++
  ) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Registrasi laporan / temuan' })).toBeVisible();

  const nip = uniqueNip();
  await typeInto(page, 'in-reference', 'LAP-KB-77/2026');
  await typeInto(page, 'in-name', 'Rudi Keyboard');
  await typeInto(page, 'in-nip', nip);
  await typeInto(page, 'in-position', 'Lurah');
  await typeInto(page, 'in-unit', 'Kelurahan Margahayu');
  await typeInto(page, 'in-agencyName', 'Pemerintah Kota Bekasi');
  await tabTo(page, 'in-violationType');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#in-violationType')).not.toHaveValue('');
  await typeInto(page, 'in-conduct', 'Memasang atribut pasangan calon di kantor kelurahan');
  await typeInto(page, 'in-reporterName', 'Warga Pelapor');
  await typeInto(page, 'in-reporterAddress', 'Jl. Kenanga 3, Bekasi');
  await typeInto(page, 'in-reason', 'Laporan diterima di loket');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/console\/kasus\//);
  await expect(page.getByRole('heading', { name: /Rudi Keyboard/ })).toBeVisible();
  // An officer does not see the reporter's identity, even of a report they registered.
  await expect(page.getByText('Identitas pelapor tidak ditampilkan untuk peran Anda.')).toBeVisible();
  await expect(page.getByText('Laporan didaftarkan')).toBeVisible();
});

test('an expired token asks to sign in again over the form, which keeps its input', async ({ page }) => {
  // The browser's clock is moved past the token's 8 hours while the form is open.
  await page.clock.install();
  await signIn(page, 'officer', 'kota-bekasi');
  await page.goto(consoleUrl('/laporan-baru'));
  await page.locator('#in-name').fill('Sari Sesi');
  await page.locator('#in-position').fill('Staf');
  await page.locator('#in-unit').fill('Dinas Kominfo');
  await page.locator('#in-agencyName').fill('Pemerintah Kota Bekasi');
  await page.locator('#in-nip').fill(uniqueNip());
  await page.locator('#in-violationType').selectOption('PP94_5N_1_IKUT_KAMPANYE');
  await page.locator('#in-conduct').fill('Mengunggah dukungan di media sosial');
  await page.locator('#in-reporterName').fill('Warga Pelapor');
  await page.locator('#in-reporterAddress').fill('Jl. Kenanga 3, Bekasi');
  await expectAccessible(page);
  await screenshot(page, '05-laporan-baru');
  await page.clock.fastForward('09:00:00');
  await page.getByRole('button', { name: 'Daftarkan laporan' }).click();

  const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Masuk' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('#in-name')).toHaveValue('Sari Sesi');
  await expect(page.locator('#in-violationType')).toHaveValue('PP94_5N_1_IKUT_KAMPANYE');
  await page.getByRole('button', { name: 'Daftarkan laporan' }).click();
  await expect(page.getByRole('heading', { name: /Sari Sesi/ })).toBeVisible();
});

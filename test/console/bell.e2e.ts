/**
 * The notification bell in the header: shown to the roles notifications are addressed to, with the unread
 * count from the API's live stream, a panel that opens and closes from the keyboard, and no serious axe-core
 * violations. (That a new reminder is pushed over the stream the moment it is committed is asserted against
 * the API in test/notifications/api.test.ts.)
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './support';

test('an officer’s bell shows the unread count and opens a keyboard-friendly panel', async ({ page }) => {
  await signIn(page, 'officer', 'kota-kediri', { sub: 'officer-bell', name: 'Sri Handayani' });
  const bell = page.getByRole('button', { name: /^Notifikasi: 0 belum dibaca$/ });
  await expect(bell).toBeVisible();

  await bell.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Notifikasi' });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('Belum ada pengingat atau eskalasi untuk Anda.')).toBeVisible();
  await expect(bell).toHaveAttribute('aria-expanded', 'true');
  await expectAccessible(page);
  await screenshot(page, 'notifications');

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('auditors have no bell: nothing is addressed to them', async ({ page }) => {
  await signIn(page, 'auditor', 'kota-kediri');
  await expect(page.getByText('Masuk sebagai')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Notifikasi/ })).toHaveCount(0);
});

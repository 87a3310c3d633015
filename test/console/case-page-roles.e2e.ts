/**
 * The case page as each role meets it: a PPK with nothing to do at this stage is told so (AttachDocument,
 * the only command allowed, lives in the documents panel); the escalation chain names who is next in
 * Indonesian; on a phone the action panel comes right after the deadlines, before the long history.
 */
import { expect, test } from '@playwright/test';
import { assignedCase, caseCommand, consoleUrl, signIn } from './support';

const AGENCY = 'kab-sumedang';

let caseId = '';

test.beforeAll(async ({ request }) => {
  const made = await assignedCase(request, AGENCY, {
    name: 'Cecep Hidayat',
    agencyName: 'Pemerintah Kabupaten Sumedang',
  });
  caseId = made.caseId;
  await caseCommand(request, made.officer, caseId, 'clarification/start', {
    by: 'inspektorat',
    letterReference: '700/3/Insp',
  });
});

test('a PPK with nothing to do in clarification reads so instead of an empty action panel', async ({
  page,
}) => {
  await signIn(page, 'ppk', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  const actions = page.locator('#actions');
  await expect(actions).toContainText('Tidak ada tindakan yang dapat Anda lakukan pada tahap ini.');
  // Uploading stays possible where it belongs.
  await expect(page.locator('#documents')).toContainText('Unggah dokumen');
});

test('the escalation chain of a deadline names its recipients in Indonesian', async ({ page }) => {
  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  const chain = page.locator('#deadlines .escalation').first();
  await expect(chain).toContainText('Rantai eskalasi');
  await expect(chain).toContainText('Atasan petugas');
  await expect(chain).not.toContainText('supervisor');
});

test('on a phone the actions come before the history', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  const actions = page.locator('#actions');
  const timeline = page.locator('#timeline');
  await expect(actions.getByRole('button').first()).toBeVisible();
  await expect(timeline.locator('li').first()).toBeVisible();
  const actionsTop = (await actions.boundingBox())!.y;
  const deadlinesTop = (await page.locator('#deadlines').boundingBox())!.y;
  const timelineTop = (await timeline.boundingBox())!.y;
  expect(deadlinesTop).toBeLessThan(actionsTop);
  expect(actionsTop).toBeLessThan(timelineTop);
});

test("a command's form asks its own facts first, the late-recording and audit reasons last", async ({
  page,
}) => {
  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  await page.locator('#actions summary', { hasText: 'Catat rekomendasi Bawaslu/KASN/BKN' }).click();
  const form = page
    .locator('#actions form')
    .filter({ has: page.getByLabel('Lembaga pemberi rekomendasi *') });
  const labels = await form.locator('label').allTextContents();
  const at = (text: string) => labels.findIndex((l) => l.startsWith(text));
  expect(at('Lembaga pemberi rekomendasi')).toBeGreaterThanOrEqual(0);
  expect(at('Alasan pencatatan terlambat')).toBeGreaterThan(at('Hukuman yang direkomendasikan'));
  expect(at('Alasan / nomor surat')).toBeGreaterThan(at('Alasan pencatatan terlambat'));
});

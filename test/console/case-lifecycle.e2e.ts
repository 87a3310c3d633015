/**
 * A case from intake to closure only through the console: the officer registers it, the supervisor assigns
 * it, the officer clarifies and records the result (not proven), which closes it; each step offered by the
 * action panel because the API lists it. And a stale form: the case changed under it, the conflict screen
 * shows what changed and the input survives to be sent again; a form under which only the workflow's own
 * events came (a recorded deadline) is not stale.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  assignedCase,
  caseCommand,
  consoleUrl,
  expectAccessible,
  screenshot,
  serviceUrl,
  signIn,
  uniqueNip,
} from './support';

const AGENCY = 'kota-bogor';

async function openAction(page: Page, name: string) {
  const panel = page.locator('#actions');
  await panel.getByText(name, { exact: true }).first().click();
  return panel;
}

test('an officer takes a case from intake to closure through the console', async ({ browser }) => {
  test.setTimeout(180_000);
  const officerPage = await (await browser.newContext()).newPage();
  const supervisorPage = await (await browser.newContext()).newPage();

  // Intake, by the officer.
  await signIn(officerPage, 'officer', AGENCY, { name: 'Rina Petugas' });
  await officerPage.getByRole('link', { name: 'Laporan baru' }).click();
  await officerPage.locator('#in-sourceKind').selectOption('internal');
  await officerPage.locator('#in-reference').fill('ND-12/Insp/2026');
  await officerPage.locator('#in-name').fill('Joko Siklus');
  await officerPage.locator('#in-nip').fill(uniqueNip());
  await officerPage.locator('#in-position').fill('Sekretaris Camat');
  await officerPage.locator('#in-unit').fill('Kecamatan Bogor Tengah');
  await officerPage.locator('#in-agencyName').fill('Pemerintah Kota Bogor');
  await officerPage.locator('#in-violationType').selectOption('PP94_5N_1_IKUT_KAMPANYE');
  await officerPage.locator('#in-conduct').fill('Hadir dalam kampanye terbuka');
  await officerPage.getByRole('button', { name: 'Daftarkan laporan' }).click();
  await expect(officerPage.getByRole('heading', { name: /Joko Siklus/ })).toBeVisible();
  const caseUrl = officerPage.url();
  // An officer may not assign: the panel does not offer it.
  await expect(officerPage.locator('#actions')).toContainText('Catat rekomendasi');
  await expect(officerPage.locator('#actions')).not.toContainText('Tunjuk petugas kasus');

  // Assignment, by the supervisor, from the officers the API knows.
  await signIn(supervisorPage, 'supervisor', AGENCY);
  await supervisorPage.goto(caseUrl);
  const assign = await openAction(supervisorPage, 'Tunjuk petugas kasus');
  await assign.getByLabel('ID petugas kasus *').fill(`officer-${AGENCY}`);
  await assign.getByLabel('Nama petugas kasus').fill('Rina Petugas');
  await assign.getByRole('button', { name: 'Tunjuk petugas kasus' }).click();
  await expect(supervisorPage.locator('.case-header')).toContainText('Rina Petugas');

  // The officer's page refreshes by itself and now offers the clarification.
  const start = await (async () => {
    await expect(officerPage.locator('#actions')).toContainText('Mulai klarifikasi', { timeout: 30_000 });
    return openAction(officerPage, 'Mulai klarifikasi');
  })();
  await start.getByLabel('Pelaksana klarifikasi *').selectOption('inspektorat');
  await start.getByLabel('Nomor surat tugas').fill('700/55/Inspektorat');
  await start.getByRole('button', { name: 'Mulai klarifikasi' }).click();
  await expect(officerPage.locator('.case-header')).toContainText('Klarifikasi');
  await expect(officerPage.locator('#deadlines .countdowns li').first()).toBeVisible();
  await expectAccessible(officerPage);
  await screenshot(officerPage, '04-kasus');

  const result = await openAction(officerPage, 'Catat hasil klarifikasi (LHP)');
  await result.getByLabel('Hasil klarifikasi *').selectOption('not_proven');
  await result.getByLabel('Nomor LHP *').fill('LHP-09/Insp/2026');
  await result.getByLabel('Ringkasan temuan *').fill('Tidak terbukti hadir dalam kampanye');
  await result.getByRole('button', { name: 'Catat hasil klarifikasi (LHP)' }).click();
  await expect(officerPage.locator('.case-header')).toContainText('Selesai');
  await expect(officerPage.locator('#timeline')).toContainText('Kasus ditutup');
  await expect(officerPage.locator('#actions')).not.toContainText('Catat hasil klarifikasi');
});

test('a stale form gets the conflict screen and keeps its input', async ({ page, request }) => {
  const { caseId, supervisor } = await assignedCase(request, AGENCY, {
    name: 'Tono Konflik',
    agencyName: 'Pemerintah Kota Bogor',
  });

  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  await expect(page.locator('#deadlines .countdowns li').first()).toBeVisible();
  const start = await openAction(page, 'Mulai klarifikasi');
  await start.getByLabel('Pelaksana klarifikasi *').selectOption('bkpsdm');
  await start.getByLabel('Nomor surat tugas').fill('800/9/BKPSDM');

  // Meanwhile the supervisor reassigns the case, and back: the form's version is stale.
  await caseCommand(request, supervisor, caseId, 'assignment', { officerId: `officer-${AGENCY}-2` });
  await caseCommand(request, supervisor, caseId, 'assignment', {
    officerId: `officer-${AGENCY}`,
    officerName: 'Dewi',
  });
  await start.getByRole('button', { name: 'Mulai klarifikasi' }).click();

  const conflict = page.getByRole('alert').filter({ hasText: 'Kasus telah berubah' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Petugas kasus ditunjuk');
  await expect(start.getByLabel('Nomor surat tugas')).toHaveValue('800/9/BKPSDM');
  await expect(page.locator('.case-header')).toContainText('Dewi');
  await expectAccessible(page);
  await screenshot(page, '09-konflik');

  await start.getByRole('button', { name: 'Mulai klarifikasi' }).click();
  await expect(page.locator('#timeline')).toContainText('Klarifikasi dimulai');
});

test('a form under which only the workflow recorded a deadline is sent without a conflict', async ({
  page,
  request,
}) => {
  const { caseId, supervisor } = await assignedCase(request, AGENCY, {
    name: 'Sari Sistem',
    agencyName: 'Pemerintah Kota Bogor',
  });
  // The assignment is the last officer event; the workflow then records the clarification deadline itself.
  const events = async () => {
    const response = await request.get(`${serviceUrl()}/cases/${caseId}/events`, {
      headers: { Authorization: `Bearer ${supervisor}` },
    });
    return (
      (await response.json()) as { items: { version: number; type: string; actor: { role: string } }[] }
    ).items;
  };
  await expect.poll(async () => (await events()).at(-1)?.actor.role).toBe('system');
  const assignedAt = (await events()).filter((e) => e.actor.role !== 'system').at(-1)!.version;

  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl(`/kasus/${caseId}`));
  await expect(page.locator('#deadlines .countdowns li').first()).toBeVisible();
  const start = await openAction(page, 'Mulai klarifikasi');
  await start.getByLabel('Pelaksana klarifikasi *').selectOption('inspektorat');
  await start.getByLabel('Nomor surat tugas').fill('700/77/Inspektorat');
  // The input as if typed just after the assignment, before the deadline was recorded: the draft (kept
  // across reloads) says which version the form was filled against.
  // A string evaluated in the page: the tests' tsconfig has no DOM types.
  const key = JSON.stringify(`netral.draft.${caseId}.StartClarification`);
  await page.evaluate(
    `sessionStorage.setItem(${key}, JSON.stringify({ ...JSON.parse(sessionStorage.getItem(${key})), baseVersion: ${assignedAt} }))`,
  );
  await page.reload();
  await expect(start.getByLabel('Nomor surat tugas')).toHaveValue('700/77/Inspektorat');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/clarification/start'));
  await start.getByRole('button', { name: 'Mulai klarifikasi' }).click();
  expect((await sent).headers()['if-match']).toBe(`"${assignedAt}"`);
  await expect(page.locator('#timeline')).toContainText('Klarifikasi dimulai');
  await expect(page.getByRole('alert').filter({ hasText: 'Kasus telah berubah' })).toHaveCount(0);
});

/**
 * The officer's and supervisor's everyday screens: the work list (live), search with filters kept in the
 * URL and cursor paging, the deadline agenda, and the statistics with their CSV; and a second agency's
 * officer who cannot see any of it.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  apiToken,
  caseCommand,
  consoleUrl,
  expectAccessible,
  registerCase,
  screenshot,
  signIn,
  uniqueNip,
} from './support';

const AGENCY = 'kab-cianjur';

test.describe.configure({ mode: 'serial' });

let caseIds: string[] = [];

test.beforeAll(async ({ request }) => {
  const officer = await apiToken(request, 'officer', AGENCY);
  const supervisor = await apiToken(request, 'supervisor', AGENCY);
  caseIds = [];
  for (const name of ['Asep Sunandar', 'Asep Saepudin', 'Neng Lilis']) {
    caseIds.push(await registerCase(request, officer, { name, agencyName: 'Pemerintah Kabupaten Cianjur' }));
  }
  // The first two get an officer and a running clarification, so they have deadlines.
  for (const id of caseIds.slice(0, 2)) {
    await caseCommand(request, supervisor, id, 'assignment', {
      officerId: `officer-${AGENCY}`,
      officerName: 'Ani',
    });
    await caseCommand(request, officer, id, 'clarification/start', {
      by: 'inspektorat',
      letterReference: '700/1/Insp',
    });
  }
});

test('the work list shows my cases by next deadline and refreshes when one is assigned', async ({
  page,
  request,
}) => {
  await signIn(page, 'officer', AGENCY);
  const rows = page.locator('table.cases tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Klarifikasi');
  await expectAccessible(page);
  await screenshot(page, '02-kasus-saya');

  // Assigned meanwhile by the supervisor: the list picks it up without a reload.
  const supervisor = await apiToken(request, 'supervisor', AGENCY);
  await caseCommand(request, supervisor, caseIds[2], 'assignment', { officerId: `officer-${AGENCY}` });
  await expect(rows).toHaveCount(3, { timeout: 30_000 });

  await rows.getByRole('link', { name: 'Neng Lilis' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/kasus/${caseIds[2]}`));
  await expect(page.getByRole('heading', { name: /Neng Lilis/ })).toBeVisible();
});

test('search keeps its filters in the URL and pages with the API cursor', async ({ page }) => {
  await signIn(page, 'supervisor', AGENCY);
  await page.goto(consoleUrl('/cari'));
  await page.getByLabel('Nama, NIP atau nomor surat').fill('asep');
  await page.getByLabel('Tahap', { exact: true }).selectOption('clarification');
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/q=asep/);
  await expect(page).toHaveURL(/stage=clarification/);
  await expect(page.locator('table.cases tbody tr')).toHaveCount(2);
  await expectAccessible(page);
  await screenshot(page, '03-cari');

  // A bookmarked view with a page size of one: two pages, forward with the cursor and back.
  await page.goto(consoleUrl('/cari?q=asep&limit=1'));
  await expect(page.locator('table.cases tbody tr')).toHaveCount(1);
  const first = await page.locator('table.cases tbody tr a').first().textContent();
  await page.getByRole('button', { name: /Berikutnya/ }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.locator('table.cases tbody tr a').first()).not.toHaveText(first ?? '');
  await expect(page.getByRole('button', { name: /Berikutnya/ })).toBeDisabled();
  await page.getByRole('button', { name: /Sebelumnya/ }).click();
  await expect(page.locator('table.cases tbody tr a').first()).toHaveText(first ?? '');

  await page.goto(consoleUrl('/cari?overdue=true'));
  await expect(page.getByText('Tidak ada kasus yang cocok dengan filter ini.')).toBeVisible();
});

test('the agenda lists this week’s deadlines with the escalation chain', async ({ page }) => {
  await signIn(page, 'officer', AGENCY);
  await page.goto(consoleUrl('/agenda'));
  await expect(page.getByRole('heading', { name: 'Agenda tenggat' })).toBeVisible();
  await expect(page.locator('#agenda-overdue')).toContainText('Tidak ada tenggat.');
  await expect(page.getByText('Rantai eskalasi:')).toBeVisible();
  // The clarification deadlines (14 working days) fall within the next 30 days.
  await page.getByLabel('Rentang').selectOption('P30D');
  await expect(page).toHaveURL(/within=P30D/);
  await expect(page.locator('#agenda-week li').nth(1)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, '06-agenda');
});

test('statistics are drawn as charts, filtered like the search and downloadable as CSV', async ({ page }) => {
  await signIn(page, 'supervisor', AGENCY);
  await page.goto(consoleUrl('/statistik'));
  await expect(page.locator('.kpi').first()).toContainText('3');
  // No sanction decided yet: that chart says so instead of drawing an empty frame.
  await expect(page.locator('#st-sanction')).toContainText('Tidak ada data untuk filter ini.');
  // Cases registered today have spent 0 days in their stages: not a bare frame either.
  await expect(page.locator('#st-median')).toContainText('Tidak ada data untuk filter ini.');
  await expect(page.locator('#st-stage canvas')).toHaveCount(1);
  await expect(page.locator('canvas')).toHaveCount(2);

  // The search's filters, kept in the URL: no case is in examination, every chart says "no data".
  await page.locator('#f-stage').selectOption('examination');
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/statistik\?stage=examination/);
  await expect(page.locator('.kpi').first()).toContainText('0');
  await expect(page.locator('canvas')).toHaveCount(0);
  await expect(page.locator('.no-data')).toHaveCount(4);
  const filtered = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Unduh CSV' }).click();
  const filteredCsv = readFileSync(await (await filtered).path(), 'utf8');
  expect(filteredCsv).toContain('filter,stage,examination');
  expect(filteredCsv).toContain('total,totalCases,0');
  await page.getByLabel('Terdaftar sampai').fill('01/01/2000');
  await page.locator('#f-stage').selectOption('clarification');
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/stage=clarification&registeredTo=2000-01-01/);
  await expect(page.locator('.kpi').first()).toContainText('0');
  await page.getByRole('button', { name: 'Hapus filter' }).click();
  await expect(page).toHaveURL(/statistik$/);
  await expect(page.locator('.kpi').first()).toContainText('3');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Unduh CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv).toContain('total,totalCases,3');
  expect(csv).toContain('byStage,clarification,3');
  await expectAccessible(page);
  await screenshot(page, '07-statistik');
});

test('an officer of another agency sees none of these cases', async ({ page }) => {
  await signIn(page, 'officer', 'kab-garut');
  await page.goto(consoleUrl('/cari?q=asep'));
  await expect(page.getByText('Tidak ada kasus yang cocok dengan filter ini.')).toBeVisible();
  await page.goto(consoleUrl(`/kasus/${caseIds[0]}`));
  await expect(page.getByText('Data tidak ditemukan atau tidak dapat Anda akses.')).toBeVisible();
  await expect(page.getByText('Asep')).toHaveCount(0);
  // Nor through a guessed NIP.
  await page.goto(consoleUrl(`/cari?q=${uniqueNip().slice(0, 4)}`));
  await expect(page.locator('table.cases tbody tr')).toHaveCount(0);
});

test('every screen fits a phone (390×844) and a laptop (1366×768) without sideways scrolling', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const screens: [string, string, string][] = [
    ['kasus-saya', '/', 'Kasus saya'],
    ['cari', '/cari?q=asep', 'Cari kasus'],
    ['kasus', `/kasus/${caseIds[0]}`, 'Asep Sunandar'],
    ['laporan-baru', '/laporan-baru', 'Registrasi laporan / temuan'],
    ['agenda', '/agenda?within=P30D', 'Agenda tenggat'],
    ['statistik', '/statistik', 'Statistik'],
    ['audit', `/audit/${caseIds[0]}`, 'Audit kasus'],
  ];
  await signIn(page, 'supervisor', AGENCY);
  for (const [width, height] of [
    [390, 844],
    [1366, 768],
  ]) {
    await page.setViewportSize({ width, height });
    for (const [name, path, heading] of screens) {
      await page.goto(consoleUrl(path));
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await expect(page.getByText('Memuat…')).toHaveCount(0); // nothing still loading
      // Wide tables scroll inside their own box; the page itself never does.
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, `${name} at ${width}px is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
      if (width < 800) {
        // Contrast and labels hold at a phone's width too (the layout there is a different one).
        await expectAccessible(page);
        // The search is the README's example of the phone layout (its rows become cards).
        await screenshot(page, name === 'cari' ? '11-ponsel-cari' : `ponsel-${name}`);
      }
    }
  }
});

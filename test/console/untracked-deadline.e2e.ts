/**
 * A deadline the system could not compute reaches the officer as a clear warning on the case page, in
 * Bahasa Indonesia and in English, beside the deadline's legal basis in the screen's language. A case of
 * 2024 loaded late (its own service, whose backdating horizon is lifted as for loading historic cases): the
 * PPK's follow-up letter of November 2024 opens the examination, whose first-summons deadline counts working
 * days from that letter, in a year the service's working-day calendar (last year to two years on) no longer
 * covers.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { type RunningNetral, startNetral } from './global-setup';
import { screenshot, uniqueNip } from './support';

const AGENCY = 'kota-bekasi';
let netral: RunningNetral | undefined;

test.beforeAll(async () => {
  netral = await startNetral({ NETRAL_BACKDATING_HORIZON_DAYS: '36500' });
});

test.afterAll(async () => {
  await netral?.stop();
});

async function token(request: APIRequestContext, role: string): Promise<string> {
  const response = await request.post(`${netral!.url}/auth/dev-sign-in`, { data: { role, agency: AGENCY } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function send(request: APIRequestContext, role: string, path: string, data: object) {
  const response = await request.post(`${netral!.url}${path}`, {
    headers: { Authorization: `Bearer ${await token(request, role)}` },
    data,
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()) as { caseId?: string };
}

/** How many cases of the agency GET /cases finds, with the "not tracked" filter or without. */
async function casesFound(request: APIRequestContext, query: string): Promise<number> {
  const response = await request.get(`${netral!.url}/cases?limit=100${query}`, {
    headers: { Authorization: `Bearer ${await token(request, 'supervisor')}` },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items.length;
}

async function signIn(page: Page, role: string) {
  await page.goto(`${netral!.url}/console/`);
  await page.getByLabel('Peran').selectOption(role);
  await page.getByLabel(/^Instansi/).fill(AGENCY);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByText('Masuk sebagai')).toBeVisible();
}

/** A report registered and assigned to the agency's officer (so it is in their work list). */
async function registerAssigned(request: APIRequestContext, name: string, receivedOn: string) {
  const { caseId } = await send(request, 'officer', '/cases', {
    source: {
      kind: 'internal',
      reference: `INT-${uniqueNip().slice(-6)}/${receivedOn.slice(0, 4)}`,
      receivedOn,
    },
    reportedAsn: {
      nip: uniqueNip(),
      name,
      position: 'Kepala Seksi',
      unit: 'Kecamatan Bekasi Utara',
      agency: 'Pemerintah Kota Bekasi',
      employeeType: 'PNS',
    },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    conduct: 'Ikut kampanye terbuka pasangan calon',
    election: { kind: 'pilkada', year: 2024 },
  });
  await send(request, 'supervisor', `/cases/${caseId!}/assignment`, { officerId: `officer-${AGENCY}` });
  return caseId!;
}

/** The case of 2024 whose first-summons deadline the working-day calendar no longer covers (see above). */
async function caseWithUntrackedDeadline(request: APIRequestContext, name: string) {
  const caseId = await registerAssigned(request, name, '2024-11-04');
  const c = `/cases/${caseId}`;
  await send(request, 'officer', `${c}/recommendation`, {
    body: 'BKN',
    letterNumber: 'BKN/REK/11/2024',
    letterDate: '2024-11-05',
    receivedOn: '2024-11-05',
    proven: true,
    recommendedSanction: 'PEMOTONGAN_TUKIN_25',
  });
  await send(request, 'ppk', `${c}/ppk-follow-up`, {
    action: 'examination',
    letterNumber: 'PPK/TL/11/2024',
    letterDate: '2024-11-06',
  });
  return caseId;
}

test('the case page warns that a deadline is not tracked, and why, in both languages', async ({
  page,
  request,
}) => {
  const caseId = await caseWithUntrackedDeadline(request, 'Rahmat Hidayat');

  await signIn(page, 'officer');
  await page.goto(`${netral!.url}/console/kasus/${caseId}`);
  const warning = page.locator('#deadlines .not-tracked');
  // The workflow records it right after the command: reload until the page shows it.
  await expect(async () => {
    await page.reload();
    await expect(warning).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(warning).toHaveAttribute('role', 'alert');
  await expect(warning).toContainText('Tenggat tidak terpantau');
  await expect(warning).toContainText('Panggilan pertama');
  await expect(warning).toContainText('kalender hari kerja belum mencakup tanggalnya');
  await expect(warning).toContainText('pantau tenggat ini secara manual');
  // The deadline's legal basis in Bahasa Indonesia, its citations kept (the policy's text is English).
  const basis = page.locator('#deadlines .countdowns');
  await expect(basis).toContainText(
    'Dasar hukum: Target layanan internal [I]; atasan langsung wajib memanggil atas prakarsanya sendiri (PP 94/2021 Ps 26) [S]',
  );
  await screenshot(page, '20-tenggat-tidak-terpantau');

  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(warning).toContainText('Deadline not tracked');
  await expect(warning).toContainText('the working-day calendar does not cover its dates yet');
  await expect(warning).toContainText('watch them by hand');
  await expect(basis).toContainText('Legal basis: Internal service target [I]; atasan langsung must summon');
  await screenshot(page, '21-deadline-not-tracked-en');
});

test('the search filters the cases with deadlines not tracked, and the lists mark them', async ({
  page,
  request,
}) => {
  await caseWithUntrackedDeadline(request, 'Sri Wahyuni');
  const today = new Date().toISOString().slice(0, 10);
  await registerAssigned(request, 'Budi Santoso', today);
  const untracked = page.locator('table.cases tbody tr', { hasText: 'Sri Wahyuni' });
  const tracked = page.locator('table.cases tbody tr', { hasText: 'Budi Santoso' });

  await signIn(page, 'officer');
  await page.goto(`${netral!.url}/console/cari`);
  const only = page.getByLabel('Hanya dengan tenggat tidak terpantau');
  await only.check();
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/[?&]deadlinesNotTracked=true/);
  // The workflow records the deadline as not tracked right after the command: reload until it is listed.
  await expect(async () => {
    await page.reload();
    await expect(untracked).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(only).toBeChecked();
  await expect(tracked).toHaveCount(0);
  const marker = untracked.locator('.badge-untracked');
  await expect(marker).toHaveText('Tenggat tidak terpantau');
  await expect(marker).toHaveAttribute('title', /pantau secara manual/);
  await expect(untracked).toHaveClass(/row-untracked/);
  await screenshot(page, '22-cari-tenggat-tidak-terpantau');

  // Without the filter both are listed; only the case nobody counts a deadline of is marked.
  await only.uncheck();
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).not.toHaveURL(/deadlinesNotTracked/);
  await expect(tracked).toBeVisible();
  await expect(untracked.locator('.badge-untracked')).toBeVisible();
  await expect(tracked.locator('.badge-untracked')).toHaveCount(0);

  // Kasus saya (the officer's work list) marks it too, in English as well.
  await page.goto(`${netral!.url}/console/`);
  await expect(untracked.locator('.badge-untracked')).toHaveText('Tenggat tidak terpantau');
  await expect(tracked).toBeVisible();
  await expect(tracked.locator('.badge-untracked')).toHaveCount(0);
  await screenshot(page, '23-kasus-saya-tenggat-tidak-terpantau');
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await expect(untracked.locator('.badge-untracked')).toHaveText('Deadline not tracked');
  await page.goto(`${netral!.url}/console/cari?deadlinesNotTracked=true`);
  await expect(page.getByLabel('Only with deadlines not tracked')).toBeChecked();
  await expect(untracked.locator('.badge-untracked')).toHaveText('Deadline not tracked');
  await expect(tracked).toHaveCount(0);
  await screenshot(page, '24-search-deadlines-not-tracked-en');
});

test('the statistics count only the cases with deadlines not tracked when asked, kept in the address', async ({
  page,
  request,
}) => {
  const caseId = await caseWithUntrackedDeadline(request, 'Dewi Lestari');
  await registerAssigned(request, 'Agus Salim', new Date().toISOString().slice(0, 10));
  // The workflow records the deadline as not tracked right after the command: wait until the search finds it.
  await expect(async () => {
    const response = await request.get(`${netral!.url}/cases?deadlinesNotTracked=true&limit=100`, {
      headers: { Authorization: `Bearer ${await token(request, 'supervisor')}` },
    });
    const { items } = (await response.json()) as { items: { caseId: string }[] };
    expect(items.map((i) => i.caseId)).toContain(caseId);
  }).toPass({ timeout: 30_000 });
  const untracked = await casesFound(request, '&deadlinesNotTracked=true');
  const all = await casesFound(request, '');
  expect(untracked).toBeLessThan(all);
  const total = page.locator('.kpi .kpi-value').first();

  await signIn(page, 'supervisor');
  await page.goto(`${netral!.url}/console/statistik`);
  await expect(total).toHaveText(String(all));
  const only = page.getByLabel('Hanya dengan tenggat tidak terpantau');
  await expect(only).not.toBeChecked();
  await only.check();
  await page.getByRole('button', { name: 'Terapkan filter' }).click();
  await expect(page).toHaveURL(/statistik\?deadlinesNotTracked=true$/);
  await expect(total).toHaveText(String(untracked));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Unduh CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('filter,deadlinesNotTracked,true');
  expect(csv).toContain(`total,totalCases,${untracked}`);
  await screenshot(page, '25-statistik-tenggat-tidak-terpantau');

  // From the address (a bookmark), in English: the box is checked and the figures are the filtered ones.
  await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
  await page.goto(`${netral!.url}/console/statistik?deadlinesNotTracked=true`);
  await expect(page.getByLabel('Only with deadlines not tracked')).toBeChecked();
  await expect(total).toHaveText(String(untracked));
  await screenshot(page, '26-statistics-deadlines-not-tracked-en');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/statistik$/);
  await expect(page.getByLabel('Only with deadlines not tracked')).not.toBeChecked();
  await expect(total).toHaveText(String(all));
});

/**
 * A deadline the system could not compute reaches the officer as a clear warning on the case page, in
 * Bahasa Indonesia and in English, beside the deadline's legal basis in the screen's language. A case of
 * 2024 loaded late (its own service, whose backdating horizon is lifted as for loading historic cases): the
 * PPK's follow-up letter of November 2024 opens the examination, whose first-summons deadline counts working
 * days from that letter, in a year the service's working-day calendar (last year to two years on) no longer
 * covers.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
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

async function signIn(page: Page, role: string) {
  await page.goto(`${netral!.url}/console/`);
  await page.getByLabel('Peran').selectOption(role);
  await page.getByLabel(/^Instansi/).fill(AGENCY);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByText('Masuk sebagai')).toBeVisible();
}

test('the case page warns that a deadline is not tracked, and why, in both languages', async ({
  page,
  request,
}) => {
  const { caseId } = await send(request, 'officer', '/cases', {
    source: { kind: 'internal', reference: `INT-${uniqueNip().slice(-6)}/2024`, receivedOn: '2024-11-04' },
    reportedAsn: {
      nip: uniqueNip(),
      name: 'Rahmat Hidayat',
      position: 'Kepala Seksi',
      unit: 'Kecamatan Bekasi Utara',
      agency: 'Pemerintah Kota Bekasi',
      employeeType: 'PNS',
    },
    violationType: 'PP94_5N_1_IKUT_KAMPANYE',
    conduct: 'Ikut kampanye terbuka pasangan calon',
    election: { kind: 'pilkada', year: 2024 },
  });
  const c = `/cases/${caseId!}`;
  await send(request, 'supervisor', `${c}/assignment`, { officerId: `officer-${AGENCY}` });
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

  await signIn(page, 'officer');
  await page.goto(`${netral!.url}/console/kasus/${caseId!}`);
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

/**
 * The console: the production bundle's size (gzipped, as served) and the case page's time to interactive in
 * Chromium: from navigation start to the moment header, deadlines, timeline and action panel are on screen
 * (the page's `netral:case-interactive` performance mark), over a real service started as `npm start`
 * does (test/console/global-setup.ts) with a case of a few steps. `npm run build` first (`npm run bench`
 * does); needs Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import startService from '../test/console/global-setup';
import { writeResult } from './support';

const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 7);

function bundleSize() {
  const dir = path.join(__dirname, '..', 'dist', 'console', 'assets');
  const files = readdirSync(dir).map((name) => {
    const content = readFileSync(path.join(dir, name));
    return { name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return {
    files,
    totalBytes: files.reduce((a, f) => a + f.bytes, 0),
    totalGzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0),
  };
}

async function post(url: string, token: string | null, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function benchConsole(): Promise<string> {
  const bundle = bundleSize();
  const stop = await startService();
  const url = process.env.NETRAL_CONSOLE_TEST_URL!;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const token = async (role: string) =>
      (await post(`${url}/auth/dev-sign-in`, null, { role, agency: 'kota-bekasi' })).token as string;
    const officer = await token('officer');
    const supervisor = await token('supervisor');
    const kase = await post(`${url}/cases`, officer, {
      source: { kind: 'public_report', reference: 'LAP-TTI/2026', receivedOn: '2026-11-02' },
      reportedAsn: {
        nip: '198001012005011001',
        name: 'Dedi Kurniawan',
        position: 'Kepala Seksi',
        unit: 'Kecamatan Bekasi Timur',
        agency: 'Pemerintah Kota Bekasi',
        employeeType: 'PNS',
      },
      violationType: 'PP94_5N_1_IKUT_KAMPANYE',
      conduct: 'Ikut kampanye terbuka pasangan calon',
      election: { kind: 'pilkada', year: 2026 },
      reporter: { name: 'Siti Rahma', address: 'Jl. Melati 5, Bekasi' },
    });
    const caseId = kase.caseId as string;
    await post(`${url}/cases/${caseId}/assignment`, supervisor, { officerId: 'officer-kota-bekasi' });
    await post(`${url}/cases/${caseId}/clarification/start`, officer, { by: 'inspektorat' });

    const samples: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      // bypassCSP: the probe below is a string evaluated in the page, which the console's strict CSP forbids.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      // The officer's session, as the sign-in screen stores it (a script string: this file has no DOM types).
      await context.addInitScript(`
        const t = ${JSON.stringify(officer)};
        const claims = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        sessionStorage.setItem('netral.session', JSON.stringify({
          token: t, expiresAt: new Date(claims.exp * 1000).toISOString(), sub: claims.sub, role: claims.role,
          agency: claims.agency, name: claims.name, mode: 'local' }));`);
      const page = await context.newPage();
      await page.goto(`${url}/console/kasus/${caseId}`);
      const mark = await page.waitForFunction(
        "performance.getEntriesByName('netral:case-interactive')[0]?.startTime",
        undefined,
        { timeout: 30_000 },
      );
      // The first run warms the server's and the browser's caches, like an officer's second visit.
      if (run > 0) samples.push(Math.round(Number(await mark.jsonValue())));
      await context.close();
    }
    samples.sort((a, b) => a - b);
    return await writeResult('console', {
      bundle,
      casePageTimeToInteractiveMs: {
        runs: samples.length,
        median: samples[Math.floor(samples.length / 2)],
        max: samples[samples.length - 1],
        samples,
      },
    });
  } finally {
    await browser.close();
    await stop();
  }
}

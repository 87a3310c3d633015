/**
 * The console's browser tests: Playwright driving the system Chromium (Debian's `chromium`; Playwright's
 * own browser download is not reachable here) against the real service, started once by global-setup.ts
 * with embedded defaults on random ports. `npm run test:console` builds first.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '../../test/console',
  testMatch: '**/*.e2e.ts',
  globalSetup: '../../test/console/global-setup.ts',
  outputDir: '../../test-results/console',
  // Two cores shared by many processes: one browser at a time keeps timings honest and the suite short.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});

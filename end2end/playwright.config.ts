import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// `scripts/e2e.sh` picks a free port and a fresh data dir and passes them here;
// the defaults let `npx playwright test` run on its own after a release build.
const port = Number(process.env.SHOP_E2E_PORT ?? 3107);
const dataDir = process.env.SHOP_E2E_DATA_DIR ?? path.resolve(__dirname, '../target/e2e-data');
const root = path.resolve(__dirname, '..');
const baseURL = `http://127.0.0.1:${port}`;
const serverBin = process.env.SHOP_E2E_SERVER ?? `${root}/target/release/server`;
// `scripts/e2e.sh` keeps the server's log in a file, then fails the run on
// a panic or a secret in it; on its own the server logs warnings here.
const serverLog = process.env.SHOP_E2E_SERVER_LOG;

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    // Debian's Chromium: Playwright's own browser download is not available here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: serverLog ? `"${serverBin}" serve >>"${serverLog}" 2>&1` : `"${serverBin}" serve`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: `${root}/target/site`,
      SHOP_DATA_DIR: dataDir,
      // Everything the shop logs in production (info), when it is checked.
      RUST_LOG: serverLog ? 'info' : 'warn',
      // The order jobs every 2 s, so the payment-timeout test waits for
      // its one minute, not for the sweep after it.
      ORDER_SWEEP_SECONDS: '2',
    },
  },
});

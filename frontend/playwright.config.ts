import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './e2e/chromium';
import { mailboxDir } from './e2e/journey/mailbox';

// `npm run test:e2e` is self-contained: it starts the real API with the demo trust on a fresh
// database (e2e/serve.sh), serving the app built by `npm run build`.
const port = Number(process.env.E2E_PORT ?? 8765);
const baseURL = `http://127.0.0.1:${port}`;
// The set-up journey starts from an empty database on a server of its own, whose e-mail goes
// to a real SMTP server that keeps each message in a folder (e2e/journey/mailbox.ts).
const JOURNEY_PORT = port + 1;
const mailboxPort = port + 2;
// A certified OpenID provider (tests/oidc) for signing in with a school account.
const providerPort = port + 3;
const venv = process.env.VENV ?? '../.venv';

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
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
  webServer: [
    {
      command: 'bash e2e/serve.sh',
      url: `${baseURL}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      // Access logs (stdout) would drown the test report; start-up and errors (stderr) stay.
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: { E2E_PORT: String(port) },
    },
    {
      command: `node ../tests/oidc/provider.mjs ${providerPort} ${baseURL}/sign-in/callback http://127.0.0.1:${JOURNEY_PORT}/sign-in/callback`,
      port: providerPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `${venv}/bin/python e2e/journey/mailbox.py --port ${mailboxPort} --dir ${mailboxDir(port)}`,
      port: mailboxPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: 'bash e2e/serve.sh',
      url: `http://127.0.0.1:${JOURNEY_PORT}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        E2E_PORT: String(JOURNEY_PORT),
        E2E_EMPTY: '1',
        TERMWISE_SMTP_URL: `smtp://127.0.0.1:${mailboxPort}`,
        TERMWISE_MAIL_FROM: 'Termwise <termwise@journey.example>',
      },
    },
  ],
});

/** Playwright runs the e2e specs in Debian's Chromium (Playwright cannot download its own here). */
import { defineConfig } from '@playwright/test'
import { chromiumPath } from './e2e/chromium.js'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two cores: one worker keeps the relay, the page server and Chromium from starving each other.
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
})

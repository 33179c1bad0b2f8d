import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * CHROMIUM_PATH, else Debian's headless shell, else Debian's Chromium, else Playwright's own browser.
 * The headless shell (the browser Playwright itself runs headless tests in) took 2.2 s of CPU to open
 * a context, boot the app and select an irq where the full browser in headless mode took 4.8 s.
 */
const chromium =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));
/**
 * E2E_PORT, else a port of 4400-4899 derived from the checkout's path: two checkouts on one machine
 * (a developer's and a clean clone's CI run) no longer meet on one fixed port, where the second run
 * failed to start its server.
 */
const PORT = Number(process.env.E2E_PORT ?? 4400 + (fnv1a(import.meta.dirname) % 500));
/** Another build directory lets two test runs share a checkout (`E2E_DIST=.tmp/dist-a`). */
const DIST = process.env.E2E_DIST ?? "dist";

/** FNV-1a of a string: the same number in the runner and in every worker process. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  // One browser per CPU. A test opens its own context, so none depends on another's state or order.
  workers: 2,
  // A failure is reported as it happened: a retry would hide a flaky test instead of fixing it.
  retries: 0,
  // Watchdogs for a loaded two-CPU machine, not speed checks: tests wait for states the app sets
  // (text, aria-*, data-*), never for a time. The slowest tests take about 20 s on such a machine.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: ".tmp/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    // Recording a trace for every test (retain-on-failure records them all) took more CPU than the
    // tests themselves: 34.7 s against 14.4 s for 11 tests. Debug a failure with --trace on.
    trace: "off",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          ...(chromium ? { executablePath: chromium } : {}),
          args: [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
          ],
        },
      },
    },
  ],
  // The production build, served as a static host would (`npm run e2e` builds first).
  webServer: {
    command: `./node_modules/.bin/vite preview --outDir ${DIST} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});

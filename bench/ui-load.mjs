/**
 * Issue #15's load figure: every preset and example chosen from the machine menu in Chromium (the
 * production build), timed from the choice to the result line naming it (the worker booted the
 * machine and the view is on screen). Run: `npm run -s bench:load` (builds, serves dist/, prints JSON).
 * The first choice waits BENCH_SETTLE_MS (6 s) after the first machine is drawn: a freshly launched
 * headless Chromium draws its own omnibox WebUI in another renderer for ~1.5 s of CPU right then, and
 * the page registers its service worker 2 s after it is ready (its install precaches the build for
 * ~2 s). BENCH_SETTLE_MS=0 measures a choice made the moment the first machine is drawn.
 */
import { chromium } from "@playwright/test";
import { startPreview } from "../scripts/preview-server.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 4420);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const server = await startPreview(PORT);
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  // BENCH_NO_SW: no service worker (what its precaching costs a first visit).
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    ...(process.env.BENCH_NO_SW ? { serviceWorkers: "block" } : {}),
  });
  await page.goto(server.url);
  await page.getByTestId("node-VECTOR").waitFor();
  await page.waitForTimeout(Number(process.env.BENCH_SETTLE_MS ?? 6000));
  const labels = await page
    .getByTestId("machine-preset")
    .locator("option")
    .evaluateAll((os) => os.map((o) => o.textContent ?? "").filter((t) => t));
  // The page opens on the first preset: begin with the next, so every choice is a change.
  labels.push(labels.shift());
  // BENCH_ONLY="IRTE,2-socket": only the machines whose label holds one of these (an A/B run of a few).
  const only = process.env.BENCH_ONLY?.split(",");
  if (only) labels.splice(0, labels.length, ...labels.filter((l) => only.some((o) => l.includes(o))));
  const out = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const label of labels) {
      // The observer is in place before the choice; it resolves one frame after the result names it.
      const timing = page.evaluate(
        (want) =>
          new Promise((resolve) => {
            const done = () => document.querySelector('[data-testid="result"]')?.textContent?.includes(`load ${want}`);
            const select = document.querySelector('[data-testid="machine-preset"]');
            let t0 = 0;
            select.addEventListener("change", () => (t0 = performance.now()), { once: true, capture: true });
            const obs = new MutationObserver(() => {
              if (!t0 || !done()) return;
              obs.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - t0));
            });
            obs.observe(document.body, { subtree: true, childList: true, characterData: true });
            window.__irqscopeBenchArmed = true;
          }),
        label,
      );
      await page.waitForFunction(() => window.__irqscopeBenchArmed === true);
      await page.evaluate(() => (window.__irqscopeBenchArmed = false));
      // BENCH_TRACE=FILE: a Chrome trace of the first round's first choice (bench/trace-summary.mjs reads it);
      // BENCH_TRACE_NO_PROFILE leaves out the sampler (its cost), BENCH_TRACE_CATEGORIES=a,b names others (v8.compile).
      const tracing = process.env.BENCH_TRACE && round === 0 && label === labels[0];
      if (tracing)
        await browser.startTracing(page, {
          path: process.env.BENCH_TRACE,
          categories: process.env.BENCH_TRACE_CATEGORIES?.split(",") ?? [
            "devtools.timeline",
            "v8",
            "disabled-by-default-devtools.timeline",
            "toplevel",
            ...(process.env.BENCH_TRACE_NO_PROFILE ? [] : ["disabled-by-default-v8.cpu_profiler"]),
          ],
        });
      await page.getByTestId("machine-preset").selectOption({ label });
      const t = await timing;
      if (tracing) await browser.stopTracing();
      const samples = out[label] ?? [];
      samples.push(Math.round(t));
      out[label] = samples;
    }
  }
  console.log(
    JSON.stringify(
      Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { ms: v, best: Math.min(...v) }])),
      null,
      1,
    ),
  );
  await browser.close();
} finally {
  server.stop();
}

/**
 * Issue #5's click-to-view figure in the browser: the production build in Chromium, a 256-CPU
 * machine with 10,000 started irqs (bench/ui-latency.ts --scenario), imported as a user would. Each
 * sample is the time from a click to the changed view on screen (the next frame after the DOM shows
 * it): 30 affinity writes, then 30 CPUs taken offline (with 10, the p95 was the single slowest click).
 * Run: `npm run -s bench:ui` (builds, serves dist/ with vite preview, prints JSON). Where the time of a
 * click goes: bench/trace-click.mjs (per thread and kind) and bench/profile-click.mjs (per function).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startPreview } from "../scripts/preview-server.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 4419);
// BENCH_PRESET: a machine menu label (issue #16's "256-CPU box at scale") instead of the imported 10,000 irqs.
const PRESET = process.env.BENCH_PRESET;
// BENCH_IRQ: the irq whose affinity is written (on the 256-CPU box, 282: the first one not managed).
const IRQ = process.env.BENCH_IRQ ?? "100";
// BENCH_FILE: a scenario file to import instead (issue #17's 64-vCPU guest: `npx tsx bench/guest-click.ts --write FILE`);
// BENCH_CPUS: its CPU count (the summary waited for, the CPUs an affinity and an offline pick from).
const FILE = process.env.BENCH_FILE;
const CPUS = Number(process.env.BENCH_CPUS ?? 256);
const scenario = PRESET
  ? ""
  : FILE
    ? readFileSync(FILE, "utf8")
    : spawnSync("npx", ["tsx", "bench/ui-latency.ts", "--scenario"], { encoding: "utf8" }).stdout;
const server = await startPreview(PORT);
const pct = (s, p) => [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  if (process.env.BENCH_REDUCED) await page.emulateMedia({ reducedMotion: "reduce" });
  if (process.env.BENCH_LOG) page.on("console", (m) => m.text().startsWith("WORKER") && console.error(m.text()));
  page.on("crash", () => console.error("page crashed"));
  page.on("pageerror", (e) => console.error("pageerror", e.message));
  const t0 = Date.now();
  await page.goto(server.url);
  await page.getByTestId("node-VECTOR").waitFor();
  const firstRender = Date.now() - t0;
  if (PRESET) await page.getByTestId("machine-preset").selectOption({ label: PRESET });
  else
    await page
      .getByTestId("import")
      .setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(scenario) });
  await page
    .getByTestId("machine-summary")
    .filter({ hasText: `${CPUS} CPUs` })
    .waitFor({ timeout: 120000 });
  // The Irqs table draws the rows in view: the irq is found by its number, as a user would.
  await page.getByTestId("irq-search").fill(IRQ);
  await page.getByTestId("irq-table-panel").and(page.locator('[aria-busy="false"]')).waitFor();
  await page.getByRole("button", { name: `inspect irq ${IRQ}`, exact: true }).click();
  await page.getByTestId("irq-target").waitFor();
  /**
   * Clicks `selector` and resolves one frame after `watch` starts with `text` (or has class `cls`).
   * No code is built from strings: the page's CSP forbids eval.
   */
  const timeClick = (selector, watch, want) =>
    page.evaluate(
      ([sel, w, text, cls]) =>
        new Promise((resolve) => {
          const done = () => {
            const el = document.querySelector(w);
            if (!el) return false;
            return text ? el.textContent.startsWith(text) : el.classList.contains(cls);
          };
          const t = performance.now();
          const obs = new MutationObserver(() => {
            if (!done()) return;
            obs.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t));
          });
          obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          setTimeout(
            () =>
              resolve(
                `timeout: ${document.querySelector(w)?.textContent} / ${document.querySelector('[data-testid="result"]')?.textContent}`,
              ),
            10000,
          );
          document.querySelector(sel).click();
        }),
      [selector, watch, want.text ?? "", want.cls ?? ""],
    );
  const affinity = [];
  for (let i = 0; i < 30; i++) {
    const cpu = 10 + ((i * 7) % Math.min(240, CPUS - 16)); // never the CPU it is on already: the view must change
    await page.getByTestId("affinity-input").fill(String(cpu));
    const v =
      // The result line: a move behind one still in progress waits for the next interrupt (as in the kernel),
      // so the target may not change, but the answer is on screen.
      await timeClick('[data-testid="affinity-set"]', '[data-testid="result"]', {
        text: `set_affinity irq=${IRQ} cpus=${cpu} `,
      });
    if (typeof v !== "number") throw new Error(`CPU ${cpu}: ${v}`);
    affinity.push(v);
  }
  await page.getByRole("tab", { name: "CPUs" }).click();
  // BENCH_CSS: a style sheet added before the clicks (an experiment: which panel costs what).
  if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
  const offline = [];
  for (let i = 0; i < 30; i++) {
    const cpu = Math.min(100, Math.floor(CPUS / 2)) + i;
    offline.push(
      await timeClick(`[data-testid="cpu-toggle-${cpu}"]`, `[data-testid="cpu-row-${cpu}"]`, { cls: "offline" }),
    );
  }
  await browser.close();
  const out = (s) => ({ median: Math.round(pct(s, 50)), p95: Math.round(pct(s, 95)), max: Math.round(Math.max(...s)) });
  console.log(JSON.stringify({ firstRenderMs: firstRender, setAffinityMs: out(affinity), cpuOfflineMs: out(offline) }));
} finally {
  server.stop();
}

/**
 * What the browser click benchmarks share (ui-click, trace-click, profile-click, ui-compare): the
 * machine they run on (BENCH_PRESET, BENCH_FILE, BENCH_CPUS, BENCH_IRQ, as ui-click documents), the
 * browser, the page opened on that machine with its irq inspected, and the timing of one click: from
 * the click to the frame after the page meets every condition. No code is built from strings in the
 * page: its CSP forbids eval, so the conditions are data.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";

/** The machine of a click benchmark, from the environment. */
export function benchMachine() {
  const preset = process.env.BENCH_PRESET;
  const file = process.env.BENCH_FILE;
  return {
    preset,
    irq: process.env.BENCH_IRQ ?? "100",
    cpus: Number(process.env.BENCH_CPUS ?? 256),
    scenario: preset
      ? ""
      : file
        ? readFileSync(file, "utf8")
        : spawnSync("npx", ["tsx", "bench/ui-latency.ts", "--scenario"], { encoding: "utf8" }).stdout,
  };
}

/** The page at `url` with its first machine drawn. */
/** Opens the app; BENCH_CSS: a style sheet added to the page (to measure what a rule costs). */
export async function openApp(page, url) {
  await page.goto(url);
  await page.getByTestId("node-VECTOR").waitFor();
  if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
}

export function launchChromium(executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") {
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** The page (opened, its first machine drawn) on the bench machine (a preset chosen, or the scenario imported), its irq inspected. */
export async function openMachine(page, m) {
  if (m.preset) await page.getByTestId("machine-preset").selectOption({ label: m.preset });
  else
    await page
      .getByTestId("import")
      .setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(m.scenario) });
  await page
    .getByTestId("machine-summary")
    .filter({ hasText: `${m.cpus} CPUs` })
    .waitFor({ timeout: 120000 });
  // The Irqs table draws the rows in view: the irq is found by its number, as a user would.
  await page.getByTestId("irq-search").fill(m.irq);
  await page.getByTestId("irq-table-panel").and(page.locator('[aria-busy="false"]')).waitFor();
  await page.getByRole("button", { name: `inspect irq ${m.irq}`, exact: true }).click();
  await page.getByTestId("irq-target").waitFor();
}

/**
 * Clicks `selector`; resolves with the milliseconds to the frame after every condition holds, or a
 * string saying what the page showed after `timeoutMs`. A condition: `{ sel, text }` (text equals),
 * `{ sel, starts }` (text starts with), `{ sel, cls }` (has the class), `{ sel, attr, value }`.
 * `mark`: user-timing marks `s<mark>` and `e<mark>` around the click, for a trace.
 */
export function timeClick(page, selector, conditions, mark = -1, timeoutMs = 10000) {
  return page.evaluate(
    ([sel, conds, n, limit]) =>
      new Promise((resolve) => {
        const holds = (c) => {
          const el = document.querySelector(c.sel);
          if (!el) return false;
          if (c.text !== undefined) return el.textContent === c.text;
          if (c.starts !== undefined) return el.textContent.startsWith(c.starts);
          if (c.cls !== undefined) return el.classList.contains(c.cls);
          return el.getAttribute(c.attr) === c.value;
        };
        if (n >= 0) performance.mark(`s${n}`);
        const t = performance.now();
        const obs = new MutationObserver(() => {
          if (!conds.every(holds)) return;
          obs.disconnect();
          requestAnimationFrame(() => {
            if (n >= 0) performance.mark(`e${n}`);
            resolve(performance.now() - t);
          });
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        setTimeout(
          () => resolve(`timeout: ${conds.map((c) => document.querySelector(c.sel)?.textContent).join(" / ")}`),
          limit,
        );
        document.querySelector(sel).click();
      }),
    [selector, conditions, mark, timeoutMs],
  );
}

/** Median, p95 and max of samples, rounded. */
export function stats(samples) {
  const pct = (p) =>
    [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  return { median: Math.round(pct(50)), p95: Math.round(pct(95)), max: Math.round(Math.max(...samples)) };
}

/**
 * The preview server, the browser and a 1440×900 page on the bench machine, on the tab `what` clicks
 * in ("offline": the CPUs tab; "affinity": the irq's inspector). Stop with `server.stop()`.
 */
export async function openClickPage(startPreview, port, what) {
  const m = benchMachine();
  const server = await startPreview(port);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openApp(page, server.url);
  await openMachine(page, m);
  if (what === "offline") await page.getByRole("tab", { name: "CPUs" }).click();
  return { m, server, browser, page };
}

/** Click `i` of a run: a CPU taken offline, or the irq's affinity written; its time (`mark`: see timeClick). */
export async function clickNumber(page, m, what, i, mark = -1) {
  if (what === "offline") {
    const cpu = Math.min(100, Math.floor(m.cpus / 2)) + i;
    const sel = `[data-testid="cpu-row-${cpu}"]`;
    return timeClick(page, `[data-testid="cpu-toggle-${cpu}"]`, [{ sel, cls: "offline" }], mark);
  }
  const cpu = 10 + ((i * 7) % Math.min(240, m.cpus - 16));
  await page.getByTestId("affinity-input").fill(String(cpu));
  const starts = `set_affinity irq=${m.irq} cpus=${cpu} `;
  return timeClick(page, '[data-testid="affinity-set"]', [{ sel: '[data-testid="result"]', starts }], mark);
}

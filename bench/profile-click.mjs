/**
 * A CPU profile of the page's thread over ui-click's clicks (CDP Profiler, 100 µs sampling), summed by
 * function: self time, and inclusive time per React component. For finding what a click costs the
 * page; run on a build without minification (`vite build --minify false --outDir D`, BENCH_DIST=D).
 *   node bench/profile-click.mjs [offline|affinity]
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startPreview } from "../scripts/preview-server.mjs";

const WHAT = process.argv[2] ?? "offline";
const IRQ = process.env.BENCH_IRQ ?? "100";
const CPUS = Number(process.env.BENCH_CPUS ?? 256);
const FILE = process.env.BENCH_FILE;
const scenario = FILE
  ? readFileSync(FILE, "utf8")
  : spawnSync("npx", ["tsx", "bench/ui-latency.ts", "--scenario"], { encoding: "utf8" }).stdout;
const server = await startPreview(Number(process.env.BENCH_PORT ?? 4422));
try {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.getByTestId("node-VECTOR").waitFor();
  await page
    .getByTestId("import")
    .setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(scenario) });
  await page
    .getByTestId("machine-summary")
    .filter({ hasText: `${CPUS} CPUs` })
    .waitFor({ timeout: 120000 });
  await page.getByTestId("irq-search").fill(IRQ);
  await page.getByTestId("irq-table-panel").and(page.locator('[aria-busy="false"]')).waitFor();
  await page.getByRole("button", { name: `inspect irq ${IRQ}`, exact: true }).click();
  await page.getByTestId("irq-target").waitFor();
  if (WHAT === "offline") await page.getByRole("tab", { name: "CPUs" }).click();
  await page.evaluate(() => {
    window.__prof = {};
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  let total = 0;
  for (let i = 0; i < 30; i++) {
    const sel =
      WHAT === "offline"
        ? {
            click: `[data-testid="cpu-toggle-${Math.min(100, CPUS >> 1) + i}"]`,
            watch: `[data-testid="cpu-row-${Math.min(100, CPUS >> 1) + i}"]`,
            cls: "offline",
            text: "",
          }
        : {
            click: '[data-testid="affinity-set"]',
            watch: '[data-testid="result"]',
            cls: "",
            text: `set_affinity irq=${IRQ} cpus=${10 + ((i * 7) % 240)} `,
          };
    if (WHAT !== "offline") await page.getByTestId("affinity-input").fill(String(10 + ((i * 7) % 240)));
    total += await page.evaluate(
      ({ click, watch, cls, text }) =>
        new Promise((resolve) => {
          const t = performance.now();
          const ok = () => {
            const el = document.querySelector(watch);
            return el && (text ? el.textContent.startsWith(text) : el.classList.contains(cls));
          };
          const obs = new MutationObserver(() => {
            if (!ok()) return;
            obs.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t));
          });
          obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          document.querySelector(click).click();
        }),
      sel,
    );
  }
  const { profile } = await cdp.send("Profiler.stop");
  // With a build on react-dom/profiling and <Profiler> regions: React's own render time per region.
  const regions = await page.evaluate(() => window.__prof ?? {});
  for (const [k, v] of Object.entries(regions)) console.log(`React region ${k}: ${(v / 30).toFixed(2)} ms/click`);
  await browser.close();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const incl = new Map();
  const dt = profile.timeDeltas;
  for (let k = 0; k < profile.samples.length; k++) {
    const d = (dt[k + 1] ?? 0) / 1000;
    let id = profile.samples[k];
    const n = byId.get(id);
    const name = (m) =>
      `${m.callFrame.functionName || "(anon)"} ${m.callFrame.url.split("/").pop()}:${m.callFrame.lineNumber}`;
    self.set(name(n), (self.get(name(n)) ?? 0) + d);
    const seen = new Set();
    while (id !== undefined) {
      const m = byId.get(id);
      const key = name(m);
      if (!seen.has(key)) {
        seen.add(key);
        incl.set(key, (incl.get(key) ?? 0) + d);
      }
      id = parent.get(id);
    }
  }
  console.log(`clicks: 30, their total ${total.toFixed(0)} ms`);
  const show = (m, n, filter = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${(v / 30).toFixed(2)} ms/click  ${k}`)
      .join("\n");
  console.log(`self:\n${show(self, 30, (k) => !k.startsWith("(idle)"))}`);
  console.log(
    `inclusive, React phases:\n${show(incl, 40, (k) => /^(performWorkUntilDeadline|workLoopSync|workLoopConcurrent\w*|commitRoot\w*|flushPassiveEffects\w*|flushSyncWork\w*|handleMessage|renderRootSync|renderRootConcurrent|commitMutationEffects|commitLayoutEffects|flushSpawnedWork|flushPendingEffects|processRootSchedule\w*|performWorkOnRoot|dispatchDiscreteEvent|setState|\(garbage collector\)|\(program\)|runTask|callback|set|apply|requestAnimationFrame|ResizeObserver|updateNodeInternals|\(anon\) :-1) /.test(k))}`,
  );
  console.log(`inclusive, components (capitalised):\n${show(incl, 40, (k) => /^[A-Z]/.test(k))}`);
} finally {
  server.stop();
}

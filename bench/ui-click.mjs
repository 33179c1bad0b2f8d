/**
 * Issue #5's click-to-view figure in the browser: the production build in Chromium, a 256-CPU
 * machine with 10,000 started irqs (bench/ui-latency.ts --scenario), imported as a user would. Each
 * sample is the time from a click to the changed view on screen (the next frame after the DOM shows
 * it): 30 affinity writes, then 30 CPUs taken offline (with 10, the p95 was the single slowest click).
 * Run: `npm run -s bench:ui` (builds, serves dist/ with vite preview, prints JSON). Where the time of a
 * click goes: bench/trace-click.mjs (per thread and kind) and bench/profile-click.mjs (per function).
 *
 * BENCH_PRESET: a machine menu label (issue #16's "256-CPU box at scale") instead of the imported 10,000
 * irqs; BENCH_IRQ: the irq whose affinity is written (on the 256-CPU box, 282: the first one not
 * managed); BENCH_FILE: a scenario file to import instead (issue #17's 64-vCPU guest: `npx tsx
 * bench/guest-click.ts --write FILE`); BENCH_CPUS: its CPU count (the summary waited for, the CPUs an
 * affinity and an offline pick from). BENCH_REDUCED: the page asks for reduced motion; BENCH_CSS: a
 * style sheet added before the clicks (an experiment: which panel costs what).
 */
import { startPreview } from "../scripts/preview-server.mjs";
import { benchMachine, clickNumber, launchChromium, openApp, openMachine, stats } from "./click-kit.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 4419);
const m = benchMachine();
const server = await startPreview(PORT);
try {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  if (process.env.BENCH_REDUCED) await page.emulateMedia({ reducedMotion: "reduce" });
  page.on("crash", () => console.error("page crashed"));
  page.on("pageerror", (e) => console.error("pageerror", e.message));
  const t0 = Date.now();
  await openApp(page, server.url);
  const firstRender = Date.now() - t0;
  await openMachine(page, m);
  const run = async (what) => {
    const out = [];
    for (let i = 0; i < 30; i++) {
      // The answer on screen: a move behind one still in progress waits for the next interrupt (as in the
      // kernel), so the target may not change, but the result line does.
      const v = await clickNumber(page, m, what, i);
      if (typeof v !== "number") throw new Error(`${what} click ${i}: ${v}`);
      out.push(v);
    }
    return out;
  };
  const affinity = await run("affinity");
  await page.getByRole("tab", { name: "CPUs" }).click();
  const offline = await run("offline");
  await browser.close();
  console.log(
    JSON.stringify({ firstRenderMs: firstRender, setAffinityMs: stats(affinity), cpuOfflineMs: stats(offline) }),
  );
} finally {
  server.stop();
}

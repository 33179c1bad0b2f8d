/**
 * Compare mode in the browser (#18): a 1,000-step script opened in compare from the workspace (both
 * schemes run in the worker, both panes booted at the end), then stepping both panes: back (the
 * pane's step-back shadow finished, or a replay, as undo is) and forward (one step applied in each). Each sample runs from the click to
 * the frame after both panes show the step. Run: `npm run -s bench:compare` (builds dist/; BENCH_DIST
 * serves another build).
 */
import { writeFileSync } from "node:fs";
import { startPreview } from "../scripts/preview-server.mjs";
import { launchChromium, openApp, stats, timeClick } from "./click-kit.mjs";
import { compareScript } from "./compare-script.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 4423);
const STEPS = Number(process.env.BENCH_STEPS ?? 1000);
// BENCH_PACE_MS: a pause before each step back and forward, as a reader's between two steps (default:
// none, each click as soon as the last one is drawn).
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 0);
// BENCH_MOVES: how many steps back, then forward (default 20).
const MOVES = Number(process.env.BENCH_MOVES ?? 20);
const pause = () => (PACE_MS > 0 ? new Promise((r) => setTimeout(r, PACE_MS)) : undefined);
const server = await startPreview(PORT);

try {
  const browser = await launchChromium(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell");
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on("pageerror", (e) => console.error("pageerror", e.message));
  // BENCH_LOG: the worker's own lines (a build with timing logs).
  if (process.env.BENCH_LOG) page.on("console", (m) => m.text().startsWith("WORKER") && console.error(m.text()));
  await openApp(page, server.url);
  const scenario = JSON.stringify(compareScript(STEPS));
  await page
    .getByTestId("import")
    .setInputFiles({ name: "compare.json", mimeType: "application/json", buffer: Buffer.from(scenario) });
  await page
    .getByTestId("step-counter")
    .filter({ hasText: `step ${STEPS}/${STEPS}` })
    .waitFor({ timeout: 120000 });

  /** Clicks `selector`; the time to the frame after the counter reads `counter` and both panes show that step. */
  let clicks = 0;
  const timeStep = (selector, counter) => {
    const n = counter.split(" ")[1].split("/")[0];
    return timeClick(
      page,
      selector,
      [
        { sel: '[data-testid="compare-counter"]', text: counter },
        { sel: '[data-testid="compare-view"]', attr: "data-status", value: "ready" },
        { sel: '[data-testid="pane-result-old"]', starts: `#${n} ` },
        { sel: '[data-testid="pane-result-new"]', starts: `#${n} ` },
      ],
      clicks++,
      60000,
    );
  };

  const open = await timeStep('[data-testid="open-compare"]', `step ${STEPS}/${STEPS}`);
  if (typeof open !== "number") throw new Error(`open: ${open}`);
  await page.evaluate(() => {
    window.__prof = {};
    window.__n = {};
  });
  const back = [];
  const forward = [];
  // BENCH_PROFILE=FILE: a CPU profile of the page's thread over the steps back (for a viewer).
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
  // BENCH_TRACE=FILE: a Chrome trace of the steps back (chrome://tracing, or bench/trace-summary.mjs).
  if (process.env.BENCH_TRACE)
    await browser.startTracing(page, {
      path: process.env.BENCH_TRACE,
      // BENCH_TRACE_CATS: more categories, comma-separated ("blink,cc" shows what a frame's unnamed time is).
      categories: [
        "devtools.timeline",
        "v8",
        "blink.user_timing",
        "disabled-by-default-devtools.timeline",
        "toplevel",
        ...(process.env.BENCH_TRACE_CATS?.split(",") ?? []),
      ],
    });
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  for (let i = 0; i < MOVES; i++) {
    await pause();
    if (process.env.BENCH_LOG) console.error(`CLICK back ${i} @${Date.now()}`);
    const v = await timeStep('[data-testid="compare-back"]', `step ${STEPS - 1 - i}/${STEPS}`);
    if (process.env.BENCH_LOG) console.error(`DONE ${Math.round(v)}ms @${Date.now()}`);
    if (typeof v !== "number") throw new Error(`back ${i}: ${v}`);
    back.push(v);
  }
  if (process.env.BENCH_TRACE) await browser.stopTracing();
  // A build on react-dom/profiling with <Profiler> regions: React's render time and commits per region, per step back.
  const regions = await page.evaluate(() => ({ ms: window.__prof, n: window.__n }));
  for (const [k, v] of Object.entries(regions.ms ?? {}))
    console.error(
      `React region ${k}: ${(v / MOVES).toFixed(1)} ms, ${(regions.n[k] / MOVES).toFixed(1)} commits per step back`,
    );
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
  }
  for (let i = 0; i < MOVES; i++) {
    await pause();
    const v = await timeStep('[data-testid="compare-step"]', `step ${STEPS - MOVES + i + 1}/${STEPS}`);
    if (typeof v !== "number") throw new Error(`forward ${i}: ${v}`);
    forward.push(v);
  }
  // Every step in the list, so any step can be jumped to.
  await page.getByTestId("diff-every").check();
  const jumps = [];
  for (const n of [1, 500, 250, 999, 10]) {
    // A diff entry: both panes to just after step n (a replay of n steps in each).
    const v = await timeStep(`[data-testid="diff-${n - 1}"]`, `step ${n}/${STEPS}`);
    if (typeof v !== "number") throw new Error(`jump ${n}: ${v}`);
    jumps.push(v);
  }
  await browser.close();
  console.log(
    JSON.stringify({
      steps: STEPS,
      ...(PACE_MS ? { paceMs: PACE_MS } : {}),
      openCompareMs: Math.round(open),
      stepBackMs: stats(back),
      ...(process.env.BENCH_LOG ? { back: back.map(Math.round) } : {}),
      stepForwardMs: stats(forward),
      diffJumpMs: stats(jumps),
    }),
  );
} finally {
  server.stop();
}

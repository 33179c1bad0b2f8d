/**
 * A scenario booted and replayed in a fresh Chromium worker, twice: each step's milliseconds, cold (a
 * worker that never ran the model) and warm. The model's share of a load without the page, the view
 * or the message: where a cold load's time goes step by step.
 *   node bench/worker-steps.mjs [scenario.json] [runs]      (default: the IRTE-full example, 3 runs)
 * WORKER_JS_FLAGS="--no-turbofan" passes V8 flags to Chromium (an experiment, not the product).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { chromium } from "@playwright/test";
import { build } from "esbuild";

const [file = "public/scenarios/irte-table-full.json", pages = "3"] = process.argv.slice(2);
const bundled = await build({
  entryPoints: [new URL("./worker-steps.entry.ts", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  write: false,
  logLevel: "warning",
});
const worker = bundled.outputFiles[0].text;
const page =
  "<script>window.run = (s) => new Promise((ok) => { const w = new Worker('/w.js', { type: 'module' }); w.onmessage = (e) => ok(e.data); w.postMessage(s); });</script>";
const server = createServer((req, res) => {
  res.setHeader("content-type", req.url === "/w.js" ? "text/javascript" : "text/html");
  res.end(req.url === "/w.js" ? worker : page);
}).listen(0);
const port = await new Promise((ok) => server.on("listening", () => ok(server.address().port)));
const scenario = JSON.parse(readFileSync(file, "utf8"));
const flags = process.env.WORKER_JS_FLAGS;
// WORKER_REPEAT: boots per worker (default 2: cold, then warm; the third on is the steady state).
const repeat = Number(process.env.WORKER_REPEAT ?? 2);
// WORKER_PRELUDE=FILE: a scenario the worker boots first (as the app boots its first machine).
const prelude = process.env.WORKER_PRELUDE;
const runs = [
  ...(prelude ? [{ label: `prelude ${prelude}`, scenario: JSON.parse(readFileSync(prelude, "utf8")) }] : []),
  ...Array.from({ length: repeat }, (_, n) => ({ label: n === 0 ? "cold" : `warm ${n}`, scenario })),
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", ...(flags ? [`--js-flags=${flags}`] : [])],
});
try {
  for (let i = 0; i < Number(pages); i++) {
    // A new page per run: a new worker, a new isolate, nothing compiled yet.
    const tab = await browser.newPage();
    await tab.goto(`http://localhost:${port}/`);
    // WORKER_TRACE=FILE: a Chrome trace with the V8 sampler of the first page (bench/trace-summary.mjs reads it).
    const tracing = process.env.WORKER_TRACE && i === 0;
    if (tracing)
      await browser.startTracing(tab, {
        path: process.env.WORKER_TRACE,
        categories: ["devtools.timeline", "v8", "disabled-by-default-v8.cpu_profiler"],
      });
    console.log(await tab.evaluate((s) => window.run(s), { runs }));
    if (tracing) await browser.stopTracing();
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}

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

const [file = "public/scenarios/irte-table-full.json", runs = "3"] = process.argv.slice(2);
const bundled = await build({
  entryPoints: [new URL("./worker-steps.entry.ts", import.meta.url).pathname],
  bundle: true,
  format: "esm",
  write: false,
  logLevel: "warning",
});
const worker = bundled.outputFiles[0].text;
const page =
  "<script>window.run = (s) => new Promise((ok) => { const w = new Worker('/w.js', { type: 'module' }); w.onmessage = (e) => ok(e.data); w.postMessage({ scenario: s }); });</script>";
const server = createServer((req, res) => {
  res.setHeader("content-type", req.url === "/w.js" ? "text/javascript" : "text/html");
  res.end(req.url === "/w.js" ? worker : page);
}).listen(0);
const port = await new Promise((ok) => server.on("listening", () => ok(server.address().port)));
const scenario = JSON.parse(readFileSync(file, "utf8"));
const flags = process.env.WORKER_JS_FLAGS;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", ...(flags ? [`--js-flags=${flags}`] : [])],
});
try {
  for (let i = 0; i < Number(runs); i++) {
    // A new page per run: a new worker, a new isolate, nothing compiled yet.
    const tab = await browser.newPage();
    await tab.goto(`http://localhost:${port}/`);
    console.log(await tab.evaluate((s) => window.run(s), scenario));
    await tab.close();
  }
} finally {
  await browser.close();
  server.close();
}

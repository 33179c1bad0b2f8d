/**
 * ui-click's clicks under a Chrome trace, each click between user-timing marks, for finding where a
 * click's time goes: `node bench/trace-click.mjs [offline|affinity] [FILE]` after `vite build` (the
 * BENCH_* of ui-click choose the machine), then `CLICKS=1 node bench/trace-summary.mjs FILE 20`: each
 * click's tasks per thread (page, workers) and the time per kind of work (script, GC, layout, paint).
 */
import { startPreview } from "../scripts/preview-server.mjs";
import { clickNumber, openClickPage } from "./click-kit.mjs";

const [what = "offline", file = "/tmp/irqscope-click-trace.json"] = process.argv.slice(2);
const { m, server, browser, page } = await openClickPage(startPreview, Number(process.env.BENCH_PORT ?? 4420), what);
try {
  await browser.startTracing(page, {
    path: file,
    categories: ["devtools.timeline", "v8", "blink.user_timing", "disabled-by-default-devtools.timeline", "toplevel"],
  });
  const samples = [];
  for (let i = 0; i < 20; i++) samples.push(await clickNumber(page, m, what, i, i));
  await browser.stopTracing();
  await browser.close();
  console.log(
    JSON.stringify({ trace: file, clicksMs: samples.map((s) => (typeof s === "number" ? Math.round(s) : s)) }),
  );
} finally {
  server.stop();
}

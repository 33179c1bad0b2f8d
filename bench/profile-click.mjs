/**
 * A CPU profile of the page's thread over 30 of ui-click's clicks (CDP Profiler, 100 µs sampling),
 * written to FILE for `node bench/cpuprofile-top.mjs FILE 30` (self and inclusive time per function and
 * click). Run it on a build without minification (`vite build --minify false --outDir D`,
 * BENCH_DIST=D); with a build on `react-dom/profiling` whose regions are wrapped in `<Profiler>`
 * writing to `window.__prof`, it also prints React's render time per region and click.
 *   node bench/profile-click.mjs [offline|affinity] [FILE]
 */
import { writeFileSync } from "node:fs";
import { startPreview } from "../scripts/preview-server.mjs";
import { clickNumber, openClickPage } from "./click-kit.mjs";

const [what = "offline", file = "/tmp/irqscope-click.cpuprofile"] = process.argv.slice(2);
const { m, server, browser, page } = await openClickPage(startPreview, Number(process.env.BENCH_PORT ?? 4422), what);
try {
  await page.evaluate(() => {
    window.__prof = {};
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  let total = 0;
  for (let i = 0; i < 30; i++) total += await clickNumber(page, m, what, i);
  const { profile } = await cdp.send("Profiler.stop");
  writeFileSync(file, JSON.stringify(profile));
  const regions = await page.evaluate(() => window.__prof ?? {});
  await browser.close();
  console.log(`30 clicks, ${Math.round(total)} ms in all; profile: ${file}`);
  for (const [k, v] of Object.entries(regions)) console.log(`React region ${k}: ${(v / 30).toFixed(2)} ms a click`);
} finally {
  server.stop();
}

/**
 * ui-click's clicks under a Chrome trace, each click between user-timing marks, for finding where a
 * click's time goes: `node bench/trace-click.mjs [offline|affinity] [FILE]` after `vite build` (the
 * BENCH_* of ui-click choose the machine), then `CLICKS=1 node bench/trace-summary.mjs FILE 20`: each
 * click's tasks per thread (page, workers) and the time per kind of work (script, GC, layout, paint).
 */
import { startPreview } from "../scripts/preview-server.mjs";
import { benchMachine, launchChromium, openApp, openMachine, timeClick } from "./click-kit.mjs";

const [what = "offline", file = "/tmp/irqscope-click-trace.json"] = process.argv.slice(2);
const m = benchMachine();
const server = await startPreview(Number(process.env.BENCH_PORT ?? 4420));
try {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openApp(page, server.url);
  await openMachine(page, m);
  if (what === "offline") await page.getByRole("tab", { name: "CPUs" }).click();
  await browser.startTracing(page, {
    path: file,
    categories: ["devtools.timeline", "v8", "blink.user_timing", "disabled-by-default-devtools.timeline", "toplevel"],
  });
  const samples = [];
  for (let i = 0; i < 20; i++) {
    if (what === "offline") {
      const cpu = Math.min(100, Math.floor(m.cpus / 2)) + i;
      const sel = `[data-testid="cpu-row-${cpu}"]`;
      samples.push(await timeClick(page, `[data-testid="cpu-toggle-${cpu}"]`, [{ sel, cls: "offline" }], i));
    } else {
      const cpu = 10 + ((i * 7) % Math.min(240, m.cpus - 16));
      await page.getByTestId("affinity-input").fill(String(cpu));
      const starts = `set_affinity irq=${m.irq} cpus=${cpu} `;
      samples.push(
        await timeClick(page, '[data-testid="affinity-set"]', [{ sel: '[data-testid="result"]', starts }], i),
      );
    }
  }
  await browser.stopTracing();
  await browser.close();
  console.log(
    JSON.stringify({ trace: file, clicksMs: samples.map((s) => (typeof s === "number" ? Math.round(s) : s)) }),
  );
} finally {
  server.stop();
}

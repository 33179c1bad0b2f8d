/**
 * Issue #20's figure in the browser: a 256-CPU /proc/interrupts of 5,000 rows (written by
 * bench/import-node.ts to .tmp/) dropped on the Import button of the production build, timed from the
 * input's change event to the next frame after the imported machine's banner and canvas are on screen
 * (parsing in the worker included). Run: `npm run -s bench:import` (builds, serves dist/, prints JSON).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium } from "@playwright/test";
import { startPreview } from "../scripts/preview-server.mjs";

const PORT = 4418;
const made = spawnSync("npx", ["tsx", "bench/import-node.ts"], { encoding: "utf8" });
process.stderr.write(made.stdout);
const text = readFileSync(".tmp/proc-interrupts-256x5000.txt", "utf8");
const server = await startPreview(PORT);
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const samples = [];
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("pageerror", (e) => console.error("pageerror", e.message));
    await page.goto(server.url);
    await page.getByTestId("node-VECTOR").waitFor();
    // The file is made inside the page, so the 14 MB transfer from the test runner is not timed.
    const ms = await page.evaluate(
      (content) =>
        new Promise((resolve) => {
          const input = document.querySelector('[data-testid="import"]');
          const dt = new DataTransfer();
          dt.items.add(new File([content], "proc-interrupts-256x5000.txt", { type: "text/plain" }));
          const drawn = () =>
            document.querySelector('[data-testid="import-banner"]') &&
            document.querySelector('[data-testid="node-IR-PCI-MSIX-0000:01:00.0-12"]');
          const t = performance.now();
          const obs = new MutationObserver(() => {
            if (!drawn()) return;
            obs.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t));
          });
          obs.observe(document.body, { subtree: true, childList: true });
          input.files = dt.files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }),
      text,
    );
    samples.push(ms);
    await page.close();
  }
  await browser.close();
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        input: "256 CPUs, 5,000 irq rows (14.4 MB)",
        importToDrawnMs: { median: sorted[2], min: sorted[0], max: sorted[4], samples },
        loadAverage: loadavg()[0],
      },
      null,
      2,
    ),
  );
} finally {
  server.stop();
}

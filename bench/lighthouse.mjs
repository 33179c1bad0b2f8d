/**
 * Issue #5's Lighthouse scores: the production build served by `vite preview`, audited by Lighthouse
 * 12 (the last release that runs on Node 20) in Debian's Chromium, with the desktop preset and with
 * the default mobile one (simulated slow 4G and a 4× slower CPU). Lighthouse is fetched by npx for
 * this benchmark only; it is not a dependency of the app or its tests.
 * Run: `npm run -s bench:lighthouse` (builds first, prints JSON).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPreview } from "../scripts/preview-server.mjs";

const PORT = 4421;
const LIGHTHOUSE = "lighthouse@12.8.2";
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
];

const server = await startPreview(PORT);
const dir = mkdtempSync(join(tmpdir(), "irqscope-lh-"));
const results = {};
try {
  for (const preset of ["desktop", "mobile"]) {
    const out = join(dir, `${preset}.json`);
    const run = spawnSync(
      "npx",
      [
        "-y",
        LIGHTHOUSE,
        server.url,
        ...(preset === "desktop" ? ["--preset=desktop"] : []),
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        `--output-path=${out}`,
        "--quiet",
      ],
      { stdio: "inherit", env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" } },
    );
    if (run.status !== 0) throw new Error(`lighthouse (${preset}) exited with ${run.status}`);
    const report = JSON.parse(readFileSync(out, "utf8"));
    results[preset] = {
      scores: Object.fromEntries(Object.entries(report.categories).map(([id, c]) => [id, c.score])),
      metrics: Object.fromEntries(METRICS.map((id) => [id, report.audits[id].displayValue])),
    };
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  server.stop();
}

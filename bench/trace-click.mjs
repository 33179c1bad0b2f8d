/**
 * Where a click's time goes: ui-click's clicks under a Chrome trace, each sample split by thread
 * (page main thread, the worker) and by kind (script, GC, style/layout, paint, message copy).
 * Run after `vite build`: `node bench/trace-click.mjs [offline|affinity]` (BENCH_* as ui-click).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startPreview } from "../scripts/preview-server.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 4420);
const PRESET = process.env.BENCH_PRESET;
const IRQ = process.env.BENCH_IRQ ?? "100";
const FILE = process.env.BENCH_FILE;
const CPUS = Number(process.env.BENCH_CPUS ?? 256);
const WHAT = process.argv[2] ?? "offline";
const scenario = PRESET
  ? ""
  : FILE
    ? readFileSync(FILE, "utf8")
    : spawnSync("npx", ["tsx", "bench/ui-latency.ts", "--scenario"], { encoding: "utf8" }).stdout;
const server = await startPreview(PORT);
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on("console", (m) => m.text().startsWith("WORKER") && console.error(m.text()));
  await page.goto(server.url);
  await page.getByTestId("node-VECTOR").waitFor();
  if (PRESET) await page.getByTestId("machine-preset").selectOption({ label: PRESET });
  else
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
  const timeClick = (selector, watch, want, n) =>
    page.evaluate(
      ([sel, w, text, cls, n]) =>
        new Promise((resolve) => {
          const done = () => {
            const el = document.querySelector(w);
            if (!el) return false;
            return text ? el.textContent.startsWith(text) : el.classList.contains(cls);
          };
          performance.mark(`s${n}`);
          const t = performance.now();
          const obs = new MutationObserver(() => {
            if (!done()) return;
            obs.disconnect();
            requestAnimationFrame(() => {
              performance.mark(`e${n}`);
              resolve(performance.now() - t);
            });
          });
          obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
          document.querySelector(sel).click();
        }),
      [selector, watch, want.text ?? "", want.cls ?? "", n],
    );
  if (WHAT === "offline") await page.getByRole("tab", { name: "CPUs" }).click();
  await page.waitForTimeout(500);
  await browser.startTracing(page, {
    path: "/tmp/prof/trace.json",
    categories: [
      "devtools.timeline",
      "v8",
      "blink.user_timing",
      "disabled-by-default-devtools.timeline",
      "toplevel",
      ...(process.env.NOPROF ? [] : ["disabled-by-default-v8.cpu_profiler"]),
    ],
  });
  const samples = [];
  for (let i = 0; i < (WHAT === "offline" ? 10 : 20); i++) {
    if (WHAT === "offline") {
      const cpu = Math.min(100, Math.floor(CPUS / 2)) + i;
      samples.push(
        await timeClick(`[data-testid="cpu-toggle-${cpu}"]`, `[data-testid="cpu-row-${cpu}"]`, { cls: "offline" }, i),
      );
    } else {
      const cpu = 10 + ((i * 7) % Math.min(240, CPUS - 16));
      await page.getByTestId("affinity-input").fill(String(cpu));
      samples.push(
        await timeClick(
          '[data-testid="affinity-set"]',
          '[data-testid="result"]',
          { text: `set_affinity irq=${IRQ} cpus=${cpu} ` },
          i,
        ),
      );
    }
    await page.waitForTimeout(200);
  }
  await browser.stopTracing();
  await browser.close();
  const trace = JSON.parse(readFileSync("/tmp/prof/trace.json", "utf8"));
  const ev = trace.traceEvents ?? trace;
  const names = new Map();
  for (const e of ev) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  const marks = new Map();
  for (const e of ev) if (e.cat?.includes("blink.user_timing") && /^[se]\d+$/.test(e.name)) marks.set(e.name, e.ts);
  const kind = (n) =>
    /GC|Scavenge|MarkCompact|MinorMS|MajorGC|MinorGC/i.test(n)
      ? "gc"
      : /Deserialize|Serialize|PostMessage|HandlePostMessage/i.test(n)
        ? "msg"
        : /Layout|Style|UpdateLayoutTree|RecalculateStyles|HitTest|IntersectionObserver/i.test(n)
          ? "layout"
          : /Paint|Composite|Layer|Raster|Commit|PrePaint/i.test(n)
            ? "paint"
            : /FunctionCall|EvaluateScript|TimerFire|EventDispatch|RunMicrotasks|v8.run|V8.Execute|FireAnimationFrame/i.test(
                  n,
                )
              ? "script"
              : null;
  // CPU samples per thread from the trace's ProfileChunk events.
  const profiles = new Map();
  const byId = new Map();
  const byStart = new Map();
  for (const x of ev) if (x.name === "Profile") byStart.set(x.id, x.args?.data?.startTime ?? x.ts);
  for (const x of ev) {
    if (x.name === "Profile") byId.set(x.id, `${names.get(`${x.pid}:${x.tid}`) ?? x.tid}`);
  }
  for (const x of ev) {
    if (x.name !== "ProfileChunk") continue;
    const th = byId.get(x.id) ?? names.get(`${x.pid}:${x.tid}`) ?? String(x.tid);
    if (!/CrRendererMain|DedicatedWorker/.test(th)) continue;
    const pr = profiles.get(th) ?? { nodes: new Map(), samples: [], t: undefined };
    profiles.set(th, pr);
    const d = x.args.data;
    for (const n of d.cpuProfile?.nodes ?? []) pr.nodes.set(n.id, n.callFrame);
    if (pr.t === undefined) pr.t = byStart.get(x.id) ?? x.ts;
    const ids = d.cpuProfile?.samples ?? [];
    const deltas = d.timeDeltas ?? [];
    for (let k = 0; k < ids.length; k++) {
      pr.t += deltas[k] ?? 0;
      pr.samples.push([pr.t, ids[k]]);
    }
  }
  for (let i = 0; i < samples.length; i++) {
    const s = marks.get(`s${i}`),
      e = marks.get(`e${i}`);
    const per = {};
    for (const x of ev) {
      if (x.ph !== "X" || x.ts < s || x.ts > e) continue;
      const th = names.get(`${x.pid}:${x.tid}`) ?? `${x.tid}`;
      if (!/CrRendererMain|DedicatedWorker|Compositor/.test(th)) continue;
      const k = kind(x.name);
      if (!k) continue;
      const key = `${th.replace(/ thread.*/, "")}:${k}`;
      per[key] ??= {};
      per[key][x.name] = (per[key][x.name] ?? 0) + (x.dur ?? 0) / 1000;
    }
    const sum = Object.entries(per).map(
      ([k, v]) =>
        `${k} ${Object.entries(v)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([n, d]) => `${n}=${d.toFixed(1)}`)
          .join(",")}`,
    );
    console.log(`#${i} ${samples[i].toFixed(1)} ms\n   ${sum.join("\n   ")}`);
    const line = [];
    for (const x of ev) {
      if (x.ph !== "X" || x.ts < s || x.ts > e || (x.dur ?? 0) < 1500) continue;
      const th = names.get(`${x.pid}:${x.tid}`) ?? `${x.tid}`;
      if (!/CrRendererMain|DedicatedWorker/.test(th)) continue;
      if (!/^(RunTask|ThreadControllerImpl::RunTask)$/.test(x.name)) continue;
      line.push(`${th.startsWith("Ded") ? "W" : "M"}@${((x.ts - s) / 1000).toFixed(0)}+${(x.dur / 1000).toFixed(0)}`);
      if (x.dur > 30000 && x.name === "RunTask") {
        const prof = [...profiles].find(([t]) => t.startsWith(th.slice(0, 6)))?.[1];
        if (prof) {
          const self = new Map();
          for (const [ts, id] of prof.samples) {
            if (ts < x.ts || ts > x.ts + x.dur) continue;
            const n = prof.nodes.get(id);
            const key = n ? `${n.functionName || "(anon)"}:${n.lineNumber}` : "?";
            self.set(key, (self.get(key) ?? 0) + 1);
          }
          console.log(
            `     long ${th.slice(0, 6)} ${(x.dur / 1000).toFixed(0)}ms: ${[...self]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 12)
              .map(([k, c]) => `${k}×${c}`)
              .join(" ")}`,
          );
        }
      }
    }
    console.log(`   tasks ${line.join(" ")}`);
    if (process.env.RENDER) {
      for (const x of ev) {
        if (x.ph !== "X" || x.ts < s || x.ts > e) continue;
        const th = names.get(`${x.pid}:${x.tid}`) ?? "";
        if (!th.startsWith("CrRendererMain")) continue;
        if (
          !/^(Layout|UpdateLayoutTree|Paint|PrePaint|Layerize|Commit|ParseHTML|HitTest)$/.test(x.name) ||
          x.dur < 1000
        )
          continue;
        const a = x.args?.beginData ?? x.args?.data ?? {};
        const b = x.args?.endData ?? {};
        console.log(`     ${x.name} ${(x.dur / 1000).toFixed(1)}ms ${JSON.stringify({ ...a, ...b }).slice(0, 300)}`);
      }
    }
    if (process.env.NOPROF) continue;
    for (const [th, prof] of profiles) {
      const self = new Map();
      for (const [ts, id] of prof.samples) {
        if (ts < s || ts > e) continue;
        const n = prof.nodes.get(id);
        const key = n ? `${n.functionName || "(anon)"} ${n.url?.split("/").pop() ?? ""}:${n.lineNumber}` : "?";
        self.set(key, (self.get(key) ?? 0) + 1);
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8);
      if (top.length) console.log(`   [${th}] ${top.map(([k, c]) => `${k}×${c}`).join(" | ")}`);
    }
  }
} finally {
  server.stop();
}

/**
 * A Chrome trace (bench/ui-compare.mjs BENCH_TRACE, or any) summed per kind of work on the page's
 * main thread and its workers: `node bench/trace-summary.mjs FILE [per]` (per: samples to divide by).
 */
import { readFileSync } from "node:fs";

const [file, perArg = "1"] = process.argv.slice(2);
const per = Number(perArg);
const t = JSON.parse(readFileSync(file, "utf8"));
const ev = t.traceEvents ?? t;
const names = new Map();
for (const e of ev) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
const KINDS =
  /^(Layout|UpdateLayoutTree|Paint|PrePaint|Layerize|Commit|FunctionCall|RunMicrotasks|MinorGC|MajorGC|HitTest|IntersectionObserverController::computeIntersections|EventDispatch|TimerFire|FireAnimationFrame|RunTask)$/;
const agg = new Map();
for (const e of ev) {
  if (e.ph !== "X" || !KINDS.test(e.name)) continue;
  const th = (names.get(`${e.pid}:${e.tid}`) ?? "").replace(/ thread.*/, "");
  if (!/CrRendererMain|DedicatedWorker/.test(th)) continue;
  const key = `${th.slice(0, 14)} ${e.name}`;
  const a = agg.get(key) ?? { n: 0, d: 0, max: 0, objs: 0 };
  a.n++;
  a.d += e.dur / 1000;
  a.max = Math.max(a.max, e.dur / 1000);
  if (e.name === "Layout") a.objs = Math.max(a.objs, e.args?.beginData?.totalObjects ?? 0);
  agg.set(key, a);
}
for (const [k, a] of [...agg].sort((x, y) => y[1].d - x[1].d))
  console.log(
    `${k.padEnd(48)} n ${String(a.n).padStart(5)}  ${(a.d / per).toFixed(1).padStart(7)} ms  max ${a.max.toFixed(1)}${a.objs ? `  objects ${a.objs}` : ""}`,
  );
// Per click (user-timing marks s<n>/e<n>, as ui-compare and trace-click set them): the tasks of each thread.
const marks = new Map();
for (const e of ev) if (e.cat?.includes("blink.user_timing") && /^[se]\d+$/.test(e.name)) marks.set(e.name, e.ts);
if (process.env.CLICKS) {
  const firsts = [...marks.keys()].filter((k) => k.startsWith("s")).map((k) => Number(k.slice(1)));
  for (const i of firsts.sort((a, b) => a - b)) {
    if (!marks.has(`e${i}`)) continue;
    const s = marks.get(`s${i}`);
    const end = marks.get(`e${i}`);
    const line = [];
    for (const e of ev) {
      if (e.ph !== "X" || e.name !== "RunTask" || e.ts < s || e.ts > end || e.dur < 2000) continue;
      const th = names.get(`${e.pid}:${e.tid}`) ?? "";
      const who = th.startsWith("CrRendererMain") ? "M" : th.startsWith("DedicatedWorker") ? `W${e.tid % 100}` : "";
      if (who) line.push(`${who}@${((e.ts - s) / 1000).toFixed(0)}+${(e.dur / 1000).toFixed(0)}`);
    }
    console.log(`click ${i}: ${((end - s) / 1000).toFixed(0)} ms  ${line.join(" ")}`);
  }
}

/**
 * Click-to-view in the worker, split by part (bench/ui-click.mjs measures the whole in Chromium): on
 * the 256-CPU machine with 10,000 started irqs (ui-latency.ts), or a preset (`preset:box-256`), each
 * command through `SimSession.apply` as the UI sends it, then the parts of its answer timed apart:
 * the step, the snapshot, the view (tree layout, timeline), the details, the structured clone.
 *   npx esbuild bench/worker-click.ts --bundle --platform=node --format=esm --outfile=.tmp/worker-click.mjs
 *   node .tmp/worker-click.mjs [preset:box-256] [--cpu-prof]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { PRESETS } from "../src/scenario/presets";
import { machineSnapshot } from "../src/sim/snapshot";
import { details, IRQ_ROW_LIMIT, machineView } from "../src/sim/views";
import { SimSession } from "../src/worker/session";
import { latencyScenario } from "./ui-latency";

const what = process.argv[2] ?? "";
const scenario = what.startsWith("preset:")
  ? PRESETS.find((p) => p.id === what.slice("preset:".length))?.scenario
  : latencyScenario();
const session = new SimSession("main");
const t0 = performance.now();
const loaded = session.load(scenario, {});
if ("error" in loaded) throw new Error(loaded.error);
console.log(`boot ${(performance.now() - t0).toFixed(0)} ms, ${loaded.view.irqTotal} irqs`);
const sim = (session as unknown as { sim: import("../src/sim/simulator").Simulator }).sim;
// The first irq from 100 on whose affinity a user may write (not managed).
const irq = loaded.view.irqs.find((r) => r.irq >= 100 && !r.managed)?.irq ?? 100;
// PROFILE=FILE: a CPU profile of the clicks alone (not the boot), for Chromium's or VS Code's viewer.
const inspector = process.env.PROFILE ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 200 });
  await inspector.post("Profiler.start");
}
const parts: Record<string, number[]> = { apply: [], snapshot: [], view: [], details: [], clone: [], total: [] };
const time = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const r = f();
  parts[name]?.push(performance.now() - t);
  return r;
};
for (let i = 0; i < 60; i++) {
  // ONLY=offline: CPU offline/online alone (what the CPUs tab's button sends); ONLY=affinity: set affinity alone.
  const only = process.env.ONLY;
  const hotplug = only === "offline" || (only !== "affinity" && i % 3 === 2);
  const cmd = hotplug
    ? only === "offline"
      ? { op: "cpu_offline", cpu: 100 + i }
      : { op: i % 6 === 2 ? "cpu_offline" : "cpu_online", cpu: 100 + ((i / 6) | 0) }
    : { op: "set_affinity", irq, cpus: String(10 + ((i * 7) % 240)) };
  const want = { irq, collapsed: [] as string[] };
  const t = performance.now();
  const answer = session.apply(cmd, want);
  parts.total?.push(performance.now() - t);
  if (!answer.result.ok) throw new Error(`${JSON.stringify(cmd)}: ${answer.result.reason}`);
  time("clone", () => structuredClone(answer));
  // The parts again, apart (the step is not re-applied: its cost is the total minus the others).
  const snap = time("snapshot", () => machineSnapshot(sim, IRQ_ROW_LIMIT));
  void snap;
  time("view", () => machineView(sim, want));
  time("details", () => details(sim, want));
}
if (inspector && process.env.PROFILE) {
  const { profile } = await inspector.post("Profiler.stop");
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
const med = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)] ?? 0;
const p95 = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length * 0.95)] ?? 0;
for (const [k, s] of Object.entries(parts))
  console.log(`${k.padEnd(9)} median ${med(s).toFixed(2)} ms, p95 ${p95(s).toFixed(2)} ms`);

/**
 * The load path of bench/ui-load.mjs without a browser: what the worker does when a preset or example
 * is chosen (`SimSession.load`: boot the scenario, replay its steps, build the view). Bundle it and run
 * it in a fresh `node`, as a worker starts cold:
 *   npx esbuild bench/load-node.ts --bundle --platform=node --format=esm --outfile=.tmp/load-node.mjs
 *   node [--trace-gc] .tmp/load-node.mjs public/scenarios/irte-table-full.json [runs]
 *   node .tmp/load-node.mjs preset:server-all [runs]
 * Prints each run's wall time and the heap in use after it (the machine kept, as the session keeps it).
 */
import { readFileSync } from "node:fs";
import { PRESETS } from "../src/scenario/presets";
import { SimSession } from "../src/worker/session";

const [what = "public/scenarios/irte-table-full.json", runsArg = "3"] = process.argv.slice(2);
const scenario: unknown = what.startsWith("preset:")
  ? PRESETS.find((p) => p.id === what.slice("preset:".length))?.scenario
  : JSON.parse(readFileSync(what, "utf8"));
if (scenario === undefined) throw new Error(`no preset ${what}`);
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < Number(runsArg); i++) {
  const session = new SimSession("main");
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  const answer = session.load(scenario, {});
  const ms = performance.now() - t0;
  // CPU time beside wall time (the collector's threads included): on a loaded machine the wall clock measures the neighbours.
  const cpu = process.cpuUsage(c0);
  // Fresh memory is costly on a virtual machine (a first touch of a page faults; ~11 µs each on the CI's VMs).
  const faults = process.resourceUsage().minorPageFault - f0;
  if ("error" in answer) throw new Error(answer.error);
  (globalThis as { keptSession?: SimSession }).keptSession = session;
  gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `run ${i + 1}: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, ${faults} minor faults, heap after ${heapMb.toFixed(1)} MB, irqs ${answer.view.irqTotal}`,
  );
}

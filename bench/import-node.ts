/**
 * Issue #20's import figure without a browser: a 256-CPU /proc/interrupts of 5,000 rows
 * (gen-proc-interrupts.ts) through what the worker does — parse, build the machine, its snapshot and
 * the first view with the laid-out tree. `npx tsx bench/import-node.ts` (also writes the input to
 * .tmp/proc-interrupts-256x5000.txt for bench/ui-import.mjs and `sim import`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { ImportedMachineHolder } from "../src/worker/imported-session";
import { generateProcInterrupts } from "./gen-proc-interrupts";
import { stats } from "./process-time";

const TMP = join(import.meta.dirname, "../.tmp");
mkdirSync(TMP, { recursive: true });
const text = generateProcInterrupts(256, 5000);
writeFileSync(join(TMP, "proc-interrupts-256x5000.txt"), text);
console.log(
  `input: ${(text.length / 1e6).toFixed(1)} MB, ${text.split("\n").length - 1} lines; load average ${loadavg()[0]?.toFixed(1)}`,
);
const wall: number[] = [];
// CPU time (user + system) beside wall time: on a loaded machine the wall clock measures the neighbours.
const cpu: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = ImportedMachineHolder.read([{ name: "big", text }], undefined);
  if (!r.ok) throw new Error(r.error);
  r.held.view("main", {});
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  wall.push(performance.now() - t0);
}
for (const [name, s] of [
  ["wall", wall],
  ["CPU", cpu],
] as const) {
  const { median, min, max } = stats(s);
  console.log(
    `import + snapshot + first view, ${name}: median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}, ${s.length} runs)`,
  );
}

/**
 * `npm run bench`: the model's benchmarks. Prints a table; docs/PERFORMANCE.md records the figures.
 * Timings are medians of repeated runs on this machine; nothing here is a test.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { parseMatrixTrace, replayMatrixTrace } from "../src/sim/matrix-trace";
import { generateMatrixTrace } from "./gen-matrix-trace";
import { runHotplugOnce } from "./irq-hotplug";

const ROOT = join(import.meta.dirname, "..");
const TMP = join(ROOT, ".tmp");
const RUNS = 7;

function stats(samples: number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, min: s[0] ?? 0, max: s.at(-1) ?? 0 };
}

function timeProcess(cmd: string, args: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    const t = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
    out.push(t);
  }
  return out;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const row = (name: string, samples: number[]) => {
  const { median, min, max } = stats(samples);
  console.log(`${name.padEnd(52)} median ${fmt(median)}  (min ${fmt(min)}, max ${fmt(max)}, ${samples.length} runs)`);
};

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const tracePath = join(TMP, "trace-256x60k.txt");
  writeFileSync(tracePath, generateMatrixTrace(256, 60_000, 42));
  const cli = join(TMP, "sim.mjs");
  await build({
    entryPoints: [join(ROOT, "src/cli/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: cli,
    logLevel: "warning",
  });

  console.log("irq_matrix replay: 60,000 ops on 256 CPUs (bench/gen-matrix-trace.ts, seed 42)");
  const source = readFileSync(tracePath, "utf8");
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const parsed = parseMatrixTrace(source);
    if (!parsed.ok) throw new Error(parsed.message);
    replayMatrixTrace(parsed.trace, "v6.7+", false);
    inProcess.push(performance.now() - t0);
  }
  row("in process: parse + replay + format", inProcess);
  row(
    "whole process: node (esbuild bundle) matrix-replay",
    timeProcess(process.execPath, [cli, "matrix-replay", tracePath]),
  );
  row(
    "whole process: tsx src/cli/main.ts matrix-replay",
    timeProcess(join(ROOT, "node_modules/.bin/tsx"), ["src/cli/main.ts", "matrix-replay", tracePath]),
  );
  row("node startup alone (node -e 0), for reference", timeProcess(process.execPath, ["-e", "0"]));

  console.log("\nCPU offline: 256 CPUs, 10,000 started irqs, the outgoing CPU carrying 200 (bench/irq-hotplug.ts)");
  const samples = Array.from({ length: RUNS }, () => runHotplugOnce());
  console.log(`  ${samples[0]?.summary}`);
  const ms = (pick: (s: (typeof samples)[number]) => number) => samples.map(pick);
  rowMs(
    "set-up: allocate and request 10,000 irqs",
    ms((s) => s.setupMs),
  );
  rowMs(
    "cpu_offline (lapic_can_unplug_cpu, migration, lapic_offline)",
    ms((s) => s.offlineMs),
  );
  rowMs(
    "cpu_offline + the view the worker sends back",
    ms((s) => s.offlineWithViewMs),
  );
}

function rowMs(name: string, samples: number[]): void {
  const { median, min, max } = stats(samples);
  console.log(`${name.padEnd(64)} median ${median.toFixed(1)} ms  (min ${min.toFixed(1)}, max ${max.toFixed(1)})`);
}

await main();

/**
 * `npm run bench`: the model's benchmarks. Prints a table; docs/PERFORMANCE.md records the figures.
 * Timings are medians of repeated runs on this machine; nothing here is a test.
 * `npm run bench -- replay` (or `startup`, `hotplug`) runs one part; `-- instructions` counts the
 * replay's instructions with valgrind (slow; not part of the default run).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { BUNDLE, buildCli, isStale } from "../scripts/cli-bundle.mjs";
import { streamMatrixReplay } from "../src/sim/matrix-trace-stream";
import { generateMatrixTrace } from "./gen-matrix-trace";
import { hasValgrind, instructions } from "./instructions";
import { runHotplugOnce } from "./irq-hotplug";
import { oracleBinary } from "./matrix-oracle";
import { type Command, interleave, type Samples, stats } from "./process-time";

const ROOT = join(import.meta.dirname, "..");
const TMP = join(ROOT, ".tmp");
const RUNS = 7;
/** Whole-process figures are cheap and noisy (2 cores, maybe a QEMU beside): more rounds. */
const ROUNDS = 11;
const LAUNCHER = join(ROOT, "bin/sim.mjs");

const sec = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
function row(name: string, samples: readonly number[]): void {
  const { median, min, max } = stats(samples);
  console.log(`  ${name.padEnd(58)} median ${sec(median)}  (min ${sec(min)}, max ${sec(max)}, ${samples.length} runs)`);
}
/** A whole-process row: wall time, and CPU time when measured. */
function processRow(name: string, s: Samples): void {
  row(name, s.wall);
  if (s.cpu.length > 0) row("  CPU time (user + system)", s.cpu);
}
function rowMs(name: string, samples: readonly number[]): void {
  const { median, min, max } = stats(samples);
  console.log(`  ${name.padEnd(64)} median ${median.toFixed(1)} ms  (min ${min.toFixed(1)}, max ${max.toFixed(1)})`);
}

function replayBench(): void {
  console.log("irq_matrix replay: 60,000 ops on 256 CPUs (bench/gen-matrix-trace.ts, seed 42)");
  const tracePath = join(TMP, "trace-256x60k.txt");
  writeFileSync(tracePath, generateMatrixTrace(256, 60_000, 42));
  const args = ["matrix-replay", tracePath];
  const viaNode: Command = { name: "node bin/sim.mjs matrix-replay", cmd: process.execPath, args: [LAUNCHER, ...args] };
  // Through its shebang the launcher starts node without NODE_EXTRA_CA_CERTS (see bin/sim.mjs).
  const viaShebang: Command = { name: "bin/sim.mjs matrix-replay (shebang)", cmd: LAUNCHER, args };
  const oracle = oracleBinary();
  if ("missing" in oracle) console.log(`  NOTICE: no C reference: ${oracle.missing}; only our figures follow`);
  const c: Command | undefined = "path" in oracle ? { name: "C", cmd: oracle.path, args: [tracePath] } : undefined;
  if (c) {
    const a = spawnSync(c.cmd, c.args, { maxBuffer: 1 << 26 }).stdout;
    const b = spawnSync(viaNode.cmd, viaNode.args, { cwd: ROOT, maxBuffer: 1 << 26 }).stdout;
    if (!a.equals(b)) throw new Error("the model's output differs from the C oracle's on the benchmark trace");
    console.log(`  outputs identical: ${b.length} bytes, ${b.toString("latin1").split("\n").length - 1} lines`);
  }
  const ours = [viaNode, viaShebang];
  const load0 = loadavg()[0] ?? 0;
  const samples = interleave(c ? [c, ...ours] : ours, ROUNDS, ROOT);
  const load1 = loadavg()[0] ?? 0;
  console.log(`  load average (1 min) ${load0.toFixed(1)} before, ${load1.toFixed(1)} after, on ${cpus().length} CPUs`);
  const cs = c ? samples.shift() : undefined;
  if (cs) processRow("whole process: the kernel's C (matrix-oracle, gcc -O2)", cs);
  ours.forEach((cmd, i) => {
    const mine = samples[i];
    if (!mine) return;
    processRow(`whole process: ${cmd.name}`, mine);
    if (!cs) return;
    const ratio = (a: number[], b: number[]) => stats(a).median / stats(b).median;
    const rounds = mine.wall.map((t, k) => t / (cs.wall[k] ?? t));
    const { min, max } = stats(rounds);
    const cpu = mine.cpu.length > 0 ? `; CPU time ${ratio(mine.cpu, cs.cpu).toFixed(1)}x` : "";
    console.log(
      `    ratio to C: wall ${ratio(mine.wall, cs.wall).toFixed(1)}x (medians; rounds ${min.toFixed(1)}–${max.toFixed(1)}x)${cpu}`,
    );
  });
  const source = readFileSync(tracePath, "utf8");
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    streamMatrixReplay(source, undefined, () => {});
    inProcess.push(performance.now() - t0);
  }
  rowMs("in process: scan + replay + format (1st run, JIT cold)", inProcess.slice(0, 1));
  rowMs(`in process: the same, runs 2–${RUNS} (JIT warm)`, inProcess.slice(1));
}

function startupBench(): void {
  console.log("\nstart-up: `sim help`, whole process");
  const ca = process.env.NODE_EXTRA_CA_CERTS;
  if (ca) console.log(`  NOTICE: NODE_EXTRA_CA_CERTS=${ca}: node reads and parses it at every start`);
  const commands: Command[] = [
    { name: "node -e 0 (node's own start-up)", cmd: process.execPath, args: ["-e", "0"] },
    { name: "node bin/sim.mjs help (the launcher)", cmd: process.execPath, args: [LAUNCHER, "help"] },
    { name: "bin/sim.mjs help (its shebang, no extra CA certs)", cmd: LAUNCHER, args: ["help"] },
    { name: "npm run -s sim -- help (npm + the launcher)", cmd: "npm", args: ["run", "-s", "sim", "--", "help"] },
    {
      name: "tsx src/cli/main.ts help (before: compiled at start)",
      cmd: join(ROOT, "node_modules/.bin/tsx"),
      args: ["src/cli/main.ts", "help"],
    },
  ];
  const samples = interleave(commands, ROUNDS, ROOT);
  commands.forEach((c, i) => {
    processRow(c.name, samples[i] ?? { wall: [], cpu: [] });
  });
  const npmCost = stats(samples[3]?.wall ?? []).median - stats(samples[1]?.wall ?? []).median;
  console.log(`  npm's own share of \`npm run -s sim\`: ${sec(npmCost)} (difference of the medians)`);
}

function hotplugBench(): void {
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

function instructionsBench(): void {
  console.log("\ninstructions executed, valgrind (every thread and child): the replay and start-up");
  if (!hasValgrind()) {
    console.log("  NOTICE: valgrind is absent");
    return;
  }
  const tracePath = join(TMP, "trace-256x60k.txt");
  writeFileSync(tracePath, generateMatrixTrace(256, 60_000, 42));
  const oracle = oracleBinary();
  const commands: Command[] = [
    ...("path" in oracle ? [{ name: "C matrix-replay", cmd: oracle.path, args: [tracePath] }] : []),
    { name: "node bin/sim.mjs matrix-replay", cmd: process.execPath, args: [LAUNCHER, "matrix-replay", tracePath] },
    { name: "bin/sim.mjs matrix-replay (shebang)", cmd: LAUNCHER, args: ["matrix-replay", tracePath] },
    { name: "node -e 0", cmd: process.execPath, args: ["-e", "0"] },
    { name: "bin/sim.mjs help (shebang)", cmd: LAUNCHER, args: ["help"] },
  ];
  const counts = commands.map((c) => instructions(c, ROOT));
  commands.forEach((c, i) => {
    const n = counts[i];
    const vsC = "path" in oracle && counts[0] && n ? `  (${(n / counts[0]).toFixed(1)}x C)` : "";
    console.log(`  ${c.name.padEnd(58)} ${n === undefined ? "failed" : `${(n / 1e6).toFixed(0)} M`}${vsC}`);
  });
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  if (isStale()) await buildCli();
  console.log(`bundle: ${BUNDLE}`);
  const only = process.argv[2];
  if (!only || only === "replay") replayBench();
  if (!only || only === "startup") startupBench();
  if (!only || only === "hotplug") hotplugBench();
  if (only === "instructions") instructionsBench();
}

await main();

/**
 * Issue #17's figure, worker side: a 64-vCPU guest with 2,000 started MSI-X irqs on a 256-CPU host,
 * under the old scheme and the Dec 2021 proposal. Click-to-view = the time from a click arriving in
 * the worker to its answer being ready to post: selecting an irq (view + details, the host world and
 * the backs links included, structured-cloned as postMessage does), and an affinity change (apply +
 * view + details). `npx tsx bench/guest-click.ts`.
 */
import { writeFileSync } from "node:fs";
import type { ScenarioInput } from "../src/scenario/schema";
import type { Command } from "../src/sim/commands";
import { Simulator } from "../src/sim/simulator";
import { details, machineView } from "../src/sim/views";
import { percentile, startedMsixDevices } from "./ui-latency";

const DEVICES = 2;
const PER_DEVICE = 1000;

export function guestScenario(scheme: "old" | "new"): ScenarioInput {
  const { devices, steps } = startedMsixDevices(DEVICES, PER_DEVICE);
  return {
    format: "irqscope-scenario",
    version: 1,
    title: `64-vCPU guest, 2,000 MSI-X irqs, 256-CPU host (${scheme} scheme)`,
    machine: {
      cpus: 64,
      platform: "guest",
      scheme,
      ir: "on",
      x2apic: true,
      host: { cpus: 256, kernel: "6.12", ir: "on", vfio: "dynamic", hypervisor: "kvm", posted: true },
      devices,
    },
    steps,
  };
}

function measure(scheme: "old" | "new", rounds = 40) {
  const t0 = performance.now();
  const r = Simulator.boot(guestScenario(scheme));
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  const bootMs = performance.now() - t0;
  const first = sim.platform.pci.get("hba0")?.msi.slots[0].store.get(0)?.irq ?? 0;
  const select: number[] = [];
  const affinity: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const irq = first + ((i * 37) % (DEVICES * PER_DEVICE));
    let t = performance.now();
    structuredClone({ view: machineView(sim), details: details(sim, { irq }) });
    select.push(performance.now() - t);
    const cmd: Command = { op: "set_affinity", irq, cpus: String(1 + (i % 63)) };
    t = performance.now();
    const { result } = sim.apply(cmd);
    if (!result.ok) throw new Error(`${JSON.stringify(cmd)}: ${result.reason}`);
    structuredClone({ result, view: machineView(sim), details: details(sim, { irq }) });
    affinity.push(performance.now() - t);
  }
  const f = (s: number[]) => ({
    medianMs: +percentile(s, 50).toFixed(1),
    p95Ms: +percentile(s, 95).toFixed(1),
    maxMs: +Math.max(...s).toFixed(1),
  });
  return { scheme, bootMs: Math.round(bootMs), select: f(select), setAffinity: f(affinity) };
}

if (/guest-click\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  // `--write FILE [old|new]`: the scenario alone, for the browser's figure (BENCH_FILE of ui-click.mjs).
  const at = process.argv.indexOf("--write");
  if (at > 0) {
    const scheme = process.argv[at + 2] === "old" ? "old" : "new";
    writeFileSync(process.argv[at + 1] ?? "guest.json", JSON.stringify(guestScenario(scheme)));
  } else console.log(JSON.stringify([measure("old"), measure("new")], null, 1));
}

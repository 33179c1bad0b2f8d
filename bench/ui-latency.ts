/**
 * Issue #5's click-to-view figure, worker side: on a 256-CPU machine with 10,000 started irqs, the
 * time from a command arriving in the worker to its answer being ready to post (apply + the view +
 * the structured clone postMessage makes of it). `tsx bench/ui-latency.ts`.
 */
import type { ScenarioInput } from "../src/scenario/schema";
import type { Command } from "../src/sim/commands";
import { Simulator } from "../src/sim/simulator";
import { details, machineView } from "../src/sim/views";

/**
 * `count` MSI-X functions of `perDevice` entries (hba0, hba1, …), each allocated in full and every
 * entry requested: the big machines of the click benchmarks (also bench/guest-click.ts).
 */
export function startedMsixDevices(count: number, perDevice: number) {
  const devices = Array.from({ length: count }, (_, i) => ({
    name: `hba${i}`,
    model: "pci-msix" as const,
    bdf: `0000:${(0x10 + i).toString(16).padStart(2, "0")}:00.0`,
    table_size: perDevice,
  }));
  const steps: Command[] = [];
  for (const d of devices) {
    steps.push({ op: "alloc", device: d.name, type: "msix", min: perDevice, max: perDevice });
    for (let i = 0; i < perDevice; i++) steps.push({ op: "request_irq", device: d.name, index: i });
  }
  return { devices, steps };
}

export function latencyScenario(): ScenarioInput {
  const { devices, steps } = startedMsixDevices(10, 1000);
  return {
    format: "irqscope-scenario",
    version: 1,
    title: "256 CPUs, VT-d, 10,000 started MSI-X irqs",
    machine: { cpus: 256, ir: "on", x2apic: true, devices },
    steps,
  };
}

export function buildLatencyMachine(): Simulator {
  const r = Simulator.boot(latencyScenario());
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export function runLatency(rounds = 40): { bootMs: number; medianMs: number; p95Ms: number; maxMs: number } {
  const t0 = performance.now();
  const sim = buildLatencyMachine();
  const bootMs = performance.now() - t0;
  const samples: number[] = [];
  const first = sim.platform.pci.get("hba0")?.msi.slots[0].store.get(0)?.irq ?? 0;
  for (let i = 0; i < rounds; i++) {
    const cmd: Command =
      i % 4 === 3
        ? { op: i % 8 === 3 ? "cpu_offline" : "cpu_online", cpu: 200 }
        : { op: "set_affinity", irq: first + i, cpus: String(1 + (i % 200)) };
    const t = performance.now();
    const { result } = sim.apply(cmd);
    if (!result.ok) throw new Error(`${JSON.stringify(cmd)}: ${result.reason}`);
    const answer = { result, view: machineView(sim), details: details(sim, { irq: first + i }) };
    structuredClone(answer);
    samples.push(performance.now() - t);
  }
  return { bootMs, medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: Math.max(...samples) };
}

if (/ui-latency\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  if (process.argv[2] === "--scenario") console.log(JSON.stringify(latencyScenario()));
  else console.log(JSON.stringify(runLatency()));
}

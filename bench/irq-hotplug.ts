/**
 * Issue #3's benchmark: 256 CPUs, 10,000 irqs allocated and started, then one CPU carrying 200 of
 * them (150 with affinity to it alone, 50 managed irqs of that CPU) is taken offline.
 */

import { cpuRows } from "../src/sim/cpu-view";
import { VectorSimulator } from "../src/sim/vector-simulator";

export const HOTPLUG_CPUS = 256;
export const HOTPLUG_CPU = 7;
const OTHERS = `0-${HOTPLUG_CPU - 1},${HOTPLUG_CPU + 1}-${HOTPLUG_CPUS - 1}`;

function must(
  sim: VectorSimulator,
  cmd: Parameters<VectorSimulator["apply"]>[0],
): Extract<ReturnType<VectorSimulator["apply"]>, { ok: true }> {
  const r = sim.apply(cmd);
  if (!r.ok) throw new Error(`${JSON.stringify(cmd)}: ${r.errno} ${r.reason}`);
  return r;
}

/** Builds the machine: returns it with 10,000 started irqs, 200 of them on HOTPLUG_CPU. */
export function buildHotplugMachine(): VectorSimulator {
  const sim = new VectorSimulator({ cpus: HOTPLUG_CPUS, kernel: "6.12", legacyPic: true });
  const block = (count: number, kind: "reserve" | "managed", cpus: string) => {
    const first = must(sim, { op: "irq_alloc", count, kind, cpus }).firstIrq ?? -1;
    must(sim, { op: "irq_request", irq: first, count });
  };
  // 9,800 spread over the other 255 CPUs: half managed (one CPU each), half in reservation mode.
  for (let i = 0; i < 19; i++) block(255, "managed", OTHERS);
  block(55, "managed", OTHERS);
  for (let i = 0; i < 19; i++) block(255, "reserve", OTHERS);
  block(55, "reserve", OTHERS);
  // 200 on the CPU that goes: 150 pinned to it, 50 managed with it as their only CPU.
  block(150, "reserve", `${HOTPLUG_CPU}`);
  for (let i = 0; i < 50; i++) block(1, "managed", `${HOTPLUG_CPU}`);
  return sim;
}

export interface HotplugSample {
  readonly setupMs: number;
  readonly offlineMs: number;
  readonly offlineWithViewMs: number;
  readonly summary: string;
}

export function runHotplugOnce(): HotplugSample {
  const t0 = performance.now();
  const sim = buildHotplugMachine();
  const setupMs = performance.now() - t0;
  const onCpu = sim.machine.matrix.maps[HOTPLUG_CPU]?.allocated ?? 0;
  if (onCpu !== 200) throw new Error(`CPU ${HOTPLUG_CPU} carries ${onCpu} vectors, not 200`);
  const t1 = performance.now();
  const { summary } = must(sim, { op: "cpu_offline", cpu: HOTPLUG_CPU });
  const offlineMs = performance.now() - t1;
  cpuRows(sim.machine);
  const offlineWithViewMs = performance.now() - t1;
  return { setupMs, offlineMs, offlineWithViewMs, summary };
}

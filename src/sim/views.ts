/** Small, serialisable views of the simulator: what the worker sends the UI. Never the whole model. */
import { bitmapPrintList, bitmapWeight } from "../kernel/bitmap";
import { irqDebugShow } from "../kernel/irq/debugfs";
import { IRQD } from "../kernel/irq/irqdesc";
import { showInterrupts, shownAffinity } from "../kernel/irq/proc";
import type { MachineConfig } from "../kernel/machine";
import type { SimEvent, StepResult } from "./commands";
import type { IrqKind } from "./irq-blocks";
import { describeVectorState, type VectorState } from "./irq-state";
import type { Simulator } from "./simulator";

export interface CpuRow {
  readonly cpu: number;
  readonly online: boolean;
  /** The debugfs columns: available, managed, managed_allocated, allocated. */
  readonly avl: number;
  readonly man: number;
  readonly mac: number;
  readonly act: number;
  readonly vectors: string;
  /** Previous vectors queued for cleanup on this CPU, and the jiffy its cleanup timer fires (-1: none). */
  readonly cleanupQueued: number;
  readonly timerExpires: number;
}

/** One device irq as the irq list shows it. */
export interface IrqRow {
  readonly irq: number;
  readonly device: string;
  readonly kind: IrqKind;
  readonly actions: string;
  /** What /proc/irq/N/smp_affinity_list reads: the pending mask while a move waits. */
  readonly affinity: string;
  readonly effective: string;
  readonly pending: string;
  readonly managed: boolean;
  readonly started: boolean;
  readonly state: VectorState;
  readonly stateText: string;
  /** The real vector and its CPU (vector 0: none). */
  readonly vector: number;
  readonly cpu: number;
  readonly prevVector: number;
  readonly prevCpu: number;
  /** Where the hardware is pointed (0xef while parked). */
  readonly hwVector: number;
  readonly hwCpu: number;
  readonly count: number;
}

export interface MachineView {
  readonly config: MachineConfig;
  readonly version: number;
  readonly jiffies: number;
  readonly matrix: {
    readonly onlineMaps: number;
    readonly globalAvailable: number;
    readonly globalReserved: number;
    readonly totalAllocated: number;
    readonly systemCount: number;
    readonly systemVectors: string;
    readonly window: readonly [number, number];
  };
  readonly cpus: readonly CpuRow[];
  /** The device irqs, ascending (at most IRQ_ROW_LIMIT), and how many there are in all. */
  readonly irqs: readonly IrqRow[];
  readonly irqTotal: number;
  readonly debugfsVector: string;
}

export const IRQ_ROW_LIMIT = 500;

function irqRow(sim: Simulator, irq: number): IrqRow | undefined {
  const { machine } = sim;
  const desc = machine.descs.desc(irq);
  const a = machine.vector.apicd.get(irq);
  const block = sim.blockOf(irq);
  if (!desc || !a || !block) return undefined;
  const st = describeVectorState(machine, irq);
  return {
    irq,
    device: block.name,
    kind: block.kind,
    actions: desc.actions.map((x) => x.name).join(", "),
    affinity: shownAffinity(machine.core, irq),
    effective: desc.effective.toList(),
    pending: desc.has(IRQD.SETAFFINITY_PENDING) ? desc.pendingMask.toList() : "",
    managed: desc.has(IRQD.AFFINITY_MANAGED),
    started: desc.has(IRQD.STARTED),
    state: st.state,
    stateText: st.text,
    vector: a.vector,
    cpu: a.cpu,
    prevVector: a.prevVector,
    prevCpu: a.prevCpu,
    hwVector: a.hwVector,
    hwCpu: a.hwCpu,
    count: desc.counts.reduce((s, n) => s + n, 0),
  };
}

export function machineView(sim: Simulator): MachineView {
  const { matrix, online, config, vector, clock } = sim.machine;
  const bits = matrix.matrixBits;
  const irqs: IrqRow[] = [];
  let irqTotal = 0;
  for (const block of sim.blocks.values()) irqTotal += block.count;
  const firsts = [...sim.blocks.keys()].sort((x, y) => x - y);
  outer: for (const first of firsts) {
    const block = sim.blocks.get(first);
    if (!block) continue;
    for (let irq = first; irq < first + block.count; irq++) {
      if (irqs.length >= IRQ_ROW_LIMIT) break outer;
      const row = irqRow(sim, irq);
      if (row) irqs.push(row);
    }
  }
  return {
    config,
    version: sim.version,
    jiffies: clock.jiffies,
    matrix: {
      onlineMaps: matrix.onlineMaps,
      globalAvailable: matrix.globalAvailable,
      globalReserved: matrix.globalReserved,
      totalAllocated: matrix.totalAllocated,
      systemCount: bitmapWeight(matrix.systemMap, bits),
      systemVectors: bitmapPrintList(matrix.systemMap, bits),
      window: [matrix.allocStart, matrix.allocEnd],
    },
    cpus: matrix.maps.map((cm, cpu) => ({
      cpu,
      online: online.has(cpu),
      avl: cm.available,
      man: cm.managed,
      mac: cm.managedAllocated,
      act: cm.allocated,
      vectors: bitmapPrintList(cm.allocMap, bits),
      cleanupQueued: vector.cleanupList[cpu]?.length ?? 0,
      timerExpires: vector.cleanupTimer[cpu] ?? -1,
    })),
    irqs,
    irqTotal,
    debugfsVector: sim.debugfsVectorDomain(),
  };
}

/** Heavier texts the UI asks for only while it shows them. */
export interface DetailRequest {
  /** The irq whose debugfs file to print. */
  readonly irq?: number;
  /** /proc/interrupts. */
  readonly interrupts?: boolean;
}

export interface Details {
  readonly irq?: number;
  readonly debugfsIrq?: string;
  readonly interrupts?: string;
}

export function details(sim: Simulator, want: DetailRequest): Details {
  const core = sim.machine.core;
  const out: { irq?: number; debugfsIrq?: string; interrupts?: string } = {};
  if (want.irq !== undefined && sim.blockOf(want.irq)) {
    out.irq = want.irq;
    const text = irqDebugShow(core, want.irq);
    if (text !== undefined) out.debugfsIrq = text;
  }
  if (want.interrupts) out.interrupts = showInterrupts(core);
  return out;
}

/** What the worker answers to a command: its result, the new view, the log since the caller's last event, details. */
export interface ApplyAnswer {
  readonly result: StepResult;
  readonly view: MachineView;
  readonly events: readonly SimEvent[];
  readonly details: Details;
}

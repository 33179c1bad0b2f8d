/** Small, serialisable views of the simulator: what the worker sends the UI. Never the model itself. */

import { domainDebugShow } from "../kernel/irq/debugfs";
import { IRQD } from "../kernel/irq/irqdesc";
import { showInterrupts, shownAffinity } from "../kernel/irq/proc";
import type { MachineSpec } from "../scenario/schema";
import type { StepRecord } from "./commands";
import { type CpuDetail, cpuDetail } from "./cpu-detail";
import { type CpuRow, cpuRows, type MatrixSummary, matrixSummary } from "./cpu-view";
import { type DomainTreeView, domainTree } from "./domain-tree";
import { type IrqDetail, irqDetail } from "./irq-detail";
import { allIrqSources } from "./irq-source";
import { describeVectorState, type VectorState } from "./irq-state";
import type { Simulator } from "./simulator";

export type { CpuRow } from "./cpu-view";

/** One irq with a message store behind it, as the irq list shows it. */
export interface IrqRow {
  readonly irq: number;
  readonly device: string;
  /** msi, msix, ims, ioapic, hpet, dmar. */
  readonly store: string;
  readonly slot: number;
  readonly actions: string;
  /** What /proc/irq/N/smp_affinity_list reads: the pending mask while a move waits. */
  readonly affinity: string;
  readonly effective: string;
  readonly managed: boolean;
  readonly started: boolean;
  readonly state: VectorState;
  readonly stateText: string;
  /** Where the hardware is pointed (0xef while parked); -1: no vector. */
  readonly vector: number;
  readonly cpu: number;
  /** The IRTE index (+ sub-handle) under IR; -1 without one. */
  readonly irte: number;
  readonly count: number;
}

/** A device the action panel offers, with the operations its stores allow. */
export interface DeviceRow {
  readonly name: string;
  readonly model: string;
  readonly bdf: string;
  readonly msi: number;
  readonly msix: number;
  readonly ims: number;
  readonly legacy: boolean;
  readonly hpet: boolean;
}

export interface IrUnitView {
  readonly name: string;
  readonly entries: number;
  readonly used: number;
  readonly irteWrites: number;
  readonly iecFlushes: number;
}

export interface TimelineEntry {
  readonly n: number;
  readonly what: string;
  readonly ok: boolean;
  readonly silent: boolean;
  readonly outcome: string;
}

export interface MachineView {
  readonly title: string;
  readonly machine: MachineSpec;
  readonly version: number;
  readonly jiffies: number;
  readonly matrix: MatrixSummary;
  readonly cpus: readonly CpuRow[];
  /** The irqs, ascending (at most IRQ_ROW_LIMIT), and how many there are in all. */
  readonly irqs: readonly IrqRow[];
  readonly irqTotal: number;
  readonly devices: readonly DeviceRow[];
  readonly ir: IrUnitView | undefined;
  readonly tree: DomainTreeView;
  /** The last TIMELINE_TAIL steps (a long session would make every answer heavy), and how many there are. */
  readonly timeline: readonly TimelineEntry[];
  readonly timelineTotal: number;
}

export const IRQ_ROW_LIMIT = 500;
export const TIMELINE_TAIL = 200;

function irqRows(sim: Simulator): { rows: IrqRow[]; total: number } {
  const p = sim.platform;
  const { machine } = p;
  const sources = allIrqSources(p);
  const irqs = [...sources.keys()].sort((a, b) => a - b);
  const rows: IrqRow[] = [];
  for (const irq of irqs.slice(0, IRQ_ROW_LIMIT)) {
    const src = sources.get(irq);
    const desc = machine.descs.desc(irq);
    if (!src || !desc) continue;
    const a = machine.vector.apicd.get(irq);
    const ird = p.iommu?.irqs.get(irq);
    const st = describeVectorState(machine, irq);
    rows.push({
      irq,
      device: src.device,
      store: src.store,
      slot: src.slot,
      actions: desc.actions.map((x) => x.name).join(", "),
      affinity: shownAffinity(machine.core, irq),
      effective: desc.effective.toList(),
      managed: desc.has(IRQD.AFFINITY_MANAGED),
      started: desc.has(IRQD.STARTED),
      state: st.state,
      stateText: st.text,
      vector: a ? a.hwVector : -1,
      cpu: a ? a.hwCpu : -1,
      irte: ird ? ird.index + ird.subHandle : -1,
      count: desc.counts.reduce((s, n) => s + n, 0),
    });
  }
  return { rows, total: irqs.length };
}

function deviceRows(sim: Simulator): DeviceRow[] {
  const p = sim.platform;
  const out: DeviceRow[] = [];
  const none = { bdf: "", msi: 0, msix: 0, ims: 0, legacy: false, hpet: false };
  for (const spec of sim.presentDevices()) {
    const hw = p.devices.get(spec.name)?.hw;
    if (hw?.kind === "pci") {
      const dev = hw.dev;
      out.push({
        ...none,
        name: dev.name,
        model: spec.model,
        bdf: dev.bdf,
        msi: dev.msiCap?.slots ?? 0,
        msix: dev.msixCap?.slots ?? 0,
        ims: dev.ims?.slots ?? 0,
      });
    } else if (hw)
      out.push({ ...none, name: spec.name, model: spec.model, legacy: hw.kind === "line", hpet: hw.kind === "hpet" });
  }
  return out;
}

/** `want.collapsed`: the canvas nodes the user folded, so the tree comes laid out without what they hide. */
export function machineView(sim: Simulator, want: DetailRequest = {}): MachineView {
  const p = sim.platform;
  const { rows, total } = irqRows(sim);
  const iommu = p.iommu;
  return {
    title: sim.title,
    machine: sim.machineSpec,
    version: sim.version,
    jiffies: p.machine.clock.jiffies,
    matrix: matrixSummary(p.machine),
    cpus: cpuRows(p.machine),
    irqs: rows,
    irqTotal: total,
    devices: deviceRows(sim),
    ir: iommu
      ? {
          name: iommu.domain.name,
          entries: iommu.entries,
          used: iommu.bitmap.used,
          irteWrites: iommu.irteWrites,
          iecFlushes: iommu.iecFlushes,
        }
      : undefined,
    tree: domainTree(p, want.collapsed),
    timeline: sim.records.slice(-TIMELINE_TAIL).map(timelineEntry),
    timelineTotal: sim.records.length,
  };
}

function timelineEntry(r: StepRecord): TimelineEntry {
  const res = r.result;
  return {
    n: r.n,
    what: r.what,
    ok: res.ok,
    silent: res.ok && res.silent !== undefined,
    outcome: res.ok
      ? res.silent === undefined
        ? res.summary
        : `silent failure: ${res.silent}`
      : `-${res.errno}: ${res.reason}`,
  };
}

/** Heavier texts the UI asks for only while it shows them. */
export interface DetailRequest {
  /** The irq the inspector shows. */
  readonly irq?: number;
  /** /proc/interrupts. */
  readonly interrupts?: boolean;
  /** debugfs domains/NAME. */
  readonly domain?: string;
  /** Not a detail but the canvas's fold (node ids): the view's tree is laid out without what they hide. */
  readonly collapsed?: readonly string[];
  /** The CPU the inspector shows. */
  readonly cpu?: number;
}

export interface Details {
  readonly irq?: IrqDetail;
  readonly interrupts?: string;
  readonly domain?: { readonly name: string; readonly text: string };
  readonly cpu?: CpuDetail;
}

export function details(sim: Simulator, want: DetailRequest): Details {
  const p = sim.platform;
  const out: { irq?: IrqDetail; interrupts?: string; domain?: { name: string; text: string }; cpu?: CpuDetail } = {};
  if (want.irq !== undefined) {
    const d = irqDetail(p, want.irq);
    if (d) out.irq = d;
  }
  if (want.interrupts) out.interrupts = showInterrupts(p.machine.core);
  if (want.domain !== undefined) {
    const dom = p.domains().find((d) => d.name === want.domain);
    if (dom) out.domain = { name: dom.name, text: domainDebugShow(dom) };
  }
  if (want.cpu !== undefined) {
    const c = cpuDetail(p, want.cpu);
    if (c) out.cpu = c;
  }
  return out;
}

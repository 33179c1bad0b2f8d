/**
 * A machine as plain data: its CPUs, domains with their parents, irqs (chip levels aside: device,
 * store and slot, affinity, effective CPU, vector, IRTE), devices and IR unit. The views the worker
 * sends (views.ts) are built from it, and so could an imported dump or a compare diff: they need a
 * snapshot, not a live model.
 */
import { IRQD } from "../kernel/irq/irqdesc";
import { shownAffinity } from "../kernel/irq/proc";
import type { Platform } from "../kernel/platform";
import type { MachineSpec } from "../scenario/schema";
import { type CpuRow, cpuRows, type MatrixSummary, matrixSummary } from "./cpu-view";
import { type DomainNodes, domainNodes } from "./domain-nodes";
import { allIrqSources, type IrqSource, irqsWithSource } from "./irq-source";
import { describeVectorState, type VectorState } from "./irq-state";
import type { Simulator } from "./simulator";

/** One irq with a message store behind it, as the irq list shows it. */
export interface IrqRow {
  readonly irq: number;
  readonly device: string;
  /** msi, msix, ims, ioapic, hpet, dmar. */
  readonly store: string;
  readonly slot: number;
  readonly actions: string;
  /** The outermost chip, as /proc/interrupts names it ("IR-PCI-MSIX-0000:3d:00.0"). */
  readonly chip: string;
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
  /** Imported machines only: the fields deduced, and those the input does not say (shown as unknown). */
  readonly inferred?: readonly string[];
  readonly unknown?: readonly string[];
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

export interface MachineSnapshot {
  readonly title: string;
  readonly machine: MachineSpec;
  readonly jiffies: number;
  readonly matrix: MatrixSummary;
  readonly cpus: readonly CpuRow[];
  /** The irqs with a message store behind them, ascending, at most `irqLimit` of them, and how many in all. */
  readonly irqs: readonly IrqRow[];
  readonly irqTotal: number;
  readonly devices: readonly DeviceRow[];
  readonly ir: IrUnitView | undefined;
  readonly domains: DomainNodes;
  /** Set for a machine read from a dump (imported-snapshot.ts): where each fact came from. */
  readonly provenance?: ImportProvenance;
}

/** A fact about an imported machine, and how it is known. */
export interface ImportFact {
  readonly what: string;
  readonly value: string;
  readonly how: "read" | "inferred" | "unknown";
  readonly why?: string;
}

/** What an imported machine's snapshot says about its origin: read-only history, not a simulation. */
export interface ImportProvenance {
  readonly label: string;
  /** Every machine the input held (labels), and which one this is. */
  readonly machines: readonly string[];
  readonly chosen: number;
  readonly sources: readonly string[];
  readonly facts: readonly ImportFact[];
  /** Skipped lines, joined rows, sections that could not be read, machine splits. */
  readonly notes: readonly string[];
  /** Interrupt-related kernel log lines, as read. */
  readonly log: readonly string[];
  /** "Simulate a machine like this": the scenario's title, or why the input does not say enough. */
  readonly like: { readonly ok: true; readonly title: string } | { readonly ok: false; readonly why: string };
}

/** One irq's row, from its message store (`src`): undefined when it has no descriptor. */
export function irqRowOf(p: Platform, irq: number, src: IrqSource): IrqRow | undefined {
  const { machine } = p;
  const desc = machine.descs.desc(irq);
  if (!desc) return undefined;
  const a = machine.vector.apicd.get(irq);
  const ird = p.iommu?.irqs.get(irq);
  const st = describeVectorState(machine, irq);
  return {
    irq,
    device: src.device,
    store: src.store,
    slot: src.slot,
    actions: desc.actions.map((x) => x.name).join(", "),
    chip: desc.data?.chip ?? "",
    affinity: shownAffinity(machine.core, irq),
    effective: desc.effective.toList(),
    managed: desc.has(IRQD.AFFINITY_MANAGED),
    started: desc.has(IRQD.STARTED),
    state: st.state,
    stateText: st.text,
    vector: a ? a.hwVector : -1,
    cpu: a ? a.hwCpu : -1,
    irte: ird ? ird.index + ird.subHandle : -1,
    count: desc.counts.reduce((sum, n) => sum + n, 0),
  };
}

function irqRows(sim: Simulator, limit: number): { rows: IrqRow[]; total: number } {
  return platformIrqRows(sim.platform, limit);
}

/** The irq rows of a platform without a session (a guest's host). */
export function platformIrqRows(p: Platform, limit: number): { rows: IrqRow[]; total: number } {
  // The sources of the rows shown only: building all 10,000 for 500 rows was most of a click's time.
  const { first, total } = irqsWithSource(p, limit);
  const sources = allIrqSources(p, total > limit ? new Set(first) : undefined);
  const rows: IrqRow[] = [];
  for (const irq of first) {
    const src = sources.get(irq);
    const row = src ? irqRowOf(p, irq, src) : undefined;
    if (row) rows.push(row);
  }
  return { rows, total };
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

/** A platform's IR unit as the views show it (none without IR). */
export function irUnitView(p: Platform): IrUnitView | undefined {
  const iommu = p.iommu;
  return iommu
    ? {
        name: iommu.domain.name,
        entries: iommu.entries,
        used: iommu.bitmap.used,
        irteWrites: iommu.irteWrites,
        iecFlushes: iommu.iecFlushes,
      }
    : undefined;
}

/**
 * The snapshot of `sim`'s machine now. `irqLimit` bounds the irq rows (a view shows the first ones of
 * tens of thousands); the count of all is kept.
 */
export function machineSnapshot(sim: Simulator, irqLimit = Number.POSITIVE_INFINITY): MachineSnapshot {
  const p = sim.platform;
  const { rows, total } = irqRows(sim, irqLimit);
  return {
    title: sim.title,
    machine: sim.machineSpec,
    jiffies: p.machine.clock.jiffies,
    matrix: matrixSummary(p.machine),
    cpus: cpuRows(p.machine),
    irqs: rows,
    irqTotal: total,
    devices: deviceRows(sim),
    ir: irUnitView(p),
    domains: domainNodes(p),
  };
}

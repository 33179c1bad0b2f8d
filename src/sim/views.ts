/** Small, serialisable views of a machine: what the worker sends the UI. Never the model itself. */

import { domainDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import type { MachineSpec } from "../scenario/schema";
import type { StepRecord } from "./commands";
import { type CpuDetail, cpuDetail } from "./cpu-detail";
import type { CpuRow } from "./cpu-view";
import { type DomainTreeView, layoutDomainTree } from "./domain-tree";
import { type IrqDetail, irqDetail } from "./irq-detail";
import type { Simulator } from "./simulator";
import type { DeviceRow, ImportProvenance, IrqRow, IrUnitView, MachineSnapshot } from "./snapshot";
import { machineSnapshot } from "./snapshot";
import { MAIN_MACHINE, type MachineRole } from "./tree-ids";

export type { CpuRow } from "./cpu-view";
export type { DeviceRow, ImportFact, ImportProvenance, IrqRow, IrUnitView } from "./snapshot";

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
  /** Which machine of the world its ids belong to (node ids carry it). */
  readonly role: MachineRole;
  readonly jiffies: number;
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
  /** Set for an imported machine: read-only history, with where each fact came from. */
  readonly provenance?: ImportProvenance;
}

export const IRQ_ROW_LIMIT = 500;
export const TIMELINE_TAIL = 200;

/**
 * The view of a snapshot: its first irqs, its domain tree laid out on `machine` without what
 * `want.collapsed` folds, the last steps. The matrix totals stay out: no view reads them.
 */
export function snapshotView(
  snap: MachineSnapshot,
  records: readonly StepRecord[],
  machine: MachineRole,
  want: DetailRequest = {},
): MachineView {
  return {
    title: snap.title,
    machine: snap.machine,
    role: machine,
    jiffies: snap.jiffies,
    cpus: snap.cpus,
    irqs: snap.irqs.length > IRQ_ROW_LIMIT ? snap.irqs.slice(0, IRQ_ROW_LIMIT) : snap.irqs,
    irqTotal: snap.irqTotal,
    devices: snap.devices,
    ir: snap.ir,
    tree: layoutDomainTree(snap.domains, machine, want.collapsed),
    timeline: records.slice(-TIMELINE_TAIL).map(timelineEntry),
    timelineTotal: records.length,
    ...(snap.provenance ? { provenance: snap.provenance } : {}),
  };
}

/** The view of `sim`'s machine now (its snapshot cut to the rows a view shows). */
export function machineView(
  sim: Simulator,
  want: DetailRequest = {},
  machine: MachineRole = MAIN_MACHINE,
): MachineView {
  return snapshotView(machineSnapshot(sim, IRQ_ROW_LIMIT), sim.records, machine, want);
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

export function details(sim: Simulator, want: DetailRequest, machine: MachineRole = MAIN_MACHINE): Details {
  const p = sim.platform;
  const out: { irq?: IrqDetail; interrupts?: string; domain?: { name: string; text: string }; cpu?: CpuDetail } = {};
  if (want.irq !== undefined) {
    const d = irqDetail(p, want.irq, machine);
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

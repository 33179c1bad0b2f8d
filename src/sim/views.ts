/** Small, serialisable views of a machine: what the worker sends the UI. Never the model itself. */

import { domainDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import type { StepRecord } from "./commands";
import { type CpuDetail, cpuDetail } from "./cpu-detail";
import { type DomainTreeView, layoutDomainTree } from "./domain-tree";
import { guestIrqBacking } from "./guest/guest-irq-detail";
import { guestWorldOf } from "./guest/guest-world";
import { type IrqDetail, irqDetail } from "./irq-detail";
import type { Simulator } from "./simulator";
import type { ImportProvenance, MachineSnapshot } from "./snapshot";
import { machineSnapshot } from "./snapshot";
import { type StepWrites, writesForView } from "./step-writes";
import { MAIN_MACHINE, type MachineRole } from "./tree-ids";
import type { WorldExtras } from "./world";
import { worldView } from "./world-view";
import { writesHeadline } from "./write-text";

export type { CpuRow } from "./cpu-view";
export type { DeviceRow, ImportFact, ImportProvenance, IrqRow, IrUnitView } from "./snapshot";

export interface TimelineEntry {
  readonly n: number;
  readonly what: string;
  readonly ok: boolean;
  readonly silent: boolean;
  readonly outcome: string;
  /** What the step wrote, in words ("device not written: only IRTE 19"). */
  readonly writes?: string;
  /** The scenario's caption for the step (its `note`). */
  readonly note?: string;
  /** The irq the step concerned (stepping to it selects it). */
  readonly irq?: number;
}

/**
 * A snapshot as the UI gets it after every command: its irqs cut to the first IRQ_ROW_LIMIT (irqTotal
 * counts them all), the matrix totals left out (no view reads them), the domains laid out as a tree.
 */
export interface MachineView
  extends Pick<MachineSnapshot, "title" | "machine" | "jiffies" | "cpus" | "irqs" | "irqTotal" | "devices" | "ir"> {
  /** Which machine of the world its ids belong to (node ids carry it). */
  readonly role: MachineRole;
  readonly tree: DomainTreeView;
  /** The last TIMELINE_TAIL steps (a long session would make every answer heavy), and how many there are. */
  readonly timeline: readonly TimelineEntry[];
  readonly timelineTotal: number;
  /** What the last step wrote (device entries, IRTEs), its sinks cut short; the whole record is asked per step. */
  readonly lastWrites?: StepWrites;
  /** Set for an imported machine: read-only history, with where each fact came from. */
  readonly provenance?: ImportProvenance;
  /** The other machines of its world (a guest's host, an NTB peer host) and the links to them (world.ts). */
  readonly world?: WorldExtras;
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
  writesOf: (n: number) => StepWrites | undefined = () => undefined,
): MachineView {
  const last = records.at(-1);
  const lastWrites = last ? writesOf(last.n) : undefined;
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
    timeline: records.slice(-TIMELINE_TAIL).map((r) => timelineEntry(r, writesOf(r.n))),
    timelineTotal: records.length,
    ...(lastWrites ? { lastWrites: writesForView(lastWrites) } : {}),
    ...(snap.provenance ? { provenance: snap.provenance } : {}),
  };
}

/** The view of `sim`'s machine now (its snapshot cut to the rows a view shows). */
export function machineView(
  sim: Simulator,
  want: DetailRequest = {},
  machine: MachineRole = MAIN_MACHINE,
): MachineView {
  const view = snapshotView(machineSnapshot(sim, IRQ_ROW_LIMIT), sim.records, machine, want, (n) => sim.stepWrites(n));
  const world = worldView(sim.platform, machine, want.collapsed, new Set(view.irqs.map((r) => r.irq)));
  return world ? { ...view, world } : view;
}

/**
 * Each record's entry, kept while its write record is the same object: a step's record never changes
 * once run, and every answer carries the last 200 (their write headlines were most of a view's time).
 */
const timelineEntries = new WeakMap<StepRecord, { writes: StepWrites | undefined; entry: TimelineEntry }>();

function timelineEntry(r: StepRecord, writes: StepWrites | undefined): TimelineEntry {
  const kept = timelineEntries.get(r);
  if (kept && kept.writes === writes) return kept.entry;
  const entry = newTimelineEntry(r, writes);
  timelineEntries.set(r, { writes, entry });
  return entry;
}

function newTimelineEntry(r: StepRecord, writes: StepWrites | undefined): TimelineEntry {
  const res = r.result;
  return {
    ...(writes ? { writes: writesHeadline(writes) } : {}),
    ...(r.step.note ? { note: r.step.note } : {}),
    ...(r.irq === undefined ? {} : { irq: r.irq }),
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
    const world = guestWorldOf(p);
    if (d) out.irq = world ? { ...d, ...guestIrqBacking(world, want.irq) } : d;
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

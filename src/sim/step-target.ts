/**
 * Stable step targets. Irq numbers are handed out in allocation order, so they change with the
 * machine (IR off: no DMAR fault irq, every later number shifts). A step the UI records names its
 * interrupt the way a driver does, by device + store + index, and only an interrupt without a device
 * (the DMAR fault irq, an IO-APIC pin nobody owns) by its number. A replay on a changed machine then
 * acts on the same device entry, and whatever still changed is reported step by step.
 */
import { pciIrqVector } from "../kernel/drivers/pci/msi/api";
import type { Platform } from "../kernel/platform";
import type { IrqRef, Step } from "../scenario/schema";
import type { StepRecord } from "./commands";
import { locateIrq } from "./irq-source";
import { presentDevices } from "./present-devices";

/** The device entry behind `irq`, as a step names it; `{irq}` for an interrupt without a device. */
export function stableIrqRef(p: Platform, irq: number): IrqRef {
  const src = locateIrq(p, irq);
  if (!src) return { irq };
  switch (src.store) {
    case "msi":
    case "msix":
    case "ims":
      return { device: src.device, store: src.store, index: src.slot };
    case "hpet":
      return { device: src.device, index: src.slot };
    case "ioapic":
      if (p.devices.get(src.device)?.hw.kind === "line") return { device: src.device, index: 0 };
      return intxRef(p, irq) ?? { irq };
    default:
      return { irq };
  }
}

/** A PCI function using INTx on this line (the first in bus order when the line is shared). */
function intxRef(p: Platform, irq: number): IrqRef | undefined {
  for (const dev of presentDevices(p).pci) {
    if (!dev.msiEnabled && !dev.msixEnabled && pciIrqVector(dev, 0) === irq) {
      return { device: dev.name, store: "intx", index: 0 };
    }
  }
  return undefined;
}

/**
 * `step` naming its interrupt by device entry where it named an irq number that has one. A
 * request_irq keeps the action name the number gave it, so /proc/interrupts reads the same.
 */
export function withStableTarget(p: Platform, step: Step): Step {
  if (!("irq" in step) || typeof step.irq !== "number") return step;
  if (!p.machine.descs.desc(step.irq)) return step;
  const ref = stableIrqRef(p, step.irq);
  if ("irq" in ref) return step;
  const { irq, ...rest } = step;
  const named = step.op === "request_irq" && step.name === undefined ? { name: `irq${irq}` } : {};
  return { ...rest, ...ref, ...named } as Step;
}

/** What an irq is, for a replay's comparison: its device entry, or its chip and hwirq. */
export function irqIdentity(p: Platform, irq: number): string {
  const ref = stableIrqRef(p, irq);
  if (!("irq" in ref)) return `${ref.device}${ref.store ? ` ${ref.store}` : ""} ${ref.index}`;
  const src = locateIrq(p, irq);
  return src ? `${src.device} ${src.store} ${src.slot}` : `irq ${irq}`;
}

/** A step's outcome in the words a replay compares: ok, silent failure, errno, failed expectations. */
export function outcomeText(r: StepRecord): string {
  const base = r.result.ok ? (r.result.silent === undefined ? "ok" : "silent failure") : `-${r.result.errno}`;
  return r.failedExpectations.length ? `${base}, expectation failed` : base;
}

/** A step whose target or outcome a replay changed. */
export interface ChangedStep {
  readonly n: number;
  readonly what: string;
  /** "target: nvme0 msix 3 → virtio0 msix 1", "outcome: ok → -ENOSPC". */
  readonly changes: readonly string[];
}

/**
 * The replayed steps whose interrupt or outcome differs from the same step's record in the run before
 * (pairs of before, after; `n` is the step's place in the new run).
 */
export function changedSteps(pairs: readonly (readonly [StepRecord | undefined, StepRecord])[]): ChangedStep[] {
  const out: ChangedStep[] = [];
  for (const [b, a] of pairs) {
    if (!b) continue;
    const changes: string[] = [];
    if ((b.target ?? "") !== (a.target ?? "")) changes.push(`target: ${b.target ?? "none"} → ${a.target ?? "none"}`);
    const [ob, oa] = [outcomeText(b), outcomeText(a)];
    if (ob !== oa) changes.push(`outcome: ${ob} → ${oa}`);
    if (changes.length) out.push({ n: a.n, what: a.what, changes });
  }
  return out;
}

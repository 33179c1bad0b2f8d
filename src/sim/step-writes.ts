/**
 * What one step wrote, grouped by where: device store entries (old → new message, and each message
 * write in between, so msi_set_affinity()'s two-step shows as two) and IRTEs (old → new vector,
 * destination, present). Plain data: the view carries the last step's, the Steps tab asks per step.
 * `kind` leaves room for other sinks (a KVM route, a posted IRTE) without changing the readers.
 */
import { IndexMarks } from "./index-marks";

/** A device entry's message words: an MSI/MSI-X/IMS/HPET address/data, or an IO-APIC RTE. */
export type EntryImage =
  | { readonly format: "msg"; readonly addressLo: number; readonly addressHi: number; readonly data: number }
  | { readonly format: "rte"; readonly lo: number; readonly hi: number };

/** One message write to an entry: the words before and after it. */
export interface MessageWrite {
  readonly before: EntryImage;
  readonly after: EntryImage;
}

/** The writes one step made to one device store entry. */
export interface DeviceEntryWrites {
  readonly kind: "device-entry";
  readonly device: string;
  /** msi, msix, ims-device, ims-queue, ioapic, hpet (the store kind). */
  readonly store: string;
  /** MSI vector (0: the capability's one message), MSI-X/IMS entry, IO-APIC pin, HPET timer. */
  readonly slot: number;
  /** The irq the entry belongs to now, when one does. */
  readonly irq?: number;
  readonly before: EntryImage;
  readonly after: EntryImage;
  /** Each complete message written (address + data, an RTE), in order: two for the two-step. */
  readonly messages: readonly MessageWrite[];
  /** Every register write to the entry, masks and controls included. */
  readonly registers: number;
}

/** An IRTE's fields that say where it sends: not present, or vector + destination. */
export interface IrteImage {
  readonly present: boolean;
  readonly vector: number;
  /** The dest_id field as written. */
  readonly destId: number;
  /** The CPU it names (the model's APIC ids are the CPU numbers); -1 when not present. */
  readonly cpu: number;
}

/** The writes one step made to one IRTE. */
export interface IrteWrites {
  readonly kind: "irte";
  /** The IR domain whose table holds it ("INTEL-IR-0-13"): its canvas node. */
  readonly domain: string;
  readonly index: number;
  readonly irq: number;
  readonly before: IrteImage;
  readonly after: IrteImage;
  /** modify_irte() calls on it in this step. */
  readonly writes: number;
}

/**
 * A guest's step on the VMM side: a KVM route written, a vIRTE hypercall, a trapped store write, a
 * host IRTE written (remapped or posted). `irq` is the guest irq it concerns.
 */
export interface VirtWrites {
  readonly kind: "kvm-route" | "hypercall" | "trap" | "host-irte";
  /** The machine the sink is on ("host" for KVM routes and host IRTEs, "main" for traps and hypercalls). */
  readonly machine: string;
  readonly device?: string;
  readonly irq?: number;
  /** The sink in words ("gsi 26 = MSI 0xfee03000/0x00000022"). */
  readonly what: string;
}

export type WriteSink = DeviceEntryWrites | IrteWrites | VirtWrites;

/** How many sinks a step keeps (an allocation of thousands of vectors keeps its counts, not every entry). */
export const STEP_WRITES_LIMIT = 256;

export interface StepWrites {
  /** The step's index in the session. */
  readonly n: number;
  /** The first STEP_WRITES_LIMIT sinks written, device entries first, in the order written. */
  readonly sinks: readonly WriteSink[];
  /** Device entries written (all of them, also beyond the limit) and complete messages written to them. */
  readonly deviceEntries: number;
  readonly deviceMessages: number;
  /** Device register writes in all (masks and controls too, and registers of a whole function). */
  readonly deviceRegisters: number;
  readonly irtes: number;
  readonly irteWrites: number;
  /** Per device: entries and messages written (for marking device nodes when the sinks were cut). */
  readonly byDevice: readonly { readonly device: string; readonly entries: number; readonly messages: number }[];
}

/** One IR domain's IRTEs in a step: those the record keeps, and every index written (for the count). */
interface IrteUnitWrites {
  readonly domain: string;
  readonly kept: Map<number, IrteWrites>;
  readonly seen: IndexMarks;
}

/** Collects one step's writes as the simulator's hooks report them. */
export class StepWritesCollector {
  private readonly entries: DeviceEntryWrites[] = [];
  private readonly irteByIndex = new Map<string, IrteUnitWrites>();
  /** The unit of the last IRTE write: a step's writes come in runs on one unit. */
  private lastUnit: IrteUnitWrites | undefined;
  private irtesKept = 0;
  private deviceEntries = 0;
  private deviceMessages = 0;
  private deviceRegisters = 0;
  private irteWrites = 0;
  private readonly byDevice = new Map<string, { device: string; entries: number; messages: number }>();
  private readonly virts: VirtWrites[] = [];

  /** A write on the VMM side of a guest (route, hypercall, trap, host IRTE). */
  virt(w: VirtWrites): void {
    if (this.virts.length < STEP_WRITES_LIMIT) this.virts.push(w);
  }

  entry(e: DeviceEntryWrites): void {
    this.countEntry(e.device, e.messages.length);
    if (this.entries.length < STEP_WRITES_LIMIT) this.entries.push(e);
  }

  /** Whether the next device entry is kept whole (else only counted: see countEntry()). */
  keepsEntry(): boolean {
    return this.entries.length < STEP_WRITES_LIMIT;
  }

  /** A device entry beyond the kept ones: counted as entry() would, without its images. */
  countEntry(device: string, messages: number): void {
    this.count(device, 1, messages);
  }

  /** `n` device entries beyond the kept ones, one message each: countEntry(device, 1) n times. */
  countEntries(device: string, n: number): void {
    if (n > 0) this.count(device, n, n);
  }

  private count(device: string, entries: number, messages: number): void {
    this.deviceEntries += entries;
    this.deviceMessages += messages;
    let d = this.byDevice.get(device);
    if (!d) {
      d = { device, entries: 0, messages: 0 };
      this.byDevice.set(device, d);
    }
    d.entries += entries;
    d.messages += messages;
  }

  /** Register writes of a store, counted whether or not they belong to an entry. */
  registers(n: number): void {
    this.deviceRegisters += n;
  }

  /**
   * One modify_irte(). The images are made only for an entry the record keeps (the first
   * STEP_WRITES_LIMIT of a step): a 65,536-entry allocation counts the rest.
   */
  irte(domain: string, index: number, irq: number, before: () => IrteImage, after: () => IrteImage): void {
    this.irteWrites++;
    let unit = this.lastUnit;
    if (unit?.domain !== domain) {
      unit = this.irteByIndex.get(domain);
      if (!unit) {
        unit = { domain, kept: new Map(), seen: new IndexMarks() };
        this.irteByIndex.set(domain, unit);
      }
      this.lastUnit = unit;
    }
    // Several writes in one step (activate, then a move): the first before, the last after.
    if (!unit.seen.mark(index)) {
      const kept = unit.kept.get(index);
      if (kept) unit.kept.set(index, { ...kept, irq, after: after(), writes: kept.writes + 1 });
      return;
    }
    if (this.irtesKept < STEP_WRITES_LIMIT) {
      this.irtesKept++;
      unit.kept.set(index, { kind: "irte", domain, index, irq, before: before(), after: after(), writes: 1 });
    }
  }

  finish(n: number): StepWrites {
    const units = [...this.irteByIndex.values()];
    const irtes = units.flatMap((u) => [...u.kept.values()]);
    const room = Math.max(0, STEP_WRITES_LIMIT - this.entries.length);
    return {
      n,
      sinks: [...this.entries, ...irtes.slice(0, room), ...this.virts],
      deviceEntries: this.deviceEntries,
      deviceMessages: this.deviceMessages,
      deviceRegisters: this.deviceRegisters,
      irtes: units.reduce((n, u) => n + u.seen.size, 0),
      irteWrites: this.irteWrites,
      byDevice: [...this.byDevice.values()],
    };
  }
}

/** The last step's record cut for the view: the counts whole, the first `limit` entries and IRTEs. */
export function writesForView(w: StepWrites, limit = 16): StepWrites {
  if (w.sinks.length <= limit) return w;
  const entries = w.sinks.filter((s) => s.kind === "device-entry").slice(0, limit);
  const others = w.sinks.filter((s) => s.kind !== "device-entry").slice(0, limit);
  return { ...w, sinks: [...entries, ...others] };
}

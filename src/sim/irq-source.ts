/**
 * Which message store stands behind a Linux irq, and its slot there: the inverse of the device
 * tables, for raise and for the views.
 */
import type { MessageStore } from "../hw/message-store";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { MSI_SECONDARY_DOMAIN, type MsiDesc } from "../kernel/irq/msi-desc";
import type { HpetBlock, Platform } from "../kernel/platform";
import { IndexMarks } from "./index-marks";
import { presentDevices } from "./present-devices";

export interface IrqSource {
  /** The device name (or "dmar0", "ioapic0"). */
  readonly device: string;
  readonly store: "msi" | "msix" | "ims" | "intx" | "ioapic" | "hpet" | "dmar";
  /** The slot in the store (MSI vector, MSI-X/IMS index, pin, timer). */
  readonly slot: number;
  readonly hw: MessageStore | undefined;
  /** The PCI requester id the message carries (source-id for the IR unit). */
  readonly requesterId: number | undefined;
  readonly pci?: PciDev;
  readonly desc?: MsiDesc;
}

function descSource(dev: PciDev, domid: number, desc: MsiDesc, irq: number): IrqSource {
  // One object literal of one shape (no spread): the views build this for every irq of a big machine.
  const ims = domid === MSI_SECONDARY_DOMAIN;
  const msix = !ims && desc.pci?.isMsix === true;
  return {
    device: dev.name,
    store: ims ? "ims" : msix ? "msix" : "msi",
    slot: descSlot(domid, desc, irq),
    hw: descStore(dev, domid, desc),
    requesterId: dev.devid,
    pci: dev,
    desc,
  };
}

/** The store behind a descriptor's irqs: IMS, the MSI-X table (none for a virtual vector), or MSI. */
function descStore(dev: PciDev, domid: number, desc: MsiDesc): MessageStore | undefined {
  if (domid === MSI_SECONDARY_DOMAIN) return dev.ims;
  if (desc.pci?.isMsix === true) return desc.pci.isVirtual ? undefined : dev.msixCap;
  return dev.msiCap;
}

/** The slot of `irq` in its descriptor's store: the IMS/MSI-X index, or the MSI vector. */
function descSlot(domid: number, desc: MsiDesc, irq: number): number {
  return domid === MSI_SECONDARY_DOMAIN || desc.pci?.isMsix === true ? desc.msiIndex : irq - desc.irq;
}

/**
 * Which irq owns each slot of `store`, one of `dev`'s (slot → irq): what pciIrqSources() says, without
 * building a source per irq (the simulator asks after every step that wrote a 2,048-entry table).
 */
export function pciStoreOwners(dev: PciDev, store: MessageStore): Map<number, number> {
  const out = new Map<number, number>();
  dev.msi.slots.forEach((slot, domid) => {
    slot.store.forEach((desc) => {
      if (descStore(dev, domid, desc) !== store) return;
      for (let i = 0; i < desc.nvecUsed && desc.irq; i++) out.set(descSlot(domid, desc, desc.irq + i), desc.irq + i);
    });
  });
  return out;
}

function pciSource(dev: PciDev, irq: number): IrqSource | undefined {
  for (let domid = 0; domid < dev.msi.slots.length; domid++) {
    const slot = dev.msi.slots[domid];
    if (!slot) continue;
    for (const desc of slot.store.values()) {
      if (desc.irq && irq >= desc.irq && irq < desc.irq + desc.nvecUsed) return descSource(dev, domid, desc, irq);
    }
  }
  return undefined;
}

function ioapicSource(p: Platform, irq: number): IrqSource | undefined {
  const pin = p.ioapic.pins.get(irq);
  if (!pin) return undefined;
  const legacy = presentDevices(p).lines.find((l) => l.irq === irq);
  return {
    device: legacy?.name ?? `ioapic${p.ioapic.hw.id}`,
    store: "ioapic",
    slot: pin.pin,
    hw: p.ioapic.hw,
    // mirrors the DMAR scope of IO-APIC 0 (ff:00.0 on q35)
    requesterId: 0xff00,
  };
}

function hpetSource(h: HpetBlock, timer: number): IrqSource {
  return { device: h.name, store: "hpet", slot: timer, hw: h.hw, requesterId: 0x00f8 };
}

function dmarSource(p: Platform, irq: number): IrqSource | undefined {
  const desc = p.dmarMsi?.msiDesc(irq);
  return desc ? { device: "dmar0", store: "dmar", slot: 0, hw: undefined, requesterId: undefined, desc } : undefined;
}

export function locateIrq(p: Platform, irq: number): IrqSource | undefined {
  const present = presentDevices(p);
  for (const dev of present.pci) {
    const s = pciSource(dev, irq);
    if (s) return s;
  }
  const io = ioapicSource(p, irq);
  if (io) return io;
  for (const h of present.hpets) {
    for (const [timer, hirq] of h.irqs) if (hirq === irq) return hpetSource(h, timer);
  }
  return dmarSource(p, irq);
}

/**
 * Every irq that has a message store behind it, with its source, in one pass over the devices; with
 * `wanted`, only those irqs (the pass still visits every descriptor, but asks only those within the
 * wanted irqs' span, and builds only what is asked).
 */
export function allIrqSources(p: Platform, wanted?: ReadonlySet<number>): Map<number, IrqSource> {
  const out = new Map<number, IrqSource>();
  const want = (irq: number) => wanted === undefined || wanted.has(irq);
  let from = 0;
  let to = Number.POSITIVE_INFINITY;
  if (wanted) {
    from = Number.POSITIVE_INFINITY;
    to = Number.NEGATIVE_INFINITY;
    for (const irq of wanted) {
      if (irq < from) from = irq;
      if (irq > to) to = irq;
    }
  }
  const present = presentDevices(p);
  for (const dev of present.pci) addPciSources(dev, out, want, from, to);
  for (const irq of p.ioapic.pins.keys()) {
    const s = want(irq) ? ioapicSource(p, irq) : undefined;
    if (s) out.set(irq, s);
  }
  for (const h of present.hpets) {
    for (const [timer, irq] of h.irqs) if (want(irq)) out.set(irq, hpetSource(h, timer));
  }
  for (const irq of p.dmarMsi?.irqs() ?? []) {
    const s = want(irq) ? dmarSource(p, irq) : undefined;
    if (s) out.set(irq, s);
  }
  return out;
}

/**
 * The numbers of the irqs allIrqSources() finds: the first `limit` ascending, and how many there are,
 * without building a source for any (a view shows the first few hundred of tens of thousands). Marked
 * in a byte per irq number rather than sorted: 65,536 numbers sorted with a comparator cost more than
 * the rows.
 */
export function irqsWithSource(p: Platform, limit = Number.POSITIVE_INFINITY): { first: number[]; total: number } {
  // Marked as found (no list of 65,536 numbers first); an irq is counted once, as allIrqSources() holds it once.
  const marked = new IndexMarks();
  const mark = (irq: number) => {
    if (irq >= 0) marked.mark(irq);
  };
  const present = presentDevices(p);
  // forEach, not for-of: no iterator result per descriptor of a 65,536-irq machine.
  for (const dev of present.pci) {
    for (const slot of dev.msi.slots) {
      slot.store.forEach((desc) => {
        for (let i = 0; i < desc.nvecUsed && desc.irq; i++) mark(desc.irq + i);
      });
    }
  }
  for (const irq of p.ioapic.pins.keys()) mark(irq);
  for (const h of present.hpets) for (const irq of h.irqs.values()) mark(irq);
  for (const irq of p.dmarMsi?.irqs() ?? []) mark(irq);
  return { first: marked.ascending(limit), total: marked.size };
}

/** The sources of one PCI function's irqs: work in proportion to that device, not to the machine. */
export function pciIrqSources(dev: PciDev): Map<number, IrqSource> {
  const out = new Map<number, IrqSource>();
  addPciSources(dev, out, () => true);
  return out;
}

function addPciSources(
  dev: PciDev,
  out: Map<number, IrqSource>,
  want: (irq: number) => boolean,
  wantedFrom = 0,
  wantedTo = Number.POSITIVE_INFINITY,
): void {
  dev.msi.slots.forEach((slot, domid) => {
    slot.store.forEach((desc) => {
      // A descriptor wholly outside the wanted irqs' span is skipped without asking for each irq.
      if (desc.irq + desc.nvecUsed <= wantedFrom || desc.irq > wantedTo) return;
      for (let i = 0; i < desc.nvecUsed && desc.irq; i++) {
        if (want(desc.irq + i)) out.set(desc.irq + i, descSource(dev, domid, desc, desc.irq + i));
      }
    });
  });
}

/** The irqs a device of the machine (a PCI function, a legacy pin user, an HPET block) has now. */
export function irqsOfDevice(p: Platform, name: string): Set<number> {
  const hw = p.devices.get(name)?.hw;
  if (hw?.kind === "pci") return new Set(pciIrqSources(hw.dev).keys());
  if (hw?.kind === "line") return new Set([hw.line.irq]);
  return new Set(hw?.kind === "hpet" ? hw.block.irqs.values() : []);
}

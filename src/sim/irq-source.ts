/**
 * Which message store stands behind a Linux irq, and its slot there: the inverse of the device
 * tables, for raise and for the views.
 */
import type { MessageStore } from "../hw/message-store";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { MSI_SECONDARY_DOMAIN, type MsiDesc } from "../kernel/irq/msi-desc";
import type { Platform } from "../kernel/platform";

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
  const base = { device: dev.name, requesterId: dev.devid, pci: dev, desc };
  if (domid === MSI_SECONDARY_DOMAIN) return { ...base, store: "ims", slot: desc.msiIndex, hw: dev.ims };
  if (desc.pci?.isMsix)
    return { ...base, store: "msix", slot: desc.msiIndex, hw: desc.pci.isVirtual ? undefined : dev.msixCap };
  return { ...base, store: "msi", slot: irq - desc.irq, hw: dev.msiCap };
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

export function locateIrq(p: Platform, irq: number): IrqSource | undefined {
  for (const dev of p.pci.values()) {
    const s = pciSource(dev, irq);
    if (s) return s;
  }
  const pin = p.ioapic.pins.get(irq);
  if (pin) {
    const legacy = [...p.legacy.values()].find((l) => l.irq === irq);
    return {
      device: legacy?.name ?? `ioapic${p.ioapic.hw.id}`,
      store: "ioapic",
      slot: pin.pin,
      hw: p.ioapic.hw,
      // mirrors the DMAR scope of IO-APIC 0 (ff:00.0 on q35)
      requesterId: 0xff00,
    };
  }
  for (const h of p.hpets.values()) {
    for (const [timer, hirq] of h.irqs) {
      if (hirq === irq) return { device: h.name, store: "hpet", slot: timer, hw: h.hw, requesterId: 0x00f8 };
    }
  }
  const dmarDesc = p.dmarMsi?.descOf.get(irq);
  if (dmarDesc)
    return { device: "dmar0", store: "dmar", slot: 0, hw: undefined, requesterId: undefined, desc: dmarDesc };
  return undefined;
}

/** Every irq that has a message store behind it, with its source, in one pass over the devices. */
export function allIrqSources(p: Platform): Map<number, IrqSource> {
  const out = new Map<number, IrqSource>();
  for (const dev of p.pci.values()) {
    dev.msi.slots.forEach((slot, domid) => {
      for (const desc of slot.store.values()) {
        for (let i = 0; i < desc.nvecUsed && desc.irq; i++)
          out.set(desc.irq + i, descSource(dev, domid, desc, desc.irq + i));
      }
    });
  }
  for (const irq of p.ioapic.pins.keys()) {
    const s = locateIrq(p, irq);
    if (s) out.set(irq, s);
  }
  for (const h of p.hpets.values()) {
    for (const [timer, irq] of h.irqs) {
      out.set(irq, { device: h.name, store: "hpet", slot: timer, hw: h.hw, requesterId: 0x00f8 });
    }
  }
  for (const irq of p.dmarMsi?.descOf.keys() ?? []) {
    const s = locateIrq(p, irq);
    if (s) out.set(irq, s);
  }
  return out;
}

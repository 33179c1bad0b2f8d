/**
 * An irq's domain chain deduced from its /proc/interrupts chip and hwirq, when no debugfs file printed
 * it: the domain names the kernel of that era gives (spec §3), the device (BDF from a per-device chip
 * name, or decoded from the global pre-6.2 hwirq) and the index on it. Everything here is inferred.
 */
import { parseChipColumn } from "./chip-column";
import type { ImportedDomainKind, ImportedLevel } from "./imported-machine";
import { decodeGlobalPciMsiHwirq } from "./pci-msi-hwirq";

/** What the whole input says about naming and remapping, which every chain depends on. */
export interface ChainContext {
  /** The IR unit's domain ("INTEL-IR-0-13", "INTEL-IR-3", "AMD-IR-0-14"), when IR is on. */
  readonly irDomain: string | undefined;
  readonly vendor: "intel" | "amd" | "hyperv" | undefined;
  /** The IO-APIC's domain name: IO-APIC-<apic id> when the log or debugfs says the id. */
  readonly ioapicDomain: string;
}

export interface InferredChain {
  readonly levels: readonly ImportedLevel[];
  readonly kinds: readonly ImportedDomainKind[];
  readonly device?: string;
  readonly index?: number;
  readonly store?: "msi" | "msix" | "ioapic" | "dmar" | "hpet";
}

const VECTOR = "VECTOR";

function chain(
  leaf: { domain: string; chip: string; hwirq?: number; kind: ImportedDomainKind },
  remapped: string | undefined,
): Pick<InferredChain, "levels" | "kinds"> {
  const levels: ImportedLevel[] = [
    {
      domain: leaf.domain,
      chip: leaf.chip,
      ...(leaf.hwirq === undefined ? {} : { hwirq: String(leaf.hwirq) }),
      how: "inferred",
    },
  ];
  const kinds: ImportedDomainKind[] = [leaf.kind];
  if (remapped) {
    levels.push({ domain: remapped, chip: remapped.startsWith("AMD") ? "AMD-IR" : "INTEL-IR", how: "inferred" });
    kinds.push("ir");
  }
  levels.push({ domain: VECTOR, chip: "APIC", how: "inferred" });
  kinds.push("vector");
  return { levels, kinds };
}

/** The chain of one /proc/interrupts row. */
export function inferChain(chip: string, hwirq: number | undefined, ctx: ChainContext): InferredChain {
  const col = parseChipColumn(chip);
  const ir = col.ir ? ctx.irDomain : undefined;
  if (col.era === "per-device" && col.bdf) {
    const msix = col.kind === "msix";
    // The domain carries the bus token (DOMAIN_BUS_PCI_DEVICE_MSI 11, _MSIX 12); the chip does not.
    const domain = `${chip.trim()}-${msix ? 12 : 11}`;
    return {
      ...chain({ domain, chip, ...(hwirq === undefined ? {} : { hwirq }), kind: msix ? "pci-msix" : "pci-msi" }, ir),
      device: col.bdf,
      ...(hwirq === undefined ? {} : { index: hwirq }),
      store: msix ? "msix" : "msi",
    };
  }
  if (col.era === "global") {
    const decoded = hwirq === undefined ? undefined : decodeGlobalPciMsiHwirq(hwirq);
    const hyperv = chip.trim() === "Hyper-V PCIe MSI";
    // ≤ 6.1: one PCI/MSI domain per IR unit (INTEL-IR-MSI-<seq>-3), else the one PCI-MSI-3.
    const unit = /-(\d+)(?:-\d+)?$/.exec(ir ?? "")?.[1] ?? "0";
    const domain = hyperv
      ? chip.trim()
      : ir
        ? `${ctx.vendor === "amd" ? "AMD-IR-MSI" : "INTEL-IR-MSI"}-${unit}-3`
        : "PCI-MSI-3";
    return {
      ...chain({ domain, chip, ...(hwirq === undefined ? {} : { hwirq }), kind: "pci-msi" }, ir),
      ...(decoded ? { device: decoded.bdf, index: decoded.index } : {}),
      // The global chip says PCI-MSI for MSI and MSI-X alike.
      store: col.kind ?? "msi",
    };
  }
  const name = chip.trim();
  if (/^(IR-)?IO-APIC$/.test(name)) {
    return {
      ...chain({ domain: ctx.ioapicDomain, chip, ...(hwirq === undefined ? {} : { hwirq }), kind: "ioapic" }, ir),
      ...(hwirq === undefined ? {} : { index: hwirq }),
      store: "ioapic",
    };
  }
  if (name === "DMAR-MSI") {
    // The IOMMU's own fault event is never remapped.
    return {
      ...chain({ domain: "DMAR-MSI", chip, ...(hwirq === undefined ? {} : { hwirq }), kind: "dmar-msi" }, undefined),
      ...(hwirq === undefined ? {} : { device: `dmar${hwirq}`, index: 0 }),
      store: "dmar",
    };
  }
  if (/^(IR-)?HPET-MSI/.test(name)) {
    return {
      ...chain({ domain: name.replace(/^IR-/, ""), chip, ...(hwirq === undefined ? {} : { hwirq }), kind: "hpet" }, ir),
      ...(hwirq === undefined ? {} : { index: hwirq }),
      store: "hpet",
    };
  }
  // XT-PIC, GPIO controllers, irq_sim chips: not under VECTOR as far as the input says.
  return {
    levels: [{ domain: name, chip, ...(hwirq === undefined ? {} : { hwirq: String(hwirq) }), how: "inferred" }],
    kinds: ["chip"],
  };
}

/** A domain name's kind, for names debugfs printed. */
export function kindOfDomain(name: string): ImportedDomainKind {
  if (name === VECTOR) return "vector";
  if (/^INTEL-IR-MSI-|^AMD-IR-MSI-|^PCI-MSI-3$|^PCI-MSI$/.test(name)) return "pci-msi";
  if (/^(INTEL|AMD)-IR-/.test(name)) return "ir";
  if (name.startsWith("IO-APIC")) return "ioapic";
  if (name.startsWith("DMAR-MSI")) return "dmar-msi";
  if (name.startsWith("HPET")) return "hpet";
  if (/PCI-MSIX-.*-12$/.test(name)) return "pci-msix";
  if (/PCI-MSI-.*-11$/.test(name)) return "pci-msi";
  return "chip";
}

/**
 * What the chip name in /proc/interrupts says about the MSI naming era. Before 6.2 one global
 * PCI-MSI domain served all devices and its hwirq encodes the device; from 6.2 each device has its
 * own domain, named after the device, and the hwirq is the MSI(-X) index.
 */

export type ChipEra = "global" | "per-device" | "other";

export interface ChipColumn {
  era: ChipEra;
  /** Remapped by an IOMMU (the "IR-" prefix). */
  ir: boolean;
  /** Only per-device names tell MSI from MSI-X; the old global chip said "PCI-MSI" for both. */
  kind?: "msi" | "msix";
  bdf?: string;
  /** The parent's prefix before "PCI-MSI", e.g. "IR" or "HV". */
  prefix?: string;
}

const BDF = "[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]";
const PER_DEVICE = new RegExp(`^(?:([A-Z]+)-)?PCI-MSI(X?)-(${BDF})$`);
const GLOBAL = /^(?:([A-Z]+)-)?PCI-MSI(X?)$/;
// Hyper-V's vPCI chip kept one global domain per virtual bus, so its hwirq is the global encoding.
const HYPERV_GLOBAL = /^Hyper-V PCIe MSI$/;

function kindOf(x: string | undefined): "msi" | "msix" {
  return x === "X" ? "msix" : "msi";
}

export function parseChipColumn(chip: string): ChipColumn {
  const name = chip.trim();
  const perDevice = PER_DEVICE.exec(name);
  if (perDevice) {
    const prefix = perDevice[1];
    return {
      era: "per-device",
      ir: prefix === "IR",
      kind: kindOf(perDevice[2]),
      bdf: perDevice[3] ?? "",
      ...(prefix ? { prefix } : {}),
    };
  }
  const global = GLOBAL.exec(name);
  if (global) {
    const prefix = global[1];
    return {
      era: "global",
      ir: prefix === "IR",
      ...(global[2] === "X" ? { kind: "msix" as const } : {}),
      ...(prefix ? { prefix } : {}),
    };
  }
  if (HYPERV_GLOBAL.test(name)) return { era: "global", ir: false };
  return { era: "other", ir: name.startsWith("IR-") };
}

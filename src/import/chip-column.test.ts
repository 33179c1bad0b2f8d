import { describe, expect, it } from "vitest";
import { parseChipColumn } from "./chip-column";

describe("parseChipColumn: the MSI naming era from the chip name", () => {
  it.each([
    ["IR-PCI-MSIX-0000:04:00.0", { era: "per-device", ir: true, kind: "msix", bdf: "0000:04:00.0", prefix: "IR" }],
    ["IR-PCI-MSI-0000:00:1c.0", { era: "per-device", ir: true, kind: "msi", bdf: "0000:00:1c.0", prefix: "IR" }],
    ["PCI-MSIX-0000:03:00.0", { era: "per-device", ir: false, kind: "msix", bdf: "0000:03:00.0" }],
    ["PCI-MSI-0000:00:1f.2", { era: "per-device", ir: false, kind: "msi", bdf: "0000:00:1f.2" }],
    ["HV-PCI-MSIX-7870:00:00.0", { era: "per-device", ir: false, kind: "msix", bdf: "7870:00:00.0", prefix: "HV" }],
    ["IR-PCI-MSI", { era: "global", ir: true, prefix: "IR" }],
    ["PCI-MSI", { era: "global", ir: false }],
    ["Hyper-V PCIe MSI", { era: "global", ir: false }],
    ["IR-IO-APIC", { era: "other", ir: true }],
    ["IO-APIC", { era: "other", ir: false }],
    ["DMAR-MSI", { era: "other", ir: false }],
    ["intel-gpio", { era: "other", ir: false }],
  ])("%s", (chip, expected) => {
    expect(parseChipColumn(chip)).toEqual(expected);
  });
});

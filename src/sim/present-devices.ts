/**
 * The devices present on a platform, as the views walk them: one walk over the registry's devices
 * (Platform.devices, in the order they were added), grouped by what their hardware is.
 */
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import type { HpetBlock, LegacyDevice, Platform } from "../kernel/platform";

export interface PresentDevices {
  readonly pci: readonly PciDev[];
  /** IO-APIC line users (serial, rtc, acpi-sci, i8042). */
  readonly lines: readonly LegacyDevice[];
  readonly hpets: readonly HpetBlock[];
}

export function presentDevices(p: Platform): PresentDevices {
  const pci: PciDev[] = [];
  const lines: LegacyDevice[] = [];
  const hpets: HpetBlock[] = [];
  for (const { hw } of p.devices.values()) {
    if (hw.kind === "pci") pci.push(hw.dev);
    else if (hw.kind === "line") lines.push(hw.line);
    else hpets.push(hw.block);
  }
  return { pci, lines, hpets };
}

/** The PCI function named `name`, if one is present. */
export function pciDevice(p: Platform, name: string): PciDev | undefined {
  const hw = p.devices.get(name)?.hw;
  return hw?.kind === "pci" ? hw.dev : undefined;
}

/** The HPET block named `name`, if one is present. */
export function hpetBlock(p: Platform, name: string): HpetBlock | undefined {
  const hw = p.devices.get(name)?.hw;
  return hw?.kind === "hpet" ? hw.block : undefined;
}

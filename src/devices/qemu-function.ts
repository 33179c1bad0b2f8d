/** What QEMU's emulated PCI functions share: an MSI-X table in a BAR, INTA, no NUMA node. */
import { MsixTable, type MsixTableConfig } from "../hw/msix-table";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import type { KernelError } from "../kernel/errno";
import type { DeviceHw, Platform } from "../kernel/platform";

/** The function on the bus with the MSI-X table QEMU gives it. */
export function buildQemuFunction(
  p: Platform,
  d: { readonly name: string; readonly bdf: string },
  msix: MsixTableConfig,
): DeviceHw | KernelError {
  const dev = new PciDev(d.name, d.bdf, undefined, new MsixTable(msix), undefined);
  dev.intxPin = 0;
  // QEMU's ACPI tables give PCI devices no proximity domain.
  dev.node = -1;
  return p.attachPciFunction(dev);
}

/** virtio-pci's MSI-X table: an exclusive BAR 1 sized for its vectors, the PBA at 0x800. */
export function virtioMsixLayout(size: number): MsixTableConfig {
  return { size, tableBir: 1, tableOffset: 0, pbaBir: 1, pbaOffset: 0x800 };
}

/** The PCI function a driver binds to (every model with a driver is a PCI function). */
export function pciOf(hw: DeviceHw): PciDev {
  if (hw.kind !== "pci") throw new RangeError("a PCI driver bound to a device that is not a PCI function");
  return hw.dev;
}

/** An integer QEMU option, or its default. */
export function qemuInt(options: ReadonlyMap<string, string>, key: string, def: number): number {
  const n = Number.parseInt(options.get(key) ?? "", 10);
  return Number.isInteger(n) ? n : def;
}

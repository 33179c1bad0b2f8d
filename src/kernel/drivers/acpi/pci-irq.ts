/**
 * pci_enable_device() as far as interrupts see it: acpi_pci_irq_enable() looks the function's INTx
 * pin up in the _PRT and maps that GSI to an IO-APIC irq (level, active high: QEMU's GSI links),
 * which parks a reservation-mode vector until a driver requests the line.
 */
import type { Err } from "../../irq/irqdomain";
import type { Platform } from "../../platform";
import type { PciDev } from "../pci/pci-dev";

/** mirrors acpi_pci_irq_enable() → acpi_register_gsi() → mp_map_gsi_to_irq(); shared GSIs map once. */
export function acpiPciIrqEnable(p: Platform, dev: PciDev): Err {
  const route = p.firmware.intxGsi;
  if (dev.irq !== 0 || dev.intxPin === undefined || !route || dev.address.bus !== 0) return undefined;
  const gsi = route(dev.address.dev, dev.intxPin);
  const irq = p.ioapic.mapPin(gsi, gsi, { level: true, activeLow: false }, false);
  if (typeof irq !== "number") return irq;
  dev.irq = irq;
  return undefined;
}

/**
 * mirrors acpi_pci_irq_disable() as far as the function sees it: dev->irq is cleared. The GSI's
 * mapping stays: other functions share the link (the model keeps no per-GSI count for mp_unmap_irq()).
 */
export function acpiPciIrqDisable(dev: PciDev): void {
  dev.irq = 0;
}

/**
 * A PCI function leaving the bus. The scenario's steps act as a driver the model cannot unbind, so
 * what they took (handlers, IMS and MSI/MSI-X vectors) is given back here, as that driver's remove
 * would before pci_stop_and_remove_bus_device() and msi_device_data_release() drop the function.
 */
import type { Err } from "../../irq/irqdomain";
import { freeIrq } from "../../irq/manage";
import { MSI_SECONDARY_DOMAIN } from "../../irq/msi-desc";
import { pciFreeIrqVectors, pciImsFreeIrq } from "./msi/api";
import type { PciMsiPlatform } from "./msi/irqdomain";
import type { PciDev } from "./pci-dev";

export function pciReleaseFunction(pm: PciMsiPlatform, dev: PciDev): Err {
  for (const slot of dev.msi.slots) {
    for (const desc of slot.descs("associated")) {
      for (let i = 0; i < desc.nvecUsed; i++) {
        const d = pm.core.descs.desc(desc.irq + i);
        while (d && d.actions.length > 0) freeIrq(pm.core, desc.irq + i, undefined);
      }
    }
  }
  for (const desc of dev.msi.slots[MSI_SECONDARY_DOMAIN].descs("associated")) {
    const err = pciImsFreeIrq(pm, dev, desc.msiIndex);
    if (err) return err;
  }
  return dev.msiEnabled || dev.msixEnabled ? pciFreeIrqVectors(pm, dev) : undefined;
}

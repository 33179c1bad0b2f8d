/**
 * The e1000e driver's interrupts (drivers/net/ethernet/intel/e1000e/netdev.c): three MSI-X entries
 * (rx, tx, other) enabled at probe by e1000e_set_interrupt_capability(), requested only when the
 * interface is opened by e1000_request_msix().
 */
import type { Err } from "../../../../irq/irqdomain";
import type { Platform } from "../../../../platform";
import { acpiPciIrqDisable, acpiPciIrqEnable } from "../../../acpi/pci-irq";
import { type DeviceDriver, firstError, freeDriverVectors, requestVector } from "../../../driver";
import { pciAllocIrqVectors } from "../../../pci/msi/api";
import type { PciDev } from "../../../pci/pci-dev";

/** E1000E's MSI-X vectors: rx queue 0, tx queue 0 and the "other" (link) cause. */
const E1000E_MSIX_VECTORS = 3;

export function e1000eDriver(p: Platform, dev: PciDev): DeviceDriver {
  let instance = -1;
  let netdev = "eth?";
  const names = () => new Set([`${netdev}-rx-0`, `${netdev}-tx-0`, netdev]);
  return {
    name: "e1000e",
    probe(): Err {
      // register_netdev() names the interface in probe order.
      instance = p.nextInstance("eth");
      netdev = `eth${instance}`;
      return firstError(
        () => acpiPciIrqEnable(p, dev),
        () => {
          // pci_enable_msix_range(entries 0..2, 3, 3): exactly three, not spread.
          const r = pciAllocIrqVectors(p.pciMsiPlatform(), dev, {
            min: E1000E_MSIX_VECTORS,
            max: E1000E_MSIX_VECTORS,
            types: ["msix"],
          });
          return "errno" in r ? r : undefined;
        },
      );
    },
    open(): Err {
      return firstError(
        () => requestVector(p, dev, 0, `${netdev}-rx-0`),
        () => requestVector(p, dev, 1, `${netdev}-tx-0`),
        () => requestVector(p, dev, 2, netdev),
      );
    },
    remove(): Err {
      // mirrors e1000_remove(): unregister_netdev() closes the interface (e1000_free_irq()), then
      // e1000e_reset_interrupt_capability() disables MSI-X; the name ethN is free again.
      const err = freeDriverVectors(p, dev, names());
      acpiPciIrqDisable(dev);
      if (instance >= 0) p.releaseInstance("eth", instance);
      instance = -1;
      return err;
    },
  };
}

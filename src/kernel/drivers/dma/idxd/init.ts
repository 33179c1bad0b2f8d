/**
 * The idxd driver's interrupts (drivers/dma/idxd/init.c, device.c, irq.c): every MSI-X entry at
 * probe, the MSI-X permission table, vector 0 for the misc interrupt and vector k for the completion
 * interrupt of work queue k - 1, requested when that queue is enabled.
 */
import type { Err } from "../../../irq/irqdomain";
import type { Platform } from "../../../platform";
import { type DeviceDriver, firstError, freeDriverVectors, requestVector } from "../../driver";
import { pciAllocIrqVectors } from "../../pci/msi/api";
import type { PciDev } from "../../pci/pci-dev";

/** union msix_perm: bit 2 ignore, bit 3 pasid_en, bits 31:12 the PASID. */
export const IDXD_MSIX_PERM_IGNORE = 1 << 2;
export const IDXD_MSIX_PERM_PASID_EN = 1 << 3;

export interface IdxdOptions {
  /** Work queues enabled (accel-config), each with its completion vector. */
  readonly wqs: number;
}

export interface IdxdDriver extends DeviceDriver {
  /** The MSI-X permission table as the driver programmed it (entry 0, the misc vector, has none). */
  readonly msixPerm: readonly number[];
}

export function idxdDriver(p: Platform, dev: PciDev, opts: IdxdOptions): IdxdDriver {
  const names = new Set(["idxd-misc", "idxd-portal"]);
  const msixPerm: number[] = [];
  /** mirrors idxd_msix_perm_setup(): entries 1..n without PASID (no SVA in the model's host). */
  const msixPermSetup = (count: number) => {
    msixPerm.length = 0;
    for (let i = 0; i < count; i++) msixPerm.push(0);
  };
  return {
    name: "idxd",
    msixPerm,
    probe(): Err {
      // mirrors idxd_setup_interrupts(): msixcnt = pci_msix_vec_count(), all of them, exactly.
      const msixcnt = dev.msixCap?.slots ?? 0;
      const r = pciAllocIrqVectors(p.pciMsiPlatform(), dev, { min: msixcnt, max: msixcnt, types: ["msix"] });
      if ("errno" in r) return r;
      msixPermSetup(msixcnt);
      // request_threaded_irq(vector 0, ..., "idxd-misc"), then idxd_wq_request_irq() per enabled queue.
      const wqs = Array.from(
        { length: Math.min(opts.wqs, msixcnt - 1) },
        (_, wq) => () => requestVector(p, dev, wq + 1, "idxd-portal"),
      );
      return firstError(() => requestVector(p, dev, 0, "idxd-misc"), ...wqs);
    },
    remove(): Err {
      // mirrors idxd_remove(): the queues' and the misc irq, then pci_free_irq_vectors().
      msixPerm.length = 0;
      return freeDriverVectors(p, dev, names);
    },
  };
}

/**
 * The NVMe PCI driver's interrupts (drivers/nvme/host/pci.c): one vector for the admin queue while
 * the controller is brought up, then all of them again with the I/O queues spread (managed) over
 * the possible CPUs, the admin vector kept out of the spreading (pre_vectors = 1).
 */
import type { Err } from "../../../irq/irqdomain";
import { freeIrq } from "../../../irq/manage";
import type { Platform } from "../../../platform";
import { acpiPciIrqDisable, acpiPciIrqEnable } from "../../acpi/pci-irq";
import { type DeviceDriver, firstError, freeDriverVectors, possibleCpus, requestVector } from "../../driver";
import { pciAllocIrqVectors, pciFreeIrqVectors, pciIrqVector } from "../../pci/msi/api";
import type { PciDev } from "../../pci/pci-dev";

export interface NvmeOptions {
  /** The controller's I/O queue pairs (QEMU `max_ioqpairs`, 64 by default). */
  readonly maxIoqpairs: number;
}

export function nvmeDriver(p: Platform, dev: PciDev, opts: NvmeOptions): DeviceDriver {
  const msi = p.pciMsiPlatform();
  let instance = -1;
  const requested = new Set<string>();
  const qname = (q: number) => {
    const name = `nvme${instance}q${q}`;
    requested.add(name);
    return name;
  };
  return {
    name: "nvme",
    probe(): Err {
      // nvme_probe(): ida_alloc() numbers the controllers in probe order.
      instance = p.nextInstance("nvme");
      // nvme_pci_enable(): pci_enable_device_mem(), then one vector of any type for the admin queue.
      const enable = firstError(
        () => acpiPciIrqEnable(p, dev),
        () => {
          const r = pciAllocIrqVectors(msi, dev, { min: 1, max: 1, types: ["msix", "msi", "intx"] });
          return "errno" in r ? r : undefined;
        },
        // nvme_pci_configure_admin_queue() → queue_request_irq() for the admin queue.
        () => requestVector(p, dev, 0, qname(0)),
      );
      if (enable) return enable;
      // nvme_setup_io_queues(): as many I/O queues as possible CPUs, capped by the controller.
      const ioQueues = Math.min(possibleCpus(p).weight(), opts.maxIoqpairs);
      const admin = pciIrqVector(dev, 0);
      return firstError(
        // pci_free_irq() of the admin queue and pci_free_irq_vectors(), then nvme_setup_irqs().
        () => (typeof admin === "number" ? freeIrq(p.machine.core, admin, qname(0)) : admin),
        () => pciFreeIrqVectors(msi, dev),
        () => {
          const r = pciAllocIrqVectors(msi, dev, {
            min: 1,
            max: 1 + ioQueues,
            types: ["msix", "msi", "intx"],
            affinity: { cpus: possibleCpus(p), preVectors: 1 },
          });
          if ("errno" in r) return r;
          // queue_request_irq() for the admin queue again, then nvme_create_io_queues() one by one.
          return firstError(...Array.from({ length: r.count }, (_, q) => () => requestVector(p, dev, q, qname(q))));
        },
      );
    },
    remove(): Err {
      // mirrors nvme_remove(): nvme_dev_disable() frees the queues' irqs and pci_free_irq_vectors(),
      // pci_disable_device(), then nvme_free_ctrl() gives the instance back (ida_free()).
      const err = freeDriverVectors(p, dev, requested);
      requested.clear();
      acpiPciIrqDisable(dev);
      if (instance >= 0) p.releaseInstance("nvme", instance);
      instance = -1;
      return err;
    },
  };
}

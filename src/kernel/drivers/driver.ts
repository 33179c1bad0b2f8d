/**
 * A driver bound to a device, reduced to what it does with interrupts: its probe, and for a network
 * driver the `ndo_open` that requests its irqs when the interface is brought up.
 */
import { CpuMask } from "../cpumask";
import type { KernelError } from "../errno";
import type { Err } from "../irq/irqdomain";
import { requestIrq } from "../irq/manage";
import type { Platform } from "../platform";
import { pciIrqVector } from "./pci/msi/api";
import type { PciDev } from "./pci/pci-dev";

export interface DeviceDriver {
  /** The Linux driver name ("nvme", "e1000e", "virtio_net"). */
  readonly name: string;
  probe(): Err;
  /** ndo_open (`ip link set ethN up`). */
  open?(): Err;
}

/** cpu_possible_mask: every CPU of the machine, online or not. */
export function possibleCpus(p: Platform): CpuMask {
  return CpuMask.all(p.machine.config.cpus);
}

/** pci_irq_vector() + request_irq() for vector `nr`, as drivers do one queue at a time. */
export function requestVector(p: Platform, dev: PciDev, nr: number, name: string, shared = false): Err {
  const irq = pciIrqVector(dev, nr);
  if (typeof irq !== "number") return irq;
  return requestIrq(p.machine.core, irq, name, shared);
}

/** The first error of a sequence of kernel calls (drivers unwind on the first failure). */
export function firstError(...steps: (() => Err)[]): KernelError | undefined {
  for (const step of steps) {
    const err = step();
    if (err) return err;
  }
  return undefined;
}

/**
 * A driver bound to a device, reduced to what it does with interrupts: its probe, for a network
 * driver the `ndo_open` that requests its irqs when the interface is brought up, and its remove,
 * which gives back everything probe and open took.
 */
import { CpuMask } from "../cpumask";
import type { KernelError } from "../errno";
import type { Err } from "../irq/irqdomain";
import { freeIrq, requestIrq } from "../irq/manage";
import { msiRangeHasAction } from "../irq/msi";
import type { MsiMsg } from "../irq/msi-msg";
import type { Platform } from "../platform";
import { pciFreeIrqVectors, pciIrqVector } from "./pci/msi/api";
import type { PciDev } from "./pci/pci-dev";

export interface DeviceDriver {
  /** The Linux driver name ("nvme", "e1000e", "virtio_net"). */
  readonly name: string;
  probe(): Err;
  /** ndo_open (`ip link set ethN up`). */
  open?(): Err;
  /** The driver's remove(): every irq, vector, hotplug callback and instance number it took goes back. */
  remove(): Err;
  /**
   * Who really writes `irq`'s message when it is not the device's own store (ath11k's firmware, an
   * NTB peer host for store "peer"), and the copy they hold; undefined: the store itself writes.
   */
  heldCopy?(irq: number, store: string | undefined): HeldCopy | undefined;
  /** The irq behind a store only the driver knows ("peer": an NTB transport queue pair). */
  irqOf?(store: string, index: number): number | KernelError | undefined;
  /** Asynchronous work the driver or its peer does, run at every `tick`: what it did, if anything. */
  tick?(): string | undefined;
}

/** A copy of an interrupt message that someone other than the kernel writes. */
export interface HeldCopy {
  /** "the firmware", "the peer host". */
  readonly who: string;
  readonly msg: MsiMsg;
  /** The message the kernel holds for this irq now, to tell a stale copy. */
  readonly current: MsiMsg;
  /** What the write goes through on its way ("the NTB window at 0xfee00000"). */
  readonly via?: string;
  /** What the holder keeps, in its own terms (the NTB peer: the {offset, data} of its scratchpads). */
  readonly held?: readonly { readonly what: string; readonly value: string }[];
  /** A newer message was sent to the holder and waits for it to read it (the NTB peer's doorbell work). */
  readonly resendPending?: boolean;
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

/** pci_free_irq() of every vector the driver requested (by its handler names), then pci_free_irq_vectors(). */
export function freeDriverVectors(p: Platform, dev: PciDev, names: ReadonlySet<string>): Err {
  const core = p.machine.core;
  for (const desc of dev.msi.slots[0].descs("associated")) {
    for (let i = 0; i < desc.nvecUsed; i++) {
      const irq = desc.irq + i;
      for (const action of [...(core.descs.desc(irq)?.actions ?? [])]) {
        if (!names.has(action.name)) continue;
        const err = freeIrq(core, irq, action.name);
        if (err) return err;
      }
    }
  }
  return freeVectorsOnRemove(p, dev);
}

/** Whether a handler still holds `irq`. */
export function irqHasAction(p: Platform, irq: number): boolean {
  return (p.machine.core.descs.desc(irq)?.actions.length ?? 0) > 0;
}

/**
 * pci_free_irq_vectors() at the end of a driver's remove. A handler the scenario's steps added beside
 * the driver's (on an IRQF_SHARED irq) is not the driver's to free: then the vectors go with the
 * function's release (pciReleaseFunction()) after it, as do that handler and its irq.
 */
export function freeVectorsOnRemove(p: Platform, dev: PciDev): Err {
  if (msiRangeHasAction(p.machine.core, dev.msi.slots[0], 0, 0xffff) !== undefined) return undefined;
  return dev.msiEnabled || dev.msixEnabled ? pciFreeIrqVectors(p.pciMsiPlatform(), dev) : undefined;
}

/** The first error of a sequence of kernel calls (drivers unwind on the first failure). */
export function firstError(...steps: (() => Err)[]): KernelError | undefined {
  for (const step of steps) {
    const err = step();
    if (err) return err;
  }
  return undefined;
}

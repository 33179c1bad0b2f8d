/**
 * virtio over PCI (drivers/virtio/virtio_pci_common.c): the transport binds at boot (virtio_pci is
 * built in) and enables the function; a virtio driver's find_vqs then takes one MSI-X vector for
 * configuration changes and one per virtqueue that has a callback, and requests them in that order.
 */
import type { Err } from "../../irq/irqdomain";
import type { Platform } from "../../platform";
import { acpiPciIrqDisable, acpiPciIrqEnable } from "../acpi/pci-irq";
import { firstError, freeDriverVectors, possibleCpus, requestVector } from "../driver";
import { pciAllocIrqVectors } from "../pci/msi/api";
import type { PciDev } from "../pci/pci-dev";

export interface VirtqueueInfo {
  readonly name: string;
  /** A virtqueue without a callback (virtio-net's control queue) gets no vector. */
  readonly callback: boolean;
}

/** A virtio device on the PCI transport: `virtioN` and its function. */
export interface VirtioPciDevice {
  /** virtioN, numbered when the transport binds (-1 before). */
  index: number;
  readonly dev: PciDev;
  /** The handlers vp_find_vqs() requested (virtioN-config, virtioN-input.0…), freed by vp_del_vqs(). */
  readonly irqNames: Set<string>;
}

/** A function the virtio transport will bind: not numbered yet, no vectors. */
export function virtioPciDevice(dev: PciDev): VirtioPciDevice {
  return { index: -1, dev, irqNames: new Set() };
}

/** mirrors virtio_pci_probe(): register_virtio_device() numbers it; pci_enable_device() routes INTx. */
export function virtioPciProbe(p: Platform, vdev: VirtioPciDevice): Err {
  if (vdev.index < 0) vdev.index = p.nextInstance("virtio");
  return acpiPciIrqEnable(p, vdev.dev);
}

/** mirrors virtio_pci_remove(): unregister_virtio_device() gives the index back (ida_free()), then pci_disable_device(). */
export function virtioPciRemove(p: Platform, vdev: VirtioPciDevice): Err {
  if (vdev.index >= 0) p.releaseInstance("virtio", vdev.index);
  vdev.index = -1;
  acpiPciIrqDisable(vdev.dev);
  return undefined;
}

/** mirrors vp_del_vqs(): every virtqueue's handler and the config handler freed, then pci_free_irq_vectors(). */
export function vpDelVqs(p: Platform, vdev: VirtioPciDevice): Err {
  const err = freeDriverVectors(p, vdev.dev, vdev.irqNames);
  vdev.irqNames.clear();
  return err;
}

/**
 * mirrors vp_find_vqs() on its first try, vp_find_vqs_msix() with a vector per virtqueue: with an
 * irq_affinity (`spread`), the config vector is kept out of the managed spreading (pre_vectors + 1).
 * Returns the MSI-X index of each virtqueue (undefined: no vector).
 */
export function vpFindVqs(
  p: Platform,
  vdev: VirtioPciDevice,
  vqs: readonly VirtqueueInfo[],
  spread: boolean,
): (number | undefined)[] | Err {
  const nvectors = 1 + vqs.filter((q) => q.callback).length;
  const r = pciAllocIrqVectors(p.pciMsiPlatform(), vdev.dev, {
    min: nvectors,
    max: nvectors,
    types: ["msix"],
    ...(spread ? { affinity: { cpus: possibleCpus(p), preVectors: 1 } } : {}),
  });
  if ("errno" in r) return r;
  const name = `virtio${vdev.index}`;
  let next = 1;
  const vectors = vqs.map((q) => (q.callback ? next++ : undefined));
  const request = (nr: number, irqName: string) => () => {
    vdev.irqNames.add(irqName);
    return requestVector(p, vdev.dev, nr, irqName);
  };
  const err = firstError(
    request(0, `${name}-config`),
    ...vqs.map((q, i) => {
      const v = vectors[i];
      return v === undefined ? () => undefined : request(v, `${name}-${q.name}`);
    }),
  );
  return err ?? vectors;
}

/**
 * virtio-blk's interrupts (drivers/block/virtio_blk.c): one request virtqueue per queue the device
 * offers, at most one per possible CPU, each vector managed and spread (init_vq() passes an
 * irq_affinity, so the queues follow the CPUs like NVMe's).
 */
import type { Err } from "../../irq/irqdomain";
import type { Platform } from "../../platform";
import { type DeviceDriver, possibleCpus } from "../driver";
import { type VirtioPciDevice, vpDelVqs, vpFindVqs } from "../virtio/virtio-pci";

export function virtioBlkDriver(p: Platform, vdev: VirtioPciDevice, numQueues: number): DeviceDriver {
  return {
    name: "virtio_blk",
    probe(): Err {
      const queues = Math.min(numQueues, possibleCpus(p).weight());
      const vqs = Array.from({ length: queues }, (_, i) => ({ name: `req.${i}`, callback: true }));
      const r = vpFindVqs(p, vdev, vqs, true);
      return Array.isArray(r) ? undefined : r;
    },
    remove(): Err {
      // mirrors virtblk_remove(): del_vqs() frees the vqs' irqs and vectors.
      return vpDelVqs(p, vdev);
    },
  };
}

/** virtio-rng's interrupts (drivers/char/hw_random/virtio-rng.c): the config vector and one for "input". */
import type { Err } from "../../../irq/irqdomain";
import type { Platform } from "../../../platform";
import type { DeviceDriver } from "../../driver";
import { type VirtioPciDevice, vpDelVqs, vpFindVqs } from "../../virtio/virtio-pci";

export function virtioRngDriver(p: Platform, vdev: VirtioPciDevice): DeviceDriver {
  return {
    name: "virtio_rng",
    probe(): Err {
      const r = vpFindVqs(p, vdev, [{ name: "input", callback: true }], false);
      return Array.isArray(r) ? undefined : r;
    },
    remove(): Err {
      // mirrors virtrng_remove(): del_vqs() frees the vqs' irqs and vectors.
      return vpDelVqs(p, vdev);
    },
  };
}

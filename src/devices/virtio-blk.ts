/** QEMU's `virtio-blk-pci` with virtio_blk: one managed request vector per queue, spread over the CPUs. */
import * as v from "valibot";
import { virtioBlkDriver } from "../kernel/drivers/block/virtio-blk";
import { virtioPciDevice } from "../kernel/drivers/virtio/virtio-pci";
import type { Platform } from "../kernel/platform";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { buildQemuFunction, pciOf, qemuInt, virtioMsixLayout } from "./qemu-function";

/** QEMU's default since 5.2 is one queue per vCPU; 0 in the scenario means that. */
function queues(p: Platform, numQueues: number): number {
  return numQueues || p.machine.config.cpus;
}

export const virtioBlk = deviceModule({
  schema: strict({ model: v.literal("virtio-blk"), ...pciIdentity, num_queues: v.optional(int(0, 1024), 0) }),
  ui: { what: "virtio block device (virtio_blk driver; 0 queues = one per CPU)" },
  bus: "pci",
  build: (p, d) => buildQemuFunction(p, d, virtioMsixLayout(queues(p, d.num_queues) + 1)),
  bind: (p, hw, d) => {
    const vdev = virtioPciDevice(pciOf(hw));
    return { device: d.name, virtio: vdev, driver: virtioBlkDriver(p, vdev, queues(p, d.num_queues)) };
  },
  qemu: { device: "virtio-blk-pci", options: ({ options }) => ({ num_queues: qemuInt(options, "num-queues", 0) }) },
});

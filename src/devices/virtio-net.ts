/** QEMU's `virtio-net-pci` with virtio_net: an input and an output vector per queue pair, hotplug-driven affinity. */
import * as v from "valibot";
import { virtioNetDriver } from "../kernel/drivers/net/virtio-net";
import { virtioPciDevice } from "../kernel/drivers/virtio/virtio-pci";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { buildQemuFunction, pciOf, virtioMsixLayout } from "./qemu-function";

export const virtioNet = deviceModule({
  schema: strict({ model: v.literal("virtio-net"), ...pciIdentity, queue_pairs: v.optional(int(1, 256), 1) }),
  ui: { what: "virtio network device (virtio_net driver)" },
  bus: "pci",
  // config + control + one per virtqueue.
  build: (p, d) => buildQemuFunction(p, d, virtioMsixLayout(2 * d.queue_pairs + 2)),
  bind: (p, hw, d) => {
    const vdev = virtioPciDevice(pciOf(hw));
    return { device: d.name, virtio: vdev, driver: virtioNetDriver(p, vdev, d.queue_pairs) };
  },
  qemu: {
    device: "virtio-net-pci",
    // Multiqueue only with mq=on, then as many pairs as the netdev has queues.
    options: ({ options, netdevQueues }) => ({
      queue_pairs: options.get("mq") === "on" ? (netdevQueues(options.get("netdev") ?? "") ?? 1) : 1,
    }),
  },
});

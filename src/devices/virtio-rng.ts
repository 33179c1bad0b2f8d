/** QEMU's `virtio-rng-pci` with virtio_rng: the config vector and one for "input". */
import * as v from "valibot";
import { virtioRngDriver } from "../kernel/drivers/char/hw_random/virtio-rng";
import { virtioPciDevice } from "../kernel/drivers/virtio/virtio-pci";
import { pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { buildQemuFunction, pciOf, virtioMsixLayout } from "./qemu-function";

export const virtioRng = deviceModule({
  schema: strict({ model: v.literal("virtio-rng"), ...pciIdentity }),
  ui: { what: "virtio entropy source (virtio_rng driver)" },
  bus: "pci",
  build: (p, d) => buildQemuFunction(p, d, virtioMsixLayout(2)),
  bind: (p, hw, d) => {
    const vdev = virtioPciDevice(pciOf(hw));
    return { device: d.name, virtio: vdev, driver: virtioRngDriver(p, vdev) };
  },
  qemu: { device: "virtio-rng-pci", options: () => ({}) },
});

/** QEMU's `nvme` with Linux's nvme driver: an admin vector, then admin + managed I/O queue vectors. */
import * as v from "valibot";
import { nvmeDriver } from "../kernel/drivers/nvme/host/pci";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { buildQemuFunction, pciOf, qemuInt } from "./qemu-function";

export const nvme = deviceModule({
  schema: strict({ model: v.literal("nvme"), ...pciIdentity, max_ioqpairs: v.optional(int(1, 2047), 64) }),
  ui: { what: "NVMe controller (QEMU nvme, Linux nvme driver)" },
  bus: "pci",
  // QEMU's msix_qsize (max_ioqpairs + 1) in BAR 0.
  build: (p, d) =>
    buildQemuFunction(p, d, {
      size: Math.min(d.max_ioqpairs + 1, 2048),
      tableBir: 0,
      tableOffset: 0x2000,
      pbaBir: 0,
      pbaOffset: 0x3000,
    }),
  bind: (p, hw, d) => ({
    device: d.name,
    virtio: undefined,
    driver: nvmeDriver(p, pciOf(hw), { maxIoqpairs: d.max_ioqpairs }),
  }),
  qemu: { device: "nvme", options: ({ options }) => ({ max_ioqpairs: qemuInt(options, "max_ioqpairs", 64) }) },
});

/** QEMU's `e1000e` with Linux's e1000e: three MSI-X vectors at probe, requested at `ip link set up`. */
import * as v from "valibot";
import { e1000eDriver } from "../kernel/drivers/net/ethernet/intel/e1000e";
import { pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { buildQemuFunction, pciOf } from "./qemu-function";

export const e1000e = deviceModule({
  schema: strict({ model: v.literal("e1000e"), ...pciIdentity }),
  ui: { what: "Intel 82574 NIC (QEMU e1000e, Linux e1000e driver)" },
  bus: "pci",
  // QEMU's e1000e: 5 vectors in BAR 3.
  build: (p, d) => buildQemuFunction(p, d, { size: 5, tableBir: 3, tableOffset: 0, pbaBir: 3, pbaOffset: 0x2000 }),
  bind: (p, hw, d) => ({ device: d.name, virtio: undefined, driver: e1000eDriver(p, pciOf(hw)) }),
  qemu: { device: "e1000e", options: () => ({}) },
});

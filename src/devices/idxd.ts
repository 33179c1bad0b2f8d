/**
 * Intel DSA with `idxd`: a 9-entry MSI-X table, all allocated at probe (vector 0 misc, vector k the
 * completion interrupt of work queue k - 1), and an IMS array in device memory (16-byte entries with a
 * PASID each) for guest work queues, usable where the IR parent offers IMS (store `ims`).
 */
import * as v from "valibot";
import { ImsDeviceArray } from "../hw/ims-device-array";
import { idxdDriver } from "../kernel/drivers/dma/idxd/init";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { got } from "../scenario/messages";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { bar2MsixTable } from "./pci-msix";
import { pciOf } from "./qemu-function";

/** The DSA's MSI-X table: the misc vector and one per work queue (8). */
const IDXD_MSIX_ENTRIES = 9;

export const idxd = deviceModule({
  schema: strict({
    model: v.literal("idxd"),
    ...pciIdentity,
    wqs: v.optional(int(1, 8), 8),
    ims: v.optional(
      v.pipe(
        int(0, 65536),
        v.check(
          (n) => n % 256 === 0,
          (issue) => `${got(issue.input)} is not a multiple of 256 (max_ims_mult × 256 entries, or 0)`,
        ),
      ),
      256,
    ),
  }),
  ui: { what: "Intel DSA accelerator (idxd): MSI-X per work queue, IMS with a PASID per entry" },
  bus: "pci",
  build: (p, d) => {
    const ims = d.ims > 0 ? new ImsDeviceArray({ size: d.ims }) : undefined;
    const dev = new PciDev(d.name, d.bdf, undefined, bar2MsixTable(IDXD_MSIX_ENTRIES), ims);
    dev.imsChipName = "IDXD-IMS";
    return p.attachPciFunction(dev);
  },
  bind: (p, hw, d) => ({ device: d.name, virtio: undefined, driver: idxdDriver(p, pciOf(hw), { wqs: d.wqs }) }),
});

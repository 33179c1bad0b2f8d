/** A PCI function with MSI-X and an IMS store: an array in device memory, or queue contexts in system memory. */
import * as v from "valibot";
import { ImsDeviceArray } from "../hw/ims-device-array";
import { ImsQueueStore } from "../hw/ims-queue-store";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { choice, int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { bar2MsixTable } from "./pci-msix";

export const imsDev = deviceModule({
  schema: strict({
    model: v.literal("ims-dev"),
    ...pciIdentity,
    table_size: v.optional(int(1, 2048), 8),
    ims_size: v.optional(int(0, 65536), 256),
    ims_kind: v.optional(choice(["device", "system"]), "device"),
  }),
  ui: { what: "PCI function with MSI-X and an IMS store" },
  bus: "pci",
  check: (d) =>
    d.ims_size === 0 && d.ims_kind !== "system"
      ? {
          key: "ims_size",
          message: `0 is allowed only with "ims_kind": "system" (a device-memory IMS array has at least one slot)`,
        }
      : undefined,
  build: (p, d) => {
    const system = d.ims_kind === "system";
    const ims = system ? new ImsQueueStore() : new ImsDeviceArray({ size: d.ims_size });
    const dev = new PciDev(d.name, d.bdf, undefined, bar2MsixTable(d.table_size), ims);
    dev.imsChipName = system ? "QUEUE-IMS" : "DEV-IMS";
    return p.attachPciFunction(dev);
  },
});

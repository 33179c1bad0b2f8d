/**
 * An mlx5-like NIC with `mlx5_core`: the async vector and one completion vector per channel, each
 * after the first by dynamic MSI-X; sub-functions get theirs the same way, or, with `sf_ims` where IMS
 * is available, from an IMS store in queue memory (messages committed at bus unlock).
 */
import * as v from "valibot";
import { ImsQueueStore } from "../hw/ims-queue-store";
import { mlx5IrqDriver } from "../kernel/drivers/net/ethernet/mellanox/mlx5/core/pci_irq";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { bool, int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { bar2MsixTable } from "./pci-msix";
import { pciOf } from "./qemu-function";

export const nic = deviceModule({
  schema: strict({
    model: v.literal("nic"),
    ...pciIdentity,
    /** Completion channels; absent: one per possible CPU. */
    channels: v.optional(int(1, 2047)),
    table_size: v.optional(int(1, 2048), 64),
    sfs: v.optional(int(0, 64), 0),
    sf_ims: v.optional(bool, false),
  }),
  ui: { what: "mlx5-like NIC: async + completion vectors, sub-functions by dynamic MSI-X or IMS" },
  bus: "pci",
  build: (p, d) => {
    const ims = d.sf_ims ? new ImsQueueStore() : undefined;
    const dev = new PciDev(d.name, d.bdf, undefined, bar2MsixTable(d.table_size), ims);
    dev.imsChipName = "MLX5-SF-IMS";
    return p.attachPciFunction(dev);
  },
  bind: (p, hw, d) => ({
    device: d.name,
    virtio: undefined,
    driver: mlx5IrqDriver(p, pciOf(hw), { channels: d.channels, sfs: d.sfs, sfIms: d.sf_ims }),
  }),
});

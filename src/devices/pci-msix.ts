/** A PCI function with an MSI-X table (and its PBA) in BAR 2. */
import * as v from "valibot";
import { MsixTable } from "../hw/msix-table";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

/** The table at 0x2000 and the PBA at 0x3000 of BAR 2, for the generic MSI-X functions. */
export function bar2MsixTable(size: number): MsixTable {
  return new MsixTable({ size, tableBir: 2, tableOffset: 0x2000, pbaBir: 2, pbaOffset: 0x3000 });
}

export const pciMsix = deviceModule({
  schema: strict({ model: v.literal("pci-msix"), ...pciIdentity, table_size: v.optional(int(1, 2048), 8) }),
  ui: { what: "PCI function with an MSI-X table" },
  bus: "pci",
  build: (p, d) => p.attachPciFunction(new PciDev(d.name, d.bdf, undefined, bar2MsixTable(d.table_size), undefined)),
});

/** A PCI function with an MSI capability (multi-MSI up to 32, maskable or not, 32/64-bit address). */
import * as v from "valibot";
import { MsiCapability } from "../hw/msi-capability";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { got } from "../scenario/messages";
import { bool, int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

const MSI_VECTORS = [1, 2, 4, 8, 16, 32];

export const pciMsi = deviceModule({
  schema: strict({
    model: v.literal("pci-msi"),
    ...pciIdentity,
    vectors: v.optional(
      v.pipe(
        int(1, 32),
        v.check(
          (n) => (n & (n - 1)) === 0,
          (issue) => `${got(issue.input)} is not a power of two (MSI allows 1, 2, 4, 8, 16 or 32 vectors)`,
        ),
      ),
      1,
    ),
    maskable: v.optional(bool, true),
    addr64: v.optional(bool, true),
  }),
  ui: { what: "PCI function with an MSI capability", choices: { vectors: MSI_VECTORS } },
  bus: "pci",
  build: (p, d) => {
    const cap = new MsiCapability({ vectorsLog2: Math.log2(d.vectors), addr64: d.addr64, maskable: d.maskable });
    return p.attachPciFunction(new PciDev(d.name, d.bdf, cap, undefined, undefined));
  },
});

/**
 * Qualcomm Wi-Fi 6 (QCA6390 or QCN9074) with `ath11k_pci`: multi-MSI of every vector (MHI, CE, WAKE,
 * DP), the address and base data cached for the firmware (store `msi`; raise writes the firmware's
 * copy, vector k = base data + k), and the one-MSI fallback where multi-MSI is refused.
 */
import * as v from "valibot";
import { MsiCapability } from "../hw/msi-capability";
import { MSI_CONFIG } from "../kernel/drivers/net/wireless/ath/ath11k/msi-config";
import { ath11kPciDriver } from "../kernel/drivers/net/wireless/ath/ath11k/pci";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { choice, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { pciOf } from "./qemu-function";

export const ath11k = deviceModule({
  schema: strict({
    model: v.literal("ath11k"),
    ...pciIdentity,
    chip: v.optional(choice(["qca6390", "qcn9074"]), "qca6390"),
  }),
  ui: { what: "Qualcomm Wi-Fi 6 (ath11k_pci): multi-MSI whose messages the firmware caches" },
  bus: "pci",
  // An MSI capability with as many vectors as the chip's layout, 64-bit, per-vector masking.
  build: (p, d) => {
    const cap = new MsiCapability({
      vectorsLog2: Math.log2(MSI_CONFIG[d.chip].total),
      addr64: true,
      maskable: true,
    });
    return p.attachPciFunction(new PciDev(d.name, d.bdf, cap, undefined, undefined));
  },
  bind: (p, hw, d) => ({ device: d.name, virtio: undefined, driver: ath11kPciDriver(p, pciOf(hw), d.chip) }),
});

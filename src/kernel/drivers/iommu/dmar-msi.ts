/**
 * The IOMMU's own fault interrupt (drivers/iommu/intel/dmar.c dmar_alloc_hwirq(), arch/x86
 * DMAR-MSI domain): never remapped, a child of VECTOR, and the only x86 MSI whose destination
 * bits 8–31 go into address_hi (dmar_msi_compose_msg()).
 */
import { irqMsiComposeMsg } from "../../arch/x86/msi-format";
import type { X86VectorDomain } from "../../arch/x86/vector-domain";
import type { IrqCore } from "../../irq/core";
import { DOMAIN_BUS, IRQ_DOMAIN_FLAG, IRQCHIP } from "../../irq/irqdomain";
import { MsiDesc } from "../../irq/msi-desc";
import { MSI_FLAG, MsiDomain } from "../../irq/msi-domain";
import { X86_IRQ_ALLOC_TYPE } from "./intel/irq-remapping";

export function dmarCreateMsiDomain(core: IrqCore, vector: X86VectorDomain): MsiDomain {
  return new MsiDomain(
    "DMAR-MSI",
    "DMAR-MSI",
    vector.domain,
    {
      flags: MSI_FLAG.USE_DEF_DOM_OPS,
      busToken: DOMAIN_BUS.ANY,
      chipFlags: IRQCHIP.SKIP_SET_WAKE | IRQCHIP.AFFINITY_PRE_STARTUP,
      allocType: X86_IRQ_ALLOC_TYPE.DMAR,
      hwirq: (desc) => desc.msiIndex,
      canMask: () => false,
      compose: (data) => {
        const apicd = vector.apicd.get(data.irq);
        const dest = vector.apicDest(apicd?.hwCpu ?? 0);
        return irqMsiComposeMsg(apicd?.hwVector ?? 0, dest, { dmar: true, ...vector.destOpts }).msg;
      },
    },
    IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED | IRQ_DOMAIN_FLAG.MSI,
    core.descs,
  );
}

/** mirrors dmar_alloc_hwirq(): the unit's fault event registers (FEDATA/FEADDR/FEUADDR) hold the message. */
export function dmarAllocHwirq(md: MsiDomain, seqId: number): ReturnType<MsiDomain["allocPlatformIrq"]> {
  const desc = new MsiDesc(seqId, undefined, undefined);
  desc.hw = {
    write: (d, _irq, msg) => {
      d.msg = msg;
    },
    mask: () => {},
  };
  return md.allocPlatformIrq(desc, { type: X86_IRQ_ALLOC_TYPE.DMAR, devId: seqId });
}

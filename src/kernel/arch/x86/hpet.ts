/**
 * HPET FSB interrupts (arch/x86/kernel/hpet.c): one HPET-MSI-<id> domain per block, under the IR
 * unit whose device scope lists the HPET, else under VECTOR; hwirq = timer, the message goes into
 * the timer's FSB route register (hpet_msi_write()).
 */
import type { Hpet } from "../../../hw/hpet";
import { X86_IRQ_ALLOC_TYPE } from "../../drivers/iommu/intel/irq-remapping";
import type { IrqCore } from "../../irq/core";
import { DOMAIN_BUS, IRQ_DOMAIN_FLAG, IRQCHIP, type IrqDomain } from "../../irq/irqdomain";
import { MsiDesc } from "../../irq/msi-desc";
import { MSI_FLAG, MsiDomain } from "../../irq/msi-domain";

/** mirrors hpet_create_irq_domain(): the chip is renamed IR-HPET-MSI under remapping. */
export function hpetCreateIrqDomain(core: IrqCore, hpet: Hpet, parent: IrqDomain, remapped: boolean): MsiDomain {
  return new MsiDomain(
    `HPET-MSI-${hpet.id}`,
    remapped ? "IR-HPET-MSI" : "HPET-MSI",
    parent,
    {
      flags: MSI_FLAG.USE_DEF_DOM_OPS,
      busToken: DOMAIN_BUS.ANY,
      chipFlags: IRQCHIP.SKIP_SET_WAKE | IRQCHIP.AFFINITY_PRE_STARTUP,
      allocType: X86_IRQ_ALLOC_TYPE.HPET,
      hwirq: (desc) => desc.msiIndex,
      canMask: () => false,
    },
    IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED | IRQ_DOMAIN_FLAG.MSI,
    core.descs,
  );
}

/** mirrors hpet_assign_irq(): one irq for an FSB-capable timer; the route is written at activation. */
export function hpetAssignIrq(md: MsiDomain, hpet: Hpet, timer: number): ReturnType<MsiDomain["allocPlatformIrq"]> {
  const desc = new MsiDesc(timer, undefined, undefined);
  desc.hw = {
    write: (d, _irq, msg) => {
      hpet.writeMessage(timer, msg);
      hpet.setFsb(timer, true);
      d.msg = msg;
    },
    // mirrors hpet_msi_mask()/unmask(): the timer's interrupt enable bit.
    mask: (_d, _irq, masked) => hpet.setEnable(timer, !masked),
  };
  return md.allocPlatformIrq(desc, { type: X86_IRQ_ALLOC_TYPE.HPET, devId: hpet.id });
}

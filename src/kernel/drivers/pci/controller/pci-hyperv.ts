/**
 * A Hyper-V guest's PCI MSI parent (drivers/pci/controller/pci-hyperv.c): the guest never composes
 * a message itself. hv_compose_msi_msg() asks the host over VMBus (PCI_CREATE_INTERRUPT_MESSAGE) and
 * writes the address/data the host returns; an unmask or affinity change is a hypercall
 * (HVCALL_RETARGET_INTERRUPT, hv_arch_irq_unmask()) and the device message never changes.
 */
import type { X86VectorDomain } from "../../../arch/x86/vector-domain";
import type { CpuMask } from "../../../cpumask";
import { kernelError } from "../../../errno";
import {
  type AffinityAnswer,
  type Err,
  IRQ_DOMAIN_FLAG,
  IRQ_SET_MASK_OK_DONE,
  type IrqAllocInfo,
  type IrqData,
  IrqDomain,
  irqChipSetAffinityParent,
  irqDomainAllocIrqsParent,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
} from "../../../irq/irqdomain";
import type { MsiMsg } from "../../../irq/msi-msg";

/** What the host (the vPCI VSP and the hypervisor) does for the guest's requests. */
export interface HvHost {
  /** PCI_CREATE_INTERRUPT_MESSAGE: map (vector, vCPU) for the requester; the host picks the message. */
  createInterruptMessage(irq: number, requesterId: number, vector: number, vcpu: number): MsiMsg | Err;
  /** HVCALL_RETARGET_INTERRUPT: the same message now lands on (vector, vCPU). */
  retargetInterrupt(irq: number, msg: MsiMsg, vector: number, vcpu: number): Err;
  /** PCI_DELETE_INTERRUPT_MESSAGE. */
  deleteInterruptMessage(irq: number): void;
}

export class HvPciMsiParent {
  readonly domain: IrqDomain;
  /** irq → the message the host returned (hv_pcibus_device's int_desc), and its requester. */
  readonly messages = new Map<number, { msg: MsiMsg; requesterId: number }>();
  host: HvHost | undefined;

  constructor(private readonly vector: X86VectorDomain) {
    this.domain = new IrqDomain(
      "HV-PCI-MSI",
      {
        alloc: (d, virq, n, info) => this.alloc(d, virq, n, info),
        free: (d, virq, n) => this.free(d, virq, n),
        activate: (_d, data) => this.compose(data),
        setAffinity: (_d, data, mask, force) => this.setAffinity(data, mask, force),
        composeMsiMsg: (_d, data) => this.messages.get(data.irq)?.msg ?? { addressLo: 0, addressHi: 0, data: 0 },
      },
      vector.domain,
      IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED | IRQ_DOMAIN_FLAG.MSI_PARENT,
    );
  }

  private alloc(domain: IrqDomain, virq: number, n: number, info: IrqAllocInfo): Err {
    const err = irqDomainAllocIrqsParent(domain, virq, n, info);
    if (err) return err;
    for (let i = 0; i < n; i++) {
      const data = irqDomainGetIrqData(this.vector.descs, domain, virq + i);
      if (data) {
        data.hwirq = virq + i;
        data.chip = "HV-PCI-MSI";
        this.messages.set(virq + i, {
          msg: { addressLo: 0, addressHi: 0, data: 0 },
          requesterId: info.requesterId ?? 0,
        });
      }
    }
    return undefined;
  }

  private target(irq: number): { vector: number; vcpu: number } {
    const a = this.vector.apicd.get(irq);
    return { vector: a?.hwVector ?? 0, vcpu: a?.hwCpu ?? 0 };
  }

  /** mirrors hv_compose_msi_msg(): the first time, the host creates the message; afterwards a retarget. */
  private compose(data: IrqData): Err {
    const m = this.messages.get(data.irq);
    if (!this.host || !m) return kernelError("ENODEV", "no Hyper-V host to compose the message");
    const { vector, vcpu } = this.target(data.irq);
    if (m.msg.addressLo !== 0) return this.host.retargetInterrupt(data.irq, m.msg, vector, vcpu);
    const msg = this.host.createInterruptMessage(data.irq, m.requesterId, vector, vcpu);
    if (!msg || "errno" in msg) return msg ?? kernelError("EIO", "the host returned no message");
    m.msg = msg;
    return undefined;
  }

  /** The vector domain moves the irq; hv_arch_irq_unmask() retargets it; the device is not written. */
  private setAffinity(data: IrqData, mask: CpuMask, force: boolean): AffinityAnswer {
    const ret = irqChipSetAffinityParent(data, mask, force);
    if (typeof ret !== "number" || ret === IRQ_SET_MASK_OK_DONE) return ret;
    const m = this.messages.get(data.irq);
    if (m && this.host && m.msg.addressLo !== 0) {
      const { vector, vcpu } = this.target(data.irq);
      const err = this.host.retargetInterrupt(data.irq, m.msg, vector, vcpu);
      if (err) return err;
    }
    this.vector.vectorScheduleCleanup(data.irq);
    return IRQ_SET_MASK_OK_DONE;
  }

  private free(domain: IrqDomain, virq: number, n: number): void {
    for (let irq = virq; irq < virq + n; irq++) {
      if (this.messages.get(irq)?.msg.addressLo) this.host?.deleteInterruptMessage(irq);
      this.messages.delete(irq);
    }
    irqDomainFreeIrqsParent(domain, virq, n);
  }
}

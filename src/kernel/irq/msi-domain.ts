/**
 * A generic MSI irqdomain (kernel/irq/msi.c msi_domain_ops + the defaults of msi_domain_info): its
 * levels map hwirq → virq, activation composes the message from the parents and writes it to the
 * device, deactivation writes zeros, and affinity changes rewrite the message unless the parent
 * (interrupt remapping) says there is nothing to write.
 */

import type { CpuMask } from "../cpumask";
import { type KernelError, kernelError } from "../errno";
import { IrqRevmap } from "./irq-revmap";
import type { IrqDescTable } from "./irqdesc";
import {
  type AffinityAnswer,
  type Err,
  IRQ_SET_MASK_OK_DONE,
  type IrqAllocInfo,
  type IrqData,
  IrqDomain,
  type IrqDomainOps,
  irqChipComposeMsiMsg,
  irqChipSetAffinityParent,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
  type SetAffinityResult,
} from "./irqdomain";
import type { MsiDesc } from "./msi-desc";
import { type MsiMsg, ZERO_MSG } from "./msi-msg";

/** enum msi_domain_info flags (include/linux/msi.h), with the IMS bit of 6.2–6.9. */
export const MSI_FLAG = {
  USE_DEF_DOM_OPS: 1 << 0,
  USE_DEF_CHIP_OPS: 1 << 1,
  ACTIVATE_EARLY: 1 << 2,
  MUST_REACTIVATE: 1 << 3,
  DEV_SYSFS: 1 << 4,
  ALLOC_SIMPLE_MSI_DESCS: 1 << 5,
  FREE_MSI_DESCS: 1 << 6,
  MULTI_PCI_MSI: 1 << 16,
  PCI_MSIX: 1 << 17,
  PCI_MSIX_ALLOC_DYN: 1 << 20,
  PCI_IMS: 1 << 21,
} as const;
/** The generic bits every parent passes through; the bits above are filtered by the parent. */
export const MSI_GENERIC_FLAGS_MASK = 0xffff;

/** What the device's bus layer provides for one MSI domain (msi_domain_info; the chip's store ops are on each MsiDesc). */
export interface MsiDomainTemplate {
  readonly flags: number;
  readonly busToken: number;
  readonly chipFlags: number;
  /** x86 alloc type the parents read (X86_IRQ_ALLOC_TYPE_*). */
  readonly allocType: string;
  /** msi_domain_ops.set_desc: the hwirq of the descriptor's first irq. */
  hwirq(desc: MsiDesc): number;
  /** Whether the descriptor's irqs may use reservation mode (the device can mask them). */
  canMask(desc: MsiDesc): boolean;
  /** A chip that composes its own message at this level (dmar_msi_compose_msg()). */
  compose?(data: IrqData): MsiMsg;
}

/** irq_chip.irq_set_affinity installed by the parent's init_dev_msi_info (x86 msi_set_affinity()). */
export type MsiSetAffinity = (
  domain: MsiDomain,
  data: IrqData,
  mask: Parameters<NonNullable<IrqDomainOps["setAffinity"]>>[2],
  force: boolean,
) => SetAffinityResult | KernelError;

export class MsiDomain {
  readonly domain: IrqDomain;
  /** hwirq → virq. Each irq's descriptor is on its irq_desc (irq_common_data.msi_desc), not in a map here. */
  private readonly revmap = new IrqRevmap();
  /** The descriptor being allocated: msi_domain_ops.set_desc hands it down through the alloc info. */
  allocating: MsiDesc | undefined;
  /** Whether the msg lines of msi_domain_debug_show() are printed: v6.16+, so none of the model's releases. */
  debugMessages = false;

  constructor(
    name: string,
    /** irq_chip.name as /proc/interrupts shows it ("IR-PCI-MSIX-0000:00:01.0", "IR-PCI-MSI"). */
    readonly chip: string,
    parent: IrqDomain,
    readonly template: MsiDomainTemplate,
    irqDomainFlags: number,
    readonly descs: IrqDescTable,
    readonly setAffinityOverride?: MsiSetAffinity,
  ) {
    const ops: IrqDomainOps = {
      alloc: (d, virq, n, info) => this.alloc(d, virq, n, info),
      free: (d, virq, n) => this.free(d, virq, n),
      activate: (_d, data) => this.activate(data),
      deactivate: (_d, data) => this.writeMsg(data, ZERO_MSG),
      setAffinity: (_d, data, mask, force) =>
        this.setAffinityOverride
          ? this.setAffinityOverride(this, data, mask, force)
          : this.setAffinity(data, mask, force),
      mask: (_d, data) => this.withDesc(data, (desc) => desc.hw?.mask(desc, data.irq, true)),
      unmask: (_d, data) => this.withDesc(data, (desc) => desc.hw?.mask(desc, data.irq, false)),
      busSyncUnlock: (_d, data) => this.withDesc(data, (desc) => desc.hw?.commit?.(desc)),
      debugShow: (_d, data, ind) => (data ? this.debugShow(data, ind) : []),
    };
    const compose = template.compose;
    if (compose) ops.composeMsiMsg = (_d, data) => compose(data);
    this.domain = new IrqDomain(name, ops, parent, irqDomainFlags);
    this.domain.chipFlags = template.chipFlags;
  }

  private withDesc(data: IrqData, f: (desc: MsiDesc) => void): void {
    const desc = data.desc.msiDesc;
    if (desc) f(desc);
  }

  /** Whether `hwirq` already has an irq in this domain (irq_find_mapping()). */
  hasMapping(hwirq: number): boolean {
    return this.revmap.find(hwirq) >= 0;
  }

  /** The irqs of this domain, by hwirq. */
  irqs(): IterableIterator<number> {
    return this.revmap.virqs();
  }

  /** The descriptor of `irq` if it is one of this domain's (irq_data_get_msi_desc()). */
  msiDesc(irq: number): MsiDesc | undefined {
    return this.levelData(irq)?.desc.msiDesc;
  }

  /** mirrors msi_domain_alloc(): refuses a mapped hwirq, allocates the parents, then sets up each level. */
  private alloc(domain: IrqDomain, virq: number, nrIrqs: number, info: IrqAllocInfo): Err {
    const desc = this.allocating;
    const hwirq = info.hwirq ?? 0;
    if (!desc) return kernelError("EINVAL", `${domain.name}: allocation without an MSI descriptor`);
    if (this.hasMapping(hwirq)) return kernelError("EEXIST", `${domain.name}: hwirq ${hwirq} is already mapped`);
    const err = irqDomainAllocIrqsParent(domain, virq, nrIrqs, info);
    if (err) return err;
    for (let i = 0; i < nrIrqs; i++) {
      const data = this.levelData(virq + i);
      if (!data) continue;
      // mirrors msi_domain_ops_init(): hwirq, chip and the edge flow handler.
      data.hwirq = hwirq + i;
      data.chip = this.chip;
      data.desc.handler = "handle_edge_irq";
      data.desc.flowName = "edge";
      data.desc.msiDesc = desc;
      this.revmap.set(hwirq + i, virq + i);
    }
    return undefined;
  }

  /**
   * An irq of a platform MSI user that has no descriptor list (HPET, DMAR): the core allocates it
   * straight from the domain (__irq_domain_alloc_irqs()); `desc` carries its store.
   */
  allocPlatformIrq(desc: MsiDesc, info: IrqAllocInfo): number | KernelError {
    this.allocating = desc;
    const virq = irqDomainAllocIrqs(
      this.descs,
      this.domain,
      1,
      { ...info, hwirq: this.template.hwirq(desc) },
      undefined,
      -1,
    );
    this.allocating = undefined;
    // No struct device is passed: debugfs shows "device: (null)".
    if (typeof virq === "number") desc.irq = virq;
    return virq;
  }

  /** mirrors msi_domain_free(). */
  private free(domain: IrqDomain, virq: number, nrIrqs: number): void {
    for (let irq = virq; irq < virq + nrIrqs; irq++) {
      const data = this.levelData(irq);
      if (!data) continue;
      this.revmap.clear(data.hwirq, irq);
      data.desc.msiDesc = undefined;
    }
    irqDomainFreeIrqsParent(domain, virq, nrIrqs);
  }

  levelData(irq: number): IrqData | undefined {
    return irqDomainGetIrqData(this.descs, this.domain, irq);
  }

  /** mirrors msi_domain_activate(): compose from the parents, write to the device. */
  private activate(data: IrqData): Err {
    const msg = irqChipComposeMsiMsg(data);
    if ("ok" in msg) return msg;
    this.writeMsg(data, msg);
    return undefined;
  }

  /** mirrors irq_chip_write_msi_msg(). */
  writeMsg(data: IrqData, msg: MsiMsg): void {
    const desc = data.desc.msiDesc;
    desc?.hw?.write(desc, data.irq, msg);
  }

  /** mirrors msi_domain_set_affinity(): the parent moves it; unless it is done (IR), the device gets the new message. */
  private setAffinity(data: IrqData, mask: CpuMask, force: boolean): AffinityAnswer {
    const ret = irqChipSetAffinityParent(data, mask, force);
    if (typeof ret !== "number" || ret === IRQ_SET_MASK_OK_DONE) return ret;
    const msg = irqChipComposeMsiMsg(data);
    if (!("ok" in msg)) this.writeMsg(data, msg);
    return ret;
  }

  /** mirrors msi_domain_debug_show() (v6.16+): the message the descriptor holds. */
  private debugShow(data: IrqData, ind: number): string[] {
    const desc = data.desc.msiDesc;
    if (!desc || !this.debugMessages) return [];
    const pad = " ".repeat(ind + 1);
    const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
    return [
      "",
      `${pad}address_hi: ${hex(desc.msg.addressHi)}`,
      `${pad}address_lo: ${hex(desc.msg.addressLo)}`,
      `${pad}msg_data:   ${hex(desc.msg.data)}`,
    ];
  }
}

/**
 * The IO-APIC irqdomain (arch/x86/kernel/apic/io_apic.c): one level per pin, hwirq = pin. Since
 * v5.10 it knows nothing of remapping: it asks its parent (VECTOR or INTEL-IR) for an MSI message
 * and copies the fields into the redirection table entry (ioapic_setup_msg_from_msi()).
 */
import type { IoApic } from "../../../hw/ioapic";
import type { CpuMask } from "../../cpumask";
import { X86_IRQ_ALLOC_TYPE } from "../../drivers/iommu/intel/irq-remapping";
import { type KernelError, kernelError } from "../../errno";
import type { IrqCore } from "../../irq/core";
import { IRQD } from "../../irq/irqdesc";
import {
  type AffinityAnswer,
  type Err,
  IRQ_DOMAIN_FLAG,
  IRQ_SET_MASK_OK_DONE,
  IRQCHIP,
  type IrqAllocInfo,
  type IrqData,
  IrqDomain,
  irqChipComposeMsiMsg,
  irqChipSetAffinityParent,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
} from "../../irq/irqdomain";
import { ioapicSetupMsgFromMsi } from "./io-apic-rte";

/** How a pin is wired (the MP table / ACPI MADT interrupt source overrides). */
export interface PinConfig {
  readonly level: boolean;
  readonly activeLow: boolean;
}

export class IoApicDomain {
  readonly domain: IrqDomain;
  /** irq → its pin and wiring (mp_irqdomain_info). */
  readonly pins = new Map<number, { readonly pin: number } & PinConfig>();
  /** RTE writes done by ioapic_configure_entry(). */
  rteWrites = 0;

  constructor(
    readonly hw: IoApic,
    parent: IrqDomain,
    readonly remapped: boolean,
    private readonly core: IrqCore,
  ) {
    this.domain = new IrqDomain(
      `IO-APIC-${hw.id}`,
      {
        alloc: (d, virq, n, info) => this.alloc(d, virq, n, info),
        free: (d, virq, n) => this.free(d, virq, n),
        activate: (_d, data) => this.configureEntry(data),
        deactivate: (_d, data) => this.maskEntry(data),
        setAffinity: (_d, data, mask, force) => this.setAffinity(data, mask, force),
        mask: (_d, data) => this.mask(data, true),
        unmask: (_d, data) => this.mask(data, false),
      },
      parent,
      IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED,
      hw.slots,
    );
    this.domain.chipFlags = IRQCHIP.SKIP_SET_WAKE | IRQCHIP.AFFINITY_PRE_STARTUP;
  }

  /** The chip name: the remapped chip when the parent is an IR unit (ioapic_ir_chip). */
  get chip(): string {
    return this.remapped ? "IR-IO-APIC" : "IO-APIC";
  }

  /** mirrors mp_irqdomain_alloc(): one pin per irq, the parent first, then the flow handler by trigger. */
  private alloc(domain: IrqDomain, virq: number, nrIrqs: number, info: IrqAllocInfo): Err {
    if (nrIrqs !== 1) return kernelError("EINVAL", `${domain.name}: one pin per irq`);
    const pin = info.hwirq ?? -1;
    const wiring = this.pending;
    if (pin < 0 || pin >= this.hw.slots || !wiring) return kernelError("EINVAL", `${domain.name}: no pin ${pin}`);
    const err = irqDomainAllocIrqsParent(domain, virq, nrIrqs, info);
    if (err) return err;
    const data = this.levelData(virq);
    if (!data) return kernelError("EINVAL", `irq ${virq} has no IO-APIC level`);
    data.hwirq = pin;
    data.chip = this.chip;
    data.desc.handler = wiring.level ? "handle_fasteoi_irq" : "handle_edge_irq";
    data.desc.flowName = wiring.level ? "fasteoi" : "edge";
    if (wiring.level) data.desc.set(IRQD.LEVEL);
    this.pins.set(virq, { pin, ...wiring });
    return undefined;
  }

  private free(domain: IrqDomain, virq: number, nrIrqs: number): void {
    const p = this.pins.get(virq);
    if (p) this.hw.writeRte(p.pin, 1 << 16, 0);
    this.pins.delete(virq);
    irqDomainFreeIrqsParent(domain, virq, nrIrqs);
  }

  private pending: PinConfig | undefined;

  /**
   * mirrors mp_map_pin_to_irq() → alloc_isa_irq_from_domain()/alloc_irq_from_domain(): GSIs below
   * gsi_top keep their number as irq (legacy ISA irqs are taken over from the PIC).
   */
  mapPin(pin: number, irq: number, wiring: PinConfig, legacy: boolean): number | KernelError {
    const existing = [...this.pins].find(([, p]) => p.pin === pin);
    if (existing) return existing[0];
    this.pending = wiring;
    const info = { type: X86_IRQ_ALLOC_TYPE.IOAPIC, hwirq: pin, devId: this.hw.id, legacy };
    // ioapic_alloc_attr_node(): no node from firmware, so NUMA_NO_NODE (legacy irqs keep early_irq_init()'s).
    const virq = irqDomainAllocIrqs(this.core.descs, this.domain, 1, info, undefined, -1, irq);
    this.pending = undefined;
    return virq;
  }

  levelData(irq: number): IrqData | undefined {
    return irqDomainGetIrqData(this.core.descs, this.domain, irq);
  }

  /**
   * Programs an irq that is already running (the timer, taken over at boot): mirrors check_timer(),
   * whose irq_domain_deactivate_irq() + irq_domain_activate_irq() write the IRTE (under IR) and the RTE.
   */
  configure(irq: number): void {
    const data = this.levelData(irq);
    if (data) {
      irqDomainDeactivateIrq(data);
      irqDomainActivateIrq(data, false);
      this.mask(data, false);
    }
  }

  /** mirrors ioapic_configure_entry(): compose through the parents, copy into the RTE (masked state kept). */
  private configureEntry(data: IrqData): Err {
    const p = this.pins.get(data.irq);
    if (!p || !data.parent) return undefined;
    const msg = irqChipComposeMsiMsg(data.parent);
    if ("ok" in msg) return msg;
    const masked = (this.hw.readRte(p.pin).lo & (1 << 16)) !== 0;
    const rte = ioapicSetupMsgFromMsi(msg, { level: p.level, activeLow: p.activeLow, masked });
    this.hw.writeRte(p.pin, rte.lo, rte.hi);
    this.rteWrites++;
    return undefined;
  }

  /** mirrors ioapic_set_affinity(): the parent moves it; without IR the RTE is rewritten. */
  private setAffinity(data: IrqData, mask: CpuMask, force: boolean): AffinityAnswer {
    const ret = irqChipSetAffinityParent(data, mask, force);
    if (typeof ret === "number" && ret !== IRQ_SET_MASK_OK_DONE) this.configureEntry(data);
    return ret;
  }

  /** mirrors mp_irqdomain_deactivate() → ioapic_mask_entry(): the RTE becomes masked zeros. */
  private maskEntry(data: IrqData): void {
    const p = this.pins.get(data.irq);
    if (p) this.hw.writeRte(p.pin, 1 << 16, 0);
  }

  /** mirrors mask_ioapic_irq()/unmask_ioapic_irq(). */
  private mask(data: IrqData, masked: boolean): void {
    const p = this.pins.get(data.irq);
    if (p) this.hw.setMask(p.pin, masked);
  }
}

/**
 * VT-d interrupt remapping (drivers/iommu/intel/irq_remapping.c): one unit with its 65,536-entry
 * IRTE table, alloc_irte()/modify_irte()/clear_entries(), and the INTEL-IR irqdomain whose levels
 * own an IRTE each. The device message is composed once, from the IRTE index; CPU and vector live
 * only in the IRTE.
 */

import { fillMsiMsg } from "../../../arch/x86/msi-format";
import type { X86VectorDomain } from "../../../arch/x86/vector-domain";
import type { CpuMask } from "../../../cpumask";
import { kernelError } from "../../../errno";
import type { KernelLog } from "../../../irq/core";
import { IRQD } from "../../../irq/irqdesc";
import {
  type AffinityAnswer,
  DOMAIN_BUS,
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
  type VcpuInfo,
} from "../../../irq/irqdomain";
import type { MsiMsg } from "../../../irq/msi-msg";
import { IrqIommuTable } from "./irq-2-iommu";
import {
  IRTE_WORDS,
  type Irte,
  IrteArray,
  irteDest,
  prepareIrte,
  SQ_13_IGNORE_3,
  SQ_ALL_16,
  SVT_VERIFY_SID,
  ZERO_IRTE,
} from "./irte";
import { INTR_REMAP_TABLE_ENTRIES, IrteBitmap } from "./irte-alloc";

/** X86_IRQ_ALLOC_TYPE_* names the model passes in IrqAllocInfo.type. */
export const X86_IRQ_ALLOC_TYPE = {
  IOAPIC: "IOAPIC",
  HPET: "HPET",
  PCI_MSI: "PCI_MSI",
  PCI_MSIX: "PCI_MSIX",
  DMAR: "DMAR",
} as const;

export interface IntelIommuConfig {
  readonly seqId: number;
  /** EIM: x2APIC destination ids in the IRTE (IRQ_REMAP_X2APIC_MODE). */
  readonly x2apic: boolean;
  /** ECAP MHMV: the largest block (log2) one invalidation handle may cover. */
  readonly maxHandleMask: number;
  /** DMAR device scope: IO-APIC id → requester id, HPET id → requester id. */
  readonly ioapicScope: ReadonlyMap<number, number>;
  readonly hpetScope: ReadonlyMap<number, number>;
  /** Kernel ≥ 6.2 names the domain INTEL-IR-n-13 (bus token suffix). */
  readonly busTokenSuffix: boolean;
  /** Table entries (65,536 on real hardware; smaller only to demonstrate a full table). */
  readonly entries?: number;
}

/**
 * A guest's vIOMMU under the Dec 2021 proposal: each vIRTE update is the hypercall point (the host
 * backs the interrupt there and may refuse with an errno), and freeing the vIRTE releases it.
 */
export interface VirqRemapHooks {
  /** The vIRTE of `irq` is about to say `irte`; an error refuses the update (activation, affinity). */
  update(irq: number, irte: Irte): Err | { readonly hostMsg: MsiMsg };
  release(irq: number): void;
}

/** One DMAR unit with interrupt remapping (struct intel_iommu + ir_table). */
export class IntelIommu {
  readonly name: string;
  readonly entries: number;
  /**
   * The IRTE table (ir_table->base), grown as entries are written: an entry past its end reads as
   * zero, not present, as the kernel's zeroed table does. A whole 65,536-entry table (1 MB) at every
   * boot was most of what a 1,000-step replay allocated.
   */
  private readonly hw = new IrteArray();
  readonly bitmap: IrteBitmap;
  readonly domain: IrqDomain;
  /** Each allocated irq's cached IRTE image (irte_entry), by IRTE index. */
  private readonly images = new IrteArray();
  readonly irqs = new IrqIommuTable(this.images);
  /** IRTE writes (modify_irte) and interrupt-entry-cache invalidations (qi_flush_iec). */
  irteWrites = 0;
  iecFlushes = 0;
  /**
   * Told of every entry written or cleared (index, new contents or undefined, the owning irq, the
   * entry's words before), for the event log and the step's write record. `before` is reused by the
   * next write: decode it (decodeIrte(before, 0)) during the call, and only if needed.
   */
  onIrteWrite: ((index: number, irte: Irte | undefined, irq: number, before: Uint32Array) => void) | undefined;
  /** The words of the entry being written, as they were, for onIrteWrite. */
  private readonly wordsBefore = new Uint32Array(IRTE_WORDS);
  /** Set on a guest's vIOMMU once the hypervisor granted the Dec 2021 proposal's hypercall. */
  virtHooks: VirqRemapHooks | undefined;

  constructor(
    readonly config: IntelIommuConfig,
    private readonly vector: X86VectorDomain,
    private readonly log: KernelLog,
  ) {
    this.name = `dmar${config.seqId}`;
    this.entries = config.entries ?? INTR_REMAP_TABLE_ENTRIES;
    this.bitmap = new IrteBitmap(this.entries);
    const name = config.busTokenSuffix ? `INTEL-IR-${config.seqId}-${DOMAIN_BUS.DMAR}` : `INTEL-IR-${config.seqId}`;
    const flags =
      IRQ_DOMAIN_FLAG.HIERARCHY |
      IRQ_DOMAIN_FLAG.NAME_ALLOCATED |
      (config.busTokenSuffix ? IRQ_DOMAIN_FLAG.ISOLATED_MSI | IRQ_DOMAIN_FLAG.MSI_PARENT : 0);
    this.domain = new IrqDomain(
      name,
      {
        alloc: (d, virq, n, info) => this.alloc(d, virq, n, info),
        free: (d, virq, n) => this.free(d, virq, n),
        activate: (_d, data) => this.reconfigureIrte(data, true),
        deactivate: (_d, data) => this.deactivate(data),
        setAffinity: (_d, data, mask, force) => this.setAffinity(data, mask, force),
        setVcpuAffinity: (_d, data, info) => this.setVcpuAffinity(data, info),
        composeMsiMsg: (_d, data) =>
          this.irqs.hostMsg.get(data.irq) ?? (this.irqs.has(data.irq) ? this.irqs.msgOf(data.irq) : fillMsiMsg(0, 0)),
      },
      vector.domain,
      flags,
      this.entries,
    );
  }

  /**
   * mirrors intel_ir_set_vcpu_affinity(): with `info` the IRTE becomes a posted one (the shared fields
   * kept, the guest vector and the vCPU's posted-interrupt descriptor); without, the cached remapped
   * IRTE is written back.
   */
  private setVcpuAffinity(data: IrqData, info: VcpuInfo | undefined): Err {
    const slot = this.irqs.slotOf(data.irq);
    if (slot < 0) return kernelError("EINVAL", `irq ${data.irq} has no IRTE`);
    const cached = this.images.get(slot);
    if (info === undefined) {
      if (!this.irqs.posted.delete(data.irq)) return undefined;
      this.modifyIrte(slot, cached, data.irq);
      return undefined;
    }
    this.irqs.posted.set(data.irq, info);
    const posted: Irte = {
      ...ZERO_IRTE,
      present: cached.present,
      fpd: cached.fpd,
      avail: cached.avail,
      sid: cached.sid,
      sq: cached.sq,
      svt: cached.svt,
      pst: 1,
      urgent: 0,
      vector: info.vector,
      pdaL: Math.floor(info.piDescAddr / 64) % 2 ** 26,
      pdaH: Math.floor(info.piDescAddr / 2 ** 32),
    };
    this.modifyIrte(slot, posted, data.irq);
    return undefined;
  }

  /** mirrors alloc_irte(): a power-of-two block for multi-MSI, refused beyond the invalidation handle mask. */
  private allocIrte(count: number): { index: number; mask: number } | undefined {
    let mask = 0;
    if (count > 1) mask = Math.ceil(Math.log2(count));
    if (mask > this.config.maxHandleMask) {
      this.log.warn(`DMAR-IR: Requested mask ${mask.toString(16)} exceeds the max invalidation handle mask`);
      return undefined;
    }
    const index = this.bitmap.findFreeRegion(mask);
    if (index < 0) {
      this.log.warn(`DMAR-IR: IR${this.config.seqId}: can't allocate an IRTE`);
      return undefined;
    }
    return { index, mask };
  }

  /** mirrors intel_irq_remapping_alloc(): parent first, one IRTE block, each level prepared but not written. */
  private alloc(domain: IrqDomain, virq: number, nrIrqs: number, info: IrqAllocInfo): Err {
    if (!info.type) return kernelError("EINVAL", `${domain.name}: allocation without an x86 alloc type`);
    if (nrIrqs > 1 && info.type !== X86_IRQ_ALLOC_TYPE.PCI_MSI) {
      return kernelError("EINVAL", `${domain.name}: only multi-MSI allocates several irqs at once`);
    }
    const err = irqDomainAllocIrqsParent(domain, virq, nrIrqs, info);
    if (err) return err;
    const block = this.allocIrte(nrIrqs);
    if (!block) {
      this.log.warn("DMAR-IR: Failed to allocate IRTE");
      irqDomainFreeIrqsParent(domain, virq, nrIrqs);
      const full = this.bitmap.used + (1 << Math.ceil(Math.log2(Math.max(1, nrIrqs)))) > this.entries;
      return kernelError(
        "ENOMEM",
        full
          ? `the IRTE table of ${this.name} is full (${this.bitmap.used} of ${this.entries} entries in use)`
          : `no aligned block of ${nrIrqs} free IRTEs in ${this.name}`,
      );
    }
    for (let i = 0; i < nrIrqs; i++) {
      const data = irqDomainGetIrqData(this.vector.descs, domain, virq + i);
      if (!data) continue;
      // index << 16 as an unsigned long: a shift would turn negative from index 32,768.
      data.hwirq = block.index * 0x10000 + i;
      data.chip = "INTEL-IR";
      // Remapped irqs move from process context: the IRTE update is atomic (irq_set_status_flags(IRQ_MOVE_PCNTXT)).
      data.desc.set(IRQD.MOVE_PCNTXT);
      // An IO-APIC entry is the irq's own (sub_handle 0); its message carries the pin as subhandle.
      const ioapic = info.type === X86_IRQ_ALLOC_TYPE.IOAPIC;
      this.irqs.add(virq + i, block.index, ioapic ? 0 : i, block.mask, ioapic ? (info.hwirq ?? 0) : i);
      this.prepareIrte(this.irqs.slotOf(virq + i), virq + i, info);
    }
    return undefined;
  }

  /** mirrors intel_irq_remapping_prepare_irte(): the IRTE image from the current vector config, plus the source id. */
  private prepareIrte(slot: number, irq: number, info: IrqAllocInfo): void {
    // The parent (the vector domain) allocated first: its hardware config is set.
    const apicd = this.vector.apicd;
    const known = apicd.has(irq);
    const vector = known ? (apicd.hwVector[irq] ?? 0) : 0;
    const cpu = known ? (apicd.hwCpu[irq] ?? 0) : 0;
    const logical = this.vector.destOpts.destModeLogical;
    this.images.set(slot, prepareIrte(vector, this.vector.apicDest(cpu), this.config.x2apic, logical));
    switch (info.type) {
      case X86_IRQ_ALLOC_TYPE.IOAPIC: {
        // mirrors set_ioapic_sid()
        const sid = this.config.ioapicScope.get(info.devId ?? 0);
        if (sid === undefined) this.log.warn(`DMAR-IR: Failed to set source-id of IOAPIC (${info.devId ?? 0})`);
        else this.images.setSid(slot, SVT_VERIFY_SID, SQ_ALL_16, sid);
        break;
      }
      case X86_IRQ_ALLOC_TYPE.HPET: {
        // mirrors set_hpet_sid(): broken firmware reports the wrong function, so the low 3 bits are ignored.
        const sid = this.config.hpetScope.get(info.devId ?? 0);
        if (sid === undefined) this.log.warn(`DMAR-IR: Failed to set source-id of HPET block (${info.devId ?? 0})`);
        else this.images.setSid(slot, SVT_VERIFY_SID, SQ_13_IGNORE_3, sid);
        break;
      }
      default:
        // mirrors set_msi_sid() for a device without DMA aliases: its own requester id.
        this.images.setSid(slot, SVT_VERIFY_SID, SQ_ALL_16, info.requesterId ?? 0);
    }
  }

  /** The table's words (entry i at 4i): what is past their end reads as zero. */
  get table(): Uint32Array {
    return this.hw.words;
  }

  /** mirrors modify_irte(): one 128-bit entry at index + sub_handle, then an IEC invalidation. */
  private modifyIrte(idx: number, irte: Irte | undefined, irq: number): void {
    const told = this.onIrteWrite;
    if (told) this.keepWordsBefore(idx);
    if (irte) {
      if (idx >= this.entries) throw new RangeError(`IRTE ${idx} is beyond the ${this.entries}-entry table`);
      this.hw.set(idx, irte);
    } else this.hw.clear(idx);
    told?.(idx, irte, irq, this.wordsBefore);
    this.irteWrites++;
    this.iecFlushes++;
  }

  private keepWordsBefore(index: number): void {
    const at = index * IRTE_WORDS;
    for (let w = 0; w < IRTE_WORDS; w++) this.wordsBefore[w] = this.table[at + w] ?? 0;
  }

  /** mirrors intel_ir_reconfigure_irte(): the current vector and destination go into the IRTE. */
  private reconfigureIrte(data: IrqData, _force: boolean): Err {
    const slot = this.irqs.slotOf(data.irq);
    const apicd = this.vector.apicd;
    if (slot < 0 || !apicd.has(data.irq)) return undefined;
    const destId = irteDest(this.vector.apicDest(apicd.hwCpu[data.irq] ?? 0), this.config.x2apic);
    const irte = this.images.retargeted(slot, apicd.hwVector[data.irq] ?? 0, destId);
    // A guest's vIRTE update under the proposal: the hypercall first; the host may refuse.
    const hyper = this.virtHooks?.update(data.irq, { ...irte, present: 1 });
    if (hyper && "errno" in hyper) return hyper;
    if (hyper) this.irqs.hostMsg.set(data.irq, hyper.hostMsg);
    this.images.set(slot, irte);
    // A posted IRTE belongs to KVM: the host's own affinity changes leave it alone.
    if (!this.irqs.posted.has(data.irq)) this.modifyIrte(slot, irte, data.irq);
    return undefined;
  }

  /** mirrors intel_irq_remapping_deactivate(): a zeroed entry, so a late message faults (not present). */
  private deactivate(data: IrqData): void {
    const slot = this.irqs.slotOf(data.irq);
    if (slot < 0) return;
    this.irqs.posted.delete(data.irq);
    this.modifyIrte(slot, undefined, data.irq);
  }

  /**
   * mirrors intel_ir_set_affinity(): the vector domain picks the new target, the IRTE follows, the
   * old vector is cleaned up at once; OK_DONE tells the device level there is nothing to write.
   */
  private setAffinity(data: IrqData, mask: CpuMask, force: boolean): AffinityAnswer {
    const ret = irqChipSetAffinityParent(data, mask, force);
    if (typeof ret !== "number" || ret === IRQ_SET_MASK_OK_DONE) return ret;
    // A guest's vIRTE update under the proposal is a hypercall, which the host may refuse.
    const err = this.reconfigureIrte(data, false);
    if (err) return err;
    this.vector.vectorScheduleCleanup(data.irq);
    return IRQ_SET_MASK_OK_DONE;
  }

  /** mirrors intel_free_irq_resources() + clear_entries(): only the block owner (sub_handle 0) frees the block. */
  private free(domain: IrqDomain, virq: number, nrIrqs: number): void {
    for (let irq = virq; irq < virq + nrIrqs; irq++) {
      if (!this.irqs.has(irq)) continue;
      const index = this.irqs.indexOf(irq);
      const subHandle = this.irqs.subHandleOf(irq);
      const mask = this.irqs.maskOf(irq);
      this.virtHooks?.release(irq);
      this.irqs.delete(irq);
      if (subHandle !== 0) continue;
      const len = 1 << mask;
      for (let i = 0; i < len; i++) {
        const told = this.onIrteWrite;
        if (told) this.keepWordsBefore(index + i);
        this.hw.clear(index + i);
        told?.(index + i, undefined, irq, this.wordsBefore);
      }
      this.bitmap.releaseRegion(index, mask);
      this.iecFlushes++;
    }
    irqDomainFreeIrqsParent(domain, virq, nrIrqs);
  }
}

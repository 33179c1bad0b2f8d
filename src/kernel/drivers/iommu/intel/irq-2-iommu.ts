/**
 * struct irq_2_iommu of every irq one VT-d unit remaps (drivers/iommu/intel/irq_remapping.c): which
 * IRTE block the irq owns, its sub-handle in it, and the cached IRTE image (kept by IRTE index in the
 * unit's image array). Held in arrays by irq number, not as an object per irq: a full table's 65,536
 * irqs kept 65,536 objects that the collector copied while such a machine booted. `get()` makes a
 * handle for readers outside the unit; the unit's own code reads the arrays.
 */
import { fillMsiMsg } from "../../../arch/x86/msi-format";
import { IrqKeyedMap } from "../../../irq/irq-keyed-map";
import type { VcpuInfo } from "../../../irq/irqdomain";
import type { MsiMsg } from "../../../irq/msi-msg";
import { grownFor, resized } from "../../../typed-grow";
import type { Irte, IrteArray } from "./irte";

/** struct irq_2_iommu + intel_ir_data: one irq's IRTE, its cached image and its composed message. */
export interface IrqIommu {
  readonly index: number;
  readonly subHandle: number;
  /** log2 of the block size (irte_mask). */
  readonly mask: number;
  /** The IRTE image as prepared at allocation (irte_entry), updated by each reconfigure. */
  readonly irte: Irte;
  /** The remappable message composed at allocation (msi_entry). It never changes. */
  readonly msg: MsiMsg;
  /** Set while KVM posts this irq to a vCPU (irq_2_iommu.posted_vcpu): the IRTE is the posted one. */
  readonly posted?: VcpuInfo;
  /** A guest's vIOMMU under the Dec 2021 proposal: the host-valid message the hypercall returned. */
  readonly hostMsg?: MsiMsg;
}

// The packed word per irq: sub-handle, block mask and the subhandle its message carries.
const SUB_BITS = 0xff;
const MASK_SHIFT = 8;
const MASK_BITS = 0xff;
const MSG_SHIFT = 16;

export class IrqIommuTable extends IrqKeyedMap<IrqIommu> {
  /** IRTE index of the irq's block + 1, by irq; 0 where the unit does not remap the irq. */
  private block = new Int32Array(0);
  private shape = new Int32Array(0);
  private count = 0;
  /** irq_2_iommu.posted_vcpu of the irqs KVM posts to a vCPU. */
  readonly posted = new Map<number, VcpuInfo>();
  /** The hypercall's host-valid message of a guest's irq (the Dec 2021 proposal). */
  readonly hostMsg = new Map<number, MsiMsg>();

  constructor(private readonly images: IrteArray) {
    super();
  }

  get size(): number {
    return this.count;
  }

  has(irq: number): boolean {
    return (this.block[irq] ?? 0) !== 0;
  }

  /** The irq's IRTE: its block's index plus its sub-handle, or -1. */
  slotOf(irq: number): number {
    const b = this.block[irq] ?? 0;
    return b === 0 ? -1 : b - 1 + ((this.shape[irq] ?? 0) & SUB_BITS);
  }

  /** The first IRTE of the irq's block (irq_2_iommu.irte_index), or -1. */
  indexOf(irq: number): number {
    return (this.block[irq] ?? 0) - 1;
  }

  subHandleOf(irq: number): number {
    return (this.shape[irq] ?? 0) & SUB_BITS;
  }

  maskOf(irq: number): number {
    return ((this.shape[irq] ?? 0) >> MASK_SHIFT) & MASK_BITS;
  }

  /** The remappable message the irq's device is given: its block's handle and the subhandle it carries. */
  msgOf(irq: number): MsiMsg {
    return fillMsiMsg(this.indexOf(irq), (this.shape[irq] ?? 0) >>> MSG_SHIFT);
  }

  /** The irq now owns sub-handle `subHandle` of the 2^mask block at `index`; its message carries `msgSubhandle`. */
  add(irq: number, index: number, subHandle: number, mask: number, msgSubhandle: number): void {
    if (irq >= this.block.length) {
      this.block = grownFor(this.block, irq + 1, 64);
      this.shape = resized(this.shape, this.block.length);
    }
    if (this.block[irq] === 0) this.count++;
    this.block[irq] = index + 1;
    this.shape[irq] = subHandle | (mask << MASK_SHIFT) | (msgSubhandle << MSG_SHIFT);
  }

  delete(irq: number): boolean {
    if (!this.has(irq)) return false;
    this.block[irq] = 0;
    this.shape[irq] = 0;
    this.posted.delete(irq);
    this.hostMsg.delete(irq);
    this.count--;
    return true;
  }

  get(irq: number): IrqIommu | undefined {
    return this.has(irq) ? new IrqIommuEntry(this, this.images, irq) : undefined;
  }

  *entries(): MapIterator<[number, IrqIommu]> {
    for (let irq = 0; irq < this.block.length; irq++) {
      const entry = this.get(irq);
      if (entry) yield [irq, entry];
    }
  }
}

/** One irq's irq_2_iommu as a reader sees it, read from the table when asked. */
class IrqIommuEntry implements IrqIommu {
  constructor(
    private readonly table: IrqIommuTable,
    private readonly images: IrteArray,
    private readonly irq: number,
  ) {}

  get index(): number {
    return this.table.indexOf(this.irq);
  }

  get subHandle(): number {
    return this.table.subHandleOf(this.irq);
  }

  get mask(): number {
    return this.table.maskOf(this.irq);
  }

  get irte(): Irte {
    return this.images.get(this.table.slotOf(this.irq));
  }

  get msg(): MsiMsg {
    return this.table.msgOf(this.irq);
  }

  get posted(): VcpuInfo | undefined {
    return this.table.posted.get(this.irq);
  }

  get hostMsg(): MsiMsg | undefined {
    return this.table.hostMsg.get(this.irq);
  }
}

/**
 * Linux irq numbers and their descriptors (kernel/irq/irqdesc.c). One descriptor per Linux irq; the
 * per-level state lives in its IrqData chain (irqdomain.ts).
 */
import { type Bitmap, bitmapAlloc, clearBit, findFirstZeroOfUnion, setBit, testBit } from "../bitmap";
import type { CpuMask } from "../cpumask";
import { type KernelError, kernelError } from "../errno";
import type { IrqData } from "./irqdomain";

/** irqd state bits shared by every level of one irq (irq_common_data.state_use_accessors). */
export const IRQD = {
  ACTIVATED: 1 << 0,
  STARTED: 1 << 1,
  MANAGED_SHUTDOWN: 1 << 2,
  CAN_RESERVE: 1 << 3,
  AFFINITY_MANAGED: 1 << 4,
  SETAFFINITY_PENDING: 1 << 5,
  MOVE_PCNTXT: 1 << 6,
  AFFINITY_ON_ACTIVATE: 1 << 7,
  SINGLE_TARGET: 1 << 8,
  HANDLE_ENFORCE_IRQCTX: 1 << 9,
} as const;

export class IrqDesc {
  /** IRQD_* bits. */
  state = 0;
  /** The outermost level of the hierarchy (irq_desc.irq_data). */
  data: IrqData | undefined;
  /** Names of the handlers request_irq() installed, in order (shown in /proc/interrupts). */
  readonly actions: string[] = [];
  /** The requested affinity (irq_common_data.affinity); set at allocation, all CPUs by default. */
  affinity: CpuMask | undefined;
  /** Where it is really delivered (effective_affinity). */
  effectiveCpu = -1;
  /** Interrupts delivered, per CPU (kstat_irqs). */
  readonly counts: Uint32Array;
  constructor(
    readonly irq: number,
    nrCpus: number,
  ) {
    this.counts = new Uint32Array(nrCpus);
  }
  has(flag: number): boolean {
    return (this.state & flag) !== 0;
  }
  set(flag: number): void {
    this.state |= flag;
  }
  clear(flag: number): void {
    this.state &= ~flag;
  }
}

/** The allocated_irqs bitmap and the descriptors behind it. */
export class IrqDescTable {
  private readonly allocated: Bitmap;
  private readonly descs = new Map<number, IrqDesc>();
  /**
   * x86 arch_dynirq_lower_bound(): dynamic irqs start above the IO-APIC GSIs (gsi_top), or at
   * `from` when no IO-APIC set it.
   */
  dynirqLowerBound = 0;

  /** mirrors early_irq_init(): the legacy irqs (arch_probe_nr_irqs() = nr_legacy_irqs()) exist from boot. */
  constructor(
    readonly nrIrqs: number,
    readonly nrCpus: number,
    legacyIrqs: number,
  ) {
    this.allocated = bitmapAlloc(nrIrqs);
    for (let irq = 0; irq < legacyIrqs; irq++) {
      setBit(this.allocated, irq);
      this.descs.set(irq, new IrqDesc(irq, nrCpus));
    }
  }

  desc(irq: number): IrqDesc | undefined {
    return this.descs.get(irq);
  }

  isAllocated(irq: number): boolean {
    return irq >= 0 && irq < this.nrIrqs && testBit(this.allocated, irq);
  }

  /** Every allocated irq, ascending (for_each_irq_desc). */
  irqs(): number[] {
    return [...this.descs.keys()].sort((a, b) => a - b);
  }

  /**
   * mirrors __irq_alloc_descs(): `irq` >= 0 asks for exactly that number (-EEXIST if taken); otherwise
   * the first free run of `cnt` at or above max(from, the dynamic lower bound). Returns the first irq.
   */
  allocDescs(irq: number, from: number, cnt: number): number | KernelError {
    if (cnt <= 0) return kernelError("EINVAL", `cannot allocate ${cnt} irq descriptors`);
    let start: number;
    if (irq >= 0) {
      for (let i = irq; i < irq + cnt; i++) {
        if (i >= this.nrIrqs) return kernelError("ENOMEM", `irq ${i} is beyond nr_irqs (${this.nrIrqs})`);
        if (testBit(this.allocated, i)) return kernelError("EEXIST", `irq ${i} is already allocated`);
      }
      start = irq;
    } else {
      start = this.findFreeArea(Math.max(from, this.dynirqLowerBound || from), cnt);
      if (start < 0) return kernelError("ENOMEM", `no ${cnt} free irq number(s) below nr_irqs (${this.nrIrqs})`);
    }
    for (let i = start; i < start + cnt; i++) {
      setBit(this.allocated, i);
      this.descs.set(i, new IrqDesc(i, this.nrCpus));
    }
    return start;
  }

  /** bitmap_find_next_zero_area() for `cnt` consecutive irqs; -1 if none. */
  private findFreeArea(from: number, cnt: number): number {
    let start = findFirstZeroOfUnion([this.allocated], from, this.nrIrqs);
    while (start + cnt <= this.nrIrqs) {
      let end = start;
      while (end < start + cnt && !testBit(this.allocated, end)) end++;
      if (end === start + cnt) return start;
      start = findFirstZeroOfUnion([this.allocated], end + 1, this.nrIrqs);
    }
    return -1;
  }

  /** mirrors irq_free_descs(): the numbers become free for the next allocation. */
  freeDescs(from: number, cnt: number): void {
    for (let i = from; i < from + cnt; i++) {
      clearBit(this.allocated, i);
      this.descs.delete(i);
    }
  }
}

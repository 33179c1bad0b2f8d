/**
 * struct apic_chip_data of every irq the VECTOR domain holds (arch/x86/kernel/apic/vector.c), kept
 * in arrays by irq number rather than as an object per irq: a full IRTE table's 65,536 irqs kept
 * 65,536 objects that the collector copied while such a machine booted. The vector domain reads and
 * writes the arrays; `get()` gives readers outside it a copy of one irq's fields.
 */
import { IrqKeyedMap } from "../../irq/irq-keyed-map";
import { grownFor, resized } from "../../typed-grow";

/** One irq's apic_chip_data as a reader sees it (a copy: later changes do not show in it). */
export interface ApicChipData {
  readonly irq: number;
  /** hw_irq_cfg: what the upper level programs (may be the parking vector 0xef). */
  readonly hwVector: number;
  readonly hwCpu: number;
  /** The real vector owned (0 = none, never the parking vector) and its CPU; `cpu` is kept when `vector` is cleared. */
  readonly vector: number;
  readonly cpu: number;
  readonly prevVector: number;
  readonly prevCpu: number;
  readonly moveInProgress: boolean;
  readonly isManaged: boolean;
  readonly canReserve: boolean;
  readonly hasReserved: boolean;
  /** On a CPU's cleanup list (clist not unhashed). */
  readonly cleanupPending: boolean;
}

/** The flag bits of one irq: whether it has chip data, and apic_chip_data's booleans. */
export const APICD = {
  PRESENT: 1,
  MOVE_IN_PROGRESS: 2,
  IS_MANAGED: 4,
  CAN_RESERVE: 8,
  HAS_RESERVED: 16,
  CLEANUP_PENDING: 32,
} as const;

export class ApicChipDataTable extends IrqKeyedMap<ApicChipData> {
  /** Vectors fit a byte (0–255); CPU numbers 16 bits. */
  hwVector = new Uint8Array(0);
  vector = new Uint8Array(0);
  prevVector = new Uint8Array(0);
  hwCpu = new Uint16Array(0);
  cpu = new Uint16Array(0);
  prevCpu = new Uint16Array(0);
  private flags = new Uint8Array(0);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(irq: number): boolean {
    return ((this.flags[irq] ?? 0) & APICD.PRESENT) !== 0;
  }

  /** Whether `irq` has chip data with `flag` set. */
  test(irq: number, flag: number): boolean {
    return ((this.flags[irq] ?? 0) & flag) !== 0;
  }

  setFlag(irq: number, flag: number, on: boolean): void {
    const f = this.flags[irq] ?? 0;
    this.flags[irq] = on ? f | flag : f & ~flag;
  }

  /** mirrors alloc_apic_chip_data(): a zeroed entry for `irq`. */
  add(irq: number): void {
    if (irq >= this.flags.length) this.grow(irq + 1);
    if (!this.has(irq)) this.count++;
    this.flags[irq] = APICD.PRESENT;
    this.hwVector[irq] = 0;
    this.vector[irq] = 0;
    this.prevVector[irq] = 0;
    this.hwCpu[irq] = 0;
    this.cpu[irq] = 0;
    this.prevCpu[irq] = 0;
  }

  /** free_apic_chip_data(). */
  delete(irq: number): boolean {
    if (!this.has(irq)) return false;
    this.flags[irq] = 0;
    this.count--;
    return true;
  }

  get(irq: number): ApicChipData | undefined {
    if (!this.has(irq)) return undefined;
    return {
      irq,
      hwVector: this.hwVector[irq] ?? 0,
      hwCpu: this.hwCpu[irq] ?? 0,
      vector: this.vector[irq] ?? 0,
      cpu: this.cpu[irq] ?? 0,
      prevVector: this.prevVector[irq] ?? 0,
      prevCpu: this.prevCpu[irq] ?? 0,
      moveInProgress: this.test(irq, APICD.MOVE_IN_PROGRESS),
      isManaged: this.test(irq, APICD.IS_MANAGED),
      canReserve: this.test(irq, APICD.CAN_RESERVE),
      hasReserved: this.test(irq, APICD.HAS_RESERVED),
      cleanupPending: this.test(irq, APICD.CLEANUP_PENDING),
    };
  }

  /** The irqs with chip data, ascending. */
  *irqs(): IterableIterator<number> {
    for (let irq = 0; irq < this.flags.length; irq++) if (this.has(irq)) yield irq;
  }

  *entries(): MapIterator<[number, ApicChipData]> {
    for (const irq of this.irqs()) {
      const a = this.get(irq);
      if (a) yield [irq, a];
    }
  }

  private grow(atLeast: number): void {
    this.flags = grownFor(this.flags, atLeast, 64);
    const n = this.flags.length;
    this.hwVector = resized(this.hwVector, n);
    this.vector = resized(this.vector, n);
    this.prevVector = resized(this.prevVector, n);
    this.hwCpu = resized(this.hwCpu, n);
    this.cpu = resized(this.cpu, n);
    this.prevCpu = resized(this.prevCpu, n);
  }
}

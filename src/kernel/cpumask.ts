import {
  type Bitmap,
  bitmapAlloc,
  bitmapParseHex,
  bitmapParseList,
  bitmapPrintList,
  bitmapWeight,
  findNextBit,
  setBit,
  testBit,
} from "./bitmap";
import { type KernelError, kernelError } from "./errno";

/** A set of CPU numbers below `nbits` (nr_cpu_ids), as include/linux/cpumask.h. */
export class CpuMask {
  readonly bits: Bitmap;
  constructor(
    readonly nbits: number,
    bits?: Bitmap,
  ) {
    this.bits = bits ?? bitmapAlloc(nbits);
  }

  static of(nbits: number, cpus: Iterable<number>): CpuMask {
    const m = new CpuMask(nbits);
    for (const c of cpus) if (c >= 0 && c < nbits) setBit(m.bits, c);
    return m;
  }

  static all(nbits: number): CpuMask {
    const m = new CpuMask(nbits);
    m.bits.fill(0xffffffff);
    const tail = nbits & 31;
    if (tail !== 0) m.bits[m.bits.length - 1] = (1 << tail) - 1;
    return m;
  }

  has(cpu: number): boolean {
    return cpu >= 0 && cpu < this.nbits && testBit(this.bits, cpu);
  }
  set(cpu: number): void {
    if (cpu >= 0 && cpu < this.nbits) setBit(this.bits, cpu);
  }
  clear(cpu: number): void {
    if (cpu >= 0 && cpu < this.nbits) this.bits[cpu >>> 5] &= ~(1 << (cpu & 31));
  }
  isEmpty(): boolean {
    return this.first() >= this.nbits;
  }
  weight(): number {
    return bitmapWeight(this.bits, this.nbits);
  }
  /** First CPU, or nbits when empty (cpumask_first). */
  first(): number {
    return findNextBit(this.bits, this.nbits, 0);
  }
  /** The first CPU at or after `from`, or nbits (cpumask_next): the allocation-free form of for_each_cpu(). */
  next(from: number): number {
    return findNextBit(this.bits, this.nbits, from);
  }
  /** CPUs in ascending order, like for_each_cpu(). */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let c = findNextBit(this.bits, this.nbits, 0); c < this.nbits; c = findNextBit(this.bits, this.nbits, c + 1)) {
      yield c;
    }
  }
  and(other: CpuMask): CpuMask {
    const m = new CpuMask(this.nbits);
    for (let w = 0; w < m.bits.length; w++) m.bits[w] = (this.bits[w] ?? 0) & (other.bits[w] ?? 0);
    return m;
  }
  andNot(other: CpuMask): CpuMask {
    const m = new CpuMask(this.nbits);
    for (let w = 0; w < m.bits.length; w++) m.bits[w] = (this.bits[w] ?? 0) & ~(other.bits[w] ?? 0);
    return m;
  }
  intersects(other: CpuMask): boolean {
    for (let w = 0; w < this.bits.length; w++) if (((this.bits[w] ?? 0) & (other.bits[w] ?? 0)) !== 0) return true;
    return false;
  }
  equals(other: CpuMask): boolean {
    for (let w = 0; w < this.bits.length; w++) if ((this.bits[w] ?? 0) !== (other.bits[w] ?? 0)) return false;
    return true;
  }
  copy(): CpuMask {
    const m = new CpuMask(this.nbits);
    m.bits.set(this.bits);
    return m;
  }
  /** The cpulist form the kernel prints (`0-3,8`), empty string for none. */
  toList(): string {
    return bitmapPrintList(this.bits, this.nbits);
  }
  /** The mask form (`%*pb`, as /proc/irq/N/smp_affinity prints it): nbits/4 hex digits, a comma every 32 bits. */
  toHex(): string {
    const digits = Math.ceil(this.nbits / 4);
    let out = "";
    for (let d = digits - 1; d >= 0; d--) {
      out += (((this.bits[d >>> 3] ?? 0) >>> ((d & 7) * 4)) & 0xf).toString(16);
      if (d > 0 && d % 8 === 0) out += ",";
    }
    return out;
  }
}

/** Parses the hex mask form /proc/irq/N/smp_affinity takes (cpumask_parse_user). */
export function parseCpuMaskHex(text: string, nbits: number): CpuListResult {
  const r = bitmapParseHex(text, nbits);
  if (!r.ok) return kernelError(r.errno, `${JSON.stringify(text)}: ${r.reason}`);
  return { ok: true, mask: new CpuMask(nbits, r.map) };
}

export type CpuListResult = { ok: true; mask: CpuMask } | KernelError;

/**
 * Parses a cpulist (`0-3,8`, `all`, `0-15:2/4`) as a write to /proc/irq/N/smp_affinity_list does:
 * a CPU at or beyond `nbits` (nr_cpu_ids) is -ERANGE.
 */
export function parseCpuList(text: string, nbits: number): CpuListResult {
  const r = bitmapParseList(text, nbits);
  if (!r.ok) {
    const reason = r.errno === "ERANGE" ? `CPU ${r.reason}` : `${JSON.stringify(text)} is not a CPU list: ${r.reason}`;
    return kernelError(r.errno, reason);
  }
  return { ok: true, mask: new CpuMask(nbits, r.map) };
}

/**
 * A set of small non-negative integers (IRTE indexes, irq numbers). A few are kept in a short list;
 * past FEW they move to a byte per index, grown by doubling: a 65,536-entry table marks every index,
 * which a Set hashes one by one, while most steps mark one or two, and a byte array per step (a typed
 * array each, outside the heap) was most of a 1,000-step replay's allocation.
 */
import { grownFor } from "../kernel/typed-grow";

/** Indexes held in the list before the bytes take over. */
const FEW = 16;

export class IndexMarks {
  private few: number[] = [];
  private marks: Uint8Array | undefined;
  private count = 0;
  private highest = -1;

  get size(): number {
    return this.count;
  }

  has(index: number): boolean {
    return this.marks ? this.marks[index] === 1 : this.few.includes(index);
  }

  /** Marks `index`; whether it was new. */
  mark(index: number): boolean {
    if (!(Number.isInteger(index) && index >= 0))
      throw new RangeError(`IndexMarks index ${index} is not a table index`);
    if (!this.marks) {
      if (this.few.includes(index)) return false;
      if (this.few.length < FEW) {
        this.few.push(index);
        return this.added(index);
      }
      this.marks = new Uint8Array(Math.max(256, this.highest + 1));
      for (const i of this.few) this.marks[i] = 1;
      this.few = [];
    }
    if (index >= this.marks.length) this.marks = grownFor(this.marks, index + 1, 256);
    if (this.marks[index] === 1) return false;
    this.marks[index] = 1;
    return this.added(index);
  }

  /** The first `limit` marked indexes, ascending. */
  ascending(limit = Number.POSITIVE_INFINITY): number[] {
    const marks = this.marks;
    if (!marks) return [...this.few].sort((a, b) => a - b).slice(0, limit);
    const out: number[] = [];
    for (let i = 0; i <= this.highest && out.length < limit; i++) if (marks[i] === 1) out.push(i);
    return out;
  }

  private added(index: number): true {
    this.count++;
    if (index > this.highest) this.highest = index;
    return true;
  }
}

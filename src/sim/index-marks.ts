/**
 * A set of small non-negative integers (IRTE indexes, irq numbers) as one byte each, grown by
 * doubling: a 65,536-entry table marks every index, which a Set hashes one by one.
 */
import { grownFor } from "../kernel/typed-grow";

export class IndexMarks {
  private marks = new Uint8Array(0);
  private count = 0;
  private highest = -1;

  get size(): number {
    return this.count;
  }

  has(index: number): boolean {
    return this.marks[index] === 1;
  }

  /** Marks `index`; whether it was new. */
  mark(index: number): boolean {
    if (!(Number.isInteger(index) && index >= 0))
      throw new RangeError(`IndexMarks index ${index} is not a table index`);
    if (index >= this.marks.length) this.marks = grownFor(this.marks, index + 1, 256);
    if (this.marks[index] === 1) return false;
    this.marks[index] = 1;
    this.count++;
    if (index > this.highest) this.highest = index;
    return true;
  }

  /** The first `limit` marked indexes, ascending. */
  ascending(limit = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    for (let i = 0; i <= this.highest && out.length < limit; i++) if (this.marks[i] === 1) out.push(i);
    return out;
  }
}

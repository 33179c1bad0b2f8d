/**
 * The IRTE allocation bitmap of one VT-d unit (ir_table.bitmap): alloc_irte() takes the first free,
 * naturally aligned block of 2^mask entries; clear_entries() gives a block back.
 */
import { type Bitmap, bitmapAlloc, clearBit, setBit, testBit } from "../../../bitmap";

/** INTR_REMAP_TABLE_ENTRIES. */
export const INTR_REMAP_TABLE_ENTRIES = 65536;

export class IrteBitmap {
  readonly bits: Bitmap;
  /** Entries in use. */
  used = 0;
  /** Every entry below this one is in use: the first-fit search starts here. */
  private hint = 0;
  constructor(readonly size = INTR_REMAP_TABLE_ENTRIES) {
    this.bits = bitmapAlloc(size);
  }

  /** mirrors bitmap_find_free_region(): first fit of an aligned 2^order block, or -1. */
  findFreeRegion(order: number): number {
    const len = 1 << order;
    let pos = Math.ceil(this.hint / len) * len;
    for (; pos + len <= this.size; pos += len) {
      let free = true;
      for (let i = 0; i < len; i++) {
        if (testBit(this.bits, pos + i)) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      for (let i = 0; i < len; i++) setBit(this.bits, pos + i);
      this.used += len;
      if (pos === this.hint) this.advanceHint();
      return pos;
    }
    return -1;
  }

  /** mirrors bitmap_release_region(). */
  releaseRegion(pos: number, order: number): void {
    const len = 1 << order;
    for (let i = 0; i < len; i++) {
      if (testBit(this.bits, pos + i)) this.used--;
      clearBit(this.bits, pos + i);
    }
    if (pos < this.hint) this.hint = pos;
  }

  /** Marks one entry used (kdump's iommu_load_old_irte() keeps the previous kernel's entries). */
  reserve(index: number): void {
    if (testBit(this.bits, index)) return;
    setBit(this.bits, index);
    this.used++;
    if (index === this.hint) this.advanceHint();
  }

  isUsed(index: number): boolean {
    return testBit(this.bits, index);
  }

  private advanceHint(): void {
    while (this.hint < this.size && testBit(this.bits, this.hint)) this.hint++;
  }
}

/** One named field of a register or message, for showing it "bit by bit". */
export interface BitField {
  readonly name: string;
  /** "19:12" for a range, "4" for a single bit. */
  readonly bits: string;
  /** The field's value, shifted down to bit 0 (unsigned). */
  readonly value: number;
  /** Plain-language meaning of this value. */
  readonly meaning: string;
}

/** Bits hi..lo (inclusive, 0..31) of a u32 word, as an unsigned number. */
export function bitsOf(word: number, hi: number, lo: number): number {
  const width = hi - lo + 1;
  const shifted = word >>> lo;
  return width >= 32 ? shifted >>> 0 : (shifted & ((2 ** width - 1) >>> 0)) >>> 0;
}

/** Bit n (0..31) of a u32 word. */
export function bitOf(word: number, n: number): number {
  return (word >>> n) & 1;
}

/** The "hi:lo" label of a range, or "n" for one bit. */
export function bitRange(hi: number, lo: number): string {
  return hi === lo ? `${hi}` : `${hi}:${lo}`;
}

export function field(name: string, hi: number, lo: number, value: number, meaning: string): BitField {
  return { name, bits: bitRange(hi, lo), value: value >>> 0, meaning };
}

/** "0x1f" style. */
export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}

/** The masks of the irq_matrix trace language: the common lists read in place, the rest as the kernel parses lists. */
import { bitmapParseList } from "../kernel/bitmap";
import { CpuMask } from "../kernel/cpumask";

/**
 * The common lists (`5`, `3-9`, `1,7`) read from `src[s, e)` by character codes into `mask` (empty);
 * undefined for any other form or a malformed one, which parseMask() then reads (and explains) as
 * bitmap_parselist() would.
 */
export function readSimpleList(src: string, s: number, e: number, mask: CpuMask): CpuMask | undefined {
  const last = mask.nbits - 1;
  let k = s;
  for (;;) {
    let from = 0;
    const f0 = k;
    for (let d = src.charCodeAt(k) - 48; k < e && d >= 0 && d <= 9; d = src.charCodeAt(++k) - 48) from = from * 10 + d;
    if (k === f0 || k - f0 > 9) return undefined;
    let to = from;
    if (k < e && src.charCodeAt(k) === 45 /* - */) {
      const t0 = ++k;
      to = 0;
      for (let d = src.charCodeAt(k) - 48; k < e && d >= 0 && d <= 9; d = src.charCodeAt(++k) - 48) to = to * 10 + d;
      if (k === t0 || k - t0 > 9 || to < from) return undefined;
    }
    for (let c = from; c <= to && c <= last; c++) mask.bits[c >>> 5] |= 1 << (c & 31);
    if (k === e) return mask;
    if (src.charCodeAt(k) !== 44 /* , */) return undefined;
    k++;
  }
}

/**
 * A mask as the trace language writes it: `-` (none), `0x<hex>`, or a list (`all`, `0-3,8`); CPUs at
 * or beyond `ncpus` are dropped (`for_each_cpu`). A string is the reason it is not a mask.
 */
export function parseMask(s: string, ncpus: number): CpuMask | string {
  if (s === "-") return new CpuMask(ncpus);
  const hex = /^0x([0-9a-fA-F]+)$/.exec(s);
  if (hex) {
    const digits = hex[1] ?? "";
    const mask = new CpuMask(ncpus);
    for (let i = 0; i < digits.length; i++) {
      const nibble = Number.parseInt(digits[digits.length - 1 - i] ?? "0", 16);
      for (let b = 0; b < 4; b++) if (nibble & (1 << b)) mask.set(i * 4 + b);
    }
    return mask;
  }
  const list = bitmapParseList(s, ncpus, true);
  if (!list.ok) return `MASK "${s}": ${list.reason}`;
  return new CpuMask(ncpus, list.map);
}

/**
 * Fixed-size bitmaps on Uint32Array words, the shape of include/linux/bitmap.h.
 * Bit n lives in word n >>> 5 at position n & 31.
 */
export type Bitmap = Uint32Array;

export function bitmapWords(nbits: number): number {
  return (nbits + 31) >>> 5;
}

export function bitmapAlloc(nbits: number): Bitmap {
  return new Uint32Array(bitmapWords(nbits));
}

export function testBit(map: Bitmap, bit: number): boolean {
  return ((map[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
}

export function setBit(map: Bitmap, bit: number): void {
  map[bit >>> 5] |= 1 << (bit & 31);
}

export function clearBit(map: Bitmap, bit: number): void {
  map[bit >>> 5] &= ~(1 << (bit & 31));
}

/** Sets the bit and says whether it was set before (test_and_set_bit). */
export function testAndSetBit(map: Bitmap, bit: number): boolean {
  const old = testBit(map, bit);
  setBit(map, bit);
  return old;
}

/** Clears the bit and says whether it was set before (test_and_clear_bit). */
export function testAndClearBit(map: Bitmap, bit: number): boolean {
  const old = testBit(map, bit);
  clearBit(map, bit);
  return old;
}

/** Mask of the bits of word `w` that lie in [from, to). */
function rangeMask(w: number, from: number, to: number): number {
  const lo = w << 5;
  const start = from > lo ? from - lo : 0;
  const end = to < lo + 32 ? to - lo : 32;
  if (end <= start) return 0;
  const high = end === 32 ? 0xffffffff : (1 << end) - 1;
  return (high & ~((1 << start) - 1)) >>> 0;
}

/** The index of the lowest set bit of a nonzero 32-bit word (__ffs()). */
export function lowestSetBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * Lowest bit in [start, end) that is clear in every map given; `end` if none.
 * The single-bit case of bitmap_find_next_zero_area() over the OR of the maps.
 */
export function findFirstZeroOfUnion(maps: readonly Bitmap[], start: number, end: number): number {
  if (start >= end) return end;
  const lastWord = (end - 1) >>> 5;
  for (let w = start >>> 5; w <= lastWord; w++) {
    let used = 0;
    for (const m of maps) used |= m[w] ?? 0;
    const free = ~used & rangeMask(w, start, end);
    if (free !== 0) return (w << 5) + lowestSetBit(free);
  }
  return end;
}

/**
 * findFirstZeroOfUnion() for three maps, the search of every vector allocation. One path for every
 * word (the first word's low bits masked by a shift), so the compiled loop is the same on the first
 * word and the last, and it allocates nothing.
 */
export function findFirstZeroOfThree(a: Bitmap, b: Bitmap, c: Bitmap, start: number, end: number): number {
  for (let bit = start; bit < end; ) {
    const w = bit >>> 5;
    const free = ~((a[w] ?? 0) | (b[w] ?? 0) | (c[w] ?? 0)) & (-1 << (bit & 31));
    if (free !== 0) {
      const found = (w << 5) + lowestSetBit(free);
      return found < end ? found : end;
    }
    bit = (w + 1) << 5;
  }
  return end;
}

/** Lowest bit below `end` set in `a` and clear in `b` (bitmap_andnot + find_first_bit); `end` if none. */
export function findFirstAndNot(a: Bitmap, b: Bitmap, end: number): number {
  if (end <= 0) return end;
  const lastWord = (end - 1) >>> 5;
  for (let w = 0; w <= lastWord; w++) {
    const x = (a[w] ?? 0) & ~(b[w] ?? 0) & rangeMask(w, 0, end);
    if (x !== 0) return (w << 5) + lowestSetBit(x);
  }
  return end;
}

/**
 * Lowest set bit at or above `from`, below `nbits`; `nbits` if none (find_next_bit). The loop of
 * every for_each_cpu(), so it masks only the first word and bounds the result once.
 */
export function findNextBit(map: Bitmap, nbits: number, from: number): number {
  if (from >= nbits) return nbits;
  const lastWord = (nbits - 1) >>> 5;
  let w = from >>> 5;
  let x = (map[w] ?? 0) & (0xffffffff << (from & 31));
  while (x === 0) {
    if (++w > lastWord) return nbits;
    x = map[w] ?? 0;
  }
  const bit = (w << 5) + lowestSetBit(x);
  return bit < nbits ? bit : nbits;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of set bits below `nbits` (bitmap_weight). */
export function bitmapWeight(map: Bitmap, nbits: number): number {
  let n = 0;
  const words = bitmapWords(nbits);
  for (let w = 0; w < words; w++) n += popcount((map[w] ?? 0) & rangeMask(w, 0, nbits));
  return n;
}

/** Bits below `nbits` in ascending order. */
export function bitmapToArray(map: Bitmap, nbits: number): number[] {
  const out: number[] = [];
  for (let b = findNextBit(map, nbits, 0); b < nbits; b = findNextBit(map, nbits, b + 1)) out.push(b);
  return out;
}

/** The `%*pbl` list form the kernel prints: `0-19,21,128`; empty set prints nothing. */
export function bitmapPrintList(map: Bitmap, nbits: number): string {
  const parts: string[] = [];
  let b = findNextBit(map, nbits, 0);
  while (b < nbits) {
    let end = b;
    while (end + 1 < nbits && testBit(map, end + 1)) end++;
    parts.push(end === b ? `${b}` : `${b}-${end}`);
    b = findNextBit(map, nbits, end + 1);
  }
  return parts.join(",");
}

export type BitListResult =
  | { readonly ok: true; readonly map: Bitmap }
  | { readonly ok: false; readonly errno: "EINVAL" | "ERANGE"; readonly reason: string };

/**
 * Parses the kernel's list syntax (bitmap_parselist) into a bitmap of `nbits`: `0-3,8`, `0-15:2/4`,
 * `all`, `N` for the last bit. A bit at or beyond `nbits` is -ERANGE, as the kernel reports it, unless
 * `clamp` drops such bits silently (the trace language's `for_each_cpu` reading of a mask).
 */
export function bitmapParseList(text: string, nbits: number, clamp = false): BitListResult {
  const map = bitmapAlloc(nbits);
  const body = text.trim();
  if (body === "") return { ok: false, errno: "EINVAL", reason: "the list is empty" };
  for (const group of body.split(",")) {
    const g = group.trim();
    if (g === "all") {
      for (let b = 0; b < nbits; b++) setBit(map, b);
      continue;
    }
    const m = /^(\d+|N)(?:-(\d+|N)(?::(\d+)\/(\d+))?)?$/.exec(g);
    if (!m) {
      return { ok: false, errno: "EINVAL", reason: `"${g}" is not a list element (expected N, N-M or N-M:used/group)` };
    }
    const num = (s: string): number => (s === "N" ? nbits - 1 : Number(s));
    const first = num(m[1] ?? "");
    const last = m[2] === undefined ? first : num(m[2]);
    const used = m[3] === undefined ? 1 : Number(m[3]);
    const groupSize = m[4] === undefined ? 1 : Number(m[4]);
    if (last < first) return { ok: false, errno: "EINVAL", reason: `"${g}": the range ends before it starts` };
    if (used === 0 || groupSize === 0 || used > groupSize) {
      return { ok: false, errno: "EINVAL", reason: `"${g}": the group syntax needs 0 < used <= group size` };
    }
    if (last >= nbits && !clamp) {
      return { ok: false, errno: "ERANGE", reason: `${last} is beyond the last one (${nbits - 1})` };
    }
    const end = Math.min(last, nbits - 1);
    for (let b = first; b <= end; b++) if ((b - first) % groupSize < used) setBit(map, b);
  }
  return { ok: true, map };
}

export type BitMaskResult =
  | { readonly ok: true; readonly map: Bitmap }
  | { readonly ok: false; readonly errno: "EINVAL" | "EOVERFLOW"; readonly reason: string };

/**
 * Parses the hex mask form (bitmap_parse, as /proc/irq/N/smp_affinity takes it): 32-bit hex chunks
 * separated by commas, most significant first. A set bit at or beyond `nbits` is -EOVERFLOW.
 */
export function bitmapParseHex(text: string, nbits: number): BitMaskResult {
  const body = text.trim();
  if (body === "") return { ok: false, errno: "EINVAL", reason: "the mask is empty" };
  const chunks = body.split(",");
  const map = bitmapAlloc(nbits);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = (chunks[chunks.length - 1 - i] ?? "").trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(chunk)) {
      return chunk.length > 8 && /^[0-9a-fA-F]+$/.test(chunk)
        ? { ok: false, errno: "EOVERFLOW", reason: `"${chunk}" has more than 8 hex digits` }
        : { ok: false, errno: "EINVAL", reason: `"${chunk}" is not a hex chunk` };
    }
    const value = Number.parseInt(chunk, 16);
    for (let b = 0; b < 32; b++) {
      if (((value >>> b) & 1) === 0) continue;
      const bit = i * 32 + b;
      if (bit >= nbits)
        return { ok: false, errno: "EOVERFLOW", reason: `bit ${bit} is beyond the last one (${nbits - 1})` };
      setBit(map, bit);
    }
  }
  return { ok: true, map };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyTests } from "../testing/property";
import {
  bitmapAlloc,
  bitmapParseList,
  bitmapPrintList,
  bitmapToArray,
  bitmapWeight,
  findFirstAndNot,
  findFirstZeroOfThree,
  findFirstZeroOfUnion,
  findNextBit,
  setBit,
} from "./bitmap";

const bitsArb = fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 80 });
/** The bits a list parses to, or the failure. */
const parsed = (text: string, nbits: number) => {
  const r = bitmapParseList(text, nbits);
  return r.ok ? { ok: true, bits: bitmapToArray(r.map, nbits) } : r;
};
const mapOf = (bits: number[]) => {
  const m = bitmapAlloc(256);
  for (const b of bits) setBit(m, b);
  return m;
};

describe("bitmap", () => {
  propertyTests(
    "print then parse gives the same set",
    () =>
      fc.property(bitsArb, (bits) => {
        const text = bitmapPrintList(mapOf(bits), 256);
        const sorted = [...bits].sort((a, b) => a - b);
        if (sorted.length === 0) expect(text).toBe("");
        else expect(parsed(text, 256)).toEqual({ ok: true, bits: sorted });
        expect(bitmapWeight(mapOf(bits), 256)).toBe(bits.length);
      }),
    { seed: 256, runs: 100 },
  );

  propertyTests(
    "searches agree with a bit-by-bit scan",
    () =>
      fc.property(
        bitsArb,
        bitsArb,
        fc.integer({ min: 0, max: 256 }),
        fc.integer({ min: 0, max: 256 }),
        (a, b, x, y) => {
          const [start, end] = x <= y ? [x, y] : [y, x];
          const sa = new Set(a);
          const sb = new Set(b);
          let zero = end;
          for (let i = start; i < end; i++) {
            if (!sa.has(i) && !sb.has(i)) {
              zero = i;
              break;
            }
          }
          expect(findFirstZeroOfUnion([mapOf(a), mapOf(b)], start, end)).toBe(zero);
          expect(findFirstZeroOfThree(mapOf(a), mapOf(b), mapOf([]), start, end)).toBe(zero);
          expect(findFirstZeroOfThree(mapOf([]), mapOf(a), mapOf(b), start, end)).toBe(zero);
          let andNot = end;
          for (let i = 0; i < end; i++) {
            if (sa.has(i) && !sb.has(i)) {
              andNot = i;
              break;
            }
          }
          expect(findFirstAndNot(mapOf(a), mapOf(b), end)).toBe(andNot);
        },
      ),
    { seed: 257, runs: 100 },
  );

  propertyTests(
    "find_next_bit agrees with a bit-by-bit scan, bits at or beyond nbits ignored",
    () =>
      fc.property(bitsArb, fc.integer({ min: 1, max: 256 }), fc.integer({ min: 0, max: 300 }), (bits, nbits, from) => {
        const set = new Set(bits);
        let next = nbits;
        for (let i = from; i < nbits; i++) {
          if (set.has(i)) {
            next = i;
            break;
          }
        }
        expect(findNextBit(mapOf(bits), nbits, from)).toBe(next);
      }),
    { seed: 263, runs: 100 },
  );

  it("parses the kernel's list syntax and rejects what it rejects", () => {
    expect(parsed("0-3,8", 16)).toEqual({ ok: true, bits: [0, 1, 2, 3, 8] });
    expect(parsed("0-7:2/4", 16)).toEqual({ ok: true, bits: [0, 1, 4, 5] });
    expect(parsed("N", 4)).toEqual({ ok: true, bits: [3] });
    expect(parsed("99", 4)).toMatchObject({ ok: false, errno: "ERANGE" });
    expect(parsed("0-x", 4)).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(parsed("3-1", 4)).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(parsed("", 4)).toMatchObject({ ok: false, errno: "EINVAL" });
  });
});

describe("bitmap_parselist with clamp (the trace language's masks)", () => {
  it("drops bits beyond nbits instead of refusing", () => {
    expect(parsed("2-9", 4)).toMatchObject({ ok: false, errno: "ERANGE" });
    const r = bitmapParseList("2-9", 4, true);
    expect(r.ok && bitmapToArray(r.map, 4)).toEqual([2, 3]);
  });
});

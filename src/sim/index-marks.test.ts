import { describe, expect, it } from "vitest";
import { IndexMarks } from "./index-marks";

describe("IndexMarks", () => {
  it("marks each index once, counts them and grows past its first size", () => {
    const m = new IndexMarks();
    expect(m.size).toBe(0);
    expect(m.has(5)).toBe(false);
    expect(m.mark(5)).toBe(true);
    expect(m.mark(5)).toBe(false);
    expect(m.mark(0)).toBe(true);
    expect(m.mark(65_535)).toBe(true);
    expect(m.mark(65_535)).toBe(false);
    expect([m.has(0), m.has(5), m.has(6), m.has(65_535), m.has(70_000)]).toEqual([true, true, false, true, false]);
    expect(m.size).toBe(3);
    expect(() => m.mark(-1)).toThrow(RangeError);
    expect(() => m.mark(1.5)).toThrow(RangeError);
  });

  it("lists the marked indexes ascending, the first few or all", () => {
    const m = new IndexMarks();
    for (const i of [300, 2, 7, 2, 1024]) m.mark(i);
    expect(m.ascending()).toEqual([2, 7, 300, 1024]);
    expect(m.ascending(2)).toEqual([2, 7]);
    expect(new IndexMarks().ascending()).toEqual([]);
  });
});

describe("IndexMarks past its short list", () => {
  it("keeps every index and its answers when the list moves to bytes", () => {
    const m = new IndexMarks();
    const order = [40, 3, 17, 999, 0, 5, 12, 80, 81, 82, 7, 300, 2, 1, 9, 8, 77, 65_535, 4, 3, 40];
    const seen = new Set<number>();
    for (const i of order) {
      expect(m.mark(i)).toBe(!seen.has(i));
      seen.add(i);
      expect(m.size).toBe(seen.size);
      for (const j of order) expect(m.has(j)).toBe(seen.has(j));
    }
    expect(m.ascending()).toEqual([...seen].sort((a, b) => a - b));
    expect(m.ascending(3)).toEqual([0, 1, 2]);
    expect(m.has(6)).toBe(false);
  });
});

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

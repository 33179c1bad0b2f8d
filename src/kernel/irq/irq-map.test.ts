import { describe, expect, it } from "vitest";
import { IrqMap } from "./irq-map";

const v = (n: number) => ({ n });

describe("IrqMap", () => {
  it("iterates in insertion order, as a Map does, not by number", () => {
    const m = new IrqMap<{ n: number }>();
    const ref = new Map<number, { n: number }>();
    for (const k of [40, 24, 300, 25, 24]) {
      m.set(k, v(k));
      ref.set(k, v(k));
    }
    m.delete(24);
    ref.delete(24);
    m.set(24, v(-24));
    ref.set(24, v(-24));
    m.delete(999);
    expect([...m]).toEqual([...ref]);
    expect([...m.keys()]).toEqual([40, 300, 25, 24]);
    expect([...m.values()].map((x) => x.n)).toEqual([40, 300, 25, -24]);
    expect(m.size).toBe(4);
    expect(m.has(24) && !m.has(26) && m.get(-1) === undefined && m.get(1.5) === undefined).toBe(true);
  });

  it("goes on past an entry deleted while it is visited, and visits entries added meanwhile", () => {
    const m = new IrqMap<{ n: number }>();
    for (const k of [1, 2, 3]) m.set(k, v(k));
    const seen: number[] = [];
    for (const [k] of m) {
      seen.push(k);
      m.delete(k);
      if (k === 2) m.set(7, v(7));
    }
    expect(seen).toEqual([1, 2, 3, 7]);
    expect(m.size).toBe(0);
  });

  it("refuses a key that is not an irq number", () => {
    expect(() => new IrqMap<{ n: number }>().set(-1, v(0))).toThrow(RangeError);
  });
});

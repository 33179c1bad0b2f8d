import { describe, expect, it } from "vitest";
import { MsiDesc, MsiDomainSlot } from "./msi-desc";

describe("MsiDomainSlot.descs", () => {
  const slot = (order: readonly number[]) => {
    const s = new MsiDomainSlot<undefined>();
    for (const i of order) {
      const d = new MsiDesc(i, undefined, undefined);
      if (i % 2 === 1) d.irq = 100 + i;
      expect(s.insert(d)).toBeUndefined();
    }
    return s;
  };
  const indexes = (ds: readonly MsiDesc[]) => ds.map((d) => d.msiIndex);

  it("lists in index order whatever the insertion order, filtered and bounded", () => {
    for (const order of [
      [0, 1, 2, 3, 4, 5],
      [5, 3, 0, 4, 1, 2],
      [0, 1, 2, 5, 3, 4],
    ]) {
      const s = slot(order);
      expect(indexes(s.descs())).toEqual([0, 1, 2, 3, 4, 5]);
      expect(indexes(s.descs("associated"))).toEqual([1, 3, 5]);
      expect(indexes(s.descs("notassociated"))).toEqual([0, 2, 4]);
      expect(indexes(s.descs("all", 2, 4))).toEqual([2, 3, 4]);
    }
  });
});

describe("MsiDescStore (the descriptor xarray)", () => {
  it("walks by msi_index, counts, frees and clears; refuses an index outside MSI_XA_DOMAIN_SIZE", () => {
    const s = new MsiDomainSlot<undefined>().store;
    for (const i of [2047, 3, 0]) s.set(i, new MsiDesc(i, undefined, undefined));
    expect([s.size, s.has(3), s.has(4), s.get(-1), s.get(1.5)]).toEqual([3, true, false, undefined, undefined]);
    expect([...s.values()].map((d) => d.msiIndex)).toEqual([0, 3, 2047]);
    const seen: number[] = [];
    s.forEachIn(1, 2046, (d) => seen.push(d.msiIndex));
    expect(seen).toEqual([3]);
    expect([s.delete(3), s.delete(3), s.size]).toEqual([true, false, 2]);
    expect(() => s.set(0x10000, new MsiDesc(0x10000, undefined, undefined))).toThrow(RangeError);
    s.clear();
    expect([s.size, [...s.values()]]).toEqual([0, []]);
  });
});

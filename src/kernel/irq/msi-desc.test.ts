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

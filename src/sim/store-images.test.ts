import { describe, expect, it } from "vitest";
import { IoApic } from "../hw/ioapic";
import { MsixTable } from "../hw/msix-table";
import { StoreImages } from "./store-images";

const table = () => new MsixTable({ size: 64, tableBir: 0, tableOffset: 0, pbaBir: 0, pbaOffset: 0x8000 });

describe("StoreImages.takeRest", () => {
  it("takes and counts the changed slots from `from` on as take() slot by slot would, skipping the given ones", () => {
    const [a, b] = [table(), table()];
    const [ia, ib] = [new StoreImages(), new StoreImages()];
    ia.track(a);
    ib.track(b);
    for (const t of [a, b]) {
      for (const slot of [1, 5, 9, 20, 21, 63])
        t.writeMessage(slot, { addressLo: 0xfee00000 + slot, addressHi: 0, data: slot });
      // Written back as it was: not a change.
      t.writeMessage(30, { addressLo: 0, addressHi: 0, data: 0 });
    }
    const skip = new Map([[20, 0]]);
    let bySlot = 0;
    for (let slot = 5; slot < b.slots; slot++) if (!skip.has(slot) && ib.take(b, slot)) bySlot++;
    expect(ia.takeRest(a, 5, skip)).toBe(bySlot);
    expect(bySlot).toBe(4);
    for (let slot = 0; slot < a.slots; slot++) expect(ia.before(a, slot)).toEqual(ib.before(b, slot));
    // Taken: nothing differs any more, but for the skipped slot and those before `from`.
    expect(ia.takeRest(a, 5, new Map())).toBe(1);
    expect(ia.differs(a, 1)).toBe(true);
  });

  it("leaves a store that is not a table to take() (undefined)", () => {
    const images = new StoreImages();
    const io = new IoApic({ id: 0 });
    images.track(io);
    expect(images.takeRest(io, 0, new Map())).toBeUndefined();
    expect(images.takeRest(table(), 0, new Map())).toBe(0);
  });
});

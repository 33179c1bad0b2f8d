import { describe, expect, it } from "vitest";
import { fillMsiMsg } from "../../../arch/x86/msi-format";
import { IrqIommuTable } from "./irq-2-iommu";
import { IrteArray, prepareIrte } from "./irte";

describe("irq_2_iommu in arrays by irq", () => {
  it("a block's irqs: IRTE = index + sub-handle, the message from the block's handle, iterated by irq", () => {
    const images = new IrteArray();
    const t = new IrqIommuTable(images);
    // A 4-entry multi-MSI block at IRTE 32,768 for irqs 70,000-70,003 (past the arrays' first size).
    for (let i = 0; i < 4; i++) t.add(70000 + i, 32768, i, 2, i);
    // An IO-APIC pin: sub-handle 0, its message carries the pin.
    t.add(24, 5, 0, 0, 9);
    expect(t.size).toBe(5);
    expect(t.slotOf(70003)).toBe(32771);
    expect(t.slotOf(25)).toBe(-1);
    expect(t.get(70002)).toMatchObject({ index: 32768, subHandle: 2, mask: 2, msg: fillMsiMsg(32768, 2) });
    expect(t.get(24)?.msg).toEqual(fillMsiMsg(5, 9));
    expect([...t.keys()]).toEqual([24, 70000, 70001, 70002, 70003]);
    images.set(32769, prepareIrte(0x41, 3, true, false));
    expect(t.get(70001)?.irte.vector).toBe(0x41);
  });

  it("a freed irq leaves nothing: no slot, no posted vCPU, no hypercall message", () => {
    const t = new IrqIommuTable(new IrteArray());
    t.add(40, 16, 0, 0, 0);
    t.posted.set(40, { piDescAddr: 0x1000, vector: 0x30 });
    t.hostMsg.set(40, { addressLo: 0xfee00000, addressHi: 0, data: 0x30 });
    expect(t.get(40)).toMatchObject({ posted: { vector: 0x30 }, hostMsg: { data: 0x30 } });
    expect(t.delete(40)).toBe(true);
    expect(t.delete(40)).toBe(false);
    expect([t.size, t.has(40), t.get(40), t.posted.size, t.hostMsg.size]).toEqual([0, false, undefined, 0, 0]);
  });
});

import { describe, expect, it } from "vitest";
import { APICD, ApicChipDataTable } from "./apic-chip-data";

describe("apic_chip_data in arrays by irq", () => {
  it("a new entry is zeroed; flags and fields are per irq; get() is a copy; irqs ascending", () => {
    const t = new ApicChipDataTable();
    // Past the arrays' first size, and out of order.
    t.add(70000);
    t.add(24);
    t.vector[70000] = 0x41;
    t.cpu[70000] = 511;
    t.hwVector[70000] = 0x41;
    t.hwCpu[70000] = 511;
    t.setFlag(70000, APICD.IS_MANAGED | APICD.MOVE_IN_PROGRESS, true);
    t.setFlag(70000, APICD.MOVE_IN_PROGRESS, false);
    const copy = t.get(70000);
    expect(copy).toMatchObject({ irq: 70000, vector: 0x41, cpu: 511, isManaged: true, moveInProgress: false });
    t.vector[70000] = 0x42;
    expect(copy?.vector).toBe(0x41);
    expect(t.get(24)).toEqual({
      irq: 24,
      hwVector: 0,
      hwCpu: 0,
      vector: 0,
      cpu: 0,
      prevVector: 0,
      prevCpu: 0,
      moveInProgress: false,
      isManaged: false,
      canReserve: false,
      hasReserved: false,
      cleanupPending: false,
    });
    expect([...t.irqs()]).toEqual([24, 70000]);
    expect([...t.keys()]).toEqual([24, 70000]);
    expect(t.size).toBe(2);
  });

  it("a freed irq leaves nothing, and is zeroed when allocated again", () => {
    const t = new ApicChipDataTable();
    t.add(40);
    t.vector[40] = 0x30;
    t.setFlag(40, APICD.HAS_RESERVED | APICD.CLEANUP_PENDING, true);
    expect([t.delete(40), t.delete(40)]).toEqual([true, false]);
    expect([t.size, t.has(40), t.get(40), t.test(40, APICD.HAS_RESERVED), [...t.irqs()]]).toEqual([
      0,
      false,
      undefined,
      false,
      [],
    ]);
    t.add(40);
    expect(t.get(40)).toMatchObject({ vector: 0, hasReserved: false, cleanupPending: false });
  });
});

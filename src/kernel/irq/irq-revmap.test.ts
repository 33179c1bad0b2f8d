import { describe, expect, it } from "vitest";
import { IrqRevmap } from "./irq-revmap";

describe("an irq domain's revmap: linear below its size, a tree above", () => {
  it("finds, lists by hwirq and clears both a device domain's and the 6.1 global domain's hwirqs", () => {
    const r = new IrqRevmap();
    // ≤ 6.1 global PCI-MSI domain: domain 0, devid 0x300 (bus 3), msi_index 1 → 0x180001.
    const global = (0x300 << 11) | 1;
    r.set(global, 80);
    r.set(2047, 40);
    r.set(0, 24);
    r.set(0x80000000, 90);
    expect([r.find(0), r.find(2047), r.find(global), r.find(0x80000000), r.find(5), r.find(global + 1)]).toEqual([
      24, 40, 80, 90, -1, -1,
    ]);
    expect([...r.virqs()]).toEqual([24, 40, 80, 90]);
    // Cleared only while it still maps to that irq.
    r.clear(2047, 41);
    r.clear(global, 81);
    expect([r.find(2047), r.find(global)]).toEqual([40, 80]);
    r.clear(2047, 40);
    r.clear(global, 80);
    expect([...r.virqs()]).toEqual([24, 90]);
  });
});

import { describe, expect, it } from "vitest";
import { pciMsiDomainCalcHwirq } from "./hwirq";

describe("pciMsiDomainCalcHwirq", () => {
  it("E19: 0000:03:00.0 table index 2 is hwirq 0x180002 (1572866)", () => {
    expect(pciMsiDomainCalcHwirq(0, 0x0300, 2)).toBe(0x180002);
    expect(pciMsiDomainCalcHwirq(0, 0x0300, 2)).toBe(1572866);
  });

  it("puts the PCI domain above bit 27 without 32-bit overflow", () => {
    expect(pciMsiDomainCalcHwirq(1, 0, 0)).toBe(0x8000000);
    expect(pciMsiDomainCalcHwirq(0x10000, 0x0300, 2)).toBe(0x10000 * 2 ** 27 + 0x180002);
    expect(pciMsiDomainCalcHwirq(0x10000, 0x0300, 2)).toBeGreaterThan(0xffffffff);
  });

  it("last devid and index stay below the domain bits", () => {
    expect(pciMsiDomainCalcHwirq(0, 0xffff, 0x7ff)).toBe(0x7ffffff);
  });
});

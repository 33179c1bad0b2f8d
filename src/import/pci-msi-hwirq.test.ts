import { describe, expect, it } from "vitest";
import { decodeGlobalPciMsiHwirq } from "./pci-msi-hwirq";

describe("decodeGlobalPciMsiHwirq (domain << 27 | bus << 19 | devfn << 11 | index)", () => {
  // The table of the spec, verified there on real samples.
  it.each([
    [327680, "0000:00:14.0", 0],
    [32768, "0000:00:02.0", 0],
    [1048576, "0000:02:00.0", 0],
    [1048580, "0000:02:00.0", 4],
    [57147392, "0000:6d:00.0", 0],
    [57147400, "0000:6d:00.0", 8],
    [333833, "0000:00:14.3", 9],
    [0x6b80000, "0000:d7:00.0", 0],
    [0x6c00000, "0000:d8:00.0", 0],
    [134217728, "0001:00:00.0", 0],
    [134463488, "0001:00:0f.0", 0],
    [4138200989697, "7870:00:00.0", 1],
  ])("%d is %s index %d", (hwirq, bdf, index) => {
    expect(decodeGlobalPciMsiHwirq(hwirq)).toMatchObject({ bdf, index });
  });

  it("splits the fields, past 2^32 too", () => {
    expect(decodeGlobalPciMsiHwirq(4138200989697)).toEqual({
      domain: 0x7870,
      bus: 0,
      dev: 0,
      fn: 0,
      bdf: "7870:00:00.0",
      index: 1,
    });
    expect(decodeGlobalPciMsiHwirq(333833)).toEqual({
      domain: 0,
      bus: 0,
      dev: 0x14,
      fn: 3,
      bdf: "0000:00:14.3",
      index: 9,
    });
  });

  it("refuses what no kernel prints", () => {
    expect(decodeGlobalPciMsiHwirq(-1)).toBeUndefined();
    expect(decodeGlobalPciMsiHwirq(1.5)).toBeUndefined();
    expect(decodeGlobalPciMsiHwirq(2 ** 60)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { ENTRY_CTRL, ENTRY_DATA, ENTRY_LOWER_ADDR } from "./entry-array";
import { MsixTable, PCI_MSIX_FLAGS_ENABLE, PCI_MSIX_FLAGS_MASKALL } from "./msix-table";

const msg = { addressLo: 0xfee03000, addressHi: 0, data: 0x45 };
const e20 = () => new MsixTable({ size: 8, tableBir: 2, tableOffset: 0x2000, pbaBir: 2, pbaOffset: 0x3000 });

/** msix_capability_init: ENABLE|MASKALL, write messages, mask every entry, clear MASKALL. */
function linuxEnable(t: MsixTable): void {
  t.writeControl(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
  for (let i = 0; i < t.slots; i++) t.writeMessage(i, { ...msg, data: 0x40 + i });
  for (let i = 0; i < t.slots; i++) t.setEntryMask(i, true);
  t.setFunctionMask(false);
}

describe("MsixTable registers", () => {
  it("E20: entry 5 of a table at BAR2 + 0x2000", () => {
    const t = e20();
    expect(t.readTableOffsetBir()).toBe(0x00002002);
    expect(t.entryAddress(5, ENTRY_LOWER_ADDR)).toEqual({ bar: 2, offset: 0x2050 });
    expect(t.entryAddress(5, 4)).toEqual({ bar: 2, offset: 0x2054 });
    expect(t.entryAddress(5, ENTRY_DATA)).toEqual({ bar: 2, offset: 0x2058 });
    expect(t.entryAddress(5, ENTRY_CTRL)).toEqual({ bar: 2, offset: 0x205c });
    expect(t.pbaBit(5)).toEqual({ qword: 0, bit: 5 });
    expect(t.pbaAddress(5)).toEqual({ bar: 2, offset: 0x3000 });
  });

  it("table size field 0x7FF means 2048 entries; PBA bits go in 64-bit QWORDs", () => {
    const t = new MsixTable({ size: 2048, tableBir: 0, tableOffset: 0, pbaBir: 0, pbaOffset: 0x8000 });
    expect(t.readControl()).toBe(0x07ff);
    expect(t.slots).toBe(2048);
    expect(t.pbaBit(70)).toEqual({ qword: 1, bit: 6 });
    expect(t.pbaAddress(2047)).toEqual({ bar: 0, offset: 0x8000 + 31 * 8 });
  });

  it("rejects bad geometry and bad indexes", () => {
    const cfg = { tableBir: 0, tableOffset: 0, pbaBir: 0, pbaOffset: 0x800 };
    expect(() => new MsixTable({ ...cfg, size: 0 })).toThrow(RangeError);
    expect(() => new MsixTable({ ...cfg, size: 2049 })).toThrow(RangeError);
    expect(() => new MsixTable({ ...cfg, size: 4, tableOffset: 0x4 })).toThrow(RangeError);
    expect(() => new MsixTable({ ...cfg, size: 4, tableBir: 6 })).toThrow(RangeError);
    const t = e20();
    expect(() => t.writeEntryWord(8, 0, 1)).toThrow(RangeError);
    // @ts-expect-error: 2 is not a word offset
    expect(() => t.readEntryWord(0, 2)).toThrow(RangeError);
    expect(() => t.storedMessage(-1)).toThrow(RangeError);
  });

  it("resets with every entry masked and a zero message", () => {
    const t = e20();
    for (let i = 0; i < t.slots; i++) {
      expect(t.readEntryWord(i, ENTRY_CTRL)).toBe(1);
      expect(t.storedMessage(i)).toEqual({ addressLo: 0, addressHi: 0, data: 0 });
    }
  });

  it("keeps QSIZE read-only", () => {
    const t = e20();
    t.writeControl(0xffff);
    expect(t.readControl()).toBe(0xc007);
  });
});

describe("MsixTable delivery", () => {
  it("refuses in order: disabled, function mask, entry mask", () => {
    const t = e20();
    expect(t.emit(0)).toEqual({ sent: false, reason: "MSI-X disabled" });
    expect(t.isPending(0)).toBe(false);
    t.writeControl(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    expect(t.emit(0)).toEqual({ sent: false, reason: "function masked (MASKALL): pending bit set" });
    expect(t.isPending(0)).toBe(true);
    expect(t.setFunctionMask(false)).toEqual([]); // entry 0 is still masked
    expect(t.emit(1)).toEqual({ sent: false, reason: "entry 1 masked: pending bit set" });
    expect(t.emit(8)).toEqual({ sent: false, reason: "no entry 8: the table has 8" });
  });

  it("follows Linux's enable sequence without touching an unmasked entry", () => {
    const t = e20();
    linuxEnable(t);
    expect(t.unmaskedWrites).toBe(0);
    expect(t.setEntryMask(3, false)).toBeUndefined();
    expect(t.emit(3)).toEqual({ sent: true, msg: { ...msg, data: 0x43 } });
    expect(t.isMasked(3)).toBe(false);
  });

  it("sends a pending message on entry unmask", () => {
    const t = e20();
    linuxEnable(t);
    t.emit(2);
    expect(t.isPending(2)).toBe(true);
    expect(t.setEntryMask(2, false)).toEqual({ sent: true, msg: { ...msg, data: 0x42 } });
    expect(t.isPending(2)).toBe(false);
  });

  it("sends pending messages of unmasked entries when the function mask clears", () => {
    const t = e20();
    linuxEnable(t);
    t.setEntryMask(1, false);
    t.setFunctionMask(true);
    t.emit(1);
    t.emit(2);
    expect(t.setFunctionMask(false)).toEqual([{ sent: true, msg: { ...msg, data: 0x41 } }]);
    expect(t.isPending(2)).toBe(true);
  });

  it("E15: a maskable move is mask, one message write, unmask", () => {
    const t = e20();
    linuxEnable(t);
    t.setEntryMask(0, false);
    const before = t.writes;
    t.setEntryMask(0, true);
    t.writeMessage(0, msg);
    t.setEntryMask(0, false);
    expect(t.writes - before).toBe(5);
    expect(t.unmaskedWrites).toBe(0);
    expect(t.recentWrites().slice(-5)).toEqual([
      { slot: 0, register: "vector_ctrl", value: 1 },
      { slot: 0, register: "address_lo", value: 0xfee03000 },
      { slot: 0, register: "address_hi", value: 0 },
      { slot: 0, register: "data", value: 0x45 },
      { slot: 0, register: "vector_ctrl", value: 0 },
    ]);
  });

  it("counts writes to an unmasked entry as a hazard", () => {
    const t = e20();
    linuxEnable(t);
    t.setEntryMask(4, false);
    t.writeMessage(4, msg);
    expect(t.unmaskedWrites).toBe(3);
  });

  it("keeps reserved vector-control bits on mask changes", () => {
    const t = e20();
    t.writeEntryWord(6, ENTRY_CTRL, 0x00ab0001);
    t.setEntryMask(6, false);
    expect(t.readEntryWord(6, ENTRY_CTRL)).toBe(0x00ab0000);
  });
});

import { describe, expect, it } from "vitest";
import { ENTRY_CTRL } from "./entry-array";
import { ImsDeviceArray } from "./ims-device-array";

const msg = { addressLo: 0xfee00818, addressHi: 0, data: 0 };

describe("ImsDeviceArray", () => {
  it("needs at least one entry", () => {
    expect(() => new ImsDeviceArray({ size: 0 })).toThrow(RangeError);
    expect(new ImsDeviceArray({ size: 512 }).slots).toBe(512);
  });

  it("lays entries out in 16 bytes, masked at reset", () => {
    const ims = new ImsDeviceArray({ size: 256 });
    expect(ims.entryOffset(3, ENTRY_CTRL)).toBe(0x3c);
    expect(ims.isMasked(255)).toBe(true);
    expect(() => ims.entryOffset(256, 0)).toThrow(RangeError);
  });

  it("tags the write with the PASID when PASID enable is set", () => {
    const ims = new ImsDeviceArray({ size: 4 });
    ims.writeMessage(1, msg);
    ims.setPasid(1, 0x12345);
    expect(ims.readEntryWord(1, ENTRY_CTRL)).toBe((0x12345 << 12) | 0x8 | 0x1);
    expect(ims.setEntryMask(1, false)).toBeUndefined();
    expect(ims.readEntryWord(1, ENTRY_CTRL)).toBe((0x12345 << 12) | 0x8);
    expect(ims.emit(1)).toEqual({ sent: true, msg, pasid: 0x12345 });
    ims.setPasid(1, undefined);
    expect(ims.pasid(1)).toBeUndefined();
    expect(ims.emit(1)).toEqual({ sent: true, msg });
  });

  it("keeps the mask bit across PASID changes and rejects PASIDs over 20 bits", () => {
    const ims = new ImsDeviceArray({ size: 4 });
    ims.setPasid(0, 0xfffff);
    expect(ims.isEntryMasked(0)).toBe(true);
    expect(ims.pasid(0)).toBe(0xfffff);
    expect(() => ims.setPasid(0, 0x100000)).toThrow(RangeError);
  });

  it("latches an event while masked and sends it, with its PASID, on unmask", () => {
    const ims = new ImsDeviceArray({ size: 4 });
    ims.writeMessage(2, msg);
    ims.setPasid(2, 7);
    expect(ims.emit(2)).toEqual({ sent: false, reason: "entry 2 masked: pending bit set" });
    expect(ims.setEntryMask(2, false)).toEqual({ sent: true, msg, pasid: 7 });
    expect(ims.isPending(2)).toBe(false);
  });

  it("counts message writes to an unmasked entry as a hazard", () => {
    const ims = new ImsDeviceArray({ size: 4 });
    ims.setEntryMask(0, false);
    ims.writeMessage(0, msg);
    expect(ims.unmaskedWrites).toBe(3);
    expect(ims.recentWrites().map((w) => w.register)).toEqual(["ctrl", "address_lo", "address_hi", "data"]);
  });
});

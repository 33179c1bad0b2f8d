import { describe, expect, it } from "vitest";
import {
  MsiCapability,
  PCI_MSI_ADDRESS_HI,
  PCI_MSI_ADDRESS_LO,
  PCI_MSI_DATA_32,
  PCI_MSI_DATA_64,
  PCI_MSI_FLAGS,
  PCI_MSI_MASK_32,
  PCI_MSI_MASK_64,
  PCI_MSI_PENDING_32,
  PCI_MSI_PENDING_64,
} from "./msi-capability";

const msg = { addressLo: 0xfee00118, addressHi: 0, data: 0 };

describe("MsiCapability layout", () => {
  it("puts data, mask and pending bits at the 64-bit offsets", () => {
    const cap = new MsiCapability({ vectorsLog2: 5, addr64: true, maskable: true });
    expect(cap.readConfig(0, 1)).toBe(0x05);
    expect(cap.readConfig(PCI_MSI_FLAGS, 2)).toBe((5 << 1) | 0x80 | 0x100);
    expect([cap.dataOffset, cap.maskOffset, cap.length]).toEqual([PCI_MSI_DATA_64, PCI_MSI_MASK_64, 0x18]);
    cap.writeMessage({ addressLo: 0xfee05000, addressHi: 0x12, data: 0x41 });
    expect(cap.readConfig(PCI_MSI_ADDRESS_LO)).toBe(0xfee05000);
    expect(cap.readConfig(PCI_MSI_ADDRESS_HI)).toBe(0x12);
    expect(cap.readConfig(PCI_MSI_DATA_64, 2)).toBe(0x41);
    expect(cap.writes).toBe(3);
    cap.setMaskBit(31, true);
    expect(cap.readConfig(PCI_MSI_MASK_64)).toBe(0x80000000);
    expect(cap.readConfig(PCI_MSI_PENDING_64)).toBe(0);
  });

  it("puts data, mask and pending bits at the 32-bit offsets", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: false, maskable: true });
    expect([cap.dataOffset, cap.maskOffset, cap.length]).toEqual([PCI_MSI_DATA_32, PCI_MSI_MASK_32, 0x14]);
    cap.writeMessage({ addressLo: 0xfee05000, addressHi: 0, data: 0x41 });
    expect(cap.readConfig(PCI_MSI_DATA_32, 2)).toBe(0x41);
    expect(cap.writes).toBe(2);
    cap.setMaskBit(0, true);
    cap.setEnable(true);
    cap.emit(0);
    expect(cap.readConfig(PCI_MSI_PENDING_32)).toBe(1);
  });

  it("has no mask registers when not maskable", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: true, maskable: false });
    expect(cap.length).toBe(0x0e);
    expect(cap.maskOffset).toBeUndefined();
    expect(() => cap.setMaskBit(0, true)).toThrow(RangeError);
    expect(() => cap.readConfig(PCI_MSI_MASK_64)).toThrow(RangeError);
  });

  it("keeps read-only bits of Message Control and the pending bits", () => {
    const cap = new MsiCapability({ vectorsLog2: 2, addr64: true, maskable: true });
    cap.writeConfig(PCI_MSI_FLAGS, 0xffff, 2);
    expect(cap.readConfig(PCI_MSI_FLAGS, 2)).toBe(0x1 | (2 << 1) | 0x70 | 0x80 | 0x100);
    cap.writeConfig(PCI_MSI_PENDING_64, 0xffffffff, 4);
    expect(cap.readConfig(PCI_MSI_PENDING_64)).toBe(0);
    // Only implemented vectors have mask bits.
    cap.writeConfig(PCI_MSI_MASK_64, 0xffffffff, 4);
    expect(cap.readConfig(PCI_MSI_MASK_64)).toBe(0xf);
    // The address is DWORD aligned: bits 1:0 are hardwired to 0.
    cap.writeConfig(PCI_MSI_ADDRESS_LO, 0xfee00003, 4);
    expect(cap.readConfig(PCI_MSI_ADDRESS_LO)).toBe(0xfee00000);
  });

  it("rejects accesses outside the capability or misaligned", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: false, maskable: false });
    expect(() => cap.readConfig(0x0c)).toThrow(RangeError);
    expect(() => cap.writeConfig(0x03, 0, 2)).toThrow(RangeError);
    expect(() => new MsiCapability({ vectorsLog2: 6, addr64: false, maskable: false })).toThrow(RangeError);
    expect(() => cap.storedMessage(1)).toThrow(RangeError);
  });
});

describe("MsiCapability messages", () => {
  it("drops address_hi on a 32-bit capability and says so", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: false, maskable: false });
    cap.writeMessage({ addressLo: 0xfee34000, addressHi: 0x1200, data: 0x30 });
    expect(cap.writes).toBe(2);
    expect(cap.droppedWrites).toBe(1);
    expect(cap.recentWrites().map((w) => w.register)).toEqual(["address_lo", "address_hi (dropped)", "data"]);
    expect(cap.storedMessage(0)).toEqual({ addressLo: 0xfee34000, addressHi: 0, data: 0x30 });
  });

  it("keeps only 16 data bits", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: true, maskable: false });
    cap.writeMessage({ addressLo: 0xfee00000, addressHi: 0, data: 0x12345 });
    expect(cap.storedMessage(0).data).toBe(0x2345);
    expect(cap.droppedWrites).toBe(1);
  });

  it("E8: multi-MSI of 4 with IR sends data 0..3, nothing beyond 2^MME", () => {
    const cap = new MsiCapability({ vectorsLog2: 3, addr64: true, maskable: false });
    cap.writeMessage(msg);
    cap.setMultipleEnable(2);
    expect(cap.readConfig(PCI_MSI_FLAGS, 2) & 0x70).toBe(0x20);
    cap.setEnable(true);
    expect([0, 1, 2, 3].map((k) => cap.emit(k))).toEqual(
      [0, 1, 2, 3].map((k) => ({ sent: true, msg: { ...msg, data: k } })),
    );
    expect(cap.emit(4)).toEqual({ sent: false, reason: "vector 4 beyond the enabled count (4)" });
    expect(() => cap.setMultipleEnable(4)).toThrow(RangeError);
  });

  it("replaces the low MME data bits with the vector number", () => {
    const cap = new MsiCapability({ vectorsLog2: 2, addr64: false, maskable: false });
    cap.writeMessage({ addressLo: 0xfee01000, addressHi: 0, data: 0x41 });
    cap.setMultipleEnable(2);
    cap.setEnable(true);
    const e = cap.emit(2);
    expect(e.sent && e.msg.data).toBe(0x42);
  });

  it("sends nothing while disabled", () => {
    const cap = new MsiCapability({ vectorsLog2: 0, addr64: true, maskable: true });
    expect(cap.emit(0)).toEqual({ sent: false, reason: "MSI disabled" });
  });
});

describe("MsiCapability masking", () => {
  it("latches a masked vector in the pending bits and sends it on unmask", () => {
    const cap = new MsiCapability({ vectorsLog2: 1, addr64: true, maskable: true });
    cap.writeMessage(msg);
    cap.setMultipleEnable(1);
    cap.setEnable(true);
    expect(cap.setMaskBit(1, true)).toBeUndefined();
    expect(cap.emit(1)).toEqual({ sent: false, reason: "vector 1 masked: pending bit set" });
    expect(cap.isPending(1)).toBe(true);
    expect(cap.isMasked(1)).toBe(true);
    expect(cap.setMaskBit(1, false)).toEqual({ sent: true, msg: { ...msg, data: 1 } });
    expect(cap.isPending(1)).toBe(false);
    expect(cap.setMaskBit(1, false)).toBeUndefined();
  });

  it("releases pending vectors on a raw mask-register write too", () => {
    const cap = new MsiCapability({ vectorsLog2: 1, addr64: false, maskable: true });
    cap.writeMessage(msg);
    cap.setMultipleEnable(1);
    cap.setEnable(true);
    cap.writeConfig(PCI_MSI_MASK_32, 0x3, 4);
    cap.emit(0);
    cap.emit(1);
    expect(cap.readConfig(PCI_MSI_PENDING_32)).toBe(0x3);
    expect(cap.writeConfig(PCI_MSI_MASK_32, 0x2, 4)).toEqual([{ sent: true, msg }]);
    expect(cap.readConfig(PCI_MSI_PENDING_32)).toBe(0x2);
  });

  it("logs the mask write against its vector", () => {
    const cap = new MsiCapability({ vectorsLog2: 2, addr64: true, maskable: true });
    cap.setMaskBit(3, true);
    expect(cap.recentWrites()).toEqual([{ slot: 3, register: "mask_bits", value: 0x8 }]);
  });
});

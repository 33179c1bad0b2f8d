import { describe, expect, it } from "vitest";
import { decodeRte, ioapicRteToMsg, ioapicSetupMsgFromMsi } from "./io-apic-rte";
import { decodeMsiMsg, fillMsiMsg, irqMsiComposeMsg } from "./msi-format";

const pin9 = { level: true, activeLow: true, masked: false };

describe("ioapicSetupMsgFromMsi", () => {
  it("E12: pin 9, level, active-low, IRTE 0x10", () => {
    const irMsg = fillMsiMsg(0x10, 9);
    expect(irMsg).toEqual({ addressLo: 0xfee00218, addressHi: 0, data: 9 });
    expect(ioapicSetupMsgFromMsi(irMsg, pin9)).toEqual({ lo: 0x0000a009, hi: 0x00210000 });
    expect(ioapicSetupMsgFromMsi(irMsg, { ...pin9, masked: true })).toEqual({ lo: 0x0001a009, hi: 0x00210000 });
  });

  it("compat: APIC 3, vector 0x31, edge → high dword 0x03000000", () => {
    const rte = ioapicSetupMsgFromMsi(irqMsiComposeMsg(0x31, 3).msg, { level: false, activeLow: false, masked: false });
    expect(rte).toEqual({ lo: 0x31, hi: 0x03000000 });
  });

  it("IRTE index bit 15 goes to RTE bit 11", () => {
    expect(ioapicSetupMsgFromMsi(fillMsiMsg(0x8010, 2), pin9)).toEqual({ lo: 0x0000a802, hi: 0x00210000 });
  });

  it("extended destination ID bits 14:8 land in RTE bits 55:49", () => {
    const msg = irqMsiComposeMsg(0x40, 0x1234, { extDestId: true }).msg;
    const rte = ioapicSetupMsgFromMsi(msg, { level: false, activeLow: false, masked: false });
    expect(rte.hi).toBe(0x34240000);
    expect(decodeRte(rte).destId).toBe(0x1234);
  });
});

describe("ioapicRteToMsg", () => {
  it("E12: the pin's message is remappable, SHV = 0, index 0x10, data = pin | level", () => {
    const msg = ioapicRteToMsg({ lo: 0x0000a009, hi: 0x00210000 });
    expect(msg).toEqual({ addressLo: 0xfee00210, addressHi: 0, data: 0x8009 });
    expect(decodeMsiMsg(msg)).toMatchObject({ format: "remappable", shv: false, index: 0x10 });
  });

  it("compat round trip msg → rte → msg (edge)", () => {
    for (const apic of [0, 3, 0xff]) {
      const msg = irqMsiComposeMsg(0x31, apic).msg;
      const rte = ioapicSetupMsgFromMsi(msg, { level: false, activeLow: true, masked: false });
      expect(ioapicRteToMsg(rte)).toEqual(msg);
    }
  });

  it("compat round trip keeps the destination and vector, adds the level bit", () => {
    const msg = irqMsiComposeMsg(0x31, 3, { destModeLogical: true }).msg;
    const back = ioapicRteToMsg(ioapicSetupMsgFromMsi(msg, { level: true, activeLow: false, masked: true }));
    expect(back).toEqual({ ...msg, data: msg.data | 0x8000 });
  });

  it("remappable round trip keeps the index and drops SHV", () => {
    for (const index of [0, 0x10, 0x7fff, 0x8001, 0xffff]) {
      const msg = fillMsiMsg(index, 5);
      const back = ioapicRteToMsg(ioapicSetupMsgFromMsi(msg, { level: false, activeLow: false, masked: false }));
      expect(back).toEqual({ addressLo: (msg.addressLo & ~0x8) >>> 0, addressHi: 0, data: 5 });
      expect(decodeMsiMsg(back)).toMatchObject({ format: "remappable", shv: false, index });
    }
  });
});

describe("decodeRte", () => {
  it("E12 decodes as remappable, IRTE 0x10, pin 9", () => {
    const d = decodeRte({ lo: 0x0001a009, hi: 0x00210000 });
    expect(d).toMatchObject({
      format: "remappable",
      index: 0x10,
      vector: 9,
      masked: true,
      level: true,
      activeLow: true,
    });
    expect(d.destId).toBeUndefined();
    expect(d.fields.find((f) => f.name === "ir_format")?.value).toBe(1);
  });

  it("compat decodes destination and vector", () => {
    const d = decodeRte({ lo: 0x31, hi: 0x03000000 });
    expect(d).toMatchObject({ format: "compat", destId: 3, vector: 0x31, masked: false, level: false });
    expect(d.index).toBeUndefined();
  });

  it("fields cover all 64 bits", () => {
    for (const rte of [
      { lo: 0x0001a009, hi: 0x00210000 },
      { lo: 0x31, hi: 0x03000000 },
    ]) {
      const width = (bits: string) => {
        const [hi = 0, lo = hi] = bits.split(":").map(Number);
        return hi - lo + 1;
      };
      expect(decodeRte(rte).fields.reduce((n, f) => n + width(f.bits), 0)).toBe(64);
    }
  });
});

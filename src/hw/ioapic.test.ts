import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyTests } from "../testing/property";
import { IO_APIC_REDIR_TABLE, IO_APIC_VERSION, IoApic, RTE_LEVEL, RTE_MASKED, rteToMsiMsg } from "./ioapic";

/** E12: pin 9, level, active-low, IRTE index 0x10 in remappable form. */
const E12 = { lo: 0x0000a009, hi: 0x00210000 };

/** ioapic_setup_msg_from_msi, the kernel's direction, for the round-trip check. */
function rteFromMsg(addressLo: number, data: number): { lo: number; hi: number } {
  const lo = (data & 0xff) | (((data >>> 8) & 7) << 8) | (((addressLo >>> 2) & 1) << 11);
  const hi = (((addressLo >>> 5) & 0x7fff) << 17) | (((addressLo >>> 4) & 1) << 16);
  return { lo, hi: hi >>> 0 };
}

describe("IO-APIC RTE to message", () => {
  it("E12: the remappable RTE sends IRTE handle 0x10, level, vector = pin", () => {
    expect(rteToMsiMsg(E12.lo, E12.hi)).toEqual({ addressLo: 0xfee00210, addressHi: 0, data: 0x8009 });
  });

  it("compat RTE to APIC 5, vector 0x41, edge", () => {
    expect(rteToMsiMsg(0x41, 5 << 24)).toEqual({ addressLo: 0xfee05000, addressHi: 0, data: 0x41 });
  });

  propertyTests(
    "undoes ioapic_setup_msg_from_msi on the bits the RTE carries",
    () =>
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0x7ff }), (addressLo, data) => {
        const { lo, hi } = rteFromMsg(addressLo, data);
        const back = rteToMsiMsg(lo, hi);
        expect(back.addressLo).toBe(((addressLo & 0x000ffff4) | 0xfee00000) >>> 0);
        expect(back.data).toBe(data & 0x7ff);
      }),
    { seed: 12, runs: 100 },
  );
});

describe("IoApic registers", () => {
  it("resets masked and reports the pin count in the version register", () => {
    const io = new IoApic({ id: 2 });
    expect(io.slots).toBe(24);
    expect(io.readRte(23)).toEqual({ lo: RTE_MASKED, hi: 0 });
    expect(io.readReg(IO_APIC_VERSION)).toBe(0x00170020);
    expect(io.readReg(0)).toBe(2 << 24);
  });

  it("writes the high dword first, then the low", () => {
    const io = new IoApic({ id: 0, pins: 24, gsiBase: 24 });
    io.writeRte(9, E12.lo | RTE_MASKED, E12.hi);
    expect(io.recentWrites()).toEqual([
      { slot: 9, register: "rte_hi", value: E12.hi },
      { slot: 9, register: "rte_lo", value: 0x0001a009 },
    ]);
    expect(io.readReg(IO_APIC_REDIR_TABLE + 18)).toBe(0x0001a009);
    expect(io.gsiBase).toBe(24);
  });

  it("ignores writes to delivery status and Remote IRR", () => {
    const io = new IoApic({ id: 0 });
    io.writeRte(1, 0x31 | (1 << 12) | (1 << 14), 0);
    expect(io.readRte(1).lo).toBe(0x31);
  });

  it("rejects unmodelled registers and pins", () => {
    const io = new IoApic({ id: 0, pins: 8 });
    expect(() => io.readReg(0x10 + 16)).toThrow(RangeError);
    expect(() => io.writeRte(8, 0, 0)).toThrow(RangeError);
    expect(() => io.isMasked(-1)).toThrow(RangeError);
    expect(() => new IoApic({ id: 16 })).toThrow(RangeError);
  });
});

describe("IoApic delivery", () => {
  it("sends an edge interrupt each time, and loses it while masked", () => {
    const io = new IoApic({ id: 0 });
    expect(io.emit(4)).toEqual({ sent: false, reason: "pin 4 masked: edge lost" });
    expect(io.writeRte(4, 0x34, 0)).toBeUndefined();
    const m = { sent: true, msg: { addressLo: 0xfee00000, addressHi: 0, data: 0x34 } };
    expect(io.emit(4)).toEqual(m);
    expect(io.emit(4)).toEqual(m);
  });

  it("holds a level interrupt in service until the EOI", () => {
    const io = new IoApic({ id: 0 });
    io.writeRte(9, E12.lo, E12.hi);
    expect(io.assert(9)).toEqual({ sent: true, msg: rteToMsiMsg(E12.lo, E12.hi) });
    expect(io.readRte(9).lo & (1 << 14)).not.toBe(0);
    expect(io.emit(9)).toEqual({ sent: false, reason: "level interrupt still in service: Remote IRR set" });
    io.deassert(9);
    // Under IR the directed EOI carries the RTE vector field, which is the pin number.
    expect(io.eoi(0x31)).toEqual([]);
    expect(io.readRte(9).lo & (1 << 14)).not.toBe(0);
    expect(io.eoi(9)).toEqual([]);
    expect(io.readRte(9).lo).toBe(E12.lo);
    expect(io.writes).toBe(4);
  });

  it("redelivers on EOI while the line is still asserted", () => {
    const io = new IoApic({ id: 0 });
    io.writeRte(16, 0x41 | RTE_LEVEL, 0);
    io.emit(16);
    expect(io.eoi(0x41)).toHaveLength(1);
    expect(io.isLineAsserted(16)).toBe(true);
  });

  it("remembers a masked level line and delivers it on unmask", () => {
    const io = new IoApic({ id: 0 });
    io.writeRte(16, 0x41 | RTE_LEVEL | RTE_MASKED, 0);
    expect(io.emit(16)).toEqual({ sent: false, reason: "pin 16 masked: level line stays asserted" });
    expect(io.setMask(16, false)).toEqual({
      sent: true,
      msg: { addressLo: 0xfee00000, addressHi: 0, data: 0x8041 },
    });
    expect(io.isMasked(16)).toBe(false);
  });

  it("drops Remote IRR when the pin becomes edge-triggered", () => {
    const io = new IoApic({ id: 0 });
    io.writeRte(3, 0x33 | RTE_LEVEL, 0);
    io.emit(3);
    io.writeRte(3, 0x33, 0);
    expect(io.readRte(3).lo).toBe(0x33);
  });
});

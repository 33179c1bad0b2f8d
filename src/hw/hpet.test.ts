import { describe, expect, it } from "vitest";
import { HPET_ID, HPET_TN_ENABLE, HPET_TN_FSB, HPET_TN_FSB_CAP, HPET_Tn_CFG, HPET_Tn_ROUTE, Hpet } from "./hpet";

const msg = { addressLo: 0xfee00f18, addressHi: 0, data: 0 };
const hpet = () => new Hpet({ id: 0, timers: 8, fsbCapable: [2, 3, 4, 5, 6, 7] });

describe("Hpet registers", () => {
  it("E14: timer 2 stores data at 0x150, address at 0x154, config at 0x140", () => {
    expect([HPET_Tn_CFG(2), HPET_Tn_ROUTE(2), HPET_Tn_ROUTE(2) + 4]).toEqual([0x140, 0x150, 0x154]);
    const h = hpet();
    h.writeMessage(2, msg);
    expect(h.recentWrites()).toEqual([
      { slot: 2, register: "route_data", value: 0 },
      { slot: 2, register: "route_address", value: 0xfee00f18 },
    ]);
    expect(h.readReg(0x154)).toBe(0xfee00f18);
    h.setEnable(2, true);
    h.setFsb(2, true);
    expect(h.readReg(0x140)).toBe(HPET_TN_FSB_CAP | HPET_TN_FSB | HPET_TN_ENABLE);
    expect(h.emit(2)).toEqual({ sent: true, msg });
    expect(h.writes).toBe(4);
  });

  it("reports the timer count in HPET_ID", () => {
    expect((hpet().readReg(HPET_ID) >>> 8) & 0x1f).toBe(7);
  });

  it("keeps FSB_CAP read-only and FSB off on timers without it", () => {
    const h = hpet();
    h.writeReg(HPET_Tn_CFG(3), 0);
    expect(h.hasFsb(3)).toBe(true);
    h.setFsb(0, true);
    expect(h.readReg(HPET_Tn_CFG(0)) & HPET_TN_FSB).toBe(0);
  });

  it("drops a non-zero address_hi: the route register is 32 bits", () => {
    const h = hpet();
    h.writeMessage(3, { ...msg, addressHi: 1 });
    expect(h.droppedWrites).toBe(1);
    expect(h.storedMessage(3).addressHi).toBe(0);
  });

  it("rejects bad geometry and unmodelled offsets", () => {
    expect(() => new Hpet({ id: 0, timers: 2, fsbCapable: [] })).toThrow(RangeError);
    expect(() => new Hpet({ id: 0, timers: 33, fsbCapable: [] })).toThrow(RangeError);
    expect(() => new Hpet({ id: 0, timers: 3, fsbCapable: [3] })).toThrow(RangeError);
    const h = hpet();
    expect(() => h.readReg(0x118)).toThrow(RangeError); // hole after the route register
    expect(() => h.readReg(0x100 + 0x20 * 8)).toThrow(RangeError);
    expect(() => h.writeReg(0x102, 0)).toThrow(RangeError);
    expect(() => h.writeMessage(8, msg)).toThrow(RangeError);
  });
});

describe("Hpet delivery", () => {
  it("explains each reason a timer sends nothing", () => {
    const h = hpet();
    expect(h.emit(0)).toEqual({ sent: false, reason: "timer 0 cannot deliver by FSB (no FSB_CAP)" });
    expect(h.emit(4)).toEqual({ sent: false, reason: "timer 4: FSB delivery disabled" });
    h.setFsb(4, true);
    expect(h.emit(4)).toEqual({ sent: false, reason: "timer 4 disabled" });
  });

  it("is masked unless both ENABLE and FSB are set (hpet_msi_mask / _unmask)", () => {
    const h = hpet();
    h.setEnable(5, true);
    expect(h.isMasked(5)).toBe(true);
    h.setFsb(5, true);
    expect(h.isMasked(5)).toBe(false);
  });
});

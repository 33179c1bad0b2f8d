import { describe, expect, it } from "vitest";
import { fillMsiMsg, irqMsiComposeMsg } from "../../../arch/x86/msi-format";
import {
  clearIrte,
  decodeIrte,
  describeIrte,
  encodeIrte,
  IRTE_WORDS,
  type Irte,
  IrteArray,
  irteDest,
  irteHighHex,
  irteLowHex,
  irtePresent,
  prepareIrte,
  SQ_13_IGNORE_1,
  SQ_13_IGNORE_3,
  SQ_ALL_16,
  SVT_VERIFY_BUS,
  SVT_VERIFY_SID,
  setIrteSid,
  vtdCheckSid,
  vtdTranslate,
  writeIrte,
  ZERO_IRTE,
} from "./irte";

const ENTRIES = 64;
const newTable = (entries = ENTRIES) => new Uint32Array(entries * IRTE_WORDS);

describe("IRTE encoding", () => {
  it("E11: vector 0x41 to APIC 5, SID 03:00.0, SVT 1, SQ 0, EIM", () => {
    const irte = setIrteSid(prepareIrte(0x41, 5, true), SVT_VERIFY_SID, SQ_ALL_16, 0x0300);
    expect(irteLowHex(irte)).toBe("0000000500410009");
    expect(irteHighHex(irte)).toBe("0000000000040300");
    expect(encodeIrte(irte)).toEqual([0x00410009, 5, 0x00040300, 0]);
  });

  it("E11: the same in xAPIC mode holds 5 << 8", () => {
    const irte = setIrteSid(prepareIrte(0x41, 5, false), SVT_VERIFY_SID, SQ_ALL_16, 0x0300);
    expect(irteLowHex(irte)).toBe("0000050000410009");
    expect(irteHighHex(irte)).toBe("0000000000040300");
  });

  it("irteDest: xAPIC shifts by 8, x2APIC keeps 32 bits unsigned", () => {
    expect(irteDest(5, false)).toBe(0x500);
    expect(irteDest(0xfffffffe, true)).toBe(0xfffffffe);
  });

  it("write / decode / clear round trip", () => {
    const t = newTable();
    const irte = setIrteSid(prepareIrte(0xef, 0x12345678, true, true), SVT_VERIFY_BUS, SQ_ALL_16, 0x0405);
    writeIrte(t, 7, irte);
    expect(irtePresent(t, 7)).toBe(true);
    expect(decodeIrte(t, 7)).toEqual(irte);
    expect(irtePresent(t, 6)).toBe(false);
    clearIrte(t, 7);
    expect(irtePresent(t, 7)).toBe(false);
    expect(decodeIrte(t, 7)).toEqual(ZERO_IRTE);
  });

  it("posted entries carry the descriptor address", () => {
    const posted: Irte = { ...ZERO_IRTE, present: 1, pst: 1, urgent: 1, vector: 0x31, pdaL: 0x3ffffff, pdaH: 0xabcd };
    const t = newTable();
    writeIrte(t, 3, posted);
    expect(decodeIrte(t, 3)).toEqual(posted);
    expect(irteLowHex(posted)).toBe("ffffffc00031c001");
    expect(irteHighHex(posted)).toBe("0000abcd00000000");
  });

  it("describeIrte covers all 128 bits in both views", () => {
    const width = (bits: string) => {
      const [hi = 0, lo = hi] = bits.split(":").map(Number);
      return hi - lo + 1;
    };
    const remapped = describeIrte(prepareIrte(0x41, 5, true));
    const posted = describeIrte({ ...ZERO_IRTE, present: 1, pst: 1, pdaL: 1 });
    for (const fields of [remapped, posted]) expect(fields.reduce((n, f) => n + width(f.bits), 0)).toBe(128);
    expect(remapped.find((f) => f.name === "redir_hint")?.value).toBe(1);
    expect(posted.find((f) => f.name === "pda_l")?.meaning).toContain("0x40");
  });
});

describe("vtdCheckSid", () => {
  it("E14: HPET 00:1f.0 with SQ 3 accepts 00:1f.5", () => {
    const irte = setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_SID, SQ_13_IGNORE_3, 0x00f8);
    expect(vtdCheckSid(irte, 0x00fd)).toBe(true);
    expect(vtdCheckSid(irte, 0x0100)).toBe(false);
  });

  it("E23: SQ 1 ignores bit 2 only", () => {
    const irte = setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_SID, SQ_13_IGNORE_1, 0x0300);
    expect(vtdCheckSid(irte, 0x0304)).toBe(true);
    expect(vtdCheckSid(irte, 0x0301)).toBe(false);
  });

  it("E23: SVT 2, bus 4..4 rejects bus 5", () => {
    const irte = setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_BUS, SQ_ALL_16, 0x0404);
    expect(vtdCheckSid(irte, 0x0400)).toBe(true);
    expect(vtdCheckSid(irte, 0x0500)).toBe(false);
  });

  it("SVT 2 reads start bus from 15:8 and end bus from 7:0 (VT-d / Linux layout)", () => {
    const irte = setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_BUS, SQ_ALL_16, 0x0306);
    expect([2, 3, 6, 7].map((bus) => vtdCheckSid(irte, bus << 8))).toEqual([false, true, true, false]);
  });

  it("SVT 3 (reserved) always fails", () => {
    expect(vtdCheckSid({ ...prepareIrte(0x41, 0, true), svt: 3 }, 0)).toBe(false);
  });
});

describe("vtdTranslate", () => {
  const e11 = setIrteSid(prepareIrte(0x41, 5, true), SVT_VERIFY_SID, SQ_ALL_16, 0x0300);

  it("a remappable MSI-X message is delivered to the IRTE's CPU and vector", () => {
    const t = newTable();
    writeIrte(t, 0x20, e11);
    const r = vtdTranslate(t, ENTRIES, fillMsiMsg(0x20, 0), 0x0300, true);
    expect(r).toMatchObject({ kind: "remapped", index: 0x20, destApicid: 5, vector: 0x41, trigger: "edge" });
    if (r.kind !== "remapped") return;
    expect(r.msg).toEqual({ addressLo: 0xfee05008, addressHi: 0, data: 0x4041 });
    expect(r.warnings).toEqual([]);
  });

  it("xAPIC mode decodes dest_id bits 15:8", () => {
    const t = newTable();
    writeIrte(t, 1, prepareIrte(0x22, 3, false));
    expect(vtdTranslate(t, ENTRIES, fillMsiMsg(1, 0), undefined, false)).toMatchObject({ destApicid: 3 });
  });

  it("x2APIC destinations above 255 go into address_hi of the delivered message", () => {
    const t = newTable();
    writeIrte(t, 1, prepareIrte(0x22, 0x1234, true));
    const r = vtdTranslate(t, ENTRIES, fillMsiMsg(1, 0), undefined, true);
    expect(r).toMatchObject({ destApicid: 0x1234, msg: { addressLo: 0xfee34008, addressHi: 0x1200 } });
  });

  it("E8 / E7: the subhandle selects IRTE handle + data", () => {
    const t = newTable(0x600);
    for (let i = 0; i < 4; i++) writeIrte(t, 8 + i, prepareIrte(0x30 + i, i, true));
    for (let i = 0; i < 4; i++) {
      const m = { ...fillMsiMsg(8, 0), data: i };
      expect(vtdTranslate(t, 0x600, m, undefined, true)).toMatchObject({ index: 8 + i, vector: 0x30 + i });
    }
    writeIrte(t, 0x522, prepareIrte(0x99, 1, true));
    const e7 = { addressLo: 0xfee0a418, addressHi: 0, data: 2 };
    expect(vtdTranslate(t, 0x600, e7, undefined, true)).toMatchObject({ kind: "remapped", index: 0x522 });
  });

  it("E9: data 3 into a 3-vector block at 12 hits non-present IRTE 15 → fault 0x22", () => {
    const t = newTable();
    for (let i = 0; i < 3; i++) writeIrte(t, 12 + i, prepareIrte(0x40 + i, 0, true));
    const r = vtdTranslate(t, ENTRIES, { ...fillMsiMsg(12, 0), data: 3 }, undefined, true);
    expect(r).toMatchObject({ kind: "fault", code: 0x22, name: "VTD_FR_IR_ENTRY_P", index: 15 });
  });

  it("E12: the IO-APIC pin message (SHV = 0) finds IRTE 0x10; a differing vector only warns", () => {
    const t = newTable();
    writeIrte(t, 0x10, setIrteSid(prepareIrte(0x31, 2, true), SVT_VERIFY_SID, SQ_ALL_16, 0x00f1));
    const pinMsg = { addressLo: 0xfee00210, addressHi: 0, data: 0x8009 };
    const r = vtdTranslate(t, ENTRIES, pinMsg, 0x00f1, true);
    expect(r).toMatchObject({ kind: "remapped", index: 0x10, vector: 0x31, destApicid: 2 });
    if (r.kind === "remapped") expect(r.warnings).toHaveLength(2);
  });

  it("E14 / E23 through the translation: a bad requester faults 0x26", () => {
    const t = newTable();
    writeIrte(t, 2, setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_SID, SQ_13_IGNORE_3, 0x00f8));
    writeIrte(t, 3, setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_SID, SQ_13_IGNORE_1, 0x0300));
    writeIrte(t, 4, setIrteSid(prepareIrte(0x41, 0, true), SVT_VERIFY_BUS, SQ_ALL_16, 0x0404));
    const go = (index: number, rid: number) => vtdTranslate(t, ENTRIES, fillMsiMsg(index, 0), rid, true);
    expect(go(2, 0x00fd).kind).toBe("remapped");
    expect(go(3, 0x0304).kind).toBe("remapped");
    expect(go(3, 0x0301)).toMatchObject({ kind: "fault", code: 0x26, name: "VTD_FR_IR_SID_ERR", index: 3 });
    expect(go(4, 0x0500)).toMatchObject({ kind: "fault", code: 0x26 });
  });

  it("an index beyond the table faults 0x21", () => {
    expect(vtdTranslate(newTable(), ENTRIES, fillMsiMsg(ENTRIES, 0), undefined, true)).toMatchObject({
      kind: "fault",
      code: 0x21,
      name: "VTD_FR_IR_INDEX_OVER",
      index: ENTRIES,
    });
  });

  it("data 31:16 non-zero with SHV faults 0x20 (after the IRTE checks, as QEMU orders them)", () => {
    const t = newTable();
    writeIrte(t, 5, e11);
    const bad = { ...fillMsiMsg(5, 0), data: 0x10000 };
    expect(vtdTranslate(t, ENTRIES, bad, undefined, true)).toMatchObject({
      kind: "fault",
      code: 0x20,
      name: "VTD_FR_IR_REQ_RSVD",
    });
  });

  it("a base other than 0xFEE, or address_hi set, faults 0x20", () => {
    const t = newTable();
    expect(vtdTranslate(t, ENTRIES, { addressLo: 0xfed00018, addressHi: 0, data: 0 }, undefined, true)).toMatchObject({
      code: 0x20,
    });
    expect(vtdTranslate(t, ENTRIES, { ...fillMsiMsg(0, 0), addressHi: 1 }, undefined, true)).toMatchObject({
      code: 0x20,
    });
  });

  it("reserved IRTE bits fault 0x24", () => {
    const t = newTable();
    writeIrte(t, 6, e11);
    t[6 * IRTE_WORDS + 3] = 1;
    expect(vtdTranslate(t, ENTRIES, fillMsiMsg(6, 0), undefined, true)).toMatchObject({ code: 0x24 });
  });

  it("compat format: fault 0x25 by default, passthrough when allowed", () => {
    const compat = irqMsiComposeMsg(0x41, 5).msg;
    expect(vtdTranslate(newTable(), ENTRIES, compat, undefined, true)).toMatchObject({
      kind: "fault",
      code: 0x25,
      name: "VTD_FR_IR_REQ_COMPAT",
    });
    expect(vtdTranslate(newTable(), ENTRIES, compat, undefined, true, { blockCompat: false })).toEqual({
      kind: "compat-passthrough",
      msg: compat,
      destApicid: 5,
      destModeLogical: false,
      vector: 0x41,
    });
  });

  it("E24: a zeroed (deactivated) entry faults 0x22", () => {
    const t = newTable();
    writeIrte(t, 9, e11);
    clearIrte(t, 9);
    expect(vtdTranslate(t, ENTRIES, fillMsiMsg(9, 0), 0x0300, true)).toMatchObject({ code: 0x22 });
  });

  it("a posted entry reports its descriptor", () => {
    const t = newTable();
    writeIrte(t, 4, { ...ZERO_IRTE, present: 1, pst: 1, vector: 0x51, pdaL: 0x123456, pdaH: 1 });
    expect(vtdTranslate(t, ENTRIES, fillMsiMsg(4, 0), undefined, true)).toEqual(
      expect.objectContaining({ kind: "posted", vector: 0x51, descriptorAddress: 2 ** 32 + 0x123456 * 64 }),
    );
  });
});

describe("prepareIrte", () => {
  it("is ZERO_IRTE with the remapped fields set, in ZERO_IRTE's key order", () => {
    const irte = prepareIrte(0x41, 5, false, true);
    expect(irte).toEqual({ ...ZERO_IRTE, present: 1, dstMode: 1, redirHint: 1, vector: 0x41, destId: 0x500 });
    expect(Object.keys(irte)).toEqual(Object.keys(ZERO_IRTE));
  });
});

describe("IrteArray", () => {
  it("reads back each remapped image as set, per index, and grows past its first size", () => {
    const images = new IrteArray();
    const a = setIrteSid(prepareIrte(0x41, 5, true), SVT_VERIFY_SID, SQ_ALL_16, 0x0300);
    const b = setIrteSid(prepareIrte(0xef, 63, false, true), SVT_VERIFY_SID, SQ_13_IGNORE_1, 0x00fd);
    images.set(3, a);
    images.set(65_535, b);
    expect(images.get(3)).toEqual(a);
    expect(images.get(65_535)).toEqual(b);
    expect(Object.keys(images.get(3))).toEqual(Object.keys(a));
    images.set(3, { ...a, vector: 0x42, destId: 7 });
    expect(images.get(3)).toEqual({ ...a, vector: 0x42, destId: 7 });
    expect(images.get(65_535)).toEqual(b);
    expect(images.get(4).present).toBe(0);
    expect(images.retargeted(65_535, 0x31, 0x2a00)).toEqual({ ...b, vector: 0x31, destId: 0x2a00 });
    expect(images.retargeted(3, 0xff, 0xffffffff)).toEqual({ ...images.get(3), vector: 0xff, destId: 0xffffffff });
    expect(images.get(65_535)).toEqual(b);
    images.setSid(65_535, SVT_VERIFY_SID, SQ_13_IGNORE_3, 0xf8);
    expect(images.get(65_535)).toEqual(setIrteSid(b, SVT_VERIFY_SID, SQ_13_IGNORE_3, 0xf8));
    expect(() => images.set(-1, a)).toThrow(RangeError);
    expect(() => new IrteArray().setSid(0, SVT_VERIFY_SID, SQ_ALL_16, 1)).toThrow(RangeError);
    // Cleared, an entry reads as not present; past the words written, every entry does.
    images.clear(3);
    expect(images.get(3)).toEqual(ZERO_IRTE);
    expect(images.words.length).toBe(65_536 * IRTE_WORDS);
    const fresh = new IrteArray();
    fresh.clear(9);
    expect([fresh.words.length, fresh.get(9).present]).toEqual([0, 0]);
  });
});

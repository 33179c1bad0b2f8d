import { describe, expect, it } from "vitest";
import { formatMsiMsg, type MsiMsg } from "../../irq/msi-msg";
import { decodeMsiMsg, fillMsiMsg, irqMsiComposeMsg, msiMsgGetDestid } from "./msi-format";

const msg = (addressLo: number, data: number, addressHi = 0): MsiMsg => ({ addressLo, addressHi, data });

describe("irqMsiComposeMsg (compat format)", () => {
  it("E1: APIC 5, vector 0x41", () => {
    expect(irqMsiComposeMsg(0x41, 5)).toEqual({ msg: msg(0xfee05000, 0x41) });
  });

  it("E2: pre-5.10 data is 0x4000 | vector", () => {
    expect(irqMsiComposeMsg(0x41, 5, { legacyData: true }).msg).toEqual(msg(0xfee05000, 0x4041));
  });

  it("E3: extended destination ID, APIC 0x1234, vector 0x52", () => {
    const r = irqMsiComposeMsg(0x52, 0x1234, { extDestId: true });
    expect(r).toEqual({ msg: msg(0xfee34240, 0x52) });
  });

  it("E3: APIC 0x8000 cannot be encoded even with the extended ID", () => {
    const r = irqMsiComposeMsg(0x52, 0x8000, { extDestId: true });
    expect(r.warning).toContain("APIC ID 0x8000 cannot be encoded in a compatibility-format MSI");
    expect(r.msg).toEqual(msg(0xfee00000, 0x52));
  });

  it("warns for APIC IDs above 0xff without IR or extended ID", () => {
    const r = irqMsiComposeMsg(0x30, 0x100);
    expect(r.warning).toBe(
      "APIC ID 0x100 cannot be encoded in a compatibility-format MSI (no interrupt remapping, no extended destination ID)",
    );
    expect(irqMsiComposeMsg(0x30, 0xff).warning).toBeUndefined();
  });

  it("E4: DMAR-MSI to APIC 0x1234, vector 0x30", () => {
    expect(irqMsiComposeMsg(0x30, 0x1234, { dmar: true })).toEqual({ msg: msg(0xfee34000, 0x30, 0x1200) });
  });

  it("DMAR-MSI keeps all 32 APIC-ID bits, unsigned", () => {
    const r = irqMsiComposeMsg(0x30, 0xfedcba98, { dmar: true });
    expect(r.msg).toEqual(msg(0xfee98000, 0x30, 0xfedcba00));
    expect(msiMsgGetDestid(r.msg, true)).toBe(0xfedcba98);
  });

  it("logical destination mode sets address bit 2", () => {
    expect(irqMsiComposeMsg(0x41, 0x20, { destModeLogical: true }).msg.addressLo).toBe(0xfee20004);
  });

  it("E15: the two writes of the non-maskable MSI dance", () => {
    expect(formatMsiMsg(irqMsiComposeMsg(0x45, 1).msg)).toBe("0xfee01000/0x00000045");
    expect(formatMsiMsg(irqMsiComposeMsg(0x45, 3).msg)).toBe("0xfee03000/0x00000045");
  });

  it("E17: compat message 0xFEE02000/0x41 sits at NTB window offset 0x2000; APIC 9 falls outside", () => {
    const m = irqMsiComposeMsg(0x41, 2).msg;
    expect(m).toEqual(msg(0xfee02000, 0x41));
    expect(m.addressLo - 0xfee00000).toBe(0x2000);
    expect(irqMsiComposeMsg(0x41, 9).msg.addressLo).toBe(0xfee09000);
    expect(irqMsiComposeMsg(0x41, 9).msg.addressLo >= 0xfee08000).toBe(true);
  });
});

describe("fillMsiMsg (remappable format)", () => {
  it("E5: IRTE 0x1234, subhandle 0", () => {
    expect(fillMsiMsg(0x1234, 0)).toEqual(msg(0xfee24698, 0));
  });

  it("E6: IRTE 0x8001 sets index bit 15 in address bit 2", () => {
    expect(fillMsiMsg(0x8001, 0)).toEqual(msg(0xfee0003c, 0));
  });

  it("E8: first message of the 4-vector block at IRTE 8", () => {
    expect(fillMsiMsg(8, 0)).toEqual(msg(0xfee00118, 0));
  });

  it("E17: IRTE 0x40 is 0xFEE00818; the 32 KiB window covers IRTEs 0-1023", () => {
    expect(fillMsiMsg(0x40, 0).addressLo).toBe(0xfee00818);
    expect(fillMsiMsg(1023, 0).addressLo).toBeLessThan(0xfee08000);
    expect(fillMsiMsg(1024, 0).addressLo).toBeGreaterThanOrEqual(0xfee08000);
  });

  it("E12: IO-APIC pin 9 at IRTE 0x10", () => {
    expect(fillMsiMsg(0x10, 9)).toEqual(msg(0xfee00218, 9));
  });
});

describe("msiMsgGetDestid", () => {
  it("reads destid_0_7, and address_hi bits 31:8 when extid", () => {
    const m = msg(0xfee34000, 0x30, 0x1200);
    expect(msiMsgGetDestid(m, false)).toBe(0x34);
    expect(msiMsgGetDestid(m, true)).toBe(0x1234);
  });
});

describe("decodeMsiMsg", () => {
  it("E7: 0xFEE0A418 / 2 is remappable, handle 0x520, index 0x522", () => {
    const d = decodeMsiMsg(msg(0xfee0a418, 2));
    expect(d.format).toBe("remappable");
    if (d.format !== "remappable") return;
    expect(d).toMatchObject({ handle: 0x520, shv: true, subhandle: 2, index: 0x522 });
    expect(d.fields.find((f) => f.name === "dmar_index_0_14")?.value).toBe(0x520);
    expect(d.fields.find((f) => f.name === "dmar_index_15")?.value).toBe(0);
    expect(d.fields.find((f) => f.name === "base_address")?.value).toBe(0xfee);
  });

  it("E6 decodes back to handle 0x8001", () => {
    expect(decodeMsiMsg(fillMsiMsg(0x8001, 0))).toMatchObject({ format: "remappable", handle: 0x8001, index: 0x8001 });
  });

  it("without SHV the data does not move the index", () => {
    expect(decodeMsiMsg(msg(0xfee00210, 0x8009))).toMatchObject({ format: "remappable", shv: false, index: 0x10 });
  });

  it("E1 and E3 decode to their destination and vector", () => {
    expect(decodeMsiMsg(msg(0xfee05000, 0x41))).toMatchObject({
      format: "compat",
      destId: 5,
      vector: 0x41,
      deliveryMode: 0,
      destModeLogical: false,
      redirectHint: false,
      level: false,
    });
    expect(decodeMsiMsg(msg(0xfee34240, 0x52), { extDestId: true })).toMatchObject({ destId: 0x1234 });
    expect(decodeMsiMsg(msg(0xfee34240, 0x52))).toMatchObject({ destId: 0x34 });
  });

  it("E4 (DMAR-MSI) decodes the upper APIC-ID bits from address_hi", () => {
    expect(decodeMsiMsg(msg(0xfee34000, 0x30, 0x1200))).toMatchObject({ format: "compat", destId: 0x1234 });
  });

  it("fields cover all 32 bits of address_lo, address_hi and data", () => {
    for (const m of [msg(0xfee05000, 0x41), msg(0xfee0a418, 2)]) {
      const fields = decodeMsiMsg(m).fields;
      const width = (bits: string) => {
        const [hi = 0, lo = hi] = bits.split(":").map(Number);
        return hi - lo + 1;
      };
      expect(fields.reduce((n, f) => n + width(f.bits), 0)).toBe(96);
      for (const f of fields) expect(f.meaning.length).toBeGreaterThan(0);
    }
  });

  it("a base other than 0xFEE is invalid (fault 0x20)", () => {
    const d = decodeMsiMsg(msg(0xfed00000, 0));
    expect(d.format).toBe("invalid");
    if (d.format === "invalid") expect(d.reason).toContain("0x20");
  });

  it("data 31:16 non-zero with SHV is invalid (fault 0x20)", () => {
    const d = decodeMsiMsg(msg(0xfee0a418, 0x10002));
    expect(d.format).toBe("invalid");
    if (d.format === "invalid") expect(d.reason).toMatch(/data bits 31:16.*VTD_FR_IR_REQ_RSVD/);
  });

  it("a remappable request with address_hi set is invalid", () => {
    expect(decodeMsiMsg(msg(0xfee0a418, 2, 1)).format).toBe("invalid");
  });

  it("compose then decode is the identity on the compat fields", () => {
    for (const apic of [0, 1, 7, 0x80, 0xff]) {
      for (const vector of [0x20, 0x41, 0xef]) {
        const d = decodeMsiMsg(irqMsiComposeMsg(vector, apic).msg);
        expect(d).toMatchObject({ format: "compat", destId: apic, vector });
      }
    }
  });
});

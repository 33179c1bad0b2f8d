import { describe, expect, it } from "vitest";
import { Hpet } from "./hpet";
import { ImsDeviceArray } from "./ims-device-array";
import { ImsQueueStore } from "./ims-queue-store";
import { IoApic } from "./ioapic";
import type { MessageStore } from "./message-store";
import { MsiCapability, PCI_MSI_ADDRESS_LO } from "./msi-capability";
import { MsixTable } from "./msix-table";
import { WRITE_LOG_LIMIT } from "./write-log";

/** Each store, and one device register write with value v. */
interface Case {
  readonly name: string;
  make(): MessageStore;
  write(s: MessageStore, v: number): void;
}

const cases: readonly Case[] = [
  {
    name: "msi",
    make: () => new MsiCapability({ vectorsLog2: 2, addr64: true, maskable: true }),
    write: (s, v) => (s as MsiCapability).writeConfig(PCI_MSI_ADDRESS_LO, v * 4, 4),
  },
  {
    name: "msix",
    make: () => new MsixTable({ size: 4, tableBir: 0, tableOffset: 0, pbaBir: 0, pbaOffset: 0x40 }),
    write: (s, v) => (s as MsixTable).writeEntryWord(1, 8, v),
  },
  {
    name: "ims-device",
    make: () => new ImsDeviceArray({ size: 4 }),
    write: (s, v) => (s as ImsDeviceArray).writeEntryWord(1, 8, v),
  },
  {
    name: "ims-queue",
    make: () => new ImsQueueStore(),
    write: (s, v) => {
      const q = s as ImsQueueStore;
      q.writeMessage(0, { addressLo: 0xfee00000, addressHi: 0, data: v });
      q.commit();
    },
  },
  { name: "ioapic", make: () => new IoApic({ id: 0 }), write: (s, v) => (s as IoApic).writeReg(0x10, v) },
  {
    name: "hpet",
    make: () => new Hpet({ id: 0, timers: 3, fsbCapable: [2] }),
    write: (s, v) => (s as Hpet).writeReg(0x150, v),
  },
];

describe.each(cases)("MessageStore contract: $name", (c) => {
  it("reports its kind", () => {
    expect(c.make().kind).toBe(c.name);
  });

  it("counts one write per register write and logs it", () => {
    const s = c.make();
    c.write(s, 1);
    expect(s.writes).toBe(1);
    c.write(s, 2);
    expect(s.writes).toBe(2);
    expect(s.recentWrites()).toHaveLength(2);
  });

  it("keeps a bounded log, oldest first", () => {
    const s = c.make();
    for (let i = 1; i <= 100; i++) c.write(s, i);
    expect(s.writes).toBe(100);
    const log = s.recentWrites();
    expect(log).toHaveLength(WRITE_LOG_LIMIT);
    const values = log.map((w) => w.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(log.every((w) => Number.isInteger(w.slot) && w.register.length > 0 && w.value >>> 0 === w.value)).toBe(true);
  });

  it("never throws from emit: out-of-range slots are refused with a reason", () => {
    const s = c.make();
    for (const slot of [-1, s.slots, s.slots + 1000, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = s.emit(slot);
      expect(e.sent).toBe(false);
      expect(e.sent === false && e.reason.length > 0).toBe(true);
    }
  });

  it("answers for every slot it has, with u32 message fields", () => {
    const s = c.make();
    c.write(s, 7);
    expect(s.slots).toBeGreaterThan(0);
    for (let slot = 0; slot < s.slots; slot++) {
      expect(() => s.emit(slot)).not.toThrow();
      const m = s.storedMessage(slot);
      for (const v of [m.addressLo, m.addressHi, m.data]) expect(v >>> 0).toBe(v);
      expect(typeof s.isMasked(slot)).toBe("boolean");
    }
  });
});

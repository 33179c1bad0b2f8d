import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedTest } from "../../../../testing/shared-fixtures";
import { irTranslationStructShow } from "./ir-translation-debugfs";
import {
  IRTE_WORDS,
  type Irte,
  prepareIrte,
  SQ_ALL_16,
  SVT_VERIFY_SID,
  setIrteSid,
  writeIrte,
  ZERO_IRTE,
} from "./irte";

const RIG = "real-kernel/q35-6.12-ir";
const FILE = "p1-boot__debugfs_intel_ir_translation_struct.txt";
const TABLE_ADDRESS = 0x1b00000;

/** Entries 0, 1, 3, 18, 24 of the q35 6.12 recording: xAPIC mode, IO-APIC ff:00.0 and virtio devices. */
const RECORDED: readonly [index: number, sid: number, apic: number, vector: number][] = [
  [0, 0xff00, 0, 0x20],
  [1, 0xff00, 0, 0x30],
  [3, 0xff00, 2, 0x21],
  [18, 0x0008, 3, 0x22],
  [24, 0x0010, 2, 0x25],
];

function recordedTable(): Uint32Array {
  const table = new Uint32Array(64 * IRTE_WORDS);
  for (const [index, sid, apic, vector] of RECORDED) {
    writeIrte(table, index, setIrteSid(prepareIrte(vector, apic, false), SVT_VERIFY_SID, SQ_ALL_16, sid));
  }
  return table;
}

const unit = (table: Uint32Array) => ({ name: "dmar0", tableAddress: TABLE_ADDRESS, table, entries: 64 });

describe("irTranslationStructShow", () => {
  it("prints the remapped entries like the kernel (inline)", () => {
    expect(irTranslationStructShow([unit(recordedTable())])).toBe(
      "Remapped Interrupt supported on IOMMU: dmar0\n" +
        " IR table address:1b00000\n" +
        " Entry SrcID   DstID    Vct IRTE_high\t\tIRTE_low\n" +
        " 0     ff:00.0 00000000 20  000000000004ff00\t0000000000200009\n" +
        " 1     ff:00.0 00000000 30  000000000004ff00\t0000000000300009\n" +
        " 3     ff:00.0 00000200 21  000000000004ff00\t0000020000210009\n" +
        " 18    00:01.0 00000300 22  0000000000040008\t0000030000220009\n" +
        " 24    00:02.0 00000200 25  0000000000040010\t0000020000250009\n" +
        "\n****\n\n",
    );
  });

  it("prints a posted section for units with posted-interrupt support", () => {
    const table = new Uint32Array(8 * IRTE_WORDS);
    const posted: Irte = { ...ZERO_IRTE, present: 1, pst: 1, vector: 0x31, sid: 0x0300, svt: 1, pdaL: 0x40, pdaH: 1 };
    writeIrte(table, 2, posted);
    writeIrte(table, 5, prepareIrte(0x41, 5, true));
    const u = { name: "dmar1", tableAddress: 0x123000, table, entries: 8, postedSupported: true };
    expect(irTranslationStructShow([u])).toBe(
      "Remapped Interrupt supported on IOMMU: dmar1\n" +
        " IR table address:123000\n" +
        " Entry SrcID   DstID    Vct IRTE_high\t\tIRTE_low\n" +
        " 5     00:00.0 00000005 41  0000000000000000\t0000000500410009\n" +
        "\n****\n\n" +
        "Posted Interrupt supported on IOMMU: dmar1\n" +
        " IR table address:123000\n" +
        " Entry SrcID   PDA_high PDA_low  Vct IRTE_high\t\tIRTE_low\n" +
        " 2     03:00.0 00000001 00001000 31  0000000100040300\t0000100000318001\n" +
        "\n",
    );
  });

  it("says so when remapping is off", () => {
    const u = { ...unit(recordedTable()), irEnabled: false };
    expect(irTranslationStructShow([u])).toBe(
      "Remapped Interrupt supported on IOMMU: dmar0\nInterrupt Remapping is not enabled\n\n****\n\n",
    );
  });

  const withRig = sharedTest(RIG);
  withRig("matches the recorded entries 0, 1, 3, 18 and 24 line for line", (dir) => {
    const recorded = readFileSync(join(dir, FILE), "utf8").split("\n");
    const wanted = new Set(RECORDED.map(([index]) => index));
    const entryLines = recorded.filter((l) => /^ \d/.test(l) && wanted.has(Number(l.slice(1, 6))));
    expect(entryLines).toHaveLength(RECORDED.length);
    const expected = [...recorded.slice(0, 3), ...entryLines].join("\n");
    const lines = irTranslationStructShow([unit(recordedTable())]).split("\n");
    expect(lines.slice(0, 3 + RECORDED.length).join("\n")).toBe(expected);
  });

  withRig("rebuilt from its own IRTE columns, every recording prints back byte for byte", (dir) => {
    const files = readdirSync(dir).filter((f) => f.endsWith("debugfs_intel_ir_translation_struct.txt"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(join(dir, f), "utf8");
      const table = new Uint32Array(256 * IRTE_WORDS);
      for (const m of text.matchAll(/^ (\d+) +\S+ \S+ \S+ {2}([0-9a-f]{16})\t([0-9a-f]{16})$/gm)) {
        const [, idx = "", high = "", low = ""] = m;
        const word = (s: string, from: number) => Number.parseInt(s.slice(from, from + 8), 16);
        table.set([word(low, 8), word(low, 0), word(high, 8), word(high, 0)], Number(idx) * IRTE_WORDS);
      }
      const address = /IR table address:([0-9a-f]+)/.exec(text)?.[1] ?? "0";
      const u = { name: "dmar0", tableAddress: Number.parseInt(address, 16), table, entries: 256 };
      expect(irTranslationStructShow([u]), f).toBe(text);
    }
  });
});

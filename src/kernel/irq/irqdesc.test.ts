import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { propertyTests } from "../../testing/property";
import { CpuMask } from "../cpumask";
import { IrqDesc, IrqDescTable } from "./irqdesc";

/** The kernel's scan, from scratch every time: the first run of `cnt` free numbers at or above `from`. */
function naiveFirstFit(used: Set<number>, from: number, cnt: number, bits: number): number {
  for (let start = from; start + cnt <= bits; start++) {
    let ok = true;
    for (let i = start; i < start + cnt && ok; i++) ok = !used.has(i);
    if (ok) return start;
  }
  return -1;
}

const opArb = fc.oneof(
  fc.record({
    op: fc.constant("alloc" as const),
    from: fc.constantFrom(0, 16, 24, 40),
    cnt: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    op: fc.constant("at" as const),
    irq: fc.integer({ min: 16, max: 120 }),
    cnt: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ op: fc.constant("free" as const), pick: fc.nat() }),
);

propertyTests(
  "irq numbers are handed out first-fit exactly as a full rescan would (the search hint changes nothing)",
  () =>
    fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
      const BITS = 128;
      const table = new IrqDescTable(BITS, 2, 16, BITS);
      const used = new Set<number>(Array.from({ length: 16 }, (_, i) => i));
      const blocks: [number, number][] = [];
      for (const o of ops) {
        if (o.op === "free") {
          const b = blocks.splice(o.pick % Math.max(1, blocks.length), 1)[0];
          if (!b) continue;
          table.freeDescs(b[0], b[1]);
          for (let i = b[0]; i < b[0] + b[1]; i++) used.delete(i);
          continue;
        }
        const from = o.op === "alloc" ? o.from : o.irq;
        const want = naiveFirstFit(used, from, o.cnt, BITS);
        const got = table.allocDescs(o.op === "at" ? o.irq : -1, from, o.cnt);
        if (o.op === "at" && want !== o.irq) {
          if (typeof got === "number") throw new Error(`irq ${o.irq} was taken, yet allocated`);
          continue;
        }
        if (want < 0) {
          if (typeof got === "number") throw new Error(`no room, yet got ${got}`);
          continue;
        }
        if (got !== want) throw new Error(`from ${from} cnt ${o.cnt}: expected ${want}, got ${JSON.stringify(got)}`);
        for (let i = got; i < got + o.cnt; i++) used.add(i);
        blocks.push([got, o.cnt]);
      }
    }),
  { seed: 1024, runs: 300 },
);

describe("irq_desc fields most irqs leave at their defaults", () => {
  it("read their defaults, keep what is set, and go back to the defaults", () => {
    const desc = new IrqDesc(30, 8);
    expect([desc.noProbe, desc.oneshot, desc.legacyChip, desc.affinityHint]).toEqual([
      false,
      false,
      undefined,
      undefined,
    ]);
    expect([desc.pendingMask.nbits, desc.pendingMask.isEmpty()]).toEqual([8, true]);
    const hint = CpuMask.of(8, [3]);
    desc.oneshot = true;
    desc.affinityHint = hint;
    desc.pendingMask = CpuMask.of(8, [2, 5]);
    desc.legacyChip = "XT-PIC";
    desc.noProbe = true;
    expect([desc.noProbe, desc.oneshot, desc.legacyChip, desc.affinityHint, desc.pendingMask.toList()]).toEqual([
      true,
      true,
      "XT-PIC",
      hint,
      "2,5",
    ]);
    desc.oneshot = false;
    desc.affinityHint = undefined;
    desc.pendingMask = new CpuMask(8);
    expect([desc.oneshot, desc.affinityHint, desc.pendingMask.isEmpty(), desc.noProbe]).toEqual([
      false,
      undefined,
      true,
      true,
    ]);
  });
});

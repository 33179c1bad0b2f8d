/** A compare's words for sinks the write record does not have yet (a guest's), and for known ones. */
import { describe, expect, it } from "vitest";
import { writeLine, writesDiffer, writesInWords } from "./compare-words";
import type { StepWrites, WriteSink } from "./step-writes";

const record = (sinks: readonly { kind: string }[]): StepWrites => ({
  n: 0,
  sinks: sinks as WriteSink[],
  deviceEntries: sinks.filter((s) => s.kind === "device-entry").length,
  deviceMessages: 0,
  deviceRegisters: 0,
  irtes: sinks.filter((s) => s.kind === "irte").length,
  irteWrites: 0,
  byDevice: [],
});

describe("compare words", () => {
  it("an unknown kind is told from its fields: which one, then how it changed", () => {
    const route = {
      kind: "kvm-route",
      gsi: 40,
      irq: 57,
      before: { vcpu: 0, vector: 34 },
      after: { vcpu: 2, vector: 34 },
    };
    expect(writeLine(route)).toEqual({
      kind: "kvm-route",
      where: "KVM route gsi 40",
      what: "{vcpu 0, vector 34} → {vcpu 2, vector 34}",
    });
    const call = { kind: "hypercall", device: "nic0", index: 3, errno: "ENOSPC", host_irq: 300 };
    expect(writeLine(call)).toEqual({
      kind: "hypercall",
      where: "hypercall device nic0 index 3",
      what: "errno ENOSPC, host_irq 0x12c",
    });
    expect(writeLine({ kind: "some-new_thing" }).where).toBe("some new thing");
  });

  it("the headline names other sinks beside the device entries and IRTEs", () => {
    const w = writesInWords(record([{ kind: "trap", device: "nic0" } as { kind: string }, { kind: "trap" }]));
    expect(w.headline).toBe("only VMM trap ×2");
    expect(w.lines).toHaveLength(2);
  });

  it("writes differ by where and what, not by order or irq number", () => {
    const irte = (index: number, irq: number) => ({
      kind: "irte",
      domain: "INTEL-IR-0-13",
      index,
      irq,
      before: { present: false, vector: 0, destId: 0, cpu: -1 },
      after: { present: true, vector: 33, destId: 0x100, cpu: 1 },
      writes: 1,
    });
    const a = writesInWords(record([irte(4, 30), irte(5, 31)]));
    const b = writesInWords(record([irte(5, 40), irte(4, 41)]));
    expect(writesDiffer(a, b)).toBe(false);
    expect(writesDiffer(a, writesInWords(record([irte(4, 30), irte(6, 31)])))).toBe(true);
    expect(writesDiffer(a, writesInWords(undefined))).toBe(true);
  });
});

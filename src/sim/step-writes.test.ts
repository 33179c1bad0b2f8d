import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import type { ScenarioInput } from "../scenario/schema";
import { Simulator } from "./simulator";
import type { DeviceEntryWrites, IrteWrites, StepWrites } from "./step-writes";
import { writesForView } from "./step-writes";
import { irteWriteText, messagesText, writesHeadline, writesOfIrq } from "./write-text";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function withoutIr(): ScenarioInput {
  const s = structuredClone(DEFAULT_PRESET.scenario);
  return { ...s, machine: { ...s.machine, ir: "off", scheme: "old" } };
}

function last(sim: Simulator): StepWrites {
  const w = sim.lastWrites();
  if (!w) throw new Error("no step");
  return w;
}

const entries = (w: StepWrites) => w.sinks.filter((s): s is DeviceEntryWrites => s.kind === "device-entry");
const irtes = (w: StepWrites) => w.sinks.filter((s): s is IrteWrites => s.kind === "irte");

describe("a step's write record", () => {
  it("IR on: an affinity change writes one IRTE and never the device", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const irq = sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "3" }).record?.irq;
    const w = last(sim);
    expect(w.n).toBe(sim.records.length - 1);
    expect([w.deviceEntries, w.deviceMessages, w.deviceRegisters]).toEqual([0, 0, 0]);
    expect([w.irtes, w.irteWrites]).toEqual([1, 1]);
    const [irte] = irtes(w);
    expect(irte).toMatchObject({ irq, before: { present: true, cpu: 2 }, after: { present: true, cpu: 3 } });
    expect(writesHeadline(w)).toBe(`device not written: only IRTE ${irte?.index}`);
    expect(irte && irteWriteText(irte)).toMatch(/^IRTE \d+ vector 0x[0-9a-f]+( → 0x[0-9a-f]+)?, dest CPU 2 → 3$/);
    expect(writesOfIrq(w, irq ?? -1)).toHaveLength(1);
  });

  it("IR on: request_irq writes the device entry and its IRTE", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    sim.apply({ op: "request_irq", device: "nic0", index: 1, name: "nic0-rx1" });
    const w = last(sim);
    expect(w.irtes).toBe(1);
    const [e] = entries(w);
    expect(e).toMatchObject({ device: "nic0", store: "msix", slot: 1 });
    expect(writesHeadline(w)).toMatch(/^device written \d×, IRTE \d+ too$/);
  });

  it("IR off: the move waits for the next interrupt, which rewrites the device entry (twice: the two-step)", () => {
    const sim = boot(withoutIr());
    const irq = sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "3" }).record?.irq;
    expect(writesHeadline(last(sim))).toBe("nothing written to a device or an IRTE");
    sim.apply({ op: "raise", device: "nic0", index: 0, times: 1 });
    const w = last(sim);
    expect(w.irtes).toBe(0);
    const [e] = entries(w);
    expect(e).toMatchObject({ device: "nic0", store: "msix", slot: 0, irq });
    expect(e?.messages).toHaveLength(2);
    // The old message (CPU 1), then the new vector on the old CPU, then the new CPU.
    expect(e && messagesText(e)).toMatch(/^0xfee01000\/0x([0-9a-f]+) → 0xfee01000\/0x([0-9a-f]+) → 0xfee03000\/0x\2$/);
    expect(e?.before).toEqual(e?.messages[0]?.before);
    expect(e?.after).toEqual(e?.messages[1]?.after);
    expect(writesHeadline(w)).toBe("device written 2×");
  });

  it("IR off, maskable MSI: the deferred move writes the capability once", () => {
    const sim = boot(withoutIr());
    sim.apply({ op: "set_affinity", device: "ahci0", index: 0, cpus: "5" });
    sim.apply({ op: "raise", device: "ahci0", index: 0, times: 1 });
    const [e] = entries(last(sim));
    expect(e).toMatchObject({ device: "ahci0", store: "msi", slot: 0 });
    expect(e?.messages).toHaveLength(1);
    expect(e?.after).toMatchObject({ format: "msg", addressLo: 0xfee05000 });
  });

  it("keeps every step's record, and the view carries the last one cut short", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const alloc = sim.stepWrites(0);
    expect(alloc?.deviceEntries).toBeGreaterThan(0);
    expect(sim.stepWrites(sim.records.length)).toBeUndefined();
    if (!alloc) throw new Error("no record");
    const cut = writesForView(alloc, 2);
    expect(entries(cut)).toHaveLength(2);
    expect(irtes(cut).length).toBeLessThanOrEqual(2);
    expect(cut.deviceEntries).toBe(alloc.deviceEntries);
  });
});

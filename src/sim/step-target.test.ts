import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import { checkPlatformInvariants } from "./platform-invariants";
import { resolveIrq } from "./platform-ops";
import { Simulator } from "./simulator";
import { irqIdentity, stableIrqRef } from "./step-target";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

/** The irq of `device` + `index` on this machine. */
function irqOf(sim: Simulator, device: string, index: number): number {
  const irq = resolveIrq(sim.platform, { device, index });
  if (typeof irq !== "number") throw new Error(irq.reason);
  return irq;
}

describe("stable step targets", () => {
  it("a step given an irq number is recorded by its device entry; request_irq keeps the name the number gave", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const irq = irqOf(sim, "nic0", 0);
    expect(stableIrqRef(sim.platform, irq)).toEqual({ device: "nic0", store: "msix", index: 0 });
    sim.apply({ op: "set_affinity", irq, cpus: "3" });
    sim.apply({ op: "free_irq", irq });
    sim.apply({ op: "request_irq", irq });
    const steps = sim.scenario().steps.slice(-3);
    expect(steps[0]).toMatchObject({ op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "3" });
    expect(steps[0]).not.toHaveProperty("irq");
    expect(steps[2]).toMatchObject({ op: "request_irq", device: "nic0", index: 0, name: `irq${irq}` });
    // The session boots again to the same state from the recorded steps.
    expect(
      boot(structuredClone(sim.scenario()))
        .platform.machine.descs.desc(irq)
        ?.actions.map((a) => a.name),
    ).toEqual([`irq${irq}`]);
  });

  it("an interrupt without a device keeps its number; an irq nobody holds is left as written", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const dmar = sim.platform.dmarMsi ? [...sim.platform.dmarMsi.irqs()][0] : undefined;
    if (dmar === undefined) throw new Error("the preset has an IR unit");
    expect(stableIrqRef(sim.platform, dmar)).toEqual({ irq: dmar });
    expect(irqIdentity(sim.platform, dmar)).toBe("dmar0 dmar 0");
    sim.apply({ op: "expect", irq: 4000, ok: false });
    expect(sim.scenario().steps.at(-1)).toMatchObject({ op: "expect", irq: 4000 });
  });

  it("legacy lines, HPET timers and IMS entries are named by device", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const serial = irqOf(sim, "serial0", 0);
    expect(stableIrqRef(sim.platform, serial)).toEqual({ device: "serial0", index: 0 });
    sim.apply({ op: "alloc", device: "hpet0", type: "msi", min: 1, max: 1 });
    const [timer, hpet] = [...(sim.platform.hpets.get("hpet0")?.irqs ?? [])][0] ?? [];
    if (hpet === undefined) throw new Error("an HPET timer has an irq");
    expect(stableIrqRef(sim.platform, hpet)).toEqual({ device: "hpet0", index: timer });
    const ims = sim.apply({ op: "alloc_ims", device: "dsa0", count: 2 }).result;
    const second = ims.ok ? ims.irqs?.[1] : undefined;
    if (second === undefined) throw new Error("IMS allocates under IR");
    expect(stableIrqRef(sim.platform, second)).toMatchObject({ device: "dsa0", store: "ims" });
    // Every interrupt of the machine: its device entry names it again, and no other.
    for (const irq of sim.platform.machine.descs.irqs()) {
      expect(resolveIrq(sim.platform, stableIrqRef(sim.platform, irq))).toBe(irq);
    }
  });
});

describe("a replay on a changed machine", () => {
  it("acts on the same device entry although the irq numbers shifted, and reports no change", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const irq = irqOf(sim, "nic0", 1);
    sim.apply({ op: "set_affinity", irq, cpus: "5" });
    const { steps, ...head } = sim.scenario();
    const r = Simulator.rebuild({ ...head, machine: { ...head.machine, ir: "off" } }, steps, sim.records);
    if (!r.ok) throw new Error(r.error);
    const after = irqOf(r.sim, "nic0", 1);
    expect(after).not.toBe(irq); // the DMAR fault irq is gone: every later number moved
    expect(r.sim.platform.machine.descs.desc(after)?.affinity.toList()).toBe("5");
    expect(r.changed.filter((c) => c.what.startsWith("set_affinity"))).toEqual([]);
    expect(checkPlatformInvariants(r.sim.platform)).toEqual([]);
  });

  it("reports each step whose interrupt or outcome changed", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const dmar = sim.platform.dmarMsi ? [...sim.platform.dmarMsi.irqs()][0] : undefined;
    if (dmar === undefined) throw new Error("the preset has an IR unit");
    sim.apply({ op: "raise", irq: dmar });
    sim.apply({ op: "alloc_ims", device: "dsa0", count: 1 });
    const { steps, ...head } = sim.scenario();
    const r = Simulator.rebuild({ ...head, machine: { ...head.machine, ir: "off" } }, steps, sim.records);
    if (!r.ok) throw new Error(r.error);
    const n = steps.length;
    const byStep = new Map(r.changed.map((c) => [c.n, c.changes]));
    // The fault irq's number now names another interrupt, or none.
    expect(byStep.get(n - 2)?.[0]).toMatch(/^target: dmar0 dmar 0 → /);
    expect(byStep.get(n - 1)).toEqual(["outcome: ok → -ENOTSUPP"]);
  });

  it("with nothing to compare against, reports nothing", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const { steps, ...head } = sim.scenario();
    const r = Simulator.rebuild({ ...head, machine: { ...head.machine, ir: "off" } }, steps);
    expect(r.ok && r.changed).toEqual([]);
  });
});

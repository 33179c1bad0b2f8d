import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import { checkPlatformInvariants } from "./platform-invariants";
import { Simulator } from "./simulator";
import { machineView } from "./views";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

describe("Simulator.rebuild (a machine knob changed, the steps replayed)", () => {
  it("boots the new machine and keeps every step it accepts", () => {
    const old = boot(DEFAULT_PRESET.scenario);
    const { steps, ...head } = old.scenario();
    const r = Simulator.rebuild({ ...head, machine: { ...head.machine, cpus: 4 } }, steps);
    if (!r.ok) throw new Error(r.error);
    expect(r.refused).toEqual([]);
    expect(r.sim.machineSpec.cpus).toBe(4);
    expect(machineView(r.sim).cpus).toHaveLength(4);
    expect(r.sim.scenario().steps).toEqual(steps);
    expect(checkPlatformInvariants(r.sim.platform)).toEqual([]);
  });

  it("leaves out the steps the new machine refuses and says which and why", () => {
    const old = boot(DEFAULT_PRESET.scenario);
    old.apply({ op: "cpu_offline", cpu: 6 });
    old.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "1" });
    const { steps, ...head } = old.scenario();
    const r = Simulator.rebuild({ ...head, machine: { ...head.machine, cpus: 4 } }, steps);
    if (!r.ok) throw new Error(r.error);
    expect(r.refused).toEqual([
      { n: steps.length - 2, step: steps.at(-2), reason: "cpu: CPU 6 is beyond the last one (3)" },
    ]);
    expect(r.sim.scenario().steps).toEqual([...steps.slice(0, -2), steps.at(-1)]);
    // What is left is a valid scenario that boots to the same state (share links and undo rely on it).
    const again = boot(structuredClone(r.sim.scenario()));
    expect(machineView(again).irqs).toEqual(machineView(r.sim).irqs);
  });

  it("refuses a bad machine with the field's message", () => {
    const old = boot(DEFAULT_PRESET.scenario);
    const { steps, ...head } = old.scenario();
    expect(Simulator.rebuild({ ...head, machine: { ...head.machine, cpus: 0 } }, steps)).toEqual({
      ok: false,
      error: "machine.cpus: expected an integer from 1 to 512, got 0",
    });
    expect(Simulator.rebuild({ ...head, machine: { ...head.machine, kernel: "6.16" } }, steps)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^machine\.kernel: expected "6\.1", "6\.6" or "6\.12", got "6\.16"/),
    });
  });
});

describe("devices added by a step", () => {
  it("are listed with the machine's own devices, and gone once removed", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const added = sim.apply({
      op: "device_add",
      device: { name: "nvme1", model: "pci-msix", bdf: "05:00.0", table_size: 4 },
    });
    expect(added.result).toMatchObject({ ok: true });
    expect(machineView(sim).devices.find((d) => d.name === "nvme1")).toMatchObject({
      bdf: "0000:05:00.0",
      msix: 4,
    });
    sim.apply({ op: "device_remove", device: "nvme1" });
    expect(machineView(sim).devices.some((d) => d.name === "nvme1")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET, PRESETS } from "../scenario/presets";
import { checkPlatformInvariants } from "./platform-invariants";
import { Simulator } from "./simulator";
import { machineView } from "./views";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

/** The machine's view (it carries no counter that every command bumps). */
function stateOf(sim: Simulator): unknown {
  return machineView(sim);
}

describe("Simulator (the browser's session on a Platform)", () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))("preset %s boots and every step succeeds", (_id, preset) => {
    const sim = boot(preset.scenario);
    expect(sim.records.length).toBe(preset.scenario.steps?.length);
    for (const r of sim.records) expect(r.result, r.what).toMatchObject({ ok: true });
    expect(checkPlatformInvariants(sim.platform)).toEqual([]);
  });

  it("its scenario() boots to the same state (export, share and worker restart rely on it)", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "5" });
    sim.apply({ op: "raise", device: "nic0", index: 0, times: 3 });
    const again = boot(structuredClone(sim.scenario()));
    expect(stateOf(again)).toEqual(stateOf(sim));
  });

  it("refuses a step the format rejects with -EINVAL naming the field, and changes nothing", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const before = stateOf(sim);
    const bad = sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "0-x" });
    expect(bad.result).toEqual({ ok: false, errno: "EINVAL", reason: 'cpus: "0-x" is not a CPU list' });
    expect(bad.record).toBeUndefined();
    const unknown = sim.apply({ op: "alloc", device: "gpu9", type: "msix" });
    expect(unknown.result).toMatchObject({ ok: false, errno: "EINVAL", reason: 'device: no device named "gpu9"' });
    const range = sim.apply({ op: "cpu_offline", cpu: 8 });
    expect(range.result).toMatchObject({ ok: false, reason: "cpu: CPU 8 is beyond the last one (7)" });
    expect(sim.apply("nonsense").result).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(stateOf(sim)).toEqual(before);
  });

  it("records a step the kernel refuses, with the kernel's errno", () => {
    const sim = boot(PRESETS.find((p) => p.id === "laptop")?.scenario);
    const n = sim.records.length;
    const r = sim.apply({ op: "alloc", device: "wifi0", type: "msi", min: 1, max: 1 });
    expect(r.result).toMatchObject({ ok: false });
    expect(sim.records.length).toBe(n + 1);
    const twice = sim.apply({ op: "free_irq", device: "serial0", index: 0 });
    expect(twice.result).toMatchObject({ ok: true });
    const again = sim.apply({ op: "free_irq", device: "serial0", index: 0 });
    expect(again.result).toMatchObject({ ok: false, errno: "EINVAL" });
  });

  it("logs IRTE writes and device register writes as events", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const since = sim.log().at(-1)?.seq ?? 0;
    sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "3" });
    const lines = sim.log(since + 1).map((e) => e.text);
    expect(lines.some((l) => /^irte_write: index=\d+ P=1 vector=0x[0-9a-f]+ dest=0x300 /.test(l))).toBe(true);
    // xAPIC: the IRTE destination field holds the APIC id in bits 15:8. Under IR an affinity change never touches the device.
    expect(lines.some((l) => l.startsWith("nic0 msix"))).toBe(false);
    const since2 = sim.log().at(-1)?.seq ?? 0;
    sim.apply({ op: "alloc_at", device: "nic0", index: 5 });
    const writes = sim.log(since2 + 1).filter((e) => e.kind === "write" && e.device === "nic0");
    expect(writes.map((e) => e.text)).toContain("nic0 msix[5] data = 0x0");
  });

  it("boot refuses a bad scenario with one message", () => {
    expect(Simulator.boot("{")).toMatchObject({ ok: false });
    expect(Simulator.boot({ format: "irqscope-scenario", version: 2, machine: { cpus: 1 } })).toEqual({
      ok: false,
      error: "version: 2 is newer than this irqscope understands (1)",
    });
  });
});

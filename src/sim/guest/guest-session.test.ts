/** A guest through the worker's session (Simulator): the view's world, the irq detail, the log and the write record. */
import { describe, expect, it } from "vitest";
import { GUEST_IMS, KVM_GUEST_NEW, KVM_GUEST_OLD } from "../../scenario/guest-presets";
import { Simulator } from "../simulator";
import { details, machineView } from "../views";

function boot(s: unknown): Simulator {
  const r = Simulator.boot(s);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

describe("a guest session", () => {
  it("carries the host as a world machine and a backs link per guest interrupt", () => {
    const sim = boot(KVM_GUEST_OLD);
    const v = machineView(sim);
    const host = v.world?.machines[0];
    expect(host).toMatchObject({ role: "host", kind: "host" });
    expect(host?.tree.nodes.every((n) => n.id.startsWith("host/"))).toBe(true);
    const link = v.world?.links.find((l) => l.to.device === "nic0" && l.to.index === 2);
    expect(link).toMatchObject({
      kind: "backs",
      to: { machine: "main", node: "main/device:nic0", store: "msix" },
      from: { machine: "host", node: "host/device:nic0" },
    });
    expect(link?.broken).toBeUndefined();
    expect(link?.via.map((x) => x.what)).toEqual(expect.arrayContaining(["IRTE", "gsi", "delivery"]));
    // Entry 1 was allocated but never unmasked: no link (nothing backs it), and the detail says why.
    const irq1 = v.irqs.find((r) => r.device === "nic0" && r.slot === 1)?.irq;
    expect(details(sim, { irq: irq1 }).irq?.backing).toMatchObject({
      backed: false,
      broken: expect.stringMatching(/not unmasked/),
    });
  });

  it("the detail of a backed irq names the host irq, IRTE and KVM route; of a silent one, the reason", () => {
    const sim = boot(GUEST_IMS);
    const v = machineView(sim);
    const dsa = v.irqs.find((r) => r.device === "dsa0" && r.store === "ims")?.irq;
    const facts = details(sim, { irq: dsa }).irq?.backing?.facts.map((f) => f.what);
    expect(facts).toEqual(expect.arrayContaining(["host irq", "host IRTE", "KVM gsi", "KVM route"]));
    const nic = v.irqs.find((r) => r.device === "nic0" && r.store === "ims")?.irq;
    expect(details(sim, { irq: nic }).irq?.backing).toMatchObject({
      backed: false,
      broken: expect.stringMatching(/^silent failure/),
    });
    expect(v.timeline.some((t) => t.silent)).toBe(true);
  });

  it("logs the VMM side as virt events and records its writes per step", () => {
    const sim = boot(KVM_GUEST_NEW);
    const virt = sim.heldEvents().events.filter((e) => e.kind === "virt");
    expect(virt.some((e) => e.text.startsWith("hypercall (Dec 2021 proposal)"))).toBe(true);
    const irq = machineView(sim).irqs.find((r) => r.device === "nic0" && r.slot === 0)?.irq;
    const { result } = sim.apply({ op: "set_affinity", irq, cpus: "1" });
    expect(result.ok).toBe(true);
    const kinds = new Set(sim.lastWrites()?.sinks.map((s) => s.kind));
    expect(kinds.has("hypercall")).toBe(true);
    expect(kinds.has("kvm-route")).toBe(true);
    expect(kinds.has("device-entry")).toBe(false);
  });

  it("rebuilds on another host and replays the steps", () => {
    const sim = boot(KVM_GUEST_OLD);
    const r = Simulator.rebuild(
      { machine: { ...KVM_GUEST_OLD.machine, host: { cpus: 4, vfio: "legacy" } } },
      sim.scenario().steps,
      sim.records,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.refused).toEqual([]);
  });
});

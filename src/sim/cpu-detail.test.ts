import { describe, expect, it } from "vitest";
import { domainDebugShow } from "../kernel/irq/debugfs";
import { DEFAULT_PRESET } from "../scenario/presets";
import { cpuDetail } from "./cpu-detail";
import { cpuRows } from "./cpu-view";
import { Simulator } from "./simulator";
import { VECTOR_CLASS } from "./vector-classes";

function boot(): Simulator {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

describe("cpuDetail (the CPU inspector)", () => {
  it("shows a CPU's matrix counters as debugfs prints them, and every vector with its irq and device entry", () => {
    const sim = boot();
    const p = sim.platform;
    const d = cpuDetail(p, 2);
    expect(d).toMatchObject({ cpu: 2, online: true, apicId: 2, vectorList: "33" });
    // The counters are the CPU panel's (cm->available, managed, managed_allocated, allocated) …
    const row = cpuRows(p.machine)[2];
    expect([d?.available, d?.managed, d?.managedAllocated, d?.allocated]).toEqual([
      row?.avl,
      row?.man,
      row?.mac,
      row?.act,
    ]);
    // … and its row is the line domains/VECTOR prints for CPU 2.
    const vectorFile = domainDebugShow(p.machine.vector.domain).split("\n");
    expect(vectorFile).toContain(d?.debugfsHeader);
    expect(vectorFile).toContain(d?.debugfsRow);
    expect(d?.debugfsRow).toMatch(/^ +2 +199 +1 +0 +1 +33$/);
    // nic0 msix 0 = irq 29 on vector 0x21; the managed reservation of nvme0 sits on 0x20 with no irq.
    expect(d?.rows).toEqual([
      expect.objectContaining({ vector: 0x20, cls: VECTOR_CLASS.managedReserved, irq: -1, managed: true }),
      expect.objectContaining({
        vector: 0x21,
        cls: VECTOR_CLASS.allocated,
        irq: 29,
        entry: "nic0 msix 0",
        handlers: "nic0-rx0",
        managed: false,
        moving: false,
      }),
    ]);
    expect(cpuDetail(p, 8)).toBeUndefined();
    expect(cpuDetail(p, -1)).toBeUndefined();
  });

  it("marks the previous vector of an unfinished move and the cleanup waiting on the CPU", () => {
    const sim = boot();
    sim.apply({ op: "set_affinity", irq: 29, cpus: "5" });
    const old = cpuDetail(sim.platform, 2);
    expect(old?.rows.find((r) => r.vector === 0x21)).toMatchObject({
      irq: 29,
      cls: VECTOR_CLASS.moving,
      moving: true,
      move: "now CPU 5 vector 0x22",
    });
    expect(old?.cleanupIrqs).toEqual([29]);
    expect(old?.timerExpires).toBe(1);
    const now = cpuDetail(sim.platform, 5);
    expect(now?.rows.find((r) => r.irq === 29)).toMatchObject({ vector: 0x22, moving: false });
    sim.apply({ op: "tick" });
    expect(cpuDetail(sim.platform, 2)?.rows.find((r) => r.vector === 0x21)).toBeUndefined();
  });

  it("an offline CPU: not in debugfs, nothing allocated, its managed reservation kept; unplug numbers as lapic_can_unplug_cpu()", () => {
    const sim = boot();
    const before = cpuDetail(sim.platform, 3);
    expect(before?.unplug.toMove).toBe(sim.platform.machine.matrix.allocated(3));
    expect(before?.unplug.available).toBe(sim.platform.machine.matrix.available(true, 3));
    expect(sim.apply({ op: "cpu_offline", cpu: 3 }).result).toMatchObject({ ok: true });
    const d = cpuDetail(sim.platform, 3);
    expect(d).toMatchObject({ online: false, debugfsRow: "", allocated: 0, vectorList: "" });
    expect(d?.rows).toEqual([expect.objectContaining({ vector: 0x20, cls: VECTOR_CLASS.managedReserved })]);
  });
});

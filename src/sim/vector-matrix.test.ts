import { describe, expect, it } from "vitest";
import { testBit } from "../kernel/bitmap";
import { DEFAULT_PRESET } from "../scenario/presets";
import { irqDetail } from "./irq-detail";
import { Simulator } from "./simulator";
import { NR_VECTORS_PER_CPU, VECTOR_CLASS } from "./vector-classes";
import { vectorMatrix } from "./vector-matrix";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const cell = (m: ReturnType<typeof vectorMatrix>, cpu: number, v: number) => ({
  cls: m.classes[cpu * NR_VECTORS_PER_CPU + v],
  irq: m.irqs[cpu * NR_VECTORS_PER_CPU + v],
});

describe("vectorMatrix (the vector heatmap)", () => {
  it("classes a managed irq's vector, its reservations and the system vectors", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const p = sim.platform;
    const m = vectorMatrix(p);
    expect(m.cpus).toBe(8);
    expect(m.classes.length).toBe(8 * 256);
    expect(m.irqs.length).toBe(8 * 256);
    // nvme0 queue 0 (irq 25) is managed and started: its vector is managed-allocated and names it.
    const d = irqDetail(p, 25);
    expect(d?.target.managed).toBe(true);
    const cpu = d?.target.cpu ?? -1;
    const vec = d?.target.vector ?? -1;
    expect(cell(m, cpu, vec)).toEqual({ cls: VECTOR_CLASS.managedAllocated, irq: 25 });
    // Every managed bit is a managed cell: reserved or allocated, as matrix.c counts cm->managed.
    const { matrix } = p.machine;
    for (let c = 0; c < m.cpus; c++) {
      let managed = 0;
      for (let v = 0; v < 256; v++) {
        const k = cell(m, c, v).cls;
        if (k === VECTOR_CLASS.managedReserved || k === VECTOR_CLASS.managedAllocated) managed++;
        if (testBit(matrix.systemMap, v)) expect(k, `CPU ${c} vector ${v}`).toBe(VECTOR_CLASS.system);
      }
      expect(managed, `CPU ${c}`).toBe(matrix.maps[c]?.managed);
    }
    // The not-yet-started managed queues (irqs 27, 28) hold reservations only.
    expect(m.classes.filter((k) => k === VECTOR_CLASS.managedReserved).length).toBeGreaterThan(0);
    // System vectors of 6.12: 0x80 (IA32 syscall), the PIC cascade 0x32, 0xec; 0x14 (20) is outside the window.
    for (const v of [0x80, 0x32, 0xec, 0xff]) expect(cell(m, 3, v).cls).toBe(VECTOR_CLASS.system);
    expect(cell(m, 3, 20).cls).toBe(VECTOR_CLASS.outside);
    // The running timer keeps its ISA vector on CPU 0.
    expect(cell(m, 0, 0x30)).toEqual({ cls: VECTOR_CLASS.legacy, irq: 0 });
    // irq 29 (nic0 queue 0) is an ordinary allocation.
    expect(cell(m, 2, 0x21)).toEqual({ cls: VECTOR_CLASS.allocated, irq: 29 });
    expect(cell(m, 7, 0x40)).toEqual({ cls: VECTOR_CLASS.free, irq: -1 });
  });

  it("shows a move's previous vector until cleanup, and an offline CPU", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    sim.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "5" });
    const d = irqDetail(sim.platform, 29);
    expect(d?.target.prevVector).toBe(0x21);
    let m = vectorMatrix(sim.platform);
    expect(cell(m, 2, 0x21)).toEqual({ cls: VECTOR_CLASS.moving, irq: 29 });
    expect(cell(m, 5, d?.target.vector ?? -1)).toEqual({ cls: VECTOR_CLASS.allocated, irq: 29 });
    sim.apply({ op: "tick", jiffies: 1 });
    m = vectorMatrix(sim.platform);
    expect(cell(m, 2, 0x21)).toEqual({ cls: VECTOR_CLASS.free, irq: -1 });
    sim.apply({ op: "cpu_offline", cpu: 6 });
    m = vectorMatrix(sim.platform);
    const row = m.classes.subarray(6 * 256, 7 * 256);
    expect(row.every((k) => k === VECTOR_CLASS.offline)).toBe(true);
  });
});

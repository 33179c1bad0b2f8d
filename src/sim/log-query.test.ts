import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import { cpusOfTraceLine, type SimEvent } from "./event-log";
import { irqsOfDevice } from "./irq-source";
import { eventCategory, type LogFilter, type LogPage, queryLog } from "./log-query";
import { Simulator } from "./simulator";

function boot(): Simulator {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function query(sim: Simulator, filter: LogFilter, from: number | "tail" = 0, count = 1000): LogPage {
  const { events, logged } = sim.heldEvents();
  const device = filter.device === undefined ? undefined : irqsOfDevice(sim.platform, filter.device);
  return queryLog(events, logged, { filter, from, count }, device);
}

const texts = (page: LogPage) => page.window.map((l) => l.text);

describe("queryLog (the Event log tab)", () => {
  it("sorts each event into one kind, and counts every kind under the other filters", () => {
    const sim = boot();
    const all = query(sim, {});
    const { events } = sim.heldEvents();
    expect(all.held).toBe(events.length);
    expect(all.matched).toBe(events.length);
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(events.length);
    const kinds = new Map(events.map((e) => [e.text.split(/[: ]/)[0], eventCategory(e)]));
    expect(kinds.get("vector_update")).toBe("vector");
    expect(kinds.get("irq_matrix_alloc")).toBe("matrix");
    expect(kinds.get("irte_write")).toBe("irte");
    expect(kinds.get("nic0")).toBe("store");
    expect(kinds.get("#3")).toBe("step");
    // Only vector_* lines: the count of the kind is what is shown.
    const vec = query(sim, { categories: ["vector"] });
    expect(vec.matched).toBe(all.counts.vector);
    expect(texts(vec).every((t) => t.startsWith("vector_"))).toBe(true);
  });

  it("filters by irq, CPU, device and text, combined", () => {
    const sim = boot();
    sim.apply({ op: "set_affinity", irq: 29, cpus: "5" });
    const irq29 = query(sim, { irq: 29 });
    expect(irq29.matched).toBeGreaterThan(0);
    // The IRTE write and the MSI-X entry write of irq 29 carry it too, not only its tracepoints.
    expect(texts(irq29)).toContain("irte_write: index=19 P=1 vector=0x22 dest=0x500 sid=0x3d00");
    expect(texts(irq29).some((t) => t.startsWith("nic0 msix[0] "))).toBe(true);
    expect(texts(irq29).some((t) => /irq=(?!29\b)\d+/.test(t))).toBe(false);
    // CPU 2 sees the move away from it (prev_cpu=2) and its own matrix lines, never another CPU's.
    const cpu2 = query(sim, { cpu: 2 });
    expect(texts(cpu2)).toContain("vector_update: irq=29 vector=34 cpu=5 prev_vector=33 prev_cpu=2");
    expect(
      texts(cpu2)
        .filter((t) => t.startsWith("irq_matrix_"))
        .every((t) => t.includes(" cpu=2 ")),
    ).toBe(true);
    // A device: its own writes and steps, and the tracepoints of the irqs it has.
    const nic = query(sim, { device: "nic0" });
    expect(texts(nic)).toContain("#3 alloc nic0 msix 1-2 -> ok (2 MSIX vectors: irq 29-30)");
    expect(texts(nic).some((t) => t.startsWith("vector_update: irq=29 "))).toBe(true);
    expect(texts(nic).some((t) => t.startsWith("nvme0 "))).toBe(false);
    // Combined: nic0's vector_* lines naming vector=34.
    const both = query(sim, { device: "nic0", categories: ["vector"], text: "VECTOR=34" });
    expect(texts(both)).toEqual([
      "vector_alloc: irq=29 vector=34 reserved=0 ret=0",
      "vector_update: irq=29 vector=34 cpu=5 prev_vector=33 prev_cpu=2",
      "vector_config: irq=29 vector=34 cpu=5 apicdest=0x00000005",
    ]);
    expect(both.counts.vector).toBe(3);
    expect(both.counts.irte).toBe(0);
  });

  it("explains a refused step under its line, with errors only", () => {
    const sim = boot();
    sim.apply({ op: "cpu_offline", cpu: 3 });
    sim.apply({ op: "set_affinity", irq: 29, cpus: "3" });
    sim.apply({ op: "alloc_at", device: "nic0", index: 0 });
    sim.apply({ op: "set_affinity", irq: 29, cpus: "0-x" });
    const errors = query(sim, { errorsOnly: true });
    expect(errors.matched).toBe(3);
    expect(errors.lines).toBeGreaterThan(3);
    const lines = texts(errors);
    expect(lines[0]).toBe("#12 set_affinity nic0 msix 0 (irq 29) cpus 3 -> -22 EINVAL: no CPU of 3 is online");
    expect(lines[1]).toMatch(/^ {4}-22 EINVAL: Invalid argument\. Why: write_irq_affinity\(\)/);
    expect(lines.join(" ")).toContain("cpumask_intersects(mask, cpu_online_mask)");
    expect(lines).toContain("#13 alloc_at nic0 0 -> -16 EBUSY: index 0 is already allocated");
    expect(lines.join(" ")).toContain("msi_insert_desc()");
    expect(lines).toContain('refused: cpus: "0-x" is not a CPU list');
    expect(lines.join(" ")).toContain("refused before reaching the kernel");
    // Every line of an error carries its errno; every line fits the wrap width.
    expect(errors.window.every((l) => l.category === "error" && l.errno !== undefined)).toBe(true);
    expect(lines.every((t) => t.length <= 120)).toBe(true);
    // A refused step is found by its irq and device too.
    expect(query(sim, { irq: 29, errorsOnly: true }).matched).toBe(2);
    // nic0: its own alloc_at, and the affinity writes to its irq 29.
    expect(query(sim, { device: "nic0", errorsOnly: true }).matched).toBe(3);
  });

  it("answers one window of lines: from a line, or the tail", () => {
    const sim = boot();
    sim.apply({ op: "set_affinity", irq: 29, cpus: "9-x" });
    const all = query(sim, {});
    const tail = query(sim, {}, "tail", 5);
    expect(tail.from).toBe(all.lines - 5);
    expect(tail.window.map((l) => [l.seq, l.part])).toEqual(all.window.slice(-5).map((l) => [l.seq, l.part]));
    // A window that starts inside an explanation begins at that line, not at the event's first.
    const mid = query(sim, {}, all.lines - 2, 10);
    expect(mid.window).toEqual(all.window.slice(-2));
    expect(query(sim, {}, 10, 3).window).toEqual(all.window.slice(10, 13));
    expect(query(sim, { irq: 999 })).toMatchObject({ matched: 0, lines: 0, window: [] });
  });

  it("reports the events dropped when the log was trimmed", () => {
    const events: SimEvent[] = [{ seq: 7, step: 0, kind: "trace", text: "vector_update: irq=1" }];
    expect(queryLog(events, 8, { filter: {}, from: 0, count: 10 })).toMatchObject({ held: 1, dropped: 7 });
  });
});

describe("cpusOfTraceLine", () => {
  it("reads cpu= and, only when there was a previous vector, prev_cpu=", () => {
    expect(cpusOfTraceLine("vector_update: irq=29 vector=34 cpu=5 prev_vector=33 prev_cpu=2")).toEqual({
      cpu: 5,
      prevCpu: 2,
    });
    expect(cpusOfTraceLine("vector_update: irq=4 vector=33 cpu=4 prev_vector=0 prev_cpu=0")).toEqual({ cpu: 4 });
    expect(cpusOfTraceLine("vector_free_moved: irq=29 cpu=12 vector=33 is_managed=0")).toEqual({ cpu: 12 });
    expect(cpusOfTraceLine("vector_reserve: irq=37 ret=0")).toEqual({});
  });
});

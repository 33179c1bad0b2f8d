import { describe, expect, it } from "vitest";
import { irqDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import type { MachineConfig } from "../kernel/machine";
import type { Command } from "./vector-commands";
import { checkVectorInvariants } from "./vector-invariants";
import { VectorSimulator } from "./vector-simulator";

const sim = (cfg: Partial<MachineConfig> = {}) =>
  new VectorSimulator({ cpus: 4, kernel: "6.12", legacyPic: true, ...cfg });
/** Everything a user can see of the state: debugfs, /proc/interrupts and every irq's debugfs file. */
const snapshot = (s: VectorSimulator) => ({
  domain: s.debugfsVectorDomain(),
  interrupts: showInterrupts(s.machine.core),
  irqs: [...s.blocks.values()].flatMap((b) =>
    Array.from({ length: b.count }, (_, i) => irqDebugShow(s.machine.core, b.first + i)),
  ),
});
/** The irq_vectors tracepoints the step caused (irq_matrix ones left out). */
const vectorTrace = (s: VectorSimulator, since: number) =>
  s
    .log(since)
    .filter((e) => e.kind === "trace" && e.text.startsWith("vector_"))
    .map((e) => e.text);
const lastSeq = (s: VectorSimulator) => (s.log(0).at(-1)?.seq ?? -1) + 1;
const ok = (s: VectorSimulator, c: Command) => {
  const r = s.apply(c);
  if (!r.ok) throw new Error(`${c.op}: ${r.errno} ${r.reason}`);
  expect(checkVectorInvariants(s.machine, s.drift())).toEqual([]);
  return r.summary;
};

describe("irq life cycle at the vector level (spec §7, real 6.12 q35 traces)", () => {
  it("reservation mode: reserve at alloc, parked at early activation, vector at request_irq, back at free_irq", () => {
    const s = sim();
    let t = lastSeq(s);
    ok(s, { op: "irq_alloc", name: "nvme0" });
    // The same events, in the same order, as the NVMe admin queue in p1-boot of q35-6.12-noir.
    expect(vectorTrace(s, t)).toEqual([
      "vector_reserve: irq=24 ret=0",
      "vector_config: irq=24 vector=239 cpu=0 apicdest=0x00000000",
      "vector_setup: irq=24 is_legacy=0 ret=0",
      "vector_activate: irq=24 is_managed=0 can_reserve=1 reserve=1",
      "vector_config: irq=24 vector=239 cpu=0 apicdest=0x00000000",
    ]);
    expect(s.machine.matrix.globalReserved).toBe(1);
    t = lastSeq(s);
    expect(ok(s, { op: "irq_request", irq: 24 })).toBe('irq 24 "nvme0q0": vector 32 on CPU 1');
    expect(vectorTrace(s, t)).toEqual([
      "vector_activate: irq=24 is_managed=0 can_reserve=1 reserve=0",
      "vector_alloc: irq=24 vector=32 reserved=1 ret=0",
      "vector_update: irq=24 vector=32 cpu=1 prev_vector=0 prev_cpu=0",
      "vector_config: irq=24 vector=32 cpu=1 apicdest=0x00000001",
    ]);
    t = lastSeq(s);
    ok(s, { op: "irq_free", irq: 24 });
    expect(vectorTrace(s, t)).toEqual([
      "vector_deactivate: irq=24 is_managed=0 can_reserve=1 reserve=0",
      "vector_clear: irq=24 vector=32 cpu=1 prev_vector=0 prev_cpu=0",
      "vector_reserve: irq=24 ret=0",
      "vector_config: irq=24 vector=239 cpu=0 apicdest=0x00000000",
    ]);
    t = lastSeq(s);
    ok(s, { op: "irq_dealloc", irq: 24 });
    expect(vectorTrace(s, t)).toEqual(["vector_teardown: irq=24 is_managed=0 has_reserved=1"]);
    expect(s.machine.matrix.globalReserved).toBe(0);
    expect(s.machine.vector.domain.mapped).toBe(0);
  });

  it("managed queues spread one CPU each, start on it at request_irq (as the NVMe I/O queues)", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", kind: "managed", count: 4, name: "nvme0io" });
    expect(s.machine.matrix.maps.map((c) => c.managed)).toEqual([1, 1, 1, 1]);
    const t = lastSeq(s);
    ok(s, { op: "irq_request", irq: 24, count: 4 });
    const allocs = vectorTrace(s, t).filter((l) => l.startsWith("vector_update"));
    expect(allocs).toEqual([
      "vector_update: irq=24 vector=32 cpu=0 prev_vector=0 prev_cpu=0",
      "vector_update: irq=25 vector=32 cpu=1 prev_vector=0 prev_cpu=0",
      "vector_update: irq=26 vector=32 cpu=2 prev_vector=0 prev_cpu=0",
      "vector_update: irq=27 vector=32 cpu=3 prev_vector=0 prev_cpu=0",
    ]);
  });

  it("a deferred move: pending until it fires, moved on the old CPU, cleaned up after it fires on the new one (e1000e in p3)", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", name: "eth0" });
    ok(s, { op: "irq_request", irq: 24 });
    let t = lastSeq(s);
    expect(ok(s, { op: "irq_set_affinity", irq: 24, cpus: "2" })).toBe(
      "irq 24: vector 32 on CPU 1; move to 2 pending until it fires",
    );
    expect(vectorTrace(s, t)).toEqual([]);
    expect(irqDebugShow(s.machine.core, 24)).toContain("pending:  2\n");
    expect(irqDebugShow(s.machine.core, 24)).toContain("            IRQD_SETAFFINITY_PENDING\n");
    t = lastSeq(s);
    ok(s, { op: "irq_raise", irq: 24 });
    expect(vectorTrace(s, t)).toEqual([
      "vector_alloc: irq=24 vector=32 reserved=0 ret=0",
      "vector_update: irq=24 vector=32 cpu=2 prev_vector=32 prev_cpu=1",
      "vector_config: irq=24 vector=32 cpu=2 apicdest=0x00000002",
    ]);
    const moving = irqDebugShow(s.machine.core, 24) ?? "";
    expect(moving).toContain(" Previous vector:    32\n Previous target:     1\n move_in_progress: 1\n");
    t = lastSeq(s);
    ok(s, { op: "irq_raise", irq: 24 });
    expect(irqDebugShow(s.machine.core, 24)).toContain(" move_in_progress: 0\n");
    expect(irqDebugShow(s.machine.core, 24)).toContain(" cleanup_pending:  1\n");
    ok(s, { op: "tick" });
    expect(vectorTrace(s, t)).toEqual(["vector_free_moved: irq=24 cpu=1 vector=32 is_managed=0"]);
    expect(irqDebugShow(s.machine.core, 24)).not.toContain("Previous vector");
    expect(s.machine.matrix.maps[1]?.allocated).toBe(0);
  });

  it("with IRQD_MOVE_PCNTXT the move happens at once; a second change during the move waits as pending (-EBUSY inside)", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", name: "ir0", pcntxt: true });
    ok(s, { op: "irq_request", irq: 24 });
    expect(ok(s, { op: "irq_set_affinity", irq: 24, cpus: "3" })).toBe(
      "irq 24: vector 32 on CPU 3; old vector 32 on CPU 1 kept until it fires on the new one",
    );
    const t = lastSeq(s);
    expect(ok(s, { op: "irq_set_affinity", irq: 24, cpus: "2" })).toContain("move to 2 pending until it fires");
    expect(vectorTrace(s, t)).toEqual([]);
    ok(s, { op: "irq_raise", irq: 24 }); // completes the first move, the second still waits for the cleanup
    expect(irqDebugShow(s.machine.core, 24)).toContain("pending:  2\n");
    ok(s, { op: "tick" });
    ok(s, { op: "irq_raise", irq: 24 });
    expect(s.machine.vector.apicd.get(24)).toMatchObject({ cpu: 2, prevCpu: 3, moveInProgress: true });
  });

  it("before v6.6 the cleanup IPI frees the old vector as soon as the irq fires on the new CPU", () => {
    const s = sim({ kernel: "6.1" });
    ok(s, { op: "irq_alloc", pcntxt: true });
    ok(s, { op: "irq_request", irq: 24 });
    ok(s, { op: "irq_set_affinity", irq: 24, cpus: "3" });
    const t = lastSeq(s);
    ok(s, { op: "irq_raise", irq: 24 });
    expect(vectorTrace(s, t)).toEqual(["vector_free_moved: irq=24 cpu=1 vector=33 is_managed=0"]);
  });

  it("fixed and immediate kinds get a vector at allocation and keep it over free_irq", () => {
    const s = sim();
    expect(ok(s, { op: "irq_alloc", kind: "fixed", cpus: "2" })).toBe(
      'irq 24 "dev0" (fixed): vector 32 on CPU 2 (fixed)',
    );
    expect(ok(s, { op: "irq_alloc", kind: "immediate" })).toBe('irq 25 "dev1" (immediate): vector 32 on CPU 1 (fixed)');
    ok(s, { op: "irq_request", irq: 25 });
    ok(s, { op: "irq_free", irq: 25 });
    expect(s.machine.vector.apicd.get(25)).toMatchObject({ vector: 32, cpu: 1 });
    ok(s, { op: "irq_dealloc", irq: 25 });
    ok(s, { op: "irq_dealloc", irq: 24 });
    expect(s.machine.matrix.totalAllocated).toBe(15);
  });
});

describe("CPU hotplug (spec §6)", () => {
  it("offline moves irqs, shuts managed ones down and breaks affinity with the kernel's message; online restarts", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", kind: "managed", count: 4, name: "q" });
    ok(s, { op: "irq_request", irq: 24, count: 4 });
    ok(s, { op: "irq_alloc", cpus: "3", name: "only3", pcntxt: true });
    ok(s, { op: "irq_request", irq: 28 });
    expect(s.machine.vector.apicd.get(28)?.cpu).toBe(3);
    const t = lastSeq(s);
    expect(ok(s, { op: "cpu_offline", cpu: 3 })).toBe(
      "CPU 3 offline; 0 irq(s) have their vector there, 1 managed irq(s) are shut down",
    );
    expect(
      s
        .log(t)
        .filter((e) => e.kind === "debug")
        .map((e) => e.text),
    ).toEqual(["IRQ 28: no longer affine to CPU3"]);
    expect(irqDebugShow(s.machine.core, 27)).toContain("            IRQD_MANAGED_SHUTDOWN\n");
    expect(irqDebugShow(s.machine.core, 27)).toContain(" Vector:     0\n Target:     3\n");
    expect(irqDebugShow(s.machine.core, 27)).toContain("ddepth:   1\n");
    expect(s.machine.vector.apicd.get(28)?.cpu).not.toBe(3);
    const back = lastSeq(s);
    ok(s, { op: "cpu_online", cpu: 3 });
    expect(vectorTrace(s, back)).toEqual([
      "vector_activate: irq=27 is_managed=1 can_reserve=0 reserve=0",
      "vector_alloc_managed: irq=27 vector=32 ret=0",
      "vector_update: irq=27 vector=32 cpu=3 prev_vector=0 prev_cpu=3",
      "vector_config: irq=27 vector=32 cpu=3 apicdest=0x00000003",
    ]);
  });

  it("a move pending through an offline completes by force, with the kernel's warning", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", pcntxt: true });
    ok(s, { op: "irq_request", irq: 24 });
    ok(s, { op: "irq_set_affinity", irq: 24, cpus: "3" });
    const t = lastSeq(s);
    ok(s, { op: "cpu_offline", cpu: 1 });
    expect(s.log(t).map((e) => e.text)).toContain("IRQ fixup: irq 24 move in progress, old vector 32");
    expect(vectorTrace(s, t)).toContain("vector_free_moved: irq=24 cpu=1 vector=32 is_managed=0");
  });

  it("refuses an offline the other CPUs cannot absorb, with the kernel's message, and changes nothing", () => {
    const s = sim();
    ok(s, { op: "irq_alloc", kind: "fixed", cpus: "0-2", count: 588 });
    ok(s, { op: "irq_alloc", kind: "fixed", cpus: "3", count: 150 });
    const before = snapshot(s);
    expect(s.apply({ op: "cpu_offline", cpu: 3 })).toEqual({
      ok: false,
      errno: "ENOSPC",
      reason: "CPU 3 has 150 vectors, 0 available. Cannot disable CPU",
    });
    expect(snapshot(s)).toEqual(before);
  });
});

describe("bad input: errno and reason, state untouched", () => {
  it.each<[Command, string, Partial<MachineConfig>?]>([
    [{ op: "irq_set_affinity", irq: 99, cpus: "1" }, "ENOENT"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "" }, "EINVAL"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "3" }, "EINVAL"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "99" }, "ERANGE"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "1-x" }, "EINVAL"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "8", form: "mask" }, "EINVAL"],
    [{ op: "irq_set_affinity", irq: 24, cpus: "10", form: "mask" }, "EOVERFLOW"],
    [{ op: "irq_set_affinity", irq: 25, cpus: "1" }, "EPERM"],
    [{ op: "irq_set_affinity", irq: 25, cpus: "1" }, "EIO", { kernel: "6.1" }],
    [{ op: "irq_set_affinity", irq: 5, cpus: "1" }, "ENOSYS"],
    [{ op: "irq_request", irq: 24, name: "other" }, "EBUSY"],
    [{ op: "irq_free", irq: 26 }, "EINVAL"],
    [{ op: "irq_dealloc", irq: 24 }, "EBUSY"],
    [{ op: "irq_raise", irq: 40 }, "ENOENT"],
    [{ op: "irq_alloc", count: 0 }, "EINVAL"],
    [{ op: "irq_alloc", cpus: "7" }, "ERANGE"],
    [{ op: "irq_alloc", kind: "fixed" }, "EINVAL"],
    [{ op: "irq_alloc", kind: "fixed", cpus: "3" }, "EINVAL"],
    [{ op: "irq_alloc", name: "a b" }, "EINVAL"],
    [{ op: "tick", jiffies: -1 }, "EINVAL"],
    [{ op: "cpu_offline", cpu: 7 }, "EINVAL"],
    [{ op: "cpu_offline", cpu: 0 }, "EPERM"],
  ])("%j → -%s", (cmd, errno, cfg) => {
    const s = sim(cfg);
    ok(s, { op: "irq_alloc", name: "a" });
    ok(s, { op: "irq_request", irq: 24 });
    ok(s, { op: "irq_alloc", kind: "managed", count: 2, name: "m" });
    ok(s, { op: "cpu_offline", cpu: 3 });
    const before = snapshot(s);
    const r = s.apply(cmd);
    expect(r).toMatchObject({ ok: false, errno });
    expect(r.ok ? "" : r.reason.length).toBeGreaterThan(10);
    expect(snapshot(s)).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_SYSTEM_VECTORS, lapicAssignSystemVectors, lapicCanUnplugCpu } from "../arch/x86/vector";
import { CpuMask } from "../cpumask";
import { IrqMatrix, KernelBug, type MatrixVariant } from "./matrix";

/** A booted matrix like the trace op `boot`: defaults, PIC legacy vectors on CPU 0, all CPUs online. */
function boot(ncpus: number, opts: { end?: number; legacy?: boolean; variant?: MatrixVariant } = {}): IrqMatrix {
  const m = new IrqMatrix(ncpus, 256, 32, opts.end ?? 235, opts.variant ?? "v6.7+");
  lapicAssignSystemVectors(m, { systemVectors: DEFAULT_SYSTEM_VECTORS, legacyPic: opts.legacy ?? true });
  for (let cpu = 1; cpu < ncpus; cpu++) m.online(cpu);
  return m;
}
const mask = (m: IrqMatrix, cpus: number[]): CpuMask => CpuMask.of(m.nrCpus, cpus);

describe("irq_matrix boot seeding (spec §2)", () => {
  it("v6.10+ window [32,235): 201 free per CPU, 186 on CPU 0 with the 15 legacy vectors", () => {
    const m = boot(4);
    expect(m.maps.map((c) => c.available)).toEqual([186, 201, 201, 201]);
    expect(m.globalAvailable).toBe(789);
    expect(m.totalAllocated).toBe(15);
  });

  it("v4.15–v6.9 window [32,236): one more slot per CPU (202)", () => {
    const m = boot(2, { end: 236 });
    expect(m.maps.map((c) => c.available)).toEqual([187, 202]);
  });

  it("before v6.6 vector 32 (IRQ_MOVE_CLEANUP_VECTOR) is a system vector: 201 on [32,236)", () => {
    const m = new IrqMatrix(2, 256, 32, 236);
    lapicAssignSystemVectors(m, { systemVectors: `32,${DEFAULT_SYSTEM_VECTORS}`, legacyPic: true });
    m.online(1);
    expect(m.maps[1]?.available).toBe(201);
    const first = m.alloc(mask(m, [1]), false);
    expect(first).toEqual({ cpu: 1, vector: 33 });
  });
});

describe("irq_matrix allocation policy (spec §4)", () => {
  it("S02: non-managed goes to the lowest CPU with the most available", () => {
    const m = boot(4);
    const got = Array.from({ length: 5 }, () => m.alloc(mask(m, [0, 1, 2, 3]), false));
    expect(got).toEqual([
      { cpu: 1, vector: 32 },
      { cpu: 2, vector: 32 },
      { cpu: 3, vector: 32 },
      { cpu: 1, vector: 33 },
      { cpu: 2, vector: 33 },
    ]);
  });

  it("S10: managed goes to the highest CPU among the fewest managed_allocated", () => {
    const m = boot(4);
    m.reserveManaged(mask(m, [0, 1, 2, 3]));
    m.reserveManaged(mask(m, [0, 1, 2, 3]));
    const got = Array.from({ length: 5 }, () => m.allocManaged(mask(m, [0, 1, 2, 3])));
    expect(got.map((r) => ("err" in r ? r.err : `${r.cpu}/${r.vector}`))).toEqual([
      "3/32",
      "2/32",
      "1/32",
      "0/32",
      "3/33",
    ]);
  });

  it("empty masks are -EINVAL, offline-only masks -ENOSPC (S07)", () => {
    const m = boot(4);
    expect(m.alloc(mask(m, []), false)).toEqual({ err: -22 });
    expect(m.allocManaged(mask(m, []))).toEqual({ err: -22 });
    m.offline(3);
    expect(m.alloc(mask(m, [3]), false)).toEqual({ err: -28 });
  });

  it("counters are u32: remove_reserved with nothing reserved wraps (quirk §11.1)", () => {
    const m = boot(1);
    m.removeReserved();
    expect(m.globalReserved).toBe(4294967295);
  });

  it("assign_system after a second CPU is online is a BUG", () => {
    const m = boot(2);
    expect(() => m.assignSystem(100, false)).toThrow(KernelBug);
  });

  it("onlining an online CPU is a BUG", () => {
    const m = boot(2);
    expect(() => m.online(1)).toThrow(KernelBug);
  });
});

describe("lapic_can_unplug_cpu (S18)", () => {
  function s18(variant: MatrixVariant) {
    const m = boot(2, { variant });
    for (let i = 0; i < 190; i++) m.alloc(mask(m, [1]), false);
    m.reserveManaged(mask(m, [1]));
    m.reserveManaged(mask(m, [1]));
    m.allocManaged(mask(m, [1]));
    m.allocManaged(mask(m, [1]));
    for (let v = 32; v <= 36; v++) m.free(1, v, false);
    return lapicCanUnplugCpu(m, 1);
  }

  it("v6.7+ does not count managed vectors: 185 to move fit in 186", () => {
    expect(s18("v6.7+")).toMatchObject({ ok: true, toMove: 185, available: 186 });
  });

  it("before v6.7 managed vectors count: 187 > 186 refuses with the kernel's message", () => {
    const r = s18("pre-v6.7");
    expect(r).toMatchObject({ ok: false, toMove: 187, available: 186 });
    expect(r.messages).toEqual(["CPU 1 has 187 vectors, 186 available. Cannot disable CPU"]);
  });
});

describe("irq_matrix_debug_show (spec §8.1)", () => {
  it("prints the S01 boot state byte for byte", () => {
    const m = boot(4);
    expect(m.debugShow([0, 1, 2, 3], 1)).toBe(
      [
        "Online bitmaps:        4",
        "Global available:    789",
        "Global reserved:       0",
        "Total allocated:      15",
        "System: 38: 0-19,21,50,128,236,240-242,244,246-255",
        " | CPU | avl | man | mac | act | vectors",
        "     0   186     0     0   15  48-49,51-63",
        "     1   201     0     0    0  ",
        "     2   201     0     0    0  ",
        "     3   201     0     0    0  ",
        "",
      ].join("\n"),
    );
  });
});

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Command } from "./commands";
import { checkMatrixInvariants } from "./invariants";
import { Simulator } from "./simulator";

const sim4 = () => new Simulator({ cpus: 4, kernel: "6.12", legacyPic: true });
const state = (s: Simulator) => ({ debugfs: s.debugfsVectorDomain(), held: JSON.stringify(s.held) });

describe("Simulator vector commands", () => {
  it("allocates on the CPU the kernel picks and frees by handle", () => {
    const s = sim4();
    expect(s.apply({ op: "vector_alloc", cpus: "0-3" })).toEqual({ ok: true, summary: "#1: vector 32 on CPU 1" });
    expect(s.machine.matrix.maps[1]?.available).toBe(200);
    expect(s.apply({ op: "vector_free", handle: 1 })).toEqual({ ok: true, summary: "freed vector 32 on CPU 1" });
    expect(s.machine.matrix.maps[1]?.available).toBe(201);
  });

  it("managed vectors reserve on every CPU of the mask and go to the last CPU with the fewest", () => {
    const s = sim4();
    s.apply({ op: "vector_alloc", cpus: "0-3", managed: true });
    expect(s.held[0]).toMatchObject({ cpu: 3, vector: 32, managed: true });
    expect(s.machine.matrix.maps.map((c) => c.managed)).toEqual([1, 1, 1, 1]);
  });

  it("offline moves non-managed vectors, shuts managed ones down, online restarts them", () => {
    const s = sim4();
    s.apply({ op: "vector_alloc", cpus: "3" });
    s.apply({ op: "vector_alloc", cpus: "3", managed: true });
    expect(s.apply({ op: "cpu_offline", cpu: 3 })).toMatchObject({ ok: true });
    expect(s.held[0]).toMatchObject({ cpu: 1, vector: 32 });
    expect(s.held[1]).toMatchObject({ vector: 0 });
    expect(s.log().some((e) => e.text === "vector 32: no longer affine to CPU3")).toBe(true);
    expect(checkMatrixInvariants(s.machine.matrix, s.drift())).toEqual([]);
    expect(s.apply({ op: "cpu_online", cpu: 3 })).toEqual({
      ok: true,
      summary: "CPU 3 online; 1 managed vector(s) restarted",
    });
    expect(s.held[1]).toMatchObject({ cpu: 3, vector: 33 });
  });

  it("refuses an offline the other CPUs cannot absorb, with the kernel's message", () => {
    const s = sim4();
    expect(s.apply({ op: "vector_alloc", cpus: "0-2", count: 600 })).toEqual({
      ok: false,
      errno: "ENOSPC",
      reason: "allocated 588 of 600, then irq_matrix_alloc() found no free vector on CPUs 0-2",
    });
    s.apply({ op: "vector_alloc", cpus: "3", count: 150 });
    const before = state(s);
    expect(s.apply({ op: "cpu_offline", cpu: 3 })).toEqual({
      ok: false,
      errno: "ENOSPC",
      reason: "CPU 3 has 150 vectors, 0 available. Cannot disable CPU",
    });
    expect(state(s)).toEqual(before);
  });

  it.each<[Command, string]>([
    [{ op: "vector_alloc", cpus: "0-x" }, "EINVAL"],
    [{ op: "vector_alloc", cpus: "9" }, "ERANGE"],
    [{ op: "vector_alloc", cpus: "1", count: 0 }, "EINVAL"],
    [{ op: "vector_free", handle: 42 }, "EINVAL"],
    [{ op: "cpu_offline", cpu: 7 }, "EINVAL"],
    [{ op: "cpu_offline", cpu: 0 }, "EPERM"],
    [{ op: "cpu_online", cpu: -1 }, "EINVAL"],
  ])("bad input %j -> -%s, state untouched", (cmd, errno) => {
    const s = sim4();
    s.apply({ op: "vector_alloc", cpus: "1-2", count: 3 });
    const before = state(s);
    const r = s.apply(cmd);
    expect(r).toMatchObject({ ok: false, errno });
    expect(r.ok ? "" : r.reason.length).toBeGreaterThan(10);
    expect(state(s)).toEqual(before);
  });

  it("offline of an offline-only mask is -ENOSPC with a reason", () => {
    const s = sim4();
    s.apply({ op: "cpu_offline", cpu: 2 });
    expect(s.apply({ op: "vector_alloc", cpus: "2" })).toEqual({
      ok: false,
      errno: "ENOSPC",
      reason: "no CPU of 2 is online",
    });
  });
});

const cmdArb = (ncpus: number): fc.Arbitrary<Command> =>
  fc.oneof(
    fc.record({
      op: fc.constant("vector_alloc" as const),
      cpus: fc.uniqueArray(fc.nat({ max: ncpus - 1 }), { minLength: 1, maxLength: 4 }).map((a) => a.join(",")),
      count: fc.integer({ min: 1, max: 40 }),
      managed: fc.boolean(),
    }),
    fc.record({ op: fc.constant("vector_free" as const), handle: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ op: fc.constant("cpu_offline" as const), cpu: fc.nat({ max: ncpus - 1 }) }),
    fc.record({ op: fc.constant("cpu_online" as const), cpu: fc.nat({ max: ncpus - 1 }) }),
  );

describe("Simulator under random commands", () => {
  test.prop(
    [fc.integer({ min: 1, max: 64 }).chain((n) => fc.tuple(fc.constant(n), fc.array(cmdArb(n), { maxLength: 60 })))],
    { numRuns: 60 },
  )("invariants hold after every command; freeing all and onlining all restores boot", ([ncpus, cmds]) => {
    const s = new Simulator({ cpus: ncpus, kernel: "6.12", legacyPic: true });
    const boot = s.debugfsVectorDomain();
    for (const c of cmds) {
      s.apply(c);
      expect(checkMatrixInvariants(s.machine.matrix, s.drift())).toEqual([]);
      for (const h of s.held) if (h.vector !== 0) expect(s.machine.online.has(h.cpu)).toBe(true);
    }
    for (let cpu = 1; cpu < ncpus; cpu++) s.apply({ op: "cpu_online", cpu });
    for (const h of [...s.held]) expect(s.apply({ op: "vector_free", handle: h.id })).toMatchObject({ ok: true });
    expect(checkMatrixInvariants(s.machine.matrix, s.drift())).toEqual([]);
    const d = s.drift();
    if (d.offlineFrees === 0 && d.staleCpus.size === 0) expect(s.debugfsVectorDomain()).toBe(boot);
  });
});

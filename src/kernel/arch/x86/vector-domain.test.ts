import { describe, expect, it } from "vitest";
import { checkMatrixInvariants } from "../../../sim/invariants";
import { CpuMask } from "../../cpumask";
import { IRQD, IrqDescTable } from "../../irq/irqdesc";
import {
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
} from "../../irq/irqdomain";
import { bootMachine } from "../../machine";
import { X86VectorDomain } from "./vector-domain";

function setup(cpus = 4) {
  const machine = bootMachine({ cpus, kernel: "6.12", legacyPic: true });
  const descs = new IrqDescTable(4096, cpus, 16);
  descs.dynirqLowerBound = 24;
  const events: string[] = [];
  const warnings: string[] = [];
  const vd = new X86VectorDomain(descs, machine.matrix, machine.online, {
    trace: (l) => events.push(l),
    warn: (w) => warnings.push(w),
  });
  const m = machine.matrix;
  const counters = () => ({ ga: m.globalAvailable, gr: m.globalReserved, ta: m.totalAllocated });
  const data = (irq: number) => {
    const d = vd.irqData(irq);
    if (!d) throw new Error(`no irq_data for ${irq}`);
    return d;
  };
  return { machine, descs, vd, events, warnings, m, counters, data };
}

describe("VECTOR domain: reservation mode (spec §7, non-managed MSI-X)", () => {
  it("reserve at alloc, park on 0xef, real vector at request, re-reserve at free_irq, gone at free", () => {
    const { descs, vd, m, counters, data, events } = setup();
    const boot = counters();
    const irq = irqDomainAllocIrqs(descs, vd.domain, 1, {});
    expect(irq).toBe(24);
    expect(counters()).toEqual({ ...boot, gr: 1 });
    expect(vd.apicd.get(24)).toMatchObject({
      vector: 0,
      canReserve: true,
      hasReserved: true,
      hwVector: 0xef,
      hwCpu: 0,
    });
    expect(events).toEqual([
      "vector_reserve: irq=24 ret=0",
      "vector_config: irq=24 vector=239 cpu=0 apicdest=0x00000000",
      "vector_setup: irq=24 is_legacy=0 ret=0",
    ]);

    // msi_init_virq(): early activation with reserve, then the core clears IRQD_ACTIVATED.
    expect(irqDomainActivateIrq(data(24), true)).toBeUndefined();
    data(24).desc.clear(IRQD.ACTIVATED);
    expect(counters()).toEqual({ ...boot, gr: 1 });

    // request_irq() → activation: the promise becomes a vector on the CPU with the most room.
    expect(irqDomainActivateIrq(data(24), false)).toBeUndefined();
    expect(vd.apicd.get(24)).toMatchObject({ vector: 32, cpu: 1, hasReserved: false, hwVector: 32, hwCpu: 1 });
    expect(counters()).toEqual({ ga: boot.ga - 1, gr: 0, ta: boot.ta + 1 });
    expect(events.slice(-4)).toEqual([
      "vector_activate: irq=24 is_managed=0 can_reserve=1 reserve=0",
      "vector_alloc: irq=24 vector=32 reserved=1 ret=0",
      "vector_update: irq=24 vector=32 cpu=1 prev_vector=0 prev_cpu=0",
      "vector_config: irq=24 vector=32 cpu=1 apicdest=0x00000001",
    ]);

    // free_irq() → deactivation: the vector goes back and the promise returns.
    irqDomainDeactivateIrq(data(24));
    expect(counters()).toEqual({ ...boot, gr: 1 });
    expect(vd.apicd.get(24)).toMatchObject({ vector: 0, hasReserved: true, hwVector: 0xef });

    irqDomainFreeIrqs(descs, 24, 1);
    expect(counters()).toEqual(boot);
    expect(vd.apicd.size).toBe(0);
    expect(checkMatrixInvariants(m)).toEqual([]);
  });
});

describe("VECTOR domain: managed irqs (spec §7)", () => {
  it("reserve on every CPU of the mask, vector at startup, parked at shutdown, reservation gone at free", () => {
    const { descs, vd, m, counters, data, events } = setup();
    const boot = counters();
    const mask = CpuMask.of(4, [2, 3]);
    irqDomainAllocIrqs(descs, vd.domain, 1, {}, [{ mask, isManaged: true }]);
    expect(m.maps.map((c) => c.managed)).toEqual([0, 0, 1, 1]);
    expect(counters()).toEqual({ ...boot, ga: boot.ga - 2 });
    expect(events.slice(0, 2)).toEqual([
      "vector_reserve_managed: irq=24 ret=0",
      "vector_setup: irq=24 is_legacy=0 ret=0",
    ]);

    irqDomainActivateIrq(data(24), true);
    expect(vd.apicd.get(24)).toMatchObject({ vector: 0, hwVector: 0xef });
    data(24).desc.clear(IRQD.ACTIVATED);
    // __irq_startup_managed() clears the shutdown state alloc_descs() set, then activates.
    data(24).desc.clear(IRQD.MANAGED_SHUTDOWN);
    irqDomainActivateIrq(data(24), false);
    // matrix_find_best_cpu_managed(): the highest CPU among the fewest managed_allocated.
    expect(vd.apicd.get(24)).toMatchObject({ vector: 32, cpu: 3, isManaged: true });
    expect(counters()).toEqual({ ...boot, ga: boot.ga - 2, ta: boot.ta + 1 });

    irqDomainDeactivateIrq(data(24));
    expect(vd.apicd.get(24)).toMatchObject({ vector: 0, hwVector: 0xef });
    expect(m.maps[3]).toMatchObject({ managed: 1, managedAllocated: 0 });

    irqDomainFreeIrqs(descs, 24, 1);
    expect(counters()).toEqual(boot);
    expect(m.maps.map((c) => c.managed)).toEqual([0, 0, 0, 0]);
    expect(checkMatrixInvariants(m)).toEqual([]);
  });

  it("activation with no online CPU in the mask is -EINVAL with the kernel's message", () => {
    const { machine, descs, vd, data, warnings } = setup();
    machine.matrix.offline(3);
    machine.online.clear(3);
    irqDomainAllocIrqs(descs, vd.domain, 1, {}, [{ mask: CpuMask.of(4, [3]), isManaged: true }]);
    data(24).desc.clear(IRQD.MANAGED_SHUTDOWN);
    expect(irqDomainActivateIrq(data(24), false)).toMatchObject({ errno: "EINVAL" });
    expect(warnings).toEqual(["Managed startup for irq 24, but no CPU"]);
    expect(data(24).desc.has(IRQD.ACTIVATED)).toBe(false);
  });
});

describe("VECTOR domain: fixed targets and failures", () => {
  it("info->mask gets a vector at allocation; deactivation keeps it; free returns it", () => {
    const { descs, vd, m, counters, data } = setup();
    const boot = counters();
    irqDomainAllocIrqs(descs, vd.domain, 1, { mask: CpuMask.of(4, [2]) });
    expect(vd.apicd.get(24)).toMatchObject({ vector: 32, cpu: 2, canReserve: false, isManaged: false });
    irqDomainActivateIrq(data(24), false);
    irqDomainDeactivateIrq(data(24));
    expect(vd.apicd.get(24)).toMatchObject({ vector: 32, cpu: 2 });
    irqDomainFreeIrqs(descs, 24, 1);
    expect(counters()).toEqual(boot);
    expect(checkMatrixInvariants(m)).toEqual([]);
  });

  it("a fixed mask with no online CPU is -EINVAL and leaves nothing behind", () => {
    const { machine, descs, vd, counters } = setup();
    machine.matrix.offline(3);
    machine.online.clear(3);
    const before = counters();
    expect(irqDomainAllocIrqs(descs, vd.domain, 1, { mask: CpuMask.of(4, [3]) })).toMatchObject({ errno: "EINVAL" });
    expect(counters()).toEqual(before);
    expect(descs.isAllocated(24)).toBe(false);
  });

  it("a managed block that runs out part way unwinds the irqs already set up", () => {
    const { descs, vd, m, counters } = setup(1);
    const before = counters();
    const one = CpuMask.of(1, [0]);
    // CPU 0 has 186 free slots: ask for 190 managed irqs on it.
    const affinity = Array.from({ length: 190 }, () => ({ mask: one, isManaged: true }));
    expect(irqDomainAllocIrqs(descs, vd.domain, 190, {}, affinity)).toMatchObject({ errno: "ENOSPC" });
    expect(counters()).toEqual(before);
    expect(m.maps[0]?.managed).toBe(0);
    expect(vd.apicd.size).toBe(0);
    expect(checkMatrixInvariants(m)).toEqual([]);
  });
});

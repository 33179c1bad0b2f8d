import { describe, expect, it } from "vitest";
import { CpuMask } from "../cpumask";
import { kernelError } from "../errno";
import { IRQD, IrqDescTable } from "./irqdesc";
import {
  type Err,
  IrqDomain,
  type IrqDomainOps,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
} from "./irqdomain";

/** A test hierarchy ROOT ← CHILD whose ops record what they are asked, and can be told to fail. */
function hierarchy(opts: { rootCapacity?: number; childFailsActivate?: boolean; childFailsAlloc?: boolean } = {}) {
  const calls: string[] = [];
  let rootUsed = 0;
  const rootOps: IrqDomainOps = {
    alloc(d, virq, n): Err {
      if (rootUsed + n > (opts.rootCapacity ?? 100)) return kernelError("ENOSPC", "root is full");
      rootUsed += n;
      calls.push(`${d.name}.alloc ${virq}+${n}`);
      return undefined;
    },
    free(d, virq, n) {
      rootUsed -= n;
      calls.push(`${d.name}.free ${virq}+${n}`);
    },
    activate(d, data, reserve) {
      calls.push(`${d.name}.activate ${data.irq} reserve=${reserve}`);
      return undefined;
    },
    deactivate(d, data) {
      calls.push(`${d.name}.deactivate ${data.irq}`);
    },
  };
  const root = new IrqDomain("ROOT", rootOps, undefined);
  const child = new IrqDomain(
    "CHILD",
    {
      alloc(d, virq, n, info) {
        const err = irqDomainAllocIrqsParent(d, virq, n, info);
        if (err) return err;
        if (opts.childFailsAlloc) {
          irqDomainFreeIrqsParent(d, virq, n);
          return kernelError("EINVAL", "child refuses");
        }
        calls.push(`${d.name}.alloc ${virq}+${n}`);
        return undefined;
      },
      free(d, virq, n) {
        calls.push(`${d.name}.free ${virq}+${n}`);
        irqDomainFreeIrqsParent(d, virq, n);
      },
      activate(d, data) {
        calls.push(`${d.name}.activate ${data.irq}`);
        return opts.childFailsActivate ? kernelError("EIO", "child cannot activate") : undefined;
      },
      deactivate(d, data) {
        calls.push(`${d.name}.deactivate ${data.irq}`);
      },
    },
    root,
  );
  const descs = new IrqDescTable(1024, 4, 16);
  return { calls, root, child, descs };
}

describe("irq numbers (irqdesc)", () => {
  it("legacy 0–15 exist from boot; dynamic irqs take the first free number", () => {
    const { child, descs } = hierarchy();
    expect([...descs.irqs()]).toEqual([...Array(16).keys()]);
    expect(irqDomainAllocIrqs(descs, child, 1)).toBe(16);
    expect(irqDomainAllocIrqs(descs, child, 3)).toBe(17);
  });

  it("start above the IO-APIC GSIs once gsi_top is known (24 on a q35 machine)", () => {
    const { child, descs } = hierarchy();
    descs.dynirqLowerBound = 24;
    expect(irqDomainAllocIrqs(descs, child, 2)).toBe(24);
  });

  it("a freed number is reused first, and multi-irq blocks need a contiguous run", () => {
    const { child, descs } = hierarchy();
    irqDomainAllocIrqs(descs, child, 4); // 16-19
    irqDomainFreeIrqs(descs, 17, 1);
    expect(irqDomainAllocIrqs(descs, child, 2)).toBe(20);
    expect(irqDomainAllocIrqs(descs, child, 1)).toBe(17);
  });

  it("asking for a taken number is -EEXIST", () => {
    const { descs } = hierarchy();
    expect(descs.allocDescs(3, 0, 1)).toMatchObject({ ok: false, errno: "EEXIST" });
  });
});

describe("hierarchical allocation", () => {
  it("recurses to the parent first and links one irq_data per level", () => {
    const { calls, root, child, descs } = hierarchy();
    const virq = irqDomainAllocIrqs(descs, child, 2);
    expect(calls).toEqual(["ROOT.alloc 16+2", "CHILD.alloc 16+2"]);
    const outer = descs.desc(16)?.data;
    expect(outer?.domain).toBe(child);
    expect(outer?.parent?.domain).toBe(root);
    expect(outer?.parent?.parent).toBeUndefined();
    expect(irqDomainGetIrqData(descs, root, 17)?.irq).toBe(17);
    expect([child.mapped, root.mapped]).toEqual([2, 2]);
    expect(virq).toBe(16);
  });

  it("a parent failure leaves nothing behind: no descriptor, no mapping", () => {
    const { calls, root, child, descs } = hierarchy({ rootCapacity: 1 });
    expect(irqDomainAllocIrqs(descs, child, 2)).toMatchObject({ ok: false, errno: "ENOSPC", reason: "root is full" });
    expect(calls).toEqual([]);
    expect(descs.isAllocated(16)).toBe(false);
    expect([child.mapped, root.mapped]).toEqual([0, 0]);
  });

  it("a child failure unwinds the parent's allocation", () => {
    const { calls, descs, child } = hierarchy({ childFailsAlloc: true });
    expect(irqDomainAllocIrqs(descs, child, 1)).toMatchObject({ errno: "EINVAL" });
    expect(calls).toEqual(["ROOT.alloc 16+1", "ROOT.free 16+1"]);
    expect(descs.isAllocated(16)).toBe(false);
  });

  it("free goes leaf to root and returns the numbers", () => {
    const { calls, root, child, descs } = hierarchy();
    irqDomainAllocIrqs(descs, child, 1);
    calls.length = 0;
    irqDomainFreeIrqs(descs, 16, 1);
    expect(calls).toEqual(["CHILD.free 16+1", "ROOT.free 16+1"]);
    expect([child.mapped, root.mapped]).toEqual([0, 0]);
    expect(descs.isAllocated(16)).toBe(false);
  });
});

describe("activation", () => {
  it("activates root to leaf once, deactivates leaf to root", () => {
    const { calls, child, descs } = hierarchy();
    irqDomainAllocIrqs(descs, child, 1);
    const data = descs.desc(16)?.data;
    if (!data) throw new Error("no irq_data");
    calls.length = 0;
    expect(irqDomainActivateIrq(data, true)).toBeUndefined();
    expect(irqDomainActivateIrq(data, true)).toBeUndefined();
    expect(data.desc.has(IRQD.ACTIVATED)).toBe(true);
    irqDomainDeactivateIrq(data);
    irqDomainDeactivateIrq(data);
    expect(calls).toEqual([
      "ROOT.activate 16 reserve=true",
      "CHILD.activate 16",
      "CHILD.deactivate 16",
      "ROOT.deactivate 16",
    ]);
    expect(data.desc.has(IRQD.ACTIVATED)).toBe(false);
  });

  it("a failing level rolls back the parents it activated and stays inactive", () => {
    const { calls, child, descs } = hierarchy({ childFailsActivate: true });
    irqDomainAllocIrqs(descs, child, 1);
    const data = descs.desc(16)?.data;
    if (!data) throw new Error("no irq_data");
    calls.length = 0;
    expect(irqDomainActivateIrq(data, false)).toMatchObject({ errno: "EIO" });
    expect(calls).toEqual(["ROOT.activate 16 reserve=false", "CHILD.activate 16", "ROOT.deactivate 16"]);
    expect(data.desc.has(IRQD.ACTIVATED)).toBe(false);
  });
});

describe("affinity at allocation", () => {
  it("each descriptor takes its affinity descriptor's mask and managed flag", () => {
    const { child, descs } = hierarchy();
    irqDomainAllocIrqs(descs, child, 2, {}, [
      { mask: CpuMask.of(4, [1]), isManaged: true },
      { mask: CpuMask.of(4, [2, 3]), isManaged: false },
    ]);
    expect(descs.desc(16)?.affinity?.toList()).toBe("1");
    expect(descs.desc(16)?.has(IRQD.AFFINITY_MANAGED)).toBe(true);
    expect(descs.desc(17)?.affinity?.toList()).toBe("2-3");
    expect(descs.desc(17)?.has(IRQD.AFFINITY_MANAGED)).toBe(false);
  });
});

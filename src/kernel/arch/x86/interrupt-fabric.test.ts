import { describe, expect, it } from "vitest";
import { Simulator } from "../../../sim/simulator";
import { decodeIrte } from "../../drivers/iommu/intel/irte";
import { irRemapMessage } from "../../drivers/iommu/intel/remap-msi";
import { irqSetVcpuAffinity } from "../../irq/manage";
import { fillMsiMsg } from "./msi-format";

/** A machine with one MSI-X function whose vector 0 is requested: irq `irq`. */
function booted(ir: "on" | "off") {
  const r = Simulator.boot({
    format: "irqscope-scenario",
    version: 1,
    machine: { cpus: 4, ir, devices: [{ model: "pci-msix", name: "nic", bdf: "03:00.0" }] },
    steps: [
      { op: "alloc", device: "nic", type: "msix", min: 2 },
      { op: "request_irq", device: "nic", index: 0 },
    ],
  });
  if (!r.ok) throw new Error(r.error);
  const irq = r.sim.records[0]?.result.ok ? r.sim.records[0].result.irqs?.[0] : undefined;
  if (irq === undefined) throw new Error("no irq allocated");
  return { p: r.sim.platform, irq };
}

describe("the interrupt fabric", () => {
  it("the platform chose the bare-metal sink, and a raise goes through it", () => {
    for (const ir of ["on", "off"] as const) {
      const { p, irq } = booted(ir);
      expect(p.sink.kind).toBe("bare-metal");
      const apicd = p.machine.vector.apicd.get(irq);
      const src = p.pci.get("nic");
      const msg = src?.msixCap?.storedMessage(0);
      if (!msg || !apicd) throw new Error("no message stored");
      expect(p.sink.deliver(msg, src?.devid)).toMatchObject({
        kind: "handled",
        cpu: apicd.hwCpu,
        vector: apicd.hwVector,
      });
    }
  });

  it("the IR translation is a function of a unit's table: a guest vIOMMU's empty table faults", () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), debug: () => {} };
    const viommu = { table: new Uint32Array(4 * 16), entries: 16, config: { x2apic: false } };
    const t = irRemapMessage(viommu, fillMsiMsg(3, 0), 0x0300, log);
    expect(t).toMatchObject({ kind: "fault", code: 0x22, index: 3 });
    expect(warnings).toEqual([
      "DMAR: [INTR-REMAP] Request device [03:00.0] fault index 0x3 [fault reason 0x22] IRTE 0x3 is not present",
    ]);
  });
});

describe("irq_set_vcpu_affinity", () => {
  it("under IR the INTEL-IR chip has the op: posting to a vCPU writes a posted IRTE, NULL writes the remapped one back", () => {
    const { p, irq } = booted("on");
    const core = p.machine.core;
    const iommu = p.iommu;
    const ird = iommu?.irqs.get(irq);
    if (!iommu || !ird) throw new Error("no IRTE");
    const idx = ird.index + ird.subHandle;
    const remapped = decodeIrte(iommu.table, idx);
    expect(irqSetVcpuAffinity(core, irq, undefined)).toBeUndefined();
    expect(irqSetVcpuAffinity(core, irq, { piDescAddr: 0x1_0000_0040, vector: 0x40 })).toBeUndefined();
    const posted = decodeIrte(iommu.table, idx);
    expect(posted).toMatchObject({ pst: 1, vector: 0x40, pdaH: 1, pdaL: 1, sid: remapped.sid });
    const t = irRemapMessage(iommu, ird.msg, remapped.sid, core.log);
    expect(t).toMatchObject({ kind: "posted", vector: 0x40, descriptorAddress: 0x1_0000_0040 });
    expect(irqSetVcpuAffinity(core, irq, undefined)).toBeUndefined();
    expect(decodeIrte(iommu.table, idx)).toEqual(remapped);
  });

  it("without IR no chip of the hierarchy has it: -ENOSYS; an irq that does not exist: -EINVAL", () => {
    const { p, irq } = booted("off");
    const core = p.machine.core;
    expect(irqSetVcpuAffinity(core, irq, { piDescAddr: 0x1000, vector: 0x40 })).toMatchObject({ errno: "ENOSYS" });
    expect(irqSetVcpuAffinity(core, 9999, undefined)).toMatchObject({ errno: "EINVAL" });
  });
});

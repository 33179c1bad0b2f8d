import { describe, expect, it } from "vitest";
import type { BitField } from "../kernel/arch/x86/bitfield";
import { decodeMsiMsg } from "../kernel/arch/x86/msi-format";
import { irqDebugShow } from "../kernel/irq/debugfs";
import { requestIrq } from "../kernel/irq/manage";
import { writeIrqAffinity } from "../kernel/irq/proc";
import { bootPlatform, type DeviceConfig, type Platform } from "../kernel/platform";
import { type IrqDetail, irqDetail } from "./irq-detail";
import { applyPlatformStep, type PlatformStep, raiseIrqFromDevice } from "./platform-ops";

const NIC: DeviceConfig = { model: "pci-msix", name: "nic", bdf: "0000:03:00.0", table_size: 8 };
const MSI4: DeviceConfig = {
  model: "pci-msi",
  name: "msi",
  bdf: "0000:04:00.0",
  vectors: 4,
  maskable: false,
  addr64: true,
};
const SERIAL: DeviceConfig = { model: "serial", name: "ttyS0", gsi: 4 };

function boot(devices: readonly DeviceConfig[], ir: boolean): Platform {
  return bootPlatform({ cpus: 4, kernel: "6.12", legacyPic: true, ir, x2apic: true, scheme: "new", devices });
}

function alloc(p: Platform, s: PlatformStep): readonly number[] {
  const r = applyPlatformStep(p, s, () => {});
  if (!r.ok) throw new Error(`${r.errno}: ${r.reason}`);
  return r.irqs ?? [];
}

function detail(p: Platform, irq: number): IrqDetail {
  const d = irqDetail(p, irq);
  if (!d) throw new Error(`no detail for irq ${irq}`);
  return d;
}

function fieldValue(fields: readonly BitField[], name: string): number {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f.value;
}

function request(p: Platform, irq: number, name: string): void {
  expect(requestIrq(p.machine.core, irq, name, false)).toBeUndefined();
}

describe("irqDetail", () => {
  it("IR on, MSI-X: remappable message whose handle is the IRTE, IRTE targets the effective CPU and vector", () => {
    const p = boot([NIC], true);
    const irqs = alloc(p, { op: "alloc", device: "nic", types: ["msix"], min: 4, max: 4, affinity: "none" });
    const irq = irqs[3] ?? -1;
    request(p, irq, "nic-3");
    // Under IR the move is done from process context: the IRTE follows at once.
    expect(writeIrqAffinity(p.machine.core, irq, "2", "list")).toBeUndefined();
    const d = detail(p, irq);
    const a = p.machine.vector.apicd.get(irq);
    const ird = p.iommu?.irqs.get(irq);
    if (!a || !ird) throw new Error("irq lost its levels");

    expect(d).toMatchObject({ irq, device: "nic", store: "msix", slot: 3 });
    expect(d.target).toMatchObject({ cpu: 2, vector: a.hwVector, started: true, managed: false, actions: ["nic-3"] });
    // a real vector, not the parking one (0xef) it had while only reserved
    expect(d.target.vector).toBeGreaterThanOrEqual(0x20);
    expect(d.target.vector).toBeLessThan(0xef);
    expect(d.target.affinity).toBe("2");
    expect(d.target.effective).toBe("2");

    const m = d.message;
    if (!m) throw new Error("no message");
    expect(m.format).toBe("remappable");
    expect(m.where).toBe("MSI-X table entry 3");
    const dec = decodeMsiMsg({ addressLo: m.addressLo, addressHi: m.addressHi, data: m.data });
    if (dec.format !== "remappable") throw new Error(dec.format);
    expect(dec.handle).toBe(d.irte?.index);
    expect(m.summary).toBe(`remappable: IRTE handle ${dec.handle}, SHV, subhandle 0 -> IRTE ${dec.handle}`);
    expect(fieldValue(m.fields, "dmar_index_0_14")).toBe(ird.index);

    const irte = d.irte;
    if (!irte) throw new Error("no IRTE");
    expect(irte).toMatchObject({ index: ird.index, subHandle: 0, present: true });
    expect(fieldValue(irte.fields, "vector")).toBe(d.target.vector);
    // x2APIC (EIM): dest_id is the APIC id, which is the CPU number in this model.
    expect(fieldValue(irte.fields, "dest_id")).toBe(d.target.cpu);
    expect(irte.words).toHaveLength(4);
    expect(irte.words[0]).toMatch(/^0x[0-9a-f]{8}$/);
    expect(irte.words[1]).toBe("0x00000002");
    expect(irte.low).toBe(`00000002${irte.words[0]?.slice(2)}`);
    expect(irte.high).toBe("0000000000040300");
    expect(irte.sidCheck).toBe("SVT verify SID 0x0300 (SQ all 16 bits): the device's requester id 0x0300 passes");

    expect(d.levels).toHaveLength(3);
    expect(d.levels.map((l) => l.chip)).toEqual(["IR-PCI-MSIX-0000:03:00.0", "INTEL-IR", "APIC"]);
    expect(d.levels[1]?.hwirq).toBe(ird.index << 16);
    expect(d.path).toEqual([
      "main/device:nic",
      "main/domain:IR-PCI-MSIX-0000:03:00.0-12",
      `main/domain:${p.iommu?.domain.name}`,
      "main/domain:VECTOR",
    ]);
    expect(d.path[2]).toMatch(/^main\/domain:INTEL-IR-0/);
    expect(d.rte).toBeUndefined();
    expect(d.debugfs).toBe(irqDebugShow(p.machine.core, irq));
    expect(d.debugfs).toContain("domain:  IR-PCI-MSIX-0000:03:00.0-12");
  });

  it("an allocated, unrequested irq under IR: the target is where the IRTE points (0xef parking), not started", () => {
    const p = boot([NIC], true);
    const irq = alloc(p, { op: "alloc", device: "nic", types: ["msix"], min: 1, max: 1, affinity: "none" })[0] ?? -1;
    const d = detail(p, irq);
    // reservation mode: no real vector yet (apicd.vector 0), the hardware parks on CPU 0's 0xef
    expect(p.machine.vector.apicd.get(irq)?.vector).toBe(0);
    expect(d.target).toMatchObject({ cpu: 0, vector: 0xef, started: false, actions: [], count: 0 });
    expect(fieldValue(d.irte?.fields ?? [], "vector")).toBe(0xef);
    expect(d.message?.masked).toBe(true);
  });

  it("IR off, MSI-X: compat message carrying the effective vector and APIC id, no IRTE", () => {
    const p = boot([NIC], false);
    const irq = alloc(p, { op: "alloc", device: "nic", types: ["msix"], min: 2, max: 2, affinity: "none" })[1] ?? -1;
    request(p, irq, "nic-1");
    const before = detail(p, irq);
    // Without IR an MSI moves at its next interrupt: the mask waits, the hardware target does not change.
    expect(writeIrqAffinity(p.machine.core, irq, "3", "list")).toBeUndefined();
    const waiting = detail(p, irq);
    expect(waiting.target).toMatchObject({ affinity: "3", pending: "3", cpu: before.target.cpu });
    expect(waiting.target.vector).toBe(before.target.vector);
    expect(waiting.target).toMatchObject({ prevCpu: 0, prevVector: -1 });
    expect(raiseIrqFromDevice(p, irq).ok).toBe(true);

    const d = detail(p, irq);
    expect(d.target).toMatchObject({ cpu: 3, pending: "", effective: "3", count: 1 });
    // The old vector stays until the new one has received an interrupt.
    expect(d.target).toMatchObject({ prevCpu: before.target.cpu, prevVector: before.target.vector });
    const m = d.message;
    if (!m) throw new Error("no message");
    expect(m.format).toBe("compat");
    const dec = decodeMsiMsg({ addressLo: m.addressLo, addressHi: m.addressHi, data: m.data });
    if (dec.format !== "compat") throw new Error(dec.format);
    expect(dec.vector).toBe(d.target.vector);
    expect(dec.destId).toBe(3);
    expect(fieldValue(m.fields, "vector")).toBe(d.target.vector);
    expect(fieldValue(m.fields, "destid_0_7")).toBe(3);
    expect(m.summary).toBe(`compat: APIC id 3, vector 0x${d.target.vector.toString(16)}, fixed, physical, edge`);
    expect(m.masked).toBe(false);
    expect(d.irte).toBeUndefined();
    expect(d.path).toEqual(["main/device:nic", "main/domain:PCI-MSIX-0000:03:00.0-12", "main/domain:VECTOR"]);
    expect(d.levels.map((l) => l.chip)).toEqual(["PCI-MSIX-0000:03:00.0", "APIC"]);
  });

  it("a serial port on the IO-APIC under IR: remappable RTE naming the irq's IRTE", () => {
    const p = boot([SERIAL], true);
    request(p, 4, "ttyS0");
    const d = detail(p, 4);
    const ird = p.iommu?.irqs.get(4);
    if (!ird) throw new Error("no IRTE for irq 4");
    expect(d).toMatchObject({ device: "ttyS0", store: "ioapic", slot: 4 });
    const rte = d.rte;
    if (!rte) throw new Error("no RTE");
    expect(rte).toEqual({ ...p.ioapic.hw.readRte(4), fields: rte.fields, summary: rte.summary });
    expect(fieldValue(rte.fields, "ir_format")).toBe(1);
    expect(fieldValue(rte.fields, "ir_index_0_14")).toBe(ird.index);
    // Under VT-d the RTE's vector field holds the pin; the IRTE holds the real vector.
    expect(fieldValue(rte.fields, "ir_shared_0 (vector)")).toBe(4);
    expect(rte.summary).toBe(`remappable: IRTE ${ird.index}, vector field = pin 4, edge, active-high, unmasked`);
    expect(d.message).toMatchObject({ format: "remappable", where: "IO-APIC pin 4 RTE", masked: false });
    expect(d.message?.summary).toBe(`remappable: IRTE handle ${ird.index}, no SHV -> IRTE ${ird.index}`);
    expect(d.irte).toMatchObject({ index: ird.index, subHandle: 0, present: true });
    expect(fieldValue(d.irte?.fields ?? [], "vector")).toBe(d.target.vector);
    expect(d.irte?.sidCheck).toBe("SVT verify SID 0xff00 (SQ all 16 bits): the device's requester id 0xff00 passes");
    expect(d.path).toEqual([
      "main/device:ttyS0",
      "main/domain:IO-APIC-0",
      `main/domain:${p.iommu?.domain.name}`,
      "main/domain:VECTOR",
    ]);
    expect(d.levels[0]).toMatchObject({ domain: "IO-APIC-0", hwirq: 4, chip: "IR-IO-APIC" });
  });

  it("a serial port without IR: compat RTE with the vector and APIC id", () => {
    const p = boot([SERIAL], false);
    request(p, 4, "ttyS0");
    const d = detail(p, 4);
    const v = d.target.vector;
    expect(d.rte?.summary).toBe(
      `compat: APIC id ${d.target.cpu}, vector 0x${v.toString(16)}, fixed, physical, edge, active-high, unmasked`,
    );
    expect(d.rte?.lo).toBe(v);
    expect(d.irte).toBeUndefined();
  });

  it("multi-MSI of 4 under IR: the second irq uses subhandle 1 of the block, and its message carries it", () => {
    const p = boot([MSI4], true);
    const irqs = alloc(p, { op: "alloc", device: "msi", types: ["msi"], min: 4, max: 4, affinity: "none" });
    for (const irq of irqs) request(p, irq, `msi${irq}`);
    const first = detail(p, irqs[0] ?? -1);
    const d = detail(p, irqs[1] ?? -1);
    expect(d).toMatchObject({ store: "msi", slot: 1 });
    expect(d.irte).toMatchObject({ subHandle: 1, index: (first.irte?.index ?? -99) + 1, present: true });
    expect(fieldValue(d.irte?.fields ?? [], "vector")).toBe(d.target.vector);
    const m = d.message;
    if (!m) throw new Error("no message");
    expect(m.where).toBe("MSI capability vector 1 (multi-message)");
    expect(m.data).toBe(1);
    expect(fieldValue(m.fields, "dmar_subhandle")).toBe(1);
    const block = first.irte?.index ?? -1;
    expect(m.summary).toBe(`remappable: IRTE handle ${block}, SHV, subhandle 1 -> IRTE ${block + 1}`);
    expect(d.levels[1]?.hwirq).toBe((block << 16) + 1);
  });

  it("the DMAR fault irq: the descriptor's message, compat, no store mask", () => {
    const p = boot([], true);
    const irq = p.dmarMsi?.irqs().next().value;
    if (irq === undefined) throw new Error("no DMAR irq");
    const d = detail(p, irq);
    expect(d).toMatchObject({ device: "dmar0", store: "dmar", slot: 0 });
    expect(d.message).toMatchObject({ format: "compat", masked: false });
    expect(d.message?.where).toMatch(/^DMAR fault event/);
    expect(d.irte).toBeUndefined();
    expect(d.target.actions).toEqual(["dmar0"]);
  });

  it("an unknown or unallocated irq has no detail", () => {
    const p = boot([NIC], true);
    expect(irqDetail(p, 4000)).toBeUndefined();
    expect(irqDetail(p, -1)).toBeUndefined();
  });

  it("survives structuredClone unchanged", () => {
    const p = boot([NIC, SERIAL, MSI4], true);
    const irqs = alloc(p, { op: "alloc", device: "nic", types: ["msix"], min: 1, max: 1, affinity: "managed" });
    const irq = irqs[0] ?? -1;
    request(p, irq, "nic-0");
    request(p, 4, "ttyS0");
    for (const n of [irq, 4]) {
      const d = detail(p, n);
      expect(structuredClone(d)).toStrictEqual(d);
      // plain data: JSON round-trips too (no Maps, typed arrays or undefined-only members)
      expect(JSON.parse(JSON.stringify(d))).toStrictEqual(d);
    }
    expect(detail(p, irq).target.managed).toBe(true);
  });
});

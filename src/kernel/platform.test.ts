/**
 * The worked examples of the remapping/MSI/IMS spec (§12) on a booted platform, bit-exact: what the
 * IR unit, the vector matrix and the device stores hold after each driver, user or hotplug action.
 */
import { describe, expect, it } from "vitest";
import { PCI_MSI_FLAGS, PCI_MSI_FLAGS_QSIZE } from "../hw/msi-capability";
import { checkPlatformInvariants } from "../sim/platform-invariants";
import { applyPlatformStep, type PlatformStep, raiseIrqFromDevice } from "../sim/platform-ops";
import type { ApicChipData } from "./arch/x86/apic-chip-data";
import { deliverMessage } from "./arch/x86/msi-delivery";
import { fillMsiMsg } from "./arch/x86/msi-format";
import { cpuDown, cpuUp } from "./arch/x86/smpboot";
import type { KernelRelease } from "./arch/x86/vector";
import { VECTOR_RETRIGGERED } from "./arch/x86/vector-domain";
import type { IntelIommu } from "./drivers/iommu/intel/irq-remapping";
import { decodeIrte, irteDest, irtePresent } from "./drivers/iommu/intel/irte";
import { IrteBitmap } from "./drivers/iommu/intel/irte-alloc";
import type { PciDev } from "./drivers/pci/pci-dev";
import { irqDebugShow } from "./irq/debugfs";
import { IRQD } from "./irq/irqdesc";
import { irqDomainGetIrqData } from "./irq/irqdomain";
import { freeIrq, requestIrq } from "./irq/manage";
import type { MsiMsg } from "./irq/msi-msg";
import { writeIrqAffinity } from "./irq/proc";
import { bootPlatform, type DeviceConfig, type Platform } from "./platform";

const MSIX = (name: string, bdf: string, tableSize: number): DeviceConfig => ({
  model: "pci-msix",
  name,
  bdf,
  table_size: tableSize,
});
const MSI = (maskable: boolean): DeviceConfig => ({
  model: "pci-msi",
  name: "msi",
  bdf: "0000:04:00.0",
  vectors: 4,
  maskable,
  addr64: true,
});
const IMS: DeviceConfig = {
  model: "ims-dev",
  name: "ims",
  bdf: "0000:05:00.0",
  table_size: 4,
  ims_size: 8,
  ims_kind: "device",
};

interface Booted {
  readonly p: Platform;
  readonly log: string[];
}

function boot(
  devices: readonly DeviceConfig[],
  opts: { ir?: boolean; kernel?: KernelRelease; scheme?: "old" | "new"; cpus?: number; irteEntries?: number } = {},
): Booted {
  const log: string[] = [];
  const p = bootPlatform(
    {
      cpus: opts.cpus ?? 4,
      kernel: opts.kernel ?? "6.12",
      legacyPic: true,
      ir: opts.ir ?? true,
      x2apic: true,
      scheme: opts.scheme ?? "new",
      devices,
      irteEntries: opts.irteEntries,
    },
    { log: { warn: (m) => log.push(m), debug: (m) => log.push(m) } },
  );
  return { p, log };
}

function step(p: Platform, s: PlatformStep) {
  return applyPlatformStep(p, s, () => {});
}

function pci(p: Platform, name: string): PciDev {
  const dev = p.pci.get(name);
  if (!dev) throw new Error(`no device ${name}`);
  return dev;
}

function iommuOf(p: Platform): IntelIommu {
  if (!p.iommu) throw new Error("no IR unit");
  return p.iommu;
}

/** The irqs an allocation returned. */
function irqsOf(r: ReturnType<typeof step>): readonly number[] {
  if (!r.ok) throw new Error(`${r.errno}: ${r.reason}`);
  return r.irqs ?? [];
}

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

const msg = (addressLo: number, data: number): MsiMsg => ({ addressLo, addressHi: 0, data });

/** `irq`'s apic_chip_data read afresh at every access (the table's get() is a copy), or undefined. */
function apicdOf(p: Platform, irq: number): ApicChipData | undefined {
  const table = p.machine.vector.apicd;
  if (!table.has(irq)) return undefined;
  return new Proxy({} as ApicChipData, { get: (_t, field) => table.get(irq)?.[field as keyof ApicChipData] });
}

function expectInvariants(p: Platform): void {
  expect(checkPlatformInvariants(p)).toEqual([]);
}

describe("E8: multi-MSI of 4 vectors with IR", () => {
  it("alloc_irte() takes the first naturally aligned block: entries 0-5 used, so 8-11", () => {
    const bitmap = new IrteBitmap();
    for (let i = 0; i < 6; i++) bitmap.reserve(i);
    expect(bitmap.findFreeRegion(2)).toBe(8);
  });

  it("one aligned 4-entry block, hwirqs (index << 16) + i, one message write, MME 2, data 0-3 hit 4 IRTEs", () => {
    const { p } = boot([MSI(false)]);
    const iommu = iommuOf(p);
    // The IO-APIC pins hold IRTEs 0-14 from boot: 12-15 is not free, the block is 16-19.
    expect(iommu.bitmap.used).toBe(15);
    const irqs = irqsOf(step(p, { op: "alloc", device: "msi", types: ["msi"], min: 4, max: 4, affinity: "none" }));
    expect(irqs).toHaveLength(4);
    irqs.forEach((irq, i) => {
      expect(iommu.irqs.get(irq)).toMatchObject({ index: 16, subHandle: i, mask: 2 });
      expect(irqDomainGetIrqData(p.machine.descs, iommu.domain, irq)?.hwirq).toBe(0x100000 + i);
    });
    expect([16, 17, 18, 19].map((i) => iommu.bitmap.isUsed(i))).toEqual([true, true, true, true]);
    expect(iommu.bitmap.used).toBe(19);
    const cap = pci(p, "msi").msiCap;
    if (!cap) throw new Error("no MSI capability");
    // Only the first irq of the block writes: one address, 0xfee00000 | 16 << 5 | SHV | format.
    const addresses = cap.recentWrites().filter((w) => w.register === "address_lo");
    expect(addresses).toEqual([{ slot: 0, register: "address_lo", value: 0xfee00218 }]);
    expect(cap.storedMessage(0)).toEqual(msg(0xfee00218, 0));
    expect(cap.multipleEnable).toBe(2);
    expect(cap.readConfig(PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_QSIZE).toBe(0x20);
    for (const irq of irqs) expect(requestIrq(p.machine.core, irq, `msi${irq}`, false)).toBeUndefined();
    irqs.forEach((irq, i) => {
      expect(cap.storedMessage(i)).toEqual(msg(0xfee00218, i));
      const r = raiseIrqFromDevice(p, irq);
      expect(r).toMatchObject({ ok: true, delivery: { kind: "handled", irte: 16 + i } });
      expect(r.ok && r.silent).toBeFalsy();
    });
    // Each IRTE has its own target: moving the second vector rewrites IRTE 17 only.
    const before = [16, 18, 19].map((i) => decodeIrte(iommu.table, i));
    expect(writeIrqAffinity(p.machine.core, at(irqs, 1), "3", "list")).toBeUndefined();
    expect(decodeIrte(iommu.table, 17)).toMatchObject({ present: 1, destId: 3 });
    expect([16, 18, 19].map((i) => decodeIrte(iommu.table, i))).toEqual(before);
    expectInvariants(p);
  });
});

describe("the remapping hwirq of the upper half of the table", () => {
  it("IRTE 32,768 on is hwirq 0x80000000 + i, as the kernel's unsigned long prints it, and the message says so", () => {
    const { p } = boot([MSI(false)]);
    const iommu = iommuOf(p);
    // Entries taken before (kdump's iommu_load_old_irte() reserves the same way): the block lands at 32,768.
    for (let i = 0; i < 32768; i++) iommu.bitmap.reserve(i);
    const irqs = irqsOf(step(p, { op: "alloc", device: "msi", types: ["msi"], min: 4, max: 4, affinity: "none" }));
    irqs.forEach((irq, i) => {
      expect(iommu.irqs.get(irq)).toMatchObject({ index: 32768, subHandle: i });
      expect(irqDomainGetIrqData(p.machine.descs, iommu.domain, irq)?.hwirq).toBe(0x80000000 + i);
    });
    const shown = irqDebugShow(p.machine.core, at(irqs, 1)) ?? "";
    expect(shown).toContain("hwirq:   0x80000001");
    expect(shown).not.toContain("0x-");
    // Index bit 15 travels in address bit 2 (the remappable format's index[15]).
    expect(pci(p, "msi").msiCap?.storedMessage(0)).toEqual(msg(0xfee0001c, 0));
  });
});

describe("E9: multi-MSI of 3 vectors with IR", () => {
  it("reserves a 4-entry block whose 4th IRTE stays non-present; data 3 faults 0x22; free clears all 4", () => {
    const { p, log } = boot([MSI(false)]);
    const iommu = iommuOf(p);
    const irqs = irqsOf(step(p, { op: "alloc", device: "msi", types: ["msi"], min: 3, max: 3, affinity: "none" }));
    expect(irqs).toHaveLength(3);
    expect(iommu.irqs.get(at(irqs, 0))).toMatchObject({ index: 16, mask: 2 });
    expect(iommu.bitmap.used).toBe(15 + 4);
    expect([16, 17, 18, 19].map((i) => irtePresent(iommu.table, i))).toEqual([true, true, true, false]);
    const dev = pci(p, "msi");
    const cap = dev.msiCap;
    if (!cap) throw new Error("no MSI capability");
    expect(cap.multipleEnable).toBe(2);
    // The function may use 2^MME = 4 vectors: its vector 3 sends data 3, which selects IRTE 16 + 3.
    const e = cap.emit(3);
    expect(e).toEqual({ sent: true, msg: msg(0xfee00218, 3) });
    if (!e.sent) return;
    expect(deliverMessage(p, e.msg, dev.devid)).toMatchObject({ kind: "fault", code: 0x22, index: 19 });
    expect(log.at(-1)).toBe(
      "DMAR: [INTR-REMAP] Request device [04:00.0] fault index 0x13 [fault reason 0x22] IRTE 0x13 is not present",
    );
    expectInvariants(p);
    expect(step(p, { op: "free_vectors", device: "msi" })).toMatchObject({ ok: true });
    expect([16, 17, 18, 19].map((i) => iommu.bitmap.isUsed(i) || irtePresent(iommu.table, i))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(iommu.bitmap.used).toBe(15);
    expectInvariants(p);
  });
});

describe("E10: multi-MSI without IR (VECTOR parent)", () => {
  it("min 1 max 4 gives 1 vector (MME 0); min 4 max 4 is -ENOSPC, with INTx allowed too", () => {
    const { p } = boot([MSI(false)], { ir: false });
    const r = step(p, { op: "alloc", device: "msi", types: ["msi"], min: 1, max: 4, affinity: "none" });
    expect(r).toMatchObject({ ok: true, summary: expect.stringMatching(/^1 MSI vector: irq/) });
    expect(irqsOf(r)).toHaveLength(1);
    expect(pci(p, "msi").msiCap?.multipleEnable).toBe(0);
    expectInvariants(p);
    expect(step(p, { op: "free_vectors", device: "msi" })).toMatchObject({ ok: true });
    expect(step(p, { op: "alloc", device: "msi", types: ["msi"], min: 4, max: 4, affinity: "none" })).toMatchObject({
      ok: false,
      errno: "ENOSPC",
      reason: expect.stringMatching(/multi-MSI needs interrupt remapping/),
    });
    expect(
      step(p, { op: "alloc", device: "msi", types: ["msi", "intx"], min: 4, max: 4, affinity: "none" }),
    ).toMatchObject({ ok: false, errno: "ENOSPC" });
    expect(pci(p, "msi").msiEnabled).toBe(false);
    expectInvariants(p);
  });
});

describe("E16: reservation mode arithmetic", () => {
  it("100 MSI-X vectors with IR: 100 IRTEs on 0xef, 100 reservations, 0 vectors; 4 requests take 4", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 128)]);
    const iommu = iommuOf(p);
    const m = p.machine.matrix;
    const reserved0 = m.globalReserved;
    const allocated0 = m.totalAllocated;
    const irqs = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 100, max: 100, affinity: "none" }));
    expect(irqs).toHaveLength(100);
    expect(m.globalReserved - reserved0).toBe(100);
    expect(m.totalAllocated - allocated0).toBe(0);
    const table = pci(p, "nic").msixCap;
    if (!table) throw new Error("no MSI-X table");
    irqs.forEach((irq, i) => {
      const ird = iommu.irqs.get(irq);
      expect(ird).toMatchObject({ index: 15 + i, subHandle: 0 });
      // vector 0xef on the first online CPU (CPU 0)
      expect(decodeIrte(iommu.table, 15 + i)).toMatchObject({ present: 1, vector: 0xef, destId: irteDest(0, true) });
      // the final remappable message, from allocation on
      expect(table.storedMessage(i)).toEqual(fillMsiMsg(15 + i, 0));
      expect(table.isEntryMasked(i)).toBe(true);
    });
    expect(table.storedMessage(0)).toEqual(msg(0xfee001f8, 0));
    const irteWrites = iommu.irteWrites;
    const irtes = irqs.map((_, i) => decodeIrte(iommu.table, 15 + i));
    const messages = irqs.map((_, i) => table.storedMessage(i));
    const deviceWrites = table.writes;
    for (const irq of irqs.slice(0, 4)) expect(requestIrq(p.machine.core, irq, `nic${irq}`, false)).toBeUndefined();
    expect(m.totalAllocated - allocated0).toBe(4);
    expect(m.globalReserved - reserved0).toBe(96);
    // 4 IRTEs rewritten; modify_irte() runs twice per request_irq(): at activation and again from
    // irq_setup_affinity() (intel_ir_set_affinity() writes even when the target stays).
    const changed = irqs.filter((_, i) => JSON.stringify(decodeIrte(iommu.table, 15 + i)) !== JSON.stringify(irtes[i]));
    expect(changed).toEqual(irqs.slice(0, 4));
    expect(iommu.irteWrites - irteWrites).toBe(8);
    // 4 identical re-writes of the device messages
    const rewrites = table
      .recentWrites()
      .slice(-(table.writes - deviceWrites))
      .filter((w) => w.register === "address_lo");
    expect(rewrites).toEqual(
      [0, 1, 2, 3].map((i) => ({ slot: i, register: "address_lo", value: fillMsiMsg(15 + i, 0).addressLo })),
    );
    expect(irqs.map((_, i) => table.storedMessage(i))).toEqual(messages);
    for (const irq of irqs.slice(0, 4)) {
      const a = apicdOf(p, irq);
      const ird = iommu.irqs.get(irq);
      if (!a || !ird) throw new Error(`irq ${irq} lost its levels`);
      expect(a.vector).not.toBe(0);
      expect(decodeIrte(iommu.table, ird.index)).toMatchObject({ vector: a.vector, destId: a.cpu });
    }
    expectInvariants(p);
  });

  it("without IR the unrequested entries hold 0xfee00000 / 0xef (CPU 0's APIC) until requested", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 128)], { ir: false });
    const irqs = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 100, max: 100, affinity: "none" }));
    const table = pci(p, "nic").msixCap;
    if (!table) throw new Error("no MSI-X table");
    for (let i = 0; i < 100; i++) expect(table.storedMessage(i)).toEqual(msg(0xfee00000, 0xef));
    expect(requestIrq(p.machine.core, at(irqs, 0), "nic0", false)).toBeUndefined();
    const a = apicdOf(p, at(irqs, 0));
    if (!a) throw new Error("no vector data");
    expect(table.storedMessage(0)).toEqual(msg((0xfee00000 | (a.cpu << 12)) >>> 0, a.vector));
    expect(table.storedMessage(1)).toEqual(msg(0xfee00000, 0xef));
    expectInvariants(p);
  });
});

describe("E21: dynamic MSI-X", () => {
  it("any → index 4; index 2 → EBUSY; 64 → ERANGE; before enable → ENOTSUPP; freeing 4 keeps MSI-X on", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 64)]);
    expect(step(p, { op: "alloc_at", device: "nic", index: "any" })).toMatchObject({ ok: false, errno: "ENOTSUPP" });
    expect(
      irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 4, max: 4, affinity: "none" })),
    ).toHaveLength(4);
    const r = step(p, { op: "alloc_at", device: "nic", index: "any" });
    expect(r).toMatchObject({ ok: true, summary: expect.stringMatching(/^MSI-X index 4: irq \d+$/) });
    const virq = at(irqsOf(r), 0);
    expect(step(p, { op: "alloc_at", device: "nic", index: 2 })).toMatchObject({ ok: false, errno: "EBUSY" });
    expect(step(p, { op: "alloc_at", device: "nic", index: 64 })).toMatchObject({ ok: false, errno: "ERANGE" });
    const dev = pci(p, "nic");
    expect(dev.msi.slots[0].hwsize).toBe(64);
    expectInvariants(p);
    expect(step(p, { op: "free_at", device: "nic", index: 4 })).toMatchObject({ ok: true });
    expect(p.machine.descs.desc(virq)).toBeUndefined();
    expect(dev.msixEnabled).toBe(true);
    expect(dev.msixCap?.enabled).toBe(true);
    expect([...dev.msi.slots[0].store.values()].map((d) => d.msiIndex)).toEqual([0, 1, 2, 3]);
    expectInvariants(p);
  });

  it("the device domain's revmap and each irq's msi_desc: by hwirq, this domain's irqs only, gone when freed", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 64), MSIX("hba", "0000:06:00.0", 8)]);
    const irqs = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 2, max: 2, affinity: "none" }));
    const other = at(
      irqsOf(step(p, { op: "alloc", device: "hba", types: ["msix"], min: 1, max: 1, affinity: "none" })),
      0,
    );
    // Index 40 is allocated after the hba's irq: its irq number is the highest, its hwirq in between.
    const at40 = at(irqsOf(step(p, { op: "alloc_at", device: "nic", index: 40 })), 0);
    const dev = pci(p, "nic");
    const domain = dev.msi.slots[0].domain;
    if (!domain) throw new Error("no device domain");
    expect([...domain.irqs()]).toEqual([...irqs, at40]);
    expect(domain.msiDesc(at40)?.msiIndex).toBe(40);
    expect(p.machine.descs.desc(at40)?.msiDesc).toBe(domain.msiDesc(at40));
    expect(domain.msiDesc(other)).toBeUndefined();
    expect([domain.hasMapping(40), domain.hasMapping(39)]).toEqual([true, false]);
    expect(step(p, { op: "free_at", device: "nic", index: 40 })).toMatchObject({ ok: true });
    expect([domain.hasMapping(40), [...domain.irqs()], domain.msiDesc(at40)]).toEqual([false, irqs, undefined]);
    expectInvariants(p);
  });
});

describe("E24: CPU hot-unplug", () => {
  it("a managed MSI-X vector on {CPU 2}: shut down (IRTE gone, vector freed, stray write faults 0x22), then back", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 8)]);
    const iommu = iommuOf(p);
    const irqs = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 4, max: 4, affinity: "managed" }));
    const irq = at(irqs, 2);
    const desc = p.machine.descs.desc(irq);
    const ird = iommu.irqs.get(irq);
    const a = apicdOf(p, irq);
    const dev = pci(p, "nic");
    const table = dev.msixCap;
    if (!desc || !ird || !a || !table) throw new Error("missing state");
    expect(desc.affinity.toList()).toBe("2");
    expect(desc.has(IRQD.AFFINITY_MANAGED)).toBe(true);
    expect(requestIrq(p.machine.core, irq, "nic-q2", false)).toBeUndefined();
    expect(a.cpu).toBe(2);
    const vector = a.vector;
    const deviceMsg = table.storedMessage(2);
    expect(deviceMsg).toEqual(ird.msg);
    expect(decodeIrte(iommu.table, ird.index)).toMatchObject({ present: 1, vector, destId: 2 });

    expect(cpuDown(p.machine, 2)).toBeUndefined();
    expect(desc.has(IRQD.MANAGED_SHUTDOWN)).toBe(true);
    expect(desc.has(IRQD.STARTED) || desc.has(IRQD.ACTIVATED)).toBe(false);
    expect(irtePresent(iommu.table, ird.index)).toBe(false);
    expect(a.vector).toBe(0);
    expect(p.machine.vector.vectorIrq[2]?.[vector]).not.toBe(irq);
    expect(table.isEntryMasked(2)).toBe(true);
    // A stray write of the message the device was given: the entry it names is not present.
    expect(deliverMessage(p, deviceMsg, dev.devid)).toMatchObject({ kind: "fault", code: 0x22, index: ird.index });
    expectInvariants(p);

    cpuUp(p.machine, 2);
    expect(desc.has(IRQD.STARTED) && desc.has(IRQD.ACTIVATED)).toBe(true);
    expect(a.cpu).toBe(2);
    expect(a.vector).not.toBe(0);
    expect(decodeIrte(iommu.table, ird.index)).toMatchObject({ present: 1, vector: a.vector, destId: 2 });
    expect(table.storedMessage(2)).toEqual(deviceMsg);
    expect(table.isEntryMasked(2)).toBe(false);
    expect(raiseIrqFromDevice(p, irq)).toMatchObject({
      ok: true,
      delivery: { kind: "handled", cpu: 2, irte: ird.index },
    });
    expectInvariants(p);
  });

  it("a non-managed vector on {CPU 2} with IR: the affinity is broken, 1 IRTE write, no device write", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 8)]);
    const iommu = iommuOf(p);
    const irq = at(
      irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 1, max: 1, affinity: "none" })),
      0,
    );
    expect(requestIrq(p.machine.core, irq, "nic0", false)).toBeUndefined();
    expect(writeIrqAffinity(p.machine.core, irq, "2", "list")).toBeUndefined();
    const table = pci(p, "nic").msixCap;
    const a = apicdOf(p, irq);
    if (!table || !a) throw new Error("missing state");
    expect(a.cpu).toBe(2);
    const writes = table.writes;
    const irteWrites = iommu.irteWrites;
    expect(cpuDown(p.machine, 2)).toBeUndefined();
    expect(a.cpu).not.toBe(2);
    expect(p.machine.descs.desc(irq)?.affinity.toList()).toBe("0-1,3");
    expect(iommu.irteWrites - irteWrites).toBe(1);
    expect(table.writes).toBe(writes);
    expectInvariants(p);
  });
});

describe("the IRTE table runs full", () => {
  it("pci_alloc_irq_vectors() fails with -ENOSPC, says why, and the kernel logs Failed to allocate IRTE", () => {
    const { p, log } = boot([MSIX("a", "0000:03:00.0", 64), MSIX("b", "0000:06:00.0", 64)], { irteEntries: 64 });
    const iommu = iommuOf(p);
    // 15 IO-APIC pins at boot leave 49 entries: asked for 64, the MSI-X retry settles on 49.
    const first = step(p, { op: "alloc", device: "a", types: ["msix"], min: 1, max: 64, affinity: "none" });
    expect(irqsOf(first)).toHaveLength(49);
    expect(iommu.bitmap.used).toBe(64);
    const r = step(p, { op: "alloc", device: "b", types: ["msix"], min: 1, max: 1, affinity: "none" });
    expect(r).toMatchObject({
      ok: false,
      errno: "ENOSPC",
      reason: "the IRTE table of dmar0 is full (64 of 64 entries in use) (ENOMEM)",
    });
    expect(log).toContain("DMAR-IR: IR0: can't allocate an IRTE");
    expect(log).toContain("DMAR-IR: Failed to allocate IRTE");
    expect(pci(p, "b").msixEnabled).toBe(false);
    expect(pci(p, "b").msixCap?.enabled).toBe(false);
    expectInvariants(p);
    expect(step(p, { op: "free_vectors", device: "a" })).toMatchObject({ ok: true });
    expect(
      irqsOf(step(p, { op: "alloc", device: "b", types: ["msix"], min: 1, max: 1, affinity: "none" })),
    ).toHaveLength(1);
    expectInvariants(p);
  });
});

describe("IMS needs interrupt remapping and a kernel that has it", () => {
  const alloc = (p: Platform) => step(p, { op: "alloc_ims", device: "ims", count: 1 });

  it("refused without IR", () => {
    const { p } = boot([IMS], { ir: false });
    expect(alloc(p)).toMatchObject({
      ok: false,
      errno: "ENOTSUPP",
      reason: expect.stringMatching(/interrupt remapping/),
    });
  });

  it("refused on 6.12 as released (removed in 6.10)", () => {
    const { p } = boot([IMS], { scheme: "old" });
    expect(alloc(p)).toMatchObject({ ok: false, errno: "ENOTSUPP", reason: expect.stringMatching(/removed in 6\.10/) });
  });

  it("allowed on 6.6 as released, and by the Dec 2021 proposal on 6.12", () => {
    for (const opts of [
      { kernel: "6.6" as const, scheme: "old" as const },
      { kernel: "6.12" as const, scheme: "new" as const },
    ]) {
      const { p } = boot([IMS], opts);
      const r = alloc(p);
      expect(r).toMatchObject({ ok: true });
      const irq = at(irqsOf(r), 0);
      // No reservation mode for IMS: a real vector is taken when it is requested.
      expect(requestIrq(p.machine.core, irq, "ims0", false)).toBeUndefined();
      const ird = iommuOf(p).irqs.get(irq);
      const ims = pci(p, "ims").ims;
      if (!ird || ims?.kind !== "ims-device") throw new Error("missing state");
      expect(ims.storedMessage(0)).toEqual(fillMsiMsg(ird.index, 0));
      expect(raiseIrqFromDevice(p, irq)).toMatchObject({ ok: true, delivery: { kind: "handled", irte: ird.index } });
      expectInvariants(p);
    }
  });
});

describe("E15: affinity changes, with and without IR", () => {
  it("without IR (6.12, MSI-X): a deferred two-step move, old CPU with the new vector first, RETRIGGERED marker", () => {
    const { p, log } = boot([MSIX("nic", "0000:03:00.0", 8)], { ir: false });
    const irqs = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 4, max: 4, affinity: "none" }));
    for (const irq of irqs) expect(requestIrq(p.machine.core, irq, `nic${irq}`, false)).toBeUndefined();
    const irq = at(irqs, 0);
    const a = apicdOf(p, irq);
    const table = pci(p, "nic").msixCap;
    if (!a || !table) throw new Error("missing state");
    // The four vectors spread over CPUs 1, 2, 3, 0 with vector 0x20 each.
    expect([a.cpu, a.vector]).toEqual([1, 0x20]);
    expect(writeIrqAffinity(p.machine.core, irq, "3", "list")).toBeUndefined();
    // No move from process context without IR: it waits for the next interrupt, on CPU 1.
    expect(p.machine.descs.desc(irq)?.has(IRQD.SETAFFINITY_PENDING)).toBe(true);
    expect(table.storedMessage(0)).toEqual(msg(0xfee01000, 0x20));
    const writes = table.writes;
    expect(raiseIrqFromDevice(p, irq)).toMatchObject({ ok: true, delivery: { kind: "handled", cpu: 1, vector: 0x20 } });
    // CPU 3 already has 0x20 (irq 26): the new vector is 0x21.
    expect([a.cpu, a.vector]).toEqual([3, 0x21]);
    const addressData = table
      .recentWrites()
      .slice(-(table.writes - writes))
      .filter((w) => w.register === "address_lo" || w.register === "data")
      .map((w) => w.value);
    expect(addressData).toEqual([0xfee01000, 0x21, 0xfee03000, 0x21]);
    expect(p.machine.vector.vectorIrq[1]?.[0x21]).toBe(VECTOR_RETRIGGERED);
    expect(log).toContain(
      `msi_set_affinity: irq ${irq} two-step update: CPU 1 vector 32 -> CPU 1 vector 33 -> CPU 3 vector 33`,
    );
    expect(raiseIrqFromDevice(p, irq)).toMatchObject({ ok: true, delivery: { kind: "handled", cpu: 3, vector: 0x21 } });
    expectInvariants(p);
  });

  it("without IR (6.1, non-maskable MSI): the same two writes to the MSI capability", () => {
    const { p } = boot([MSI(false), MSIX("nic", "0000:03:00.0", 8)], { ir: false, kernel: "6.1" });
    // Occupy vector 0x20 on CPU 3 first, so that the move has to change the vector.
    const nic = irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 3, max: 3, affinity: "none" }));
    for (const irq of nic) expect(requestIrq(p.machine.core, irq, `nic${irq}`, false)).toBeUndefined();
    const irq = at(
      irqsOf(step(p, { op: "alloc", device: "msi", types: ["msi"], min: 1, max: 1, affinity: "none" })),
      0,
    );
    expect(requestIrq(p.machine.core, irq, "msi", false)).toBeUndefined();
    const a = apicdOf(p, irq);
    const cap = pci(p, "msi").msiCap;
    if (!a || !cap) throw new Error("missing state");
    const from = { cpu: a.cpu, vector: a.vector };
    const target = (from.cpu + 1) % 4;
    expect(writeIrqAffinity(p.machine.core, irq, `${target}`, "list")).toBeUndefined();
    const writes = cap.writes;
    expect(raiseIrqFromDevice(p, irq)).toMatchObject({ ok: true, delivery: { kind: "handled", cpu: from.cpu } });
    expect(a.cpu).toBe(target);
    expect(a.vector).not.toBe(from.vector);
    const addressData = cap
      .recentWrites()
      .slice(-(cap.writes - writes))
      .filter((w) => w.register === "address_lo" || w.register === "data")
      .map((w) => w.value);
    const base = 0xfee00000;
    expect(addressData).toEqual([(base | (from.cpu << 12)) >>> 0, a.vector, (base | (target << 12)) >>> 0, a.vector]);
    expectInvariants(p);
  });

  it("with IR: applied at once, 0 device writes, 1 IRTE write", () => {
    const { p } = boot([MSIX("nic", "0000:03:00.0", 8)]);
    const iommu = iommuOf(p);
    const irq = at(
      irqsOf(step(p, { op: "alloc", device: "nic", types: ["msix"], min: 1, max: 1, affinity: "none" })),
      0,
    );
    expect(requestIrq(p.machine.core, irq, "nic0", false)).toBeUndefined();
    const a = apicdOf(p, irq);
    const ird = iommu.irqs.get(irq);
    const table = pci(p, "nic").msixCap;
    if (!a || !ird || !table) throw new Error("missing state");
    const target = (a.cpu + 1) % 4;
    const writes = table.writes;
    const irteWrites = iommu.irteWrites;
    expect(writeIrqAffinity(p.machine.core, irq, `${target}`, "list")).toBeUndefined();
    expect(p.machine.descs.desc(irq)?.has(IRQD.SETAFFINITY_PENDING)).toBe(false);
    expect(a.cpu).toBe(target);
    expect(table.writes - writes).toBe(0);
    expect(iommu.irteWrites - irteWrites).toBe(1);
    expect(decodeIrte(iommu.table, ird.index)).toMatchObject({ present: 1, vector: a.vector, destId: target });
    expect(raiseIrqFromDevice(p, irq)).toMatchObject({ ok: true, delivery: { kind: "handled", cpu: target } });
    expectInvariants(p);
  });
});

describe("boot", () => {
  it("with IR the running timer's IRTE is written (check_timer() deactivates and activates irq 0)", () => {
    const { p } = boot([]);
    const iommu = iommuOf(p);
    const ird = iommu.irqs.get(0);
    if (!ird) throw new Error("irq 0 has no IRTE");
    expect(decodeIrte(iommu.table, ird.index)).toMatchObject({ present: 1, vector: 0x30, destId: 0 });
    expect(raiseIrqFromDevice(p, 0)).toMatchObject({
      ok: true,
      delivery: { kind: "handled", cpu: 0, vector: 0x30, irte: ird.index },
    });
    expectInvariants(p);
  });

  it("the DMAR fault interrupt is never remapped: it reaches its CPU with IR enabled", () => {
    const { p } = boot([]);
    const irq = p.dmarMsi?.irqs().next().value;
    if (irq === undefined) throw new Error("no DMAR irq");
    const a = apicdOf(p, irq);
    const r = raiseIrqFromDevice(p, irq);
    expect(r).toMatchObject({ ok: true, delivery: { kind: "handled", cpu: a?.cpu, vector: a?.vector } });
    expect(r.ok && r.silent).toBeFalsy();
  });

  it("a legacy pin given back is masked zeros again (mp_irqdomain_deactivate())", () => {
    const { p } = boot([{ model: "serial", name: "ttyS0", gsi: 4 }], { ir: false });
    const rte = () => p.ioapic.hw.readRte(4);
    expect(rte()).toEqual({ lo: 0x10000, hi: 0 });
    expect(requestIrq(p.machine.core, 4, "ttyS0", false)).toBeUndefined();
    const a = apicdOf(p, 4);
    expect(rte()).toEqual({ lo: a?.vector, hi: (a?.cpu ?? 0) << 24 });
    expectInvariants(p);
    expect(freeIrq(p.machine.core, 4, "ttyS0")).toBeUndefined();
    expect(rte()).toEqual({ lo: 0x10000, hi: 0 });
    expectInvariants(p);
  });
});

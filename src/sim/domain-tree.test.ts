import { describe, expect, it } from "vitest";
import type { KernelRelease } from "../kernel/arch/x86/vector";
import { requestIrq } from "../kernel/irq/manage";
import { bootPlatform, type DeviceConfig, type Platform } from "../kernel/platform";
import {
  type DomainTreeView,
  domainTree,
  TREE_NODE_HEIGHT,
  TREE_NODE_WIDTH,
  type TreeEdge,
  type TreeNode,
} from "./domain-tree";
import { applyPlatformStep, type PlatformStep } from "./platform-ops";

const nic = (tableSize: number): DeviceConfig => ({
  model: "pci-msix",
  name: "nic",
  bdf: "0000:03:00.0",
  table_size: tableSize,
});
const MSI: DeviceConfig = {
  model: "pci-msi",
  name: "msi",
  bdf: "0000:04:00.0",
  vectors: 4,
  maskable: true,
  addr64: true,
};
const ACCEL = {
  model: "ims-dev",
  name: "accel",
  bdf: "0000:05:00.0",
  table_size: 4,
  ims_size: 32,
  ims_kind: "device",
} as const satisfies DeviceConfig;
const SERIAL: DeviceConfig = { model: "serial", name: "ttyS0", gsi: 4 };
const HPET: DeviceConfig = { model: "hpet", name: "hpet", timers: 3 };

function boot(devices: readonly DeviceConfig[], opts: { ir: boolean; kernel: KernelRelease }): Platform {
  return bootPlatform({
    cpus: 4,
    kernel: opts.kernel,
    legacyPic: true,
    ir: opts.ir,
    x2apic: true,
    scheme: "new",
    devices,
  });
}

/** Applies a step that must succeed; returns the irqs it allocated. */
function step(p: Platform, s: PlatformStep): readonly number[] {
  const r = applyPlatformStep(p, s, () => {});
  if (!r.ok) throw new Error(`${s.op} ${s.device}: ${r.errno} ${r.reason}`);
  return r.irqs ?? [];
}

const msix = (device: string, n: number): PlatformStep => ({
  op: "alloc",
  device,
  types: ["msix"],
  min: n,
  max: n,
  affinity: "none",
});

function node(v: DomainTreeView, id: string): TreeNode {
  const n = v.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${v.nodes.map((x) => x.id).join(", ")}`);
  return n;
}

const childrenOf = (v: DomainTreeView, id: string): string[] =>
  v.nodes
    .filter((n) => n.parent === id)
    .sort((a, b) => a.x - b.x)
    .map((n) => n.id);

const secondaryEdges = (v: DomainTreeView): TreeEdge[] => v.edges.filter((e) => e.secondary);

/** IR on, 6.12: a MSI-X NIC with 4 vectors, an IMS device with 2 MSI-X + 3 IMS, a serial port, an HPET. */
function irPlatform(): { p: Platform; nicIrqs: readonly number[]; accelIrqs: number[]; hpetIrqs: readonly number[] } {
  const p = boot([nic(64), ACCEL, SERIAL, HPET], { ir: true, kernel: "6.12" });
  const nicIrqs = step(p, msix("nic", 4));
  const accelIrqs = [...step(p, msix("accel", 2)), ...step(p, { op: "alloc_ims", device: "accel", count: 3 })];
  const hpetIrqs = step(p, { op: "alloc", device: "hpet", types: ["msi"], min: 2, max: 2, affinity: "none" });
  return { p, nicIrqs, accelIrqs, hpetIrqs };
}

/** IR on, 6.1: the global INTEL-IR-MSI domain shared by a MSI-X NIC (3 vectors) and a multi-MSI device (4). */
function globalPlatform(): Platform {
  const p = boot([nic(8), MSI], { ir: true, kernel: "6.1" });
  step(p, msix("nic", 3));
  step(p, { op: "alloc", device: "msi", types: ["msi"], min: 4, max: 4, affinity: "none" });
  return p;
}

/** IR off, 6.12: per-device domains straight under VECTOR; IMS refused. */
function plainPlatform(): Platform {
  const p = boot([nic(64), ACCEL, SERIAL], { ir: false, kernel: "6.12" });
  step(p, msix("nic", 2));
  return p;
}

describe("domainTree with interrupt remapping (6.12)", () => {
  const { p, nicIrqs, accelIrqs, hpetIrqs } = irPlatform();
  // A started irq has its MSI-X entry unmasked: the NIC's summary shows one fewer masked entry.
  const err = requestIrq(p.machine.core, nicIrqs[0] ?? -1, "nic-q0", false);
  if (err) throw new Error(err.reason);
  const v = domainTree(p);

  it("has VECTOR as its one root and every domain and device as a node", () => {
    expect(v.nodes[0]).toMatchObject({
      id: "main/domain:VECTOR",
      kind: "vector",
      label: "VECTOR",
      x: expect.any(Number),
    });
    expect(v.nodes[0]?.parent).toBeUndefined();
    expect(v.nodes.filter((n) => n.parent === undefined)).toHaveLength(1);
    expect(v.nodes.map((n) => `${n.kind} ${n.id}`).sort()).toEqual([
      "device main/device:accel",
      "device main/device:dmar0",
      "device main/device:hpet",
      "device main/device:nic",
      "device main/device:ttyS0",
      "dmar-msi main/domain:DMAR-MSI",
      "hpet main/domain:HPET-MSI-0",
      "ims main/domain:IR-DEV-IMS-0000:05:00.0-15",
      "ioapic main/domain:IO-APIC-0",
      "ir main/domain:INTEL-IR-0-13",
      "pci-msix main/domain:IR-PCI-MSIX-0000:03:00.0-12",
      "pci-msix main/domain:IR-PCI-MSIX-0000:05:00.0-12",
      "vector main/domain:VECTOR",
    ]);
  });

  it("puts the IR unit and DMAR-MSI under VECTOR, the remapped domains under IR, each device under its domain", () => {
    expect(childrenOf(v, "main/domain:VECTOR")).toEqual(["main/domain:INTEL-IR-0-13", "main/domain:DMAR-MSI"]);
    // Siblings by kind, then label.
    expect(childrenOf(v, "main/domain:INTEL-IR-0-13")).toEqual([
      "main/domain:IO-APIC-0",
      "main/domain:HPET-MSI-0",
      "main/domain:IR-PCI-MSIX-0000:03:00.0-12",
      "main/domain:IR-PCI-MSIX-0000:05:00.0-12",
      "main/domain:IR-DEV-IMS-0000:05:00.0-15",
    ]);
    expect(childrenOf(v, "main/domain:IR-PCI-MSIX-0000:03:00.0-12")).toEqual(["main/device:nic"]);
    expect(childrenOf(v, "main/domain:IR-PCI-MSIX-0000:05:00.0-12")).toEqual(["main/device:accel"]);
    expect(childrenOf(v, "main/domain:IO-APIC-0")).toEqual(["main/device:ttyS0"]);
    expect(childrenOf(v, "main/domain:HPET-MSI-0")).toEqual(["main/device:hpet"]);
    expect(childrenOf(v, "main/domain:DMAR-MSI")).toEqual(["main/device:dmar0"]);
    // Nothing is laid out under the IMS domain: its device already has a tree parent.
    expect(childrenOf(v, "main/domain:IR-DEV-IMS-0000:05:00.0-15")).toEqual([]);
  });

  it("draws the IMS domain → device edge as the one secondary edge, and one tree edge per non-root node", () => {
    expect(secondaryEdges(v)).toEqual([
      {
        id: "main/domain:IR-DEV-IMS-0000:05:00.0-15->main/device:accel",
        source: "main/domain:IR-DEV-IMS-0000:05:00.0-15",
        target: "main/device:accel",
        secondary: true,
      },
    ]);
    const tree = v.edges.filter((e) => !e.secondary);
    expect(tree).toHaveLength(v.nodes.length - 1);
    for (const n of v.nodes) {
      if (n.parent) expect(tree).toContainEqual({ id: `${n.parent}->${n.id}`, source: n.parent, target: n.id });
    }
    expect(new Set(v.edges.map((e) => e.id)).size).toBe(v.edges.length);
  });

  it("counts the irqs each domain maps and each device allocated", () => {
    expect(nicIrqs).toHaveLength(4);
    expect(accelIrqs).toHaveLength(5);
    expect(hpetIrqs).toHaveLength(2);
    expect(node(v, "main/device:nic").mapped).toBe(nicIrqs.length);
    expect(node(v, "main/device:accel").mapped).toBe(accelIrqs.length);
    expect(node(v, "main/device:hpet").mapped).toBe(hpetIrqs.length);
    expect(node(v, "main/device:ttyS0").mapped).toBe(1);
    expect(node(v, "main/device:dmar0").mapped).toBe(1);
    expect(node(v, "main/domain:IR-PCI-MSIX-0000:03:00.0-12").mapped).toBe(4);
    expect(node(v, "main/domain:IR-PCI-MSIX-0000:05:00.0-12").mapped).toBe(2);
    expect(node(v, "main/domain:IR-DEV-IMS-0000:05:00.0-15").mapped).toBe(3);
    expect(node(v, "main/domain:HPET-MSI-0").mapped).toBe(2);
    // The 15 ISA irqs the IO-APIC took over from the PIC (0-15 but the cascade); the serial port shares irq 4.
    expect(node(v, "main/domain:IO-APIC-0").mapped).toBe(15);
    // 15 IO-APIC + 2 HPET + 4 NIC + 5 accel; the DMAR fault irq is not remapped.
    expect(node(v, "main/domain:INTEL-IR-0-13").mapped).toBe(26);
    expect(node(v, "main/domain:VECTOR").mapped).toBe(27);
  });

  it("reports sizes, flags and one detail line per node", () => {
    expect(node(v, "main/domain:INTEL-IR-0-13")).toMatchObject({
      size: 65536,
      flags: ["ISOLATED_MSI", "MSI_PARENT", "IRTE 26/65536 used"],
      detail: "INTEL-IR-0-13: 26 irqs mapped · 26 of 65,536 IRTEs used",
    });
    expect(node(v, "main/domain:VECTOR").flags).toEqual(["MSI_PARENT"]);
    expect(node(v, "main/domain:IO-APIC-0")).toMatchObject({ size: 24, flags: [] });
    expect(node(v, "main/domain:HPET-MSI-0")).toMatchObject({ size: 3, flags: ["MSI"] });
    expect(node(v, "main/domain:IR-PCI-MSIX-0000:03:00.0-12")).toMatchObject({
      size: 64,
      flags: ["MSI", "MSI_DEVICE"],
    });
    expect(node(v, "main/domain:IR-DEV-IMS-0000:05:00.0-15")).toMatchObject({ size: 32, flags: ["MSI", "MSI_DEVICE"] });
    expect(node(v, "main/device:accel")).toMatchObject({
      bdf: "0000:05:00.0",
      size: 36,
      flags: ["MSI-X", "IMS", "MSI-X on"],
      detail: "0000:05:00.0 · MSI-X 2/4 · IMS 3/32 (device array)",
    });
    expect(node(v, "main/device:ttyS0")).toMatchObject({
      detail: "GSI 4 · IO-APIC-0 pin 4 · irq 4 · edge",
      flags: ["edge"],
    });
    expect(node(v, "main/domain:DMAR-MSI").bdf).toBeUndefined();
    expect(node(v, "main/domain:DMAR-MSI").stores).toBeUndefined();
  });

  it("summarises each device store from the hardware", () => {
    const nic = p.pci.get("nic");
    const accel = p.pci.get("accel");
    const hpet = p.hpets.get("hpet");
    expect(node(v, "main/device:nic")).toMatchObject({ size: 64, detail: "0000:03:00.0 · MSI-X 4/64" });
    // Allocated entries stay masked until started: only the requested irq's entry is unmasked.
    expect(node(v, "main/device:nic").stores).toEqual([
      { kind: "msix", slots: 64, used: 4, masked: 3, writes: nic?.msixCap?.writes },
    ]);
    expect(node(v, "main/device:accel").stores).toEqual([
      { kind: "msix", slots: 4, used: 2, masked: 2, writes: accel?.msixCap?.writes },
      { kind: "ims-device", slots: 32, used: 3, masked: 3, writes: accel?.ims?.writes },
    ]);
    expect(node(v, "main/device:hpet").stores).toEqual([
      { kind: "hpet", slots: 3, used: 2, masked: 2, writes: hpet?.hw.writes },
    ]);
    expect(node(v, "main/device:ttyS0").stores).toEqual([
      { kind: "ioapic", slots: 1, used: 1, masked: 1, writes: p.ioapic.hw.writes },
    ]);
    expect(nic?.msixCap?.writes).toBeGreaterThan(0);
  });
});

describe("domainTree without interrupt remapping (6.12)", () => {
  const p = plainPlatform();
  const v = domainTree(p);

  it("puts the per-device domains and the IO-APIC straight under VECTOR, with no IR or DMAR node", () => {
    expect(node(v, "main/domain:PCI-MSIX-0000:03:00.0-12")).toMatchObject({
      kind: "pci-msix",
      parent: "main/domain:VECTOR",
      mapped: 2,
    });
    expect(node(v, "main/device:nic").parent).toBe("main/domain:PCI-MSIX-0000:03:00.0-12");
    expect(node(v, "main/domain:IO-APIC-0").parent).toBe("main/domain:VECTOR");
    expect(v.nodes.filter((n) => n.kind === "ir" || n.kind === "dmar-msi")).toEqual([]);
    expect(v.nodes.some((n) => n.id === "main/device:dmar0")).toBe(false);
  });

  it("hangs a device without vectors from its MSI parent, and has no IMS domain to draw", () => {
    expect(applyPlatformStep(p, { op: "alloc_ims", device: "accel", count: 1 }, () => {})).toMatchObject({
      ok: false,
      errno: "ENOTSUPP",
    });
    const after = domainTree(p);
    expect(node(after, "main/device:accel")).toMatchObject({ parent: "main/domain:VECTOR", mapped: 0 });
    expect(secondaryEdges(after)).toEqual([]);
    expect(childrenOf(after, "main/domain:VECTOR")).toEqual([
      "main/domain:IO-APIC-0",
      "main/domain:PCI-MSIX-0000:03:00.0-12",
      "main/device:accel",
    ]);
  });
});

describe("domainTree on 6.1 with interrupt remapping", () => {
  const p = globalPlatform();
  const v = domainTree(p);

  it("has the global INTEL-IR-MSI-0-3 domain under the IR unit, with both devices under it", () => {
    expect(node(v, "main/domain:INTEL-IR-0")).toMatchObject({ kind: "ir", parent: "main/domain:VECTOR" });
    expect(node(v, "main/domain:INTEL-IR-MSI-0-3")).toMatchObject({
      kind: "pci-msi",
      parent: "main/domain:INTEL-IR-0",
      mapped: 7,
      size: 0,
      flags: ["MSI"],
    });
    expect(childrenOf(v, "main/domain:INTEL-IR-MSI-0-3")).toEqual(["main/device:msi", "main/device:nic"]);
    expect(v.nodes.filter((n) => n.kind === "pci-msix")).toEqual([]);
  });

  it("counts a multi-MSI block as its vectors", () => {
    expect(node(v, "main/device:nic")).toMatchObject({ mapped: 3, detail: "0000:03:00.0 · MSI-X 3/8" });
    expect(node(v, "main/device:msi")).toMatchObject({
      mapped: 4,
      size: 4,
      flags: ["MSI", "maskable", "64-bit", "MSI on"],
      detail: "0000:04:00.0 · MSI 4/4",
    });
    expect(node(v, "main/device:msi").stores).toMatchObject([{ kind: "msi", slots: 4, used: 4, masked: 4 }]);
    // Before 6.2 the IR domain is neither an MSI parent nor isolated.
    expect(node(v, "main/domain:INTEL-IR-0").flags).toEqual([`IRTE ${p.iommu?.bitmap.used}/65536 used`]);
    expect(node(v, "main/domain:INTEL-IR-0").mapped).toBe(15 + 3 + 4);
  });
});

describe("an IMS-only device", () => {
  it("sits under its MSI parent, with the IMS domain edge still secondary", () => {
    const p = boot([ACCEL], { ir: true, kernel: "6.12" });
    step(p, { op: "alloc_ims", device: "accel", count: 2 });
    const v = domainTree(p);
    expect(node(v, "main/device:accel")).toMatchObject({ parent: "main/domain:INTEL-IR-0-13", mapped: 2 });
    expect(node(v, "main/domain:IR-DEV-IMS-0000:05:00.0-15")).toMatchObject({
      parent: "main/domain:INTEL-IR-0-13",
      mapped: 2,
    });
    expect(secondaryEdges(v).map((e) => e.id)).toEqual(["main/domain:IR-DEV-IMS-0000:05:00.0-15->main/device:accel"]);
  });

  it("with a queue store: an unbounded IMS domain and one slot per queue context", () => {
    const p = boot([{ ...ACCEL, ims_kind: "system" }], { ir: true, kernel: "6.12" });
    step(p, { op: "alloc_ims", device: "accel", count: 2 });
    const v = domainTree(p);
    expect(node(v, "main/domain:IR-QUEUE-IMS-0000:05:00.0-15")).toMatchObject({ kind: "ims", size: 0, mapped: 2 });
    expect(node(v, "main/device:accel")).toMatchObject({
      detail: "0000:05:00.0 · MSI-X 0/4 · IMS 2 (queue store)",
      size: 6,
    });
    expect(node(v, "main/device:accel").stores?.[1]).toEqual({
      kind: "ims-queue",
      slots: 2,
      used: 2,
      masked: 2,
      writes: p.pci.get("accel")?.ims?.writes,
    });
  });
});

/** Every nested value is a plain object, array or primitive: what postMessage carries unchanged. */
function plainData(value: unknown, path = "view"): string[] {
  if (value === null || typeof value !== "object") {
    return typeof value === "function" ? [`${path} is a function`] : [];
  }
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return value.flatMap((v, i) => plainData(v, `${path}[${i}]`));
  if (proto !== Object.prototype) return [`${path} is a ${proto?.constructor?.name ?? "null-prototype object"}`];
  return Object.entries(value).flatMap(([k, v]) => plainData(v, `${path}.${k}`));
}

describe.each([
  { name: "IR 6.12", make: () => irPlatform().p, levels: 4 },
  { name: "no IR 6.12", make: plainPlatform, levels: 3 },
  { name: "IR 6.1", make: globalPlatform, levels: 4 },
])("the layout ($name)", ({ make, levels }) => {
  const v = domainTree(make());

  it("links every non-root node and every edge to nodes that exist", () => {
    const ids = new Set(v.nodes.map((n) => n.id));
    expect(ids.size).toBe(v.nodes.length);
    for (const n of v.nodes) if (n.id !== "main/domain:VECTOR") expect(ids.has(n.parent ?? "(none)"), n.id).toBe(true);
    for (const e of v.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
  });

  it("places VECTOR on top, devices below their domains, and no two nodes on top of each other", () => {
    const byId = new Map(v.nodes.map((n) => [n.id, n]));
    expect(node(v, "main/domain:VECTOR").y).toBe(0);
    for (const n of v.nodes) {
      const parent = n.parent ? byId.get(n.parent) : undefined;
      if (parent) expect(n.y, n.id).toBe(parent.y + TREE_NODE_HEIGHT + 70);
    }
    for (const [i, a] of v.nodes.entries()) {
      for (const b of v.nodes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= TREE_NODE_WIDTH || Math.abs(a.y - b.y) >= TREE_NODE_HEIGHT;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it("starts the bounding box at (0, 0) and reports its size", () => {
    const xs = v.nodes.map((n) => n.x);
    const ys = v.nodes.map((n) => n.y);
    expect(Math.min(...xs)).toBe(0);
    expect(Math.min(...ys)).toBe(0);
    expect(v.width).toBe(Math.max(...xs) + TREE_NODE_WIDTH);
    expect(v.height).toBe(Math.max(...ys) + TREE_NODE_HEIGHT);
    // VECTOR, [IR,] the device's domain, the device.
    expect(v.height).toBe((levels - 1) * (TREE_NODE_HEIGHT + 70) + TREE_NODE_HEIGHT);
  });

  it("is deterministic and plain data", () => {
    expect(domainTree(make())).toEqual(v);
    expect(structuredClone(v)).toEqual(v);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    expect(plainData(v)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { bootPlatform, type Platform } from "../kernel/platform";
import { type DomainTreeView, domainTree, TREE_NODE_WIDTH, type TreeNode } from "./domain-tree";
import { foldTree } from "./domain-tree-fold";
import { applyPlatformStep } from "./platform-ops";

/** IR on: VECTOR → INTEL-IR → {IO-APIC → ttyS0, nic's MSI-X domain → nic, accel's MSI-X + IMS → accel}, DMAR-MSI → dmar0. */
function platform(): Platform {
  const p = bootPlatform({
    cpus: 4,
    kernel: "6.12",
    legacyPic: true,
    ir: true,
    x2apic: true,
    scheme: "new",
    devices: [
      { model: "pci-msix", name: "nic", bdf: "0000:03:00.0", table_size: 8 },
      { model: "ims-dev", name: "accel", bdf: "0000:05:00.0", table_size: 4, ims_size: 32, ims_kind: "device" },
      { model: "serial", name: "ttyS0", gsi: 4 },
    ],
  });
  for (const s of [
    { op: "alloc", device: "nic", types: ["msix"], min: 2, max: 2, affinity: "none" },
    { op: "alloc", device: "accel", types: ["msix"], min: 1, max: 1, affinity: "none" },
    { op: "alloc_ims", device: "accel", count: 2 },
  ] as const) {
    const r = applyPlatformStep(p, s, () => {});
    if (!r.ok) throw new Error(r.reason);
  }
  return p;
}

const IR = "main/domain:INTEL-IR-0-13";
const NIC_MSIX = "main/domain:IR-PCI-MSIX-0000:03:00.0-12";
const ACCEL_MSIX = "main/domain:IR-PCI-MSIX-0000:05:00.0-12";
const ACCEL_IMS = "main/domain:IR-DEV-IMS-0000:05:00.0-15";

const shown = (v: DomainTreeView): string[] => v.nodes.filter((n) => n.foldedInto === undefined).map((n) => n.id);
function node(v: DomainTreeView, id: string): TreeNode {
  const n = v.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${v.nodes.map((x) => x.id).join(", ")}`);
  return n;
}

describe("foldTree", () => {
  const items = [
    { id: "r", kind: "vector" },
    { id: "a", parent: "r", kind: "ir" },
    { id: "a1", parent: "a", kind: "pci-msix" },
    { id: "d1", parent: "a1", kind: "device" },
    { id: "d2", parent: "a", kind: "device" },
    { id: "b", parent: "r", kind: "dmar-msi" },
  ];

  it("counts children and the domains and devices below every node", () => {
    const f = foldTree(items, []);
    expect(Object.fromEntries(f.children)).toEqual({ r: 2, a: 2, a1: 1, d1: 0, d2: 0, b: 0 });
    expect(f.below.get("r")).toEqual({ domains: 3, devices: 2 });
    expect(f.below.get("a")).toEqual({ domains: 1, devices: 2 });
    expect(f.below.get("d1")).toEqual({ domains: 0, devices: 0 });
    expect(f.folded.size).toBe(0);
    expect(f.foldedInto.size).toBe(0);
  });

  it("hides a collapsed node's subtree behind it; an outer fold wins over an inner one", () => {
    expect(Object.fromEntries(foldTree(items, ["a1"]).foldedInto)).toEqual({ d1: "a1" });
    const f = foldTree(items, ["a1", "a"]);
    expect([...f.folded]).toEqual(["a"]);
    expect(Object.fromEntries(f.foldedInto)).toEqual({ a1: "a", d1: "a", d2: "a" });
  });

  it("folds nothing for a leaf or an id that is not in the tree", () => {
    const f = foldTree(items, ["d1", "b", "nowhere"]);
    expect(f.folded.size).toBe(0);
    expect(f.foldedInto.size).toBe(0);
  });
});

describe("domainTree with collapsed nodes", () => {
  const p = platform();
  const open = domainTree(p);

  it("without a fold shows every node and says what each has below it", () => {
    expect(shown(open)).toHaveLength(open.nodes.length);
    expect(node(open, IR)).toMatchObject({ children: 4, collapsed: false, below: { domains: 4, devices: 3 } });
    expect(node(open, NIC_MSIX)).toMatchObject({ children: 1, below: { domains: 0, devices: 1 } });
    expect(node(open, "main/device:nic")).toMatchObject({ children: 0, below: { domains: 0, devices: 0 } });
  });

  it("hides a collapsed domain's device, drops its edges and keeps the node with its counts", () => {
    const v = domainTree(p, [NIC_MSIX]);
    expect(node(v, NIC_MSIX)).toMatchObject({ collapsed: true, children: 1, below: { domains: 0, devices: 1 } });
    const nic = node(v, "main/device:nic");
    expect(nic.foldedInto).toBe(NIC_MSIX);
    expect({ x: nic.x, y: nic.y }).toEqual({ x: node(v, NIC_MSIX).x, y: node(v, NIC_MSIX).y });
    expect(shown(v)).not.toContain("main/device:nic");
    expect(v.edges.map((e) => e.id)).not.toContain(`${NIC_MSIX}->main/device:nic`);
    // Still every node, the hidden ones last.
    expect(v.nodes.map((n) => n.id).sort()).toEqual(open.nodes.map((n) => n.id).sort());
    expect(v.nodes.at(-1)?.id).toBe("main/device:nic");
  });

  it("lays the shown tree out again: collapsing the IR unit leaves VECTOR with two children, narrow", () => {
    const v = domainTree(p, [IR]);
    expect(shown(v)).toEqual(["main/domain:VECTOR", IR, "main/domain:DMAR-MSI", "main/device:dmar0"]);
    expect(v.width).toBe(2 * TREE_NODE_WIDTH + 40);
    expect(v.width).toBeLessThan(open.width);
    expect(v.edges.map((e) => e.id)).toEqual([
      `main/domain:VECTOR->${IR}`,
      "main/domain:VECTOR->main/domain:DMAR-MSI",
      "main/domain:DMAR-MSI->main/device:dmar0",
    ]);
    for (const id of [NIC_MSIX, ACCEL_IMS, "main/device:accel", "main/device:ttyS0"])
      expect(node(v, id).foldedInto).toBe(IR);
  });

  it("draws the IMS edge only while its device is shown", () => {
    const secondary = (v: DomainTreeView) => v.edges.filter((e) => e.secondary).map((e) => e.id);
    expect(secondary(open)).toEqual([`${ACCEL_IMS}->main/device:accel`]);
    expect(secondary(domainTree(p, [ACCEL_MSIX]))).toEqual([]);
  });

  it("ignores names it does not know and leaves (a fold kept from another machine)", () => {
    expect(domainTree(p, ["main/domain:NOT-HERE", "main/device:nic"])).toEqual(open);
  });
});

/**
 * A synthetic world (a guest beside its host, `backs` links, one broken): the frames side by side, the
 * links bundled between shown nodes (folds included), and what a selection lights across a link.
 */
import { describe, expect, it } from "vitest";
import type { DomainNode } from "../../sim/domain-nodes";
import { layoutDomainTree } from "../../sim/domain-tree";
import type { MachineLink, WorldExtras } from "../../sim/world";
import { FRAME_GAP, FRAME_PAD, FRAME_TITLE, ownIrqOf, worldLight, worldPicture } from "./world-picture";

const node = (id: string, kind: DomainNode["kind"], parent?: string): DomainNode => ({
  id,
  kind,
  label: id.replace(/^\w+:/, ""),
  ...(parent ? { parent } : {}),
  mapped: 0,
  size: 0,
  flags: [],
  detail: "",
});

/** VECTOR → INTEL-IR → PCI-MSIX → devices: a machine's tree in miniature. */
function tree(role: string, devices: readonly string[], collapsed: readonly string[] = []) {
  const nodes = [
    node("domain:VECTOR", "vector"),
    node("domain:INTEL-IR", "ir", "domain:VECTOR"),
    node("domain:PCI-MSIX", "pci-msix", "domain:INTEL-IR"),
    ...devices.map((d) => node(`device:${d}`, "device", "domain:PCI-MSIX")),
  ];
  return layoutDomainTree({ nodes, secondary: [] }, role, collapsed);
}

const backs = (n: number, hostIrq: number, guestIrq: number, device: string, broken?: string): MachineLink => ({
  id: `backs:guest0/${device}/msix/${n}`,
  kind: "backs",
  from: { machine: "host", node: `host/device:${device}`, irq: hostIrq },
  to: { machine: "guest0", node: `guest0/device:${device}`, irq: guestIrq, device, store: "msix", index: n },
  label: `host irq ${hostIrq} → eventfd → KVM route → guest irq ${guestIrq}`,
  via: [{ what: "KVM gsi", value: String(24 + n) }],
  ...(broken ? { broken } : {}),
});

function world(hostCollapsed: readonly string[] = []): WorldExtras {
  return {
    machines: [
      {
        role: "host",
        kind: "host",
        label: "host: 16 CPUs, VT-d IR on, KVM + QEMU/VFIO",
        tree: tree("host", ["nvme0", "nic0", "sata0"], hostCollapsed),
        irqs: [],
        cpus: [],
        ir: undefined,
      },
    ],
    links: [
      backs(0, 57, 24, "nvme0"),
      backs(1, 58, 25, "nvme0"),
      backs(0, 70, 30, "nic0", "unbacked: the host ran out of vectors when the guest unmasked entry 0"),
    ],
  };
}

const guest = () => tree("guest0", ["nvme0", "nic0"]);

describe("worldPicture", () => {
  it("a machine alone is drawn as before: no frame, at the origin, no links", () => {
    const p = worldPicture(guest(), "guest0", undefined, "4 CPUs");
    expect(p.frames).toEqual([]);
    expect(p.trees).toHaveLength(1);
    expect(p.trees[0]).toMatchObject({ dx: 0, dy: 0, frame: undefined });
    expect(p.bundles).toEqual([]);
    expect(worldLight(p, { kind: "irq", irq: 24 }).links.size).toBe(0);
  });

  it("frames the guest and its host side by side, titled, without overlap, each around its tree", () => {
    const p = worldPicture(guest(), "guest0", world(), "4 vCPUs");
    expect(p.frames.map((f) => [f.kind, f.role, f.title])).toEqual([
      ["own", "guest0", "guest: 4 vCPUs"],
      ["host", "host", "host: 16 CPUs, VT-d IR on, KVM + QEMU/VFIO"],
    ]);
    const [g, h] = p.frames;
    if (!g || !h) throw new Error("two frames");
    expect(h.x).toBe(g.x + g.width + FRAME_GAP);
    for (const [i, f] of p.frames.entries()) {
      const t = p.trees[i];
      if (!t) throw new Error("a tree per frame");
      expect(t.dx).toBeGreaterThanOrEqual(f.x + FRAME_PAD);
      expect(t.dy).toBe(FRAME_TITLE + FRAME_PAD);
      // Every node of the tree inside its frame's box, below the title.
      for (const n of t.tree.nodes) {
        expect(n.x + t.dx).toBeGreaterThanOrEqual(f.x + FRAME_PAD);
        expect(n.x + t.dx + 220).toBeLessThanOrEqual(f.x + f.width - FRAME_PAD);
        expect(n.y + t.dy).toBeGreaterThanOrEqual(f.y + FRAME_TITLE);
        expect(n.y + t.dy + 84).toBeLessThanOrEqual(f.y + f.height - FRAME_PAD);
      }
    }
    // The host's tree sits centred in its frame.
    const ht = p.trees[1];
    expect((ht?.dx ?? 0) - h.x).toBeCloseTo(h.x + h.width - ((ht?.dx ?? 0) + (ht?.tree.width ?? 0)));
    // A machine of one node with a long title gets a frame wide enough for the title on one line.
    const one = layoutDomainTree({ nodes: [node("ntb-peer:ntb0", "ntb-peer")], secondary: [] }, "peer");
    const label = "peer host across ntb0: 1 NTB-MSI copy, 1 stale";
    const small = worldPicture(guest(), "guest0", {
      machines: [{ role: "peer", kind: "peer-host", label, tree: one, irqs: [], cpus: [], ir: undefined }],
      links: [],
    }).frames[1];
    expect(small?.width).toBeGreaterThan(label.length * 11);
    expect(small?.width).toBeGreaterThan(one.width + 2 * FRAME_PAD);
    // The guest's frame leaves room for the selected irq's CPU node beside its root.
    const root = g && p.trees[0]?.tree.nodes[0];
    expect((root?.x ?? 0) + 220 + 60 + 220).toBeLessThanOrEqual(g.width - 2 * FRAME_PAD);
    expect(g.broken).toBe(1);
    expect(h.broken).toBe(1);
  });

  it("bundles the links per pair of shown nodes; a fold gathers links into one edge", () => {
    const p = worldPicture(guest(), "guest0", world(), "");
    expect(p.bundles.map((b) => [b.id, b.links.length, b.broken])).toEqual([
      ["link:backs:host/device:nvme0->guest0/device:nvme0", 2, 0],
      ["link:backs:host/device:nic0->guest0/device:nic0", 1, 1],
    ]);
    const folded = worldPicture(guest(), "guest0", world(["host/domain:PCI-MSIX"]), "");
    expect(folded.bundles.map((b) => [b.source, b.target, b.links.length])).toEqual([
      ["host/domain:PCI-MSIX", "guest0/device:nvme0", 2],
      ["host/domain:PCI-MSIX", "guest0/device:nic0", 1],
    ]);
    // A link to a node no tree has is not drawn (nothing to draw it to), but still indexed.
    const gone: WorldExtras = { ...world(), links: [backs(0, 90, 40, "gone0")] };
    const q = worldPicture(guest(), "guest0", gone, "");
    expect(q.bundles).toEqual([]);
    expect(q.index.links.size).toBe(1);
  });

  it("selecting a guest irq lights its link and the host's path from the backing node up to its root", () => {
    const p = worldPicture(guest(), "guest0", world(), "");
    const lit = worldLight(p, { kind: "irq", irq: 25 });
    expect([...lit.links]).toEqual(["backs:guest0/nvme0/msix/1"]);
    expect([...lit.bundles]).toEqual(["link:backs:host/device:nvme0->guest0/device:nvme0"]);
    expect([...lit.nodes.keys()]).toEqual([
      "host/device:nvme0",
      "host/domain:PCI-MSIX",
      "host/domain:INTEL-IR",
      "host/domain:VECTOR",
    ]);
    expect(lit.nodes.get("host/device:nvme0")).toBe("irq 58 backs guest0 irq 25");
    // An irq with no link lights nothing across.
    expect(worldLight(p, { kind: "irq", irq: 99 }).nodes.size).toBe(0);
  });

  it("a path into a folded host subtree lights the fold standing for it", () => {
    const p = worldPicture(guest(), "guest0", world(["host/domain:INTEL-IR"]), "");
    const lit = worldLight(p, { kind: "irq", irq: 30 });
    expect([...lit.nodes.keys()]).toEqual(["host/domain:INTEL-IR", "host/domain:VECTOR"]);
    expect(lit.nodes.get("host/domain:INTEL-IR")).toMatch(/^irq 70 backs guest0 irq 30 \(broken\)$/);
  });

  it("selecting a link lights it and its far end; its own irq is the one the inspector shows", () => {
    const p = worldPicture(guest(), "guest0", world(), "");
    const link = p.index.links.get("backs:guest0/nic0/msix/0");
    expect(link && ownIrqOf(link, "guest0")).toBe(30);
    const lit = worldLight(p, { kind: "link", id: "backs:guest0/nic0/msix/0" });
    expect([...lit.links]).toEqual(["backs:guest0/nic0/msix/0"]);
    expect(lit.nodes.has("host/device:nic0")).toBe(true);
    expect(lit.nodes.has("guest0/device:nic0")).toBe(false);
  });

  it("selecting a host node lights its links, both ends and its own path; an own device node its links", () => {
    const p = worldPicture(guest(), "guest0", world(), "");
    const lit = worldLight(p, { kind: "node", id: "host/device:nvme0" });
    expect([...lit.links]).toEqual(["backs:guest0/nvme0/msix/0", "backs:guest0/nvme0/msix/1"]);
    expect(lit.nodes.has("guest0/device:nvme0")).toBe(true);
    expect(lit.nodes.has("host/domain:VECTOR")).toBe(true);
    const own = worldLight(p, { kind: "node", id: "guest0/device:nic0" });
    expect([...own.links]).toEqual(["backs:guest0/nic0/msix/0"]);
    expect(own.nodes.has("host/device:nic0")).toBe(true);
  });

  it("costs the links at the selection, not all of them: 2,000 links, one lit", () => {
    const many: MachineLink[] = [];
    for (let n = 0; n < 2000; n++) many.push(backs(n, 100 + n, 2000 + n, n % 2 ? "nvme0" : "nic0"));
    const w: WorldExtras = { machines: world().machines, links: many };
    const p = worldPicture(guest(), "guest0", w, "");
    expect(p.bundles).toHaveLength(2);
    const lit = worldLight(p, { kind: "irq", irq: 3999 });
    expect([...lit.links]).toEqual(["backs:guest0/nvme0/msix/1999"]);
  });
});

/**
 * Where links leave their nodes and where their labels stand: on the pane's own machine from the side
 * facing the other machine, on another machine from below a leaf; labels stacked down the gap between
 * the frames, never overlapping, below the leaves they come from.
 */
import { describe, expect, it } from "vitest";
import type { DomainNode } from "../../sim/domain-nodes";
import { layoutDomainTree } from "../../sim/domain-tree";
import type { MachineLink, WorldExtras } from "../../sim/world";
import { LINK_LABEL_SPACING, LINK_LABEL_WIDTH, labelSlots, linkSides } from "./world-flow";
import { FRAME_GAP, worldPicture } from "./world-picture";

const node = (id: string, kind: DomainNode["kind"], parent?: string): DomainNode => ({
  id,
  kind,
  label: id,
  ...(parent ? { parent } : {}),
  mapped: 0,
  size: 0,
  flags: [],
  detail: "",
});

const own = layoutDomainTree(
  { nodes: [node("domain:VECTOR", "vector"), node("device:ntb0", "device", "domain:VECTOR")], secondary: [] },
  "main",
);

function peer(qps: number, collapsed: readonly string[] = []): WorldExtras {
  const nodes = [node("ntb-peer:ntb0", "ntb-peer")];
  const links: MachineLink[] = [];
  for (let q = 0; q < qps; q++) {
    nodes.push(node(`copy:ntb0.qp${q}`, "held-copy", "ntb-peer:ntb0"));
    links.push({
      id: `peer-copy:ntb0/peer/${q}`,
      kind: "peer-copy",
      from: { machine: "peer", node: `peer/copy:ntb0.qp${q}` },
      to: { machine: "main", node: "main/device:ntb0", irq: 40 + q, device: "ntb0", store: "peer", index: q },
      label: `qp ${q}`,
      via: [],
    });
  }
  const tree = layoutDomainTree({ nodes, secondary: [] }, "peer", collapsed);
  return {
    machines: [{ role: "peer", kind: "peer-host", label: "peer", tree, irqs: [], cpus: [], ir: undefined }],
    links,
  };
}

describe("link sides and label slots", () => {
  it("own ends face the other machine; another machine's leaves send their links from below", () => {
    const wp = worldPicture(own, "main", peer(3));
    const sides = linkSides(wp);
    expect(sides.get("main/device:ntb0")).toBe("right");
    for (let q = 0; q < 3; q++) expect(sides.get(`peer/copy:ntb0.qp${q}`)).toBe("bottom");
    // A fold is a leaf on screen: its links leave from below too.
    const folded = worldPicture(own, "main", peer(3, ["peer/ntb-peer:ntb0"]));
    expect(linkSides(folded).get("peer/ntb-peer:ntb0")).toBe("bottom");
  });

  it("labels stand in the gap left of the peer's frame, one under another, below the copies", () => {
    const wp = worldPicture(own, "main", peer(3));
    const slots = labelSlots(wp, linkSides(wp));
    const frame = wp.frames[1];
    if (!frame) throw new Error("the peer's frame");
    const ys = wp.bundles.map((b) => slots.get(b.id)?.y ?? Number.NaN);
    expect(ys).toHaveLength(3);
    for (const b of wp.bundles) {
      const s = slots.get(b.id);
      expect(s?.x).toBe(frame.x - FRAME_GAP / 2);
      // Inside the gap: the label's box does not reach into either frame.
      expect((s?.x ?? 0) - LINK_LABEL_WIDTH / 2).toBeGreaterThan((wp.frames[0]?.x ?? 0) + (wp.frames[0]?.width ?? 0));
      expect((s?.x ?? 0) + LINK_LABEL_WIDTH / 2).toBeLessThan(frame.x);
    }
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      expect((sorted[i] ?? 0) - (sorted[i - 1] ?? 0)).toBeGreaterThanOrEqual(LINK_LABEL_SPACING);
    }
    const copy = wp.trees[1]?.tree.nodes.find((n) => n.id === "peer/copy:ntb0.qp0");
    expect(sorted[0]).toBeGreaterThan((copy?.y ?? 0) + (wp.trees[1]?.dy ?? 0) + 84);
  });
});

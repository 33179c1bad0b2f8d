/**
 * Where links leave their nodes and where their labels stand: on the pane's own machine from the side
 * facing the other machine, on another machine from below a leaf; labels stacked down the gap between
 * the frames, never overlapping, below the leaves they come from.
 */
import { describe, expect, it } from "vitest";
import type { DomainNode } from "../../sim/domain-nodes";
import { layoutDomainTree } from "../../sim/domain-tree";
import type { MachineLink, WorldExtras } from "../../sim/world";
import { diagramSvg } from "../export/diagram-svg";
import { canvasPicture } from "./picture";
import { diagramWorld, LINK_LABEL_SPACING, LINK_LABEL_WIDTH, labelSlots, linkSides, placedPicture } from "./world-flow";
import { FRAME_GAP, worldLight, worldPicture } from "./world-picture";

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

describe("placedPicture and the exported world", () => {
  it("places every machine's nodes in its frame, lit across the link, and the diagram draws frames and links", () => {
    const w = peer(2);
    const broken = {
      ...w,
      links: w.links.map((l, i) => (i === 1 ? { ...l, broken: "stale copy: CPU 3 is offline" } : l)),
    };
    const wp = worldPicture(own, "main", broken, "4 CPUs");
    const light = worldLight(wp, { kind: "irq", irq: 41 });
    const placed = placedPicture(canvasPicture(own), wp, light);
    const t0 = wp.trees[0];
    const t1 = wp.trees[1];
    const ntb = placed.nodes.find((p) => p.node.id === "main/device:ntb0");
    const raw = own.nodes.find((n) => n.id === "main/device:ntb0");
    expect(ntb?.node.x).toBe((raw?.x ?? 0) + (t0?.dx ?? 0));
    expect(placed.nodes.map((p) => p.node.id)).toContain("peer/copy:ntb0.qp1");
    const qp1 = placed.nodes.find((p) => p.node.id === "peer/copy:ntb0.qp1");
    expect(qp1?.onPath).toBe(true);
    expect(qp1?.node.x).toBe((w.machines[0]?.tree.nodes.find((n) => n.id === qp1?.node.id)?.x ?? 0) + (t1?.dx ?? 0));
    expect(placed.nodes.find((p) => p.node.id === "peer/copy:ntb0.qp0")?.onPath).toBe(false);
    expect(placed.edges.find((e) => e.id === "peer/ntb-peer:ntb0->peer/copy:ntb0.qp1")?.lit).toBe(true);

    const sides = linkSides(wp);
    const world = diagramWorld(wp, light, sides, labelSlots(wp, sides), undefined);
    expect(world?.links.map((l) => [l.lit, l.broken ?? ""])).toEqual([
      [false, ""],
      [true, "stale copy: CPU 3 is offline"],
    ]);
    const palette = {
      background: "#fff",
      text: "#000",
      muted: "#555",
      border: "#ccc",
      accent: "#00f",
      path: "#f60",
      edge: "#999",
      link: "#60c",
      err: "#c00",
      fills: { vector: "#eef", ir: "#ffe", msi: "#efe", ims: "#fef", legacy: "#eee", device: "#fff", target: "#fff" },
    };
    const mono = (text: string, font: { size: number }) => text.length * font.size * 0.6;
    const d = diagramSvg({
      picture: placed,
      caption: ["NTB pair"],
      palette,
      fontFamily: "serif",
      measure: mono,
      ...(world ? { world } : {}),
    });
    expect(d.svg.match(/class="machine-frame /g)).toHaveLength(2);
    expect(d.svg).toContain(">this host: 4 CPUs</text>");
    expect(d.svg).toContain('class="link link-peer-copy link-broken link-lit"');
    expect(d.svg).toContain('stroke="#c00"');
    // The reason, wrapped to the label's width.
    expect(d.svg).toMatch(/>stale copy: CPU 3 is<\/text><text [^>]*>offline<\/text>/);
    // The diagram is as wide as both frames.
    expect(d.width).toBeGreaterThanOrEqual((wp.frames[1]?.x ?? 0) + (wp.frames[1]?.width ?? 0));
  });
});

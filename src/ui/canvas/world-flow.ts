/**
 * A world as drawn: every machine's nodes placed in its frame (the canvas and the export draw the same
 * picture), the frames and link bundles as React Flow elements, on which side of a node its links
 * leave, and where their labels stand.
 */
import { MarkerType, Position } from "@xyflow/react";
import type { TreeNode } from "../../sim/domain-tree";
import { TREE_NODE_HEIGHT } from "../../sim/tree-ids";
import type { MachineLink } from "../../sim/world";
import type { DiagramWorld } from "../export/diagram-world";
import type { LinkEdgeType } from "./LinkEdge";
import type { MachineFrameNodeType } from "./MachineFrameNode";
import type { CanvasPicture, PictureEdge, PictureNode } from "./picture";
import { FRAME_GAP, type LinkBundle, type WorldLight, type WorldPicture } from "./world-picture";

/** A leaf (or a fold) sends its links from below, clear of its neighbours; a domain from its side. */
export type LinkSide = "left" | "right" | "bottom";

/** Where a placed node is: its tree's offset added. */
export function placedNode(n: TreeNode, dx: number, dy: number): TreeNode {
  return dx || dy ? { ...n, x: n.x + dx, y: n.y + dy } : n;
}

/**
 * Each link end's side: on the pane's own machine the side facing the other end (machines stand side
 * by side); on another machine a leaf's (or a fold's) links leave from below, under its neighbours, to
 * their labels stacked below that machine's tree.
 */
export function linkSides(wp: WorldPicture): Map<string, LinkSide> {
  const x = new Map<string, number>();
  const own = new Set<string>();
  wp.trees.forEach((t, i) => {
    for (const n of t.tree.nodes) {
      if (n.foldedInto !== undefined) continue;
      x.set(n.id, n.x + t.dx);
      if (i === 0) own.add(n.id);
    }
  });
  const sides = new Map<string, LinkSide>();
  const leaf = (id: string): boolean => {
    const n = wp.index.nodes.get(id);
    return !own.has(id) && n !== undefined && (n.children === 0 || n.collapsed);
  };
  const side = (id: string, towardsLeft: boolean): LinkSide => (leaf(id) ? "bottom" : towardsLeft ? "left" : "right");
  for (const b of wp.bundles) {
    const s = x.get(b.source) ?? 0;
    const t = x.get(b.target) ?? 0;
    if (!sides.has(b.source)) sides.set(b.source, side(b.source, s > t));
    if (!sides.has(b.target)) sides.set(b.target, side(b.target, s <= t));
  }
  return sides;
}

/** A link label's box in the gap between two frames (CSS .link-label matches the width). */
export const LINK_LABEL_WIDTH = 200;
/** Room per label down the gap: a broken link's label holds its kind, its entry and three lines of reason. */
export const LINK_LABEL_SPACING = 104;

/** Where a bundle's label stands: in the gap left of the further right of its two machines. */
export interface LabelSlot {
  readonly x: number;
  readonly y: number;
}

/**
 * Each bundle's label, stacked down the gap between the machines it joins, in the order of its ends
 * on the right-hand machine, never overlapping: the edge runs through its label, so a label sits on its
 * own line wherever the nodes are (`sides`: a leaf's label goes below it).
 */
export function labelSlots(wp: WorldPicture, sides: ReadonlyMap<string, LinkSide>): Map<string, LabelSlot> {
  const frameOf = new Map<string, number>();
  const centreY = new Map<string, number>();
  wp.trees.forEach((t, i) => {
    for (const n of t.tree.nodes) {
      if (n.foldedInto !== undefined) continue;
      frameOf.set(n.id, i);
      // A link leaving from below has its label below the node, clear of it.
      const below = sides.get(n.id) === "bottom" ? TREE_NODE_HEIGHT + LINK_LABEL_SPACING / 2 : TREE_NODE_HEIGHT / 2;
      centreY.set(n.id, n.y + t.dy + below);
    }
  });
  const byGap = new Map<number, { id: string; y: number }[]>();
  for (const b of wp.bundles) {
    const s = frameOf.get(b.source) ?? 0;
    const t = frameOf.get(b.target) ?? 0;
    if (s === t) continue;
    const right = Math.max(s, t);
    const far = s === right ? b.source : b.target;
    const list = byGap.get(right) ?? [];
    list.push({ id: b.id, y: centreY.get(far) ?? 0 });
    byGap.set(right, list);
  }
  const slots = new Map<string, LabelSlot>();
  for (const [right, list] of byGap) {
    const frame = wp.frames[right];
    if (!frame) continue;
    const x = frame.x - FRAME_GAP / 2;
    list.sort((a, b) => a.y - b.y || (a.id < b.id ? -1 : 1));
    let last = Number.NEGATIVE_INFINITY;
    for (const { id, y } of list) {
      last = Math.max(y, last + LINK_LABEL_SPACING);
      slots.set(id, { x, y: last });
    }
  }
  return slots;
}

export const sidePosition = (side: LinkSide): Position =>
  side === "left" ? Position.Left : side === "right" ? Position.Right : Position.Bottom;

/** The link a bundle's label speaks for. */
export function shownLink(b: LinkBundle, light: WorldLight, selected: string | undefined): MachineLink {
  return (
    b.links.find((l) => l.id === selected) ??
    b.links.find((l) => light.links.has(l.id)) ??
    b.links.find((l) => l.broken) ??
    (b.links[0] as MachineLink)
  );
}

/**
 * The picture of the whole world, every node where it is drawn: the pane's own picture (its path lit
 * by the irq detail) offset into its frame, with what the world lights added, and the other machines'
 * shown nodes and tree edges lit by `light`. The canvas and the export draw this.
 */
export function placedPicture(picture: CanvasPicture, wp: WorldPicture, light: WorldLight): CanvasPicture {
  const own = wp.trees[0];
  if (!own || wp.frames.length === 0) return picture;
  const nodes: PictureNode[] = picture.nodes.map(({ node, onPath, pathNote }) => {
    const across = light.nodes.get(node.id);
    const note = [pathNote, across].filter(Boolean).join(" · ");
    return {
      node: placedNode(node, own.dx, own.dy),
      onPath: onPath || across !== undefined,
      ...(note ? { pathNote: note } : {}),
    };
  });
  const edges: PictureEdge[] = [...picture.edges];
  for (const t of wp.trees.slice(1)) {
    for (const n of t.tree.nodes) {
      if (n.foldedInto !== undefined) continue;
      const note = light.nodes.get(n.id);
      nodes.push({ node: placedNode(n, t.dx, t.dy), onPath: note !== undefined, ...(note ? { pathNote: note } : {}) });
    }
    for (const e of t.tree.edges) {
      const lit = light.nodes.has(e.source) && light.nodes.has(e.target);
      edges.push({ id: e.id, source: e.source, target: e.target, secondary: e.secondary === true, lit });
    }
  }
  const target = picture.target;
  return {
    nodes,
    edges,
    ...(target ? { target: { ...target, x: target.x + own.dx, y: target.y + own.dy } } : {}),
  };
}

/** The frames and links as the exported diagram draws them. */
export function diagramWorld(
  wp: WorldPicture,
  light: WorldLight,
  sides: ReadonlyMap<string, LinkSide>,
  slots: ReadonlyMap<string, LabelSlot>,
  selectedLink: string | undefined,
): DiagramWorld | undefined {
  if (wp.frames.length === 0) return undefined;
  return {
    frames: wp.frames,
    links: wp.bundles.map((b) => {
      const link = shownLink(b, light, selectedLink);
      const slot = slots.get(b.id);
      return {
        id: b.id,
        kind: b.kind,
        source: b.source,
        target: b.target,
        sourceSide: sides.get(b.source) ?? "right",
        targetSide: sides.get(b.target) ?? "left",
        lit: light.bundles.has(b.id),
        count: b.links.length,
        label: link.label,
        ...(slot ? { slot } : {}),
        ...(b.links.length === 1 && link.to.device !== undefined
          ? { entry: [link.to.device, link.to.store, link.to.index].join(" ") }
          : {}),
        ...(link.broken ? { broken: link.broken } : {}),
      };
    }),
  };
}

export interface WorldFlowInput {
  readonly wp: WorldPicture;
  readonly light: WorldLight;
  readonly slots: ReadonlyMap<string, LabelSlot>;
  readonly selectedLink: string | undefined;
  readonly onSelectLink: (l: MachineLink) => void;
}

/** The frames (drawn behind) and the link bundles between machines, as React Flow elements. */
export function worldFlow(input: WorldFlowInput): { frames: MachineFrameNodeType[]; edges: LinkEdgeType[] } {
  const { wp, light, slots, selectedLink, onSelectLink } = input;
  const frames: MachineFrameNodeType[] = wp.frames.map((f) => ({
    id: f.id,
    type: "frame",
    position: { x: f.x, y: f.y },
    data: { frame: f },
    width: f.width,
    height: f.height,
    zIndex: -1,
    // It takes no clicks: the canvas pans through it, its nodes take theirs.
    style: { pointerEvents: "none" },
    selectable: false,
    focusable: false,
    draggable: false,
    connectable: false,
  }));
  const edges: LinkEdgeType[] = [];
  for (const b of wp.bundles) {
    const lit = light.bundles.has(b.id);
    const link = shownLink(b, light, selectedLink);
    const broken = link.broken !== undefined;
    edges.push({
      id: b.id,
      type: "link",
      source: b.source,
      sourceHandle: "link-out",
      target: b.target,
      targetHandle: "link-in",
      className: `edge-link edge-link-${b.kind}${broken ? " edge-link-broken" : ""}${lit ? " edge-link-lit" : ""}`,
      markerEnd: { type: MarkerType.ArrowClosed, color: broken ? "var(--err)" : "var(--link)" },
      // Above the frames and the trees' edges.
      zIndex: 1,
      ariaLabel: `link from ${b.source} to ${b.target}: ${link.label}${broken ? `; broken: ${link.broken}` : ""}`,
      data: {
        bundle: b,
        link,
        lit,
        selected: b.links.some((l) => l.id === selectedLink),
        onSelect: onSelectLink,
        ...(slots.has(b.id) ? { slot: slots.get(b.id) } : {}),
      },
    });
  }
  return { frames, edges };
}

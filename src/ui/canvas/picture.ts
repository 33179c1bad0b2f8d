/**
 * What the canvas draws, as plain data: the shown nodes of the worker's layout with the selected
 * irq's path lit and annotated, the edges, and where the irq lands. React Flow renders it, and the
 * SVG export draws the same picture.
 */
import { hex } from "../../kernel/arch/x86/bitfield";
import type { DomainTreeView, TreeNode } from "../../sim/domain-tree";
import type { IrqDetail } from "../../sim/irq-detail";
import { TREE_NODE_WIDTH } from "../../sim/tree-ids";
import { type TargetText, targetText } from "./node-text";

export interface PictureNode {
  readonly node: TreeNode;
  readonly onPath: boolean;
  /** What the selected irq uses here ("IRTE 19", "MSI-X table entry 0"), or which of its path is folded in. */
  readonly pathNote?: string;
}

export interface PictureEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly secondary: boolean;
  /** Part of the selected irq's path. */
  readonly lit: boolean;
}

/** The selected irq's CPU and vector, beside VECTOR. */
export interface PictureTarget {
  readonly irq: number;
  readonly x: number;
  readonly y: number;
  /** The VECTOR node it hangs from. */
  readonly from: string;
  readonly text: TargetText;
  /** The CPU it lands on, when it has a vector. */
  readonly cpu?: number;
}

export interface CanvasPicture {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  readonly target?: PictureTarget;
}

export const TARGET_GAP = 60;

/** What the selected irq uses at each node of its path. */
function pathNotes(d: IrqDetail): Map<string, string> {
  const notes = new Map<string, string>();
  const device = d.path[0];
  if (d.message && device !== undefined) notes.set(device, d.message.where);
  for (const level of d.levels) {
    if (level.domain === "VECTOR") {
      notes.set(
        level.nodeId,
        d.target.vector < 0
          ? d.imported
            ? "vector not printed"
            : "no vector"
          : `vector ${hex(d.target.vector)} on CPU ${d.target.cpu}`,
      );
    } else if (d.irte && level.domain.startsWith("INTEL-IR")) {
      notes.set(level.nodeId, `IRTE ${d.irte.index}${d.irte.present ? "" : " (not present)"}`);
    } else {
      notes.set(level.nodeId, level.hwirq < 0 ? "hwirq not printed" : `hwirq ${level.hwirq}`);
    }
  }
  return notes;
}

/**
 * The picture of `tree` with `detail`'s path. A path node the user folded away is stood for by the
 * collapsed node hiding it: that one is lit and names what of the path it holds.
 */
export function canvasPicture(tree: DomainTreeView, detail?: IrqDetail): CanvasPicture {
  const path = new Set(detail?.path ?? []);
  // Nodes lit: the path's, and the folds standing for its hidden part (an edge is lit only on the real path).
  const lit = new Set(path);
  const notes = detail ? pathNotes(detail) : new Map<string, string>();
  const byId = new Map(tree.nodes.map((n) => [n.id, n]));
  // Folded path nodes under the node standing for them, top down (the path lists the device first).
  const inside = new Map<string, string[]>();
  for (const id of [...(detail?.path ?? [])].reverse()) {
    const n = byId.get(id);
    if (n?.foldedInto === undefined) continue;
    lit.add(n.foldedInto);
    inside.set(n.foldedInto, [...(inside.get(n.foldedInto) ?? []), n.label]);
  }
  const nodes: PictureNode[] = [];
  for (const n of tree.nodes) {
    if (n.foldedInto !== undefined) continue;
    const folded = inside.get(n.id);
    const note = [notes.get(n.id), folded ? `path inside: ${folded.join(" → ")}` : undefined]
      .filter(Boolean)
      .join(" · ");
    nodes.push({ node: n, onPath: lit.has(n.id), ...(note ? { pathNote: note } : {}) });
  }
  const edges: PictureEdge[] = tree.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    secondary: e.secondary === true,
    lit: path.has(e.source) && path.has(e.target),
  }));
  const root = tree.nodes.find((n) => n.kind === "vector");
  if (!detail || !root) return { nodes, edges };
  return {
    nodes,
    edges,
    target: {
      irq: detail.irq,
      x: root.x + TREE_NODE_WIDTH + TARGET_GAP,
      y: root.y,
      from: root.id,
      text: targetText(detail.irq, detail.target, detail.imported !== undefined),
      ...(detail.target.vector >= 0 ? { cpu: detail.target.cpu } : {}),
    },
  };
}

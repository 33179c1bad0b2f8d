/**
 * The d3 tidy-tree layout of the domain tree: parent links in, top-left positions for React Flow out,
 * shifted so that the bounding box starts at (0, 0).
 */
import { hierarchy, tree } from "d3-hierarchy";

import { TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "./tree-ids";

export { TREE_NODE_HEIGHT, TREE_NODE_WIDTH };

/** Room between neighbours (for the edges and their labels) and between levels. */
const GAP_X = 40;
const GAP_Y = 70;

/** What the layout needs of a node: its id, its tree parent (none for the root) and its sort key. */
export interface LayoutItem {
  readonly id: string;
  readonly parent?: string;
}

export interface Placed<T> {
  readonly item: T;
  readonly x: number;
  readonly y: number;
}

export interface TreeLayout<T> {
  /** Breadth-first, siblings in `compare` order: the same input gives the same list. */
  readonly placed: Placed<T>[];
  readonly width: number;
  readonly height: number;
}

interface Branch<T> {
  readonly item: T;
  readonly children: Branch<T>[];
}

/**
 * Lays out the tree rooted at the one item without a parent. Siblings are ordered by `compare`, so
 * the same hierarchy always gets the same picture; items whose parent is not among `items` are left
 * out (the caller guarantees there are none).
 */
export function layoutTree<T extends LayoutItem>(items: readonly T[], compare: (a: T, b: T) => number): TreeLayout<T> {
  const branches = new Map<string, Branch<T>>();
  for (const item of items) branches.set(item.id, { item, children: [] });
  let root: Branch<T> | undefined;
  for (const b of branches.values()) {
    const parent = b.item.parent === undefined ? undefined : branches.get(b.item.parent);
    if (parent) parent.children.push(b);
    else if (b.item.parent === undefined) root ??= b;
  }
  if (!root) return { placed: [], width: 0, height: 0 };
  const h = hierarchy(root, (b) => (b.children.length ? b.children : undefined)).sort((a, b) =>
    compare(a.data.item, b.data.item),
  );
  // nodeSize: every pair of neighbours is at least one node width + gap apart, whatever the tree.
  // separation 1: cousins as close as siblings (d3's default doubles it), halving the width of a wide hierarchy.
  const laid = tree<Branch<T>>()
    .nodeSize([TREE_NODE_WIDTH + GAP_X, TREE_NODE_HEIGHT + GAP_Y])
    .separation(() => 1)(h);
  const nodes = laid.descendants();
  // d3 gives centres with the root at x = 0; React Flow wants top-left corners, all >= 0.
  const minX = Math.min(...nodes.map((n) => n.x));
  const minY = Math.min(...nodes.map((n) => n.y));
  const placed = nodes.map((n) => ({ item: n.data.item, x: n.x - minX, y: n.y - minY }));
  const width = Math.max(...placed.map((p) => p.x)) + TREE_NODE_WIDTH;
  const height = Math.max(...placed.map((p) => p.y)) + TREE_NODE_HEIGHT;
  return { placed, width, height };
}

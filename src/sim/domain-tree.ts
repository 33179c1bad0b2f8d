/**
 * The whole irqdomain hierarchy of a machine as plain data for the canvas: VECTOR at the top, the
 * IR unit, IO-APIC, HPET, DMAR and PCI/MSI domains below it, and the devices as leaves (domain-nodes.ts),
 * laid out by d3's tidy tree. Built in the worker and posted as is: no class instances, no Maps.
 */
import type { Platform } from "../kernel/platform";
import { type DomainNode, type DomainNodes, domainNodes } from "./domain-nodes";
import { type Below, foldTree } from "./domain-tree-fold";
import { layoutTree } from "./domain-tree-layout";
import { MAIN_MACHINE, type MachineRole, nodeId } from "./tree-ids";

export { TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "./domain-tree-layout";

/**
 * `chip`: an imported chip outside the vector hierarchy as printed (GPIO, irq_sim): its parent is unknown.
 * `ntb-peer`, `held-copy`: an NTB peer host's port and a copy of a message it holds (world-ntb.ts).
 */
export type TreeNodeKind =
  | "vector"
  | "ir"
  | "ioapic"
  | "hpet"
  | "dmar-msi"
  | "pci-msi"
  | "pci-msix"
  | "ims"
  | "chip"
  | "device"
  | "ntb-peer"
  | "held-copy";

export type { Below } from "./domain-tree-fold";

export interface StoreSummary {
  kind: "msi" | "msix" | "ims-device" | "ims-queue" | "ioapic" | "hpet" | "intx";
  /** Vectors / entries / pins / timers (an IMS queue store: queue contexts in use). */
  slots: number;
  /** Slots holding an allocated irq. */
  used: number;
  /** Of the used slots, those the store holds masked (MessageStore.isMasked). */
  masked: number;
  /** Register writes the store has counted (MessageStore.writes; the IO-APIC counts per chip). */
  writes: number;
}

/** A domain or device as the canvas draws it: the node (ids now carry the machine) and its place. */
export interface TreeNode extends DomainNode {
  /** Children in the whole tree (folded or not). */
  children: number;
  /** Domains and devices below it in the whole tree. */
  below: Below;
  /** Collapsed by the user: its subtree is hidden and the layout leaves room for it alone. */
  collapsed: boolean;
  /** Hidden: the id of the shown collapsed node that stands for it (its x, y are that node's). */
  foldedInto?: string;
  /** Top-left position for React Flow, from the d3 layout. */
  x: number;
  y: number;
}

export interface TreeEdge {
  id: string;
  source: string;
  target: string;
  secondary?: boolean;
}

export interface DomainTreeView {
  /** Every node: the shown ones laid out (breadth first), then the hidden ones (`foldedInto` set). */
  nodes: TreeNode[];
  /** Between shown nodes only. */
  edges: TreeEdge[];
  width: number;
  height: number;
}

type Draft = DomainNode;

/** Siblings left to right: the hierarchy's own order (IR before the leaves it feeds), devices last. */
const KIND_ORDER: readonly TreeNodeKind[] = [
  "vector",
  "ir",
  "ioapic",
  "hpet",
  "dmar-msi",
  "pci-msi",
  "pci-msix",
  "ims",
  "chip",
  "device",
  "ntb-peer",
  "held-copy",
];

/** Kind, then label, then id: the same platform always gets the same picture. */
function compareDrafts(a: Draft, b: Draft): number {
  const k = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (k) return k;
  if (a.label !== b.label) return a.label < b.label ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The domain tree of a machine's nodes (domain-nodes.ts), laid out, with ids carrying `machine`.
 * `collapsed` (node ids, a view preference of the UI) folds those subtrees: their nodes are listed as
 * hidden and the layout places only what is shown.
 */
export function layoutDomainTree(
  all: DomainNodes,
  machine: MachineRole,
  collapsed: readonly string[] = [],
): DomainTreeView {
  const id = (key: string): string => nodeId(machine, key);
  const drafts: Draft[] = all.nodes.map((n) => ({
    ...n,
    id: id(n.id),
    ...(n.parent === undefined ? {} : { parent: id(n.parent) }),
  }));

  const fold = foldTree(drafts, collapsed);
  const node = (d: Draft, x: number, y: number): TreeNode => ({
    ...d,
    children: fold.children.get(d.id) ?? 0,
    below: fold.below.get(d.id) ?? { domains: 0, devices: 0 },
    collapsed: fold.folded.has(d.id),
    x,
    y,
  });
  const layout = layoutTree(
    drafts.filter((d) => !fold.foldedInto.has(d.id)),
    compareDrafts,
  );
  const shown: TreeNode[] = layout.placed.map(({ item, x, y }) => node(item, x, y));
  const placed = new Map(shown.map((n) => [n.id, n]));
  const hidden: TreeNode[] = [];
  for (const d of [...drafts].sort(compareDrafts)) {
    const into = placed.get(fold.foldedInto.get(d.id) ?? "");
    if (into) hidden.push({ ...node(d, into.x, into.y), foldedInto: into.id });
  }
  const edges: TreeEdge[] = [];
  for (const n of shown) {
    if (n.parent) edges.push({ id: `${n.parent}->${n.id}`, source: n.parent, target: n.id });
  }
  // IMS hangs off the same device as its MSI-X domain: a second parent, drawn but not laid out.
  const secondary: TreeEdge[] = [];
  for (const [from, to] of all.secondary) {
    const source = id(from);
    const target = id(to);
    if (!placed.has(source) || !placed.has(target)) continue;
    secondary.push({ id: `${source}->${target}`, source, target, secondary: true });
  }
  secondary.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: [...shown, ...hidden], edges: [...edges, ...secondary], width: layout.width, height: layout.height };
}

/** The domain tree of a live platform (tests and the CLI; the worker lays out its snapshot's nodes). */
export function domainTree(
  p: Platform,
  collapsed: readonly string[] = [],
  machine: MachineRole = MAIN_MACHINE,
): DomainTreeView {
  return layoutDomainTree(domainNodes(p), machine, collapsed);
}

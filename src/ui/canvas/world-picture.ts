/**
 * A world on the canvas, as plain data: each machine's tree placed in its own titled frame, side by
 * side (the pane's own machine first), the links between them bundled per pair of shown nodes, and
 * what a selection lights across the links. Built once per view and fold (an index over the links), so a
 * selection costs the links at the selected end, not a pass over every link.
 */
import type { DomainTreeView, TreeNode } from "../../sim/domain-tree";
import { type MachineRole, TREE_NODE_WIDTH } from "../../sim/tree-ids";
import type { LinkKind, MachineLink, WorldExtras, WorldMachineView } from "../../sim/world";
import { TARGET_GAP } from "./picture";

/** Room inside a frame around its tree, the frame's title bar, and the space between frames (link labels). */
export const FRAME_PAD = 32;
export const FRAME_TITLE = 52;
export const FRAME_GAP = 240;

export type FrameKind = "own" | WorldMachineView["kind"];

export interface MachineFrame {
  /** Unique on the canvas (`frame:0` is the pane's own machine). */
  readonly id: string;
  readonly role: MachineRole;
  readonly kind: FrameKind;
  readonly title: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Where its tree's origin is on the canvas. */
  readonly dx: number;
  readonly dy: number;
  /** Links from or to this machine that cannot deliver. */
  readonly broken: number;
}

/** The links between one pair of shown nodes (a fold can gather several), drawn as one edge. */
export interface LinkBundle {
  readonly id: string;
  readonly kind: LinkKind;
  /** Shown node ids (a folded end is drawn at the fold standing for it). */
  readonly source: string;
  readonly target: string;
  readonly links: readonly MachineLink[];
  readonly broken: number;
}

/** A machine's tree and where it is drawn. */
export interface PlacedTree {
  readonly tree: DomainTreeView;
  readonly frame: MachineFrame | undefined;
  readonly dx: number;
  readonly dy: number;
}

export interface WorldPicture {
  /** Empty for a machine alone: it is drawn as before, unframed at the origin. */
  readonly frames: readonly MachineFrame[];
  /** The pane's own tree first, then each world machine's. */
  readonly trees: readonly PlacedTree[];
  readonly bundles: readonly LinkBundle[];
  readonly index: WorldIndex;
}

/** Lookups built once per picture. */
export interface WorldIndex {
  readonly own: MachineRole;
  /** Every node of every tree (shown or folded), by id. */
  readonly nodes: ReadonlyMap<string, TreeNode>;
  readonly links: ReadonlyMap<string, MachineLink>;
  /** The links with an end at a node (by the end's own id, folded or not). */
  readonly byNode: ReadonlyMap<string, readonly MachineLink[]>;
  /** The links with an end at an interrupt: `role#irq`. */
  readonly byIrq: ReadonlyMap<string, readonly MachineLink[]>;
  /** The bundle each link is drawn in. */
  readonly bundleOf: ReadonlyMap<string, string>;
}

/** What the own machine's frame is called: "guest" beside its host, "this host" beside a peer. */
export function ownFrameTitle(world: WorldExtras, caption: string): string {
  const who = world.machines.some((m) => m.kind === "host") ? "guest" : "this host";
  return caption ? `${who}: ${caption}` : who;
}

const irqKey = (machine: MachineRole, irq: number): string => `${machine}#${irq}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A frame title's width on one line (20 px bold, as canvas.css sets it; a generous average glyph), and its badge. */
function titleWidth(title: string, badge: boolean): number {
  return 2 * 18 + title.length * 11.5 + (badge ? 190 : 0);
}

/** The width the pane's own tree needs: itself, and the selected irq's CPU node beside its root. */
function treeWidth(tree: DomainTreeView): number {
  const root = tree.nodes.find((n) => n.parent === undefined && n.foldedInto === undefined);
  const target = root ? root.x + 2 * TREE_NODE_WIDTH + TARGET_GAP : 0;
  return Math.max(tree.width, target);
}

/**
 * The picture of a world: `own` (the pane's tree, titled `ownTitle`) and `world`'s machines side by
 * side, each in a frame; the links bundled between shown nodes. Without other machines: `own` alone,
 * unframed, where it always was.
 */
export function worldPicture(
  own: DomainTreeView,
  role: MachineRole,
  world: WorldExtras | undefined,
  ownTitle = "",
): WorldPicture {
  const machines = world?.machines ?? [];
  const links = world?.links ?? [];
  const all: { role: MachineRole; kind: FrameKind; title: string; tree: DomainTreeView }[] = [
    { role, kind: "own", title: world ? ownFrameTitle(world, ownTitle) : ownTitle, tree: own },
    ...machines.map((m) => ({ role: m.role, kind: m.kind, title: m.label, tree: m.tree })),
  ];

  const nodes = new Map<string, TreeNode>();
  for (const m of all) for (const n of m.tree.nodes) nodes.set(n.id, n);
  const shown = (id: string): string | undefined => {
    const n = nodes.get(id);
    return n ? (n.foldedInto ?? n.id) : undefined;
  };

  const byNode = new Map<string, MachineLink[]>();
  const byIrq = new Map<string, MachineLink[]>();
  const byId = new Map<string, MachineLink>();
  const bundles = new Map<string, { kind: LinkKind; source: string; target: string; links: MachineLink[] }>();
  const bundleOf = new Map<string, string>();
  const brokenOf = new Map<MachineRole, number>();
  for (const l of links) {
    byId.set(l.id, l);
    push(byNode, l.from.node, l);
    if (l.to.node !== l.from.node) push(byNode, l.to.node, l);
    if (l.from.irq !== undefined) push(byIrq, irqKey(l.from.machine, l.from.irq), l);
    if (l.to.irq !== undefined) push(byIrq, irqKey(l.to.machine, l.to.irq), l);
    if (l.broken) {
      brokenOf.set(l.from.machine, (brokenOf.get(l.from.machine) ?? 0) + 1);
      if (l.to.machine !== l.from.machine) brokenOf.set(l.to.machine, (brokenOf.get(l.to.machine) ?? 0) + 1);
    }
    const source = shown(l.from.node);
    const target = shown(l.to.node);
    // An end on no tree (a machine not drawn, a node gone) has nothing to draw to.
    if (source === undefined || target === undefined) continue;
    const id = `link:${l.kind}:${source}->${target}`;
    const b = bundles.get(id);
    if (b) b.links.push(l);
    else bundles.set(id, { kind: l.kind, source, target, links: [l] });
    bundleOf.set(l.id, id);
  }

  const framed = machines.length > 0;
  const frames: MachineFrame[] = [];
  const trees: PlacedTree[] = [];
  let x = 0;
  all.forEach((m, i) => {
    if (!framed) {
      trees.push({ tree: m.tree, frame: undefined, dx: 0, dy: 0 });
      return;
    }
    const broken = i === 0 ? links.filter((l) => l.broken).length : (brokenOf.get(m.role) ?? 0);
    // Wide enough for its title on one line: a small machine (a peer with one copy) gets a wider frame,
    // its tree centred in it.
    const inner = i === 0 ? treeWidth(m.tree) : m.tree.width;
    // Room for the "links broken" badge whenever there are links: a frame keeps its width (and the
    // viewport its fit) when a link breaks or heals.
    const width = Math.max(inner + 2 * FRAME_PAD, titleWidth(m.title, links.length > 0));
    const frame: MachineFrame = {
      id: `frame:${i}`,
      role: m.role,
      kind: m.kind,
      title: m.title,
      x,
      y: 0,
      width,
      height: m.tree.height + FRAME_TITLE + 2 * FRAME_PAD,
      dx: x + (width - inner) / 2,
      dy: FRAME_TITLE + FRAME_PAD,
      // The pane's own frame counts every broken link of its world; another machine its own.
      broken,
    };
    frames.push(frame);
    trees.push({ tree: m.tree, frame, dx: frame.dx, dy: frame.dy });
    x += width + FRAME_GAP;
  });

  return {
    frames,
    trees,
    bundles: [...bundles].map(([id, b]) => ({ id, ...b, broken: b.links.filter((l) => l.broken).length })),
    index: { own: role, nodes, links: byId, byNode, byIrq, bundleOf },
  };
}

/** What is selected, as far as the world is concerned. */
export type WorldSelection =
  | { readonly kind: "irq"; readonly irq: number }
  | { readonly kind: "link"; readonly id: string }
  /** A node: of another machine, or the pane's own (its links light, not its paths). */
  | { readonly kind: "node"; readonly id: string };

export interface WorldLight {
  /** Shown node ids lit (folds standing for a lit node included), with what the selection uses there. */
  readonly nodes: ReadonlyMap<string, string>;
  readonly links: ReadonlySet<string>;
  readonly bundles: ReadonlySet<string>;
}

const NO_LIGHT: WorldLight = { nodes: new Map(), links: new Set(), bundles: new Set() };

/** What a link end does, in a few words, for the node's path note. */
export function linkNote(l: MachineLink): string {
  const broken = l.broken ? " (broken)" : "";
  if (l.kind === "peer-copy") {
    const qp = l.to.index === undefined ? "" : `queue pair ${l.to.index}: `;
    return `${qp}copy of irq ${l.to.irq ?? "?"}'s message${broken}`;
  }
  const from = l.from.irq === undefined ? "" : `irq ${l.from.irq} `;
  return `${from}backs ${l.to.machine} irq ${l.to.irq ?? "?"}${broken}`;
}

/**
 * What `sel` lights across the world: the links at the selected irq, link or node, and at each link's
 * far end the node and its tree up to the root (the path on that machine). The pane's own irq path is
 * the irq detail's, lit by canvasPicture; here only the far side and the links.
 */
export function worldLight(p: WorldPicture, sel: WorldSelection | undefined): WorldLight {
  if (!sel || p.index.links.size === 0) return NO_LIGHT;
  const { index } = p;
  const nodes = new Map<string, string>();
  const links = new Set<string>();
  const bundles = new Set<string>();
  const light = (id: string, note: string | undefined, up: boolean): void => {
    for (let n = index.nodes.get(id); n; n = up && n.parent !== undefined ? index.nodes.get(n.parent) : undefined) {
      const at = n.foldedInto ?? n.id;
      const before = nodes.get(at);
      if (before === undefined || (note && !before)) nodes.set(at, note ?? "");
      note = undefined;
      if (!up) break;
    }
  };
  let start: readonly MachineLink[];
  if (sel.kind === "irq") start = index.byIrq.get(irqKey(index.own, sel.irq)) ?? [];
  else if (sel.kind === "link") start = [index.links.get(sel.id)].filter((l) => l !== undefined);
  else {
    start = index.byNode.get(sel.id) ?? [];
    const n = index.nodes.get(sel.id);
    if (n && !sel.id.startsWith(`${index.own}/`)) light(sel.id, undefined, true);
  }
  for (const l of start) {
    links.add(l.id);
    const b = index.bundleOf.get(l.id);
    if (b) bundles.add(b);
    for (const end of [l.from, l.to]) {
      // The own machine's side is the irq detail's path (an irq or a link with its irq selected); a
      // node selection lights the own end node itself.
      if (end.machine === index.own) {
        if (sel.kind === "node") light(end.node, linkNote(l), false);
        continue;
      }
      light(end.node, linkNote(l), true);
    }
  }
  return { nodes, links, bundles };
}

/** The own machine's interrupt a link is about (what the inspector and the path show with it). */
export function ownIrqOf(l: MachineLink, own: MachineRole): number | undefined {
  if (l.to.machine === own && l.to.irq !== undefined) return l.to.irq;
  if (l.from.machine === own && l.from.irq !== undefined) return l.from.irq;
  return undefined;
}

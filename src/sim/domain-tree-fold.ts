/**
 * Folding the domain tree: which nodes the user's collapsed set hides, and what each node has below
 * it. A view preference of the UI, applied in the worker before the layout, so a folded tree is laid
 * out compactly (d3 places only what is shown).
 */

/** What folding needs of a node: its id, its tree parent and whether it is a device (a leaf). */
export interface FoldItem {
  readonly id: string;
  readonly parent?: string;
  readonly kind: string;
}

/** The nodes below one node, in the whole tree. */
export interface Below {
  readonly domains: number;
  readonly devices: number;
}

export interface Folding {
  /** Children in the whole tree, per node id. */
  readonly children: ReadonlyMap<string, number>;
  /** Descendants in the whole tree, per node id. */
  readonly below: ReadonlyMap<string, Below>;
  /** The collapsed nodes that are shown (a folded node inside a folded subtree is not). */
  readonly folded: ReadonlySet<string>;
  /** A hidden node → the shown collapsed node that stands for it. */
  readonly foldedInto: ReadonlyMap<string, string>;
}

/**
 * Folds the tree rooted at the item without a parent: every node in `collapsed` that has children
 * hides its whole subtree. Ids of `collapsed` that are not in the tree, or are leaves, fold nothing.
 */
export function foldTree(items: readonly FoldItem[], collapsed: readonly string[]): Folding {
  const kids = new Map<string, FoldItem[]>(items.map((i) => [i.id, []]));
  let root: FoldItem | undefined;
  for (const item of items) {
    if (item.parent === undefined) root ??= item;
    else kids.get(item.parent)?.push(item);
  }
  const wanted = new Set(collapsed);
  const children = new Map<string, number>();
  const below = new Map<string, Below>();
  const folded = new Set<string>();
  const foldedInto = new Map<string, string>();

  // Depth first; `into` is the shown collapsed ancestor hiding this node, if any.
  const visit = (item: FoldItem, into: string | undefined): Below => {
    const mine = kids.get(item.id) ?? [];
    if (into !== undefined) foldedInto.set(item.id, into);
    const foldsHere = into === undefined && mine.length > 0 && wanted.has(item.id);
    if (foldsHere) folded.add(item.id);
    let domains = 0;
    let devices = 0;
    for (const child of mine) {
      const b = visit(child, into ?? (foldsHere ? item.id : undefined));
      domains += b.domains + (child.kind === "device" ? 0 : 1);
      devices += b.devices + (child.kind === "device" ? 1 : 0);
    }
    children.set(item.id, mine.length);
    const counts = { domains, devices };
    below.set(item.id, counts);
    return counts;
  };
  if (root) visit(root, undefined);
  return { children, below, folded, foldedInto };
}

/**
 * "Only the selected path": the picture cut to what the selection goes through, so a room sees one
 * chain instead of the whole machine. An irq: its path (device → domains → VECTOR) and where it lands.
 * A device or a domain: its ancestors up to VECTOR, itself and its children. Nothing selected: all.
 * The nodes keep their places in the layout, so switching the cut on and off never moves a node.
 */
import type { DomainTreeView } from "../../sim/domain-tree";
import type { CanvasPicture } from "./picture";

export function onlyThePath(
  picture: CanvasPicture,
  tree: DomainTreeView,
  selectedId: string | undefined,
): CanvasPicture {
  const keep = new Set<string>();
  if (picture.nodes.some((p) => p.onPath)) {
    for (const p of picture.nodes) if (p.onPath) keep.add(p.node.id);
  } else if (selectedId !== undefined) {
    const parent = new Map(tree.nodes.map((n) => [n.id, n.parent]));
    for (let id: string | undefined = selectedId; id !== undefined; id = parent.get(id)) keep.add(id);
    for (const n of tree.nodes) if (n.parent === selectedId && n.foldedInto === undefined) keep.add(n.id);
  } else {
    return picture;
  }
  return {
    ...picture,
    nodes: picture.nodes.filter((p) => keep.has(p.node.id)),
    edges: picture.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
  };
}

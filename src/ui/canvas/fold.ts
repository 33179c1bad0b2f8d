/**
 * The canvas's fold: which nodes the user collapsed, by node id (`main/domain:NAME`,
 * `main/device:NAME`: the machine's role and a name), so it means the same after an operation, an
 * undo, a reload or on another machine of the same role with the same names. A view preference: kept
 * in localStorage, never in the scenario.
 */
import type { DomainTreeView } from "../../sim/domain-tree";
import { MAIN_MACHINE, nodeId } from "../../sim/tree-ids";

export const FOLD_STORAGE_KEY = "irqscope.canvas.collapsed";
/** Folds of machines long gone should not pile up in storage. */
const FOLD_LIMIT = 200;

export function loadFold(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(FOLD_STORAGE_KEY) ?? "[]");
    if (!Array.isArray(v)) return [];
    // Folds saved before ids carried the machine were the one machine's: "main".
    const ids = v.filter((id): id is string => typeof id === "string");
    return ids.map((id) => (id.includes("/") ? id : nodeId(MAIN_MACHINE, id))).slice(-FOLD_LIMIT);
  } catch {
    return [];
  }
}

export function saveFold(ids: readonly string[]): void {
  try {
    localStorage.setItem(FOLD_STORAGE_KEY, JSON.stringify(ids.slice(-FOLD_LIMIT)));
  } catch {
    // Not persisted (private mode, full storage); the fold still holds for this page.
  }
}

/** `ids` with `id` folded or unfolded. */
export function toggleFold(ids: readonly string[], id: string, fold: boolean): string[] {
  const rest = ids.filter((x) => x !== id);
  return fold ? [...rest, id] : rest;
}

/** "Collapse devices": every node whose children are all devices, added to `ids`. */
export function foldDevices(tree: DomainTreeView, ids: readonly string[]): string[] {
  const leafParents = new Map<string, boolean>();
  for (const n of tree.nodes) {
    if (n.parent === undefined) continue;
    leafParents.set(n.parent, (leafParents.get(n.parent) ?? true) && n.kind === "device");
  }
  const add = [...leafParents].filter(([id, all]) => all && !ids.includes(id)).map(([id]) => id);
  return [...ids, ...add];
}

/** "Expand all": the fold without the nodes of this tree (another machine's folds stay). */
export function unfoldTree(tree: DomainTreeView, ids: readonly string[]): string[] {
  const here = new Set(tree.nodes.map((n) => n.id));
  return ids.filter((id) => !here.has(id));
}

/** The folded nodes that hide any of `ids`: each one's ancestors that are in `fold`. */
export function foldsHiding(tree: DomainTreeView, fold: readonly string[], ids: readonly string[]): string[] {
  const parent = new Map(tree.nodes.map((n) => [n.id, n.parent]));
  const folded = new Set(fold);
  const hiding = new Set<string>();
  for (const id of ids) {
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) if (folded.has(up)) hiding.add(up);
  }
  return [...hiding];
}

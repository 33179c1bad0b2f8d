/** Which canvas nodes the last operation changed (mapped count, detail, stores), for a brief mark. */
import { useEffect, useRef, useState } from "react";
import type { DomainTreeView, TreeNode } from "../../sim/domain-tree";

const MARK_MS = 1600;

function signature(n: TreeNode): string {
  return `${n.mapped}|${n.detail}|${n.flags.join(",")}|${(n.stores ?? []).map((s) => `${s.used}/${s.masked}/${s.writes}`).join(",")}`;
}

export function useTouched(tree: DomainTreeView | undefined, session: string): ReadonlySet<string> {
  const previous = useRef<{ session: string; sigs: Map<string, string> } | undefined>(undefined);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!tree) return;
    const sigs = new Map(tree.nodes.map((n) => [n.id, signature(n)]));
    const before = previous.current;
    previous.current = { session, sigs };
    // A new machine is not an operation: nothing to mark.
    if (!before || before.session !== session) return;
    const changed = new Set<string>();
    for (const [id, sig] of sigs) if (before.sigs.get(id) !== sig) changed.add(id);
    if (changed.size === 0) return;
    setTouched(changed);
    const t = setTimeout(() => setTouched(new Set()), MARK_MS);
    return () => clearTimeout(t);
  }, [tree, session]);
  return touched;
}

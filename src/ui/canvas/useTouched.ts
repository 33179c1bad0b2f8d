/**
 * Which canvas nodes the last operation changed (mapped count, detail, stores). `changed` holds until
 * the next view of the tree (a page or test can read it at any time); `glowing` is the brief mark.
 */
import { useEffect, useRef, useState } from "react";
import type { DomainTreeView, TreeNode } from "../../sim/domain-tree";

const MARK_MS = 1600;

export interface Touched {
  readonly changed: ReadonlySet<string>;
  /** Whether the changed nodes are still marked for the eye. */
  readonly glowing: boolean;
}

const NOTHING: Touched = { changed: new Set(), glowing: false };

function signature(n: TreeNode): string {
  return `${n.mapped}|${n.detail}|${n.flags.join(",")}|${(n.stores ?? []).map((s) => `${s.used}/${s.masked}/${s.writes}`).join(",")}`;
}

export function useTouched(tree: DomainTreeView | undefined, session: string): Touched {
  const previous = useRef<{ session: string; sigs: Map<string, string> } | undefined>(undefined);
  const [touched, setTouched] = useState<Touched>(NOTHING);
  useEffect(() => {
    if (!tree) return;
    const sigs = new Map(tree.nodes.map((n) => [n.id, signature(n)]));
    const before = previous.current;
    previous.current = { session, sigs };
    const changed = new Set<string>();
    // A new machine is not an operation: nothing to mark.
    if (before && before.session === session) {
      for (const [id, sig] of sigs) if (before.sigs.get(id) !== sig) changed.add(id);
    }
    if (changed.size === 0) {
      setTouched(NOTHING);
      return;
    }
    setTouched({ changed, glowing: true });
    const t = setTimeout(() => setTouched({ changed, glowing: false }), MARK_MS);
    return () => clearTimeout(t);
  }, [tree, session]);
  return touched;
}

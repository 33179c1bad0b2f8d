/**
 * React Flow redraws and re-measures every node (and edge) whose object is new. A view after each
 * command rebuilds them all, although most say exactly what they said: this hands back the previous
 * object of each item whose content (and callbacks) did not change, and the previous array when none did.
 */
import { useMemo, useRef } from "react";

interface Kept<T> {
  readonly key: string;
  readonly item: T;
}

/** The functions an item's data carries (JSON leaves them out): kept only while they are the same. */
function sameCallbacks(a: unknown, b: unknown): boolean {
  const da = (a as { data?: Record<string, unknown> }).data;
  const db = (b as { data?: Record<string, unknown> }).data;
  if (!da || !db) return true;
  for (const k of Object.keys(db)) if (typeof db[k] === "function" && da[k] !== db[k]) return false;
  return true;
}

export function useStableItems<T extends { readonly id: string }>(items: T[]): T[] {
  const previous = useRef<{ byId: Map<string, Kept<T>>; out: T[] }>({ byId: new Map(), out: [] });
  return useMemo(() => {
    const before = previous.current;
    const byId = new Map<string, Kept<T>>();
    let allKept = items.length === before.out.length;
    const out = items.map((item, i) => {
      const key = JSON.stringify(item);
      const old = before.byId.get(item.id);
      const kept = old && old.key === key && sameCallbacks(old.item, item) ? old.item : item;
      if (kept !== before.out[i]) allKept = false;
      byId.set(item.id, { key, item: kept });
      return kept;
    });
    const result = allKept ? before.out : out;
    previous.current = { byId, out: result };
    return result;
  }, [items]);
}

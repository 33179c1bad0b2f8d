/**
 * The sizes React Flow measured, handed back on the nodes we give it. A node object without them is
 * taken for a new node: React Flow forgets its handles, draws it at its first size, measures it again
 * (a forced layout) and drops its edges until it has; a step in compare mode did that to each node
 * whose text changed, in both panes. A node that really changes size is measured again all the same:
 * React Flow watches each node's box.
 */
import type { NodeChange } from "@xyflow/react";
import { useMemo } from "react";
import { useLatestCallback } from "../useLatestCallback";

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** `instance`: the React Flow instance's key (a new instance measures afresh). */
export function useMeasuredSizes(instance: string): {
  readonly sizes: ReadonlyMap<string, Size>;
  readonly onNodesChange: (changes: NodeChange[]) => void;
} {
  // biome-ignore lint/correctness/useExhaustiveDependencies: one map per React Flow instance
  const sizes = useMemo(() => new Map<string, Size>(), [instance]);
  const onNodesChange = useLatestCallback((changes: NodeChange[]) => {
    for (const c of changes) {
      if (c.type === "dimensions" && c.dimensions) sizes.set(c.id, c.dimensions);
      else if (c.type === "remove") sizes.delete(c.id);
    }
  });
  return { sizes, onNodesChange };
}

/**
 * The file the debugfs tab shows (a path under /sys/kernel/debug) and whether it follows the
 * selection, like `watch cat` on the selected object's file: an irq opens irq/irqs/N, a domain
 * irq/domains/NAME, a CPU irq/domains/VECTOR (its row). Picking a file by hand shows that file
 * until the selection changes again.
 */
import { create } from "zustand";
import { type Selection, useSim } from "../store";

export const DEBUGFS_ROOT = "/sys/kernel/debug";

interface DebugfsPathState {
  path: string;
  follow: boolean;
  show(path: string): void;
  setFollow(on: boolean): void;
}

/** The file a selection is about, if it has one. */
export function debugfsPathOf(selection: Selection | undefined): string | undefined {
  switch (selection?.kind) {
    case "irq":
      return `irq/irqs/${selection.irq}`;
    case "domain":
      return `irq/domains/${selection.name}`;
    case "cpu":
      return "irq/domains/VECTOR";
    default:
      return undefined;
  }
}

export const useDebugfsPath = create<DebugfsPathState>()((set) => ({
  path: debugfsPathOf(useSim.getState().selection) ?? "irq/domains/VECTOR",
  follow: true,
  show: (path) => set({ path }),
  setFollow: (follow) => {
    const path = follow ? debugfsPathOf(useSim.getState().selection) : undefined;
    set(path ? { follow, path } : { follow });
  },
}));

// Follows the selection whether or not the tab is open, so opening it shows the selected object's file.
useSim.subscribe((s, prev) => {
  if (s.selection === prev.selection || !useDebugfsPath.getState().follow) return;
  const path = debugfsPathOf(s.selection);
  if (path) useDebugfsPath.getState().show(path);
});

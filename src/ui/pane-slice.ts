/**
 * What a pane shows besides its machine: the open bottom tab (other views open one: the inspector's
 * "open in the debugfs tab") and the debugfs tab's file, which follows the selection like `watch cat`
 * on the selected object's file until a file is picked by hand. Part of the pane's store, so two panes
 * each have their own.
 */
import type { StateCreator } from "zustand/vanilla";
import type { BottomTab } from "./panels/bottom-tab";
import type { Selection, SimState } from "./store";

export interface PaneState {
  tab: BottomTab;
  openTab(tab: BottomTab): void;
  /** The file the debugfs tab shows (a path under /sys/kernel/debug), and whether it follows the selection. */
  debugfsPath: string;
  debugfsFollow: boolean;
  showDebugfs(path: string): void;
  setDebugfsFollow(on: boolean): void;
  /** Called by select(): a following debugfs tab moves to the new selection's file. */
  followSelection(selection: Selection | undefined): void;
}

/** The file a selection is about, if it has one: irq/irqs/N, irq/domains/NAME, a CPU's VECTOR row. */
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

export const paneSlice: StateCreator<SimState, [], [], PaneState> = (set, get) => ({
  tab: "irqs",
  openTab: (tab) => set({ tab }),
  debugfsPath: "irq/domains/VECTOR",
  debugfsFollow: true,
  showDebugfs: (path) => set({ debugfsPath: path }),
  setDebugfsFollow: (on) => {
    const path = on ? debugfsPathOf(get().selection) : undefined;
    set(path ? { debugfsFollow: on, debugfsPath: path } : { debugfsFollow: on });
  },
  followSelection: (selection) => {
    const path = debugfsPathOf(selection);
    if (path && get().debugfsFollow) set({ debugfsPath: path });
  },
});

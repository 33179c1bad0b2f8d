/**
 * Which bottom tab is open, outside React state so that other views can open one (the inspector's
 * "open in the debugfs tab").
 */
import { create } from "zustand";

export type BottomTab =
  | "irqs"
  | "cpus"
  | "irtes"
  | "vectors"
  | "stores"
  | "timeline"
  | "interrupts"
  | "log"
  | "debugfs";

export const useBottomTab = create<{ tab: BottomTab; open(tab: BottomTab): void }>()((set) => ({
  tab: "irqs",
  open: (tab) => set({ tab }),
}));

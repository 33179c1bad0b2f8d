/** The bottom tabs a pane has (which one is open lives in the pane's store: pane-slice.ts). */
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

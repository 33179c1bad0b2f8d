/**
 * Commands are data: the UI, the timeline, share links and the headless runner all speak these.
 * The vector-level ops here act on the matrix directly; device and irq ops join them as the model grows.
 */
import type { ErrnoName } from "../kernel/errno";

export type Command =
  /** Take `count` vectors on a CPU list: irq_matrix_alloc(), or reserve_managed + alloc_managed when managed. */
  | { readonly op: "vector_alloc"; readonly cpus: string; readonly count?: number; readonly managed?: boolean }
  /** Give back a vector this session holds, by the handle its allocation returned. */
  | { readonly op: "vector_free"; readonly handle: number }
  /** echo 0 > /sys/devices/system/cpu/cpuN/online */
  | { readonly op: "cpu_offline"; readonly cpu: number }
  /** echo 1 > /sys/devices/system/cpu/cpuN/online */
  | { readonly op: "cpu_online"; readonly cpu: number };

export type CommandOp = Command["op"];

/** What one step returned: ok with what it produced, or the kernel's errno and a reason a person can read. */
export type StepResult =
  | { readonly ok: true; readonly summary: string }
  | { readonly ok: false; readonly errno: ErrnoName; readonly reason: string };

/** One line of the event log: a tracepoint as ftrace prints it, a kernel message, or a step's outcome. */
export interface SimEvent {
  readonly seq: number;
  /** Index of the command that caused it; -1 for boot. */
  readonly step: number;
  readonly kind: "trace" | "warn" | "result";
  readonly text: string;
  /** The CPU it concerns, when there is one (for filtering). */
  readonly cpu?: number;
}

/** A short text of a command, as the log and the timeline show it. */
export function describeCommand(cmd: Command): string {
  switch (cmd.op) {
    case "vector_alloc":
      return `vector_alloc cpus ${cmd.cpus}${cmd.count && cmd.count > 1 ? ` ×${cmd.count}` : ""}${cmd.managed ? " managed" : ""}`;
    case "vector_free":
      return `vector_free #${cmd.handle}`;
    case "cpu_offline":
    case "cpu_online":
      return `${cmd.op} ${cmd.cpu}`;
  }
}

/**
 * Commands are data: the UI, the timeline, share links and the headless runner all speak these.
 * Each stands for something a person or a device does to a running kernel.
 */
import type { ErrnoName } from "../kernel/errno";
import type { IrqKind } from "./irq-blocks";

export type { SimEvent } from "./event-log";

export type Command =
  /** A driver allocates `count` irqs (pci_alloc_irq_vectors() and friends) of a kind, on a CPU list. */
  | {
      readonly op: "irq_alloc";
      readonly count?: number;
      readonly kind?: IrqKind;
      readonly cpus?: string;
      readonly name?: string;
      /** Move in process context (IRQD_MOVE_PCNTXT, as interrupt remapping sets it). */
      readonly pcntxt?: boolean;
    }
  /** request_irq() on `count` irqs from `irq` on; handler names default to <block>q<index>. */
  | {
      readonly op: "irq_request";
      readonly irq: number;
      readonly count?: number;
      readonly name?: string;
      readonly shared?: boolean;
    }
  /** free_irq(): removes the named handler (the last one when no name is given). */
  | { readonly op: "irq_free"; readonly irq: number; readonly count?: number; readonly name?: string }
  /** The driver gives back the whole block `irq` belongs to (pci_free_irq_vectors()). */
  | { readonly op: "irq_dealloc"; readonly irq: number }
  /** echo <cpus> > /proc/irq/N/smp_affinity_list (or smp_affinity with form "mask"). */
  | { readonly op: "irq_set_affinity"; readonly irq: number; readonly cpus: string; readonly form?: "list" | "mask" }
  /** The device signals `irq` `times` times. */
  | { readonly op: "irq_raise"; readonly irq: number; readonly times?: number }
  /** Time passes: `jiffies` timer ticks (1 by default); expired vector-cleanup timers run. */
  | { readonly op: "tick"; readonly jiffies?: number }
  /** echo 0 > /sys/devices/system/cpu/cpuN/online */
  | { readonly op: "cpu_offline"; readonly cpu: number }
  /** echo 1 > /sys/devices/system/cpu/cpuN/online */
  | { readonly op: "cpu_online"; readonly cpu: number };

export type CommandOp = Command["op"];

/** What one step returned: ok with what it produced, or the kernel's errno and a reason a person can read. */
export type StepResult =
  | {
      readonly ok: true;
      readonly summary: string /** The first irq an allocation returned. */;
      readonly firstIrq?: number;
    }
  | { readonly ok: false; readonly errno: ErrnoName; readonly reason: string };

const range = (irq: number, count: number | undefined): string =>
  count && count > 1 ? `${irq}-${irq + count - 1}` : `${irq}`;

/** A short text of a command, as the log and the timeline show it. */
export function describeCommand(cmd: Command): string {
  switch (cmd.op) {
    case "irq_alloc":
      return `irq_alloc ${cmd.count ?? 1} ${cmd.kind ?? "reserve"}${cmd.cpus ? ` cpus ${cmd.cpus}` : ""}${cmd.name ? ` "${cmd.name}"` : ""}${cmd.pcntxt ? " pcntxt" : ""}`;
    case "irq_request":
      return `request_irq ${range(cmd.irq, cmd.count)}${cmd.name ? ` "${cmd.name}"` : ""}${cmd.shared ? " shared" : ""}`;
    case "irq_free":
      return `free_irq ${range(cmd.irq, cmd.count)}${cmd.name ? ` "${cmd.name}"` : ""}`;
    case "irq_dealloc":
      return `irq_dealloc ${cmd.irq}`;
    case "irq_set_affinity":
      return `echo ${cmd.cpus} > /proc/irq/${cmd.irq}/${cmd.form === "mask" ? "smp_affinity" : "smp_affinity_list"}`;
    case "irq_raise":
      return `raise irq ${cmd.irq}${cmd.times && cmd.times > 1 ? ` ×${cmd.times}` : ""}`;
    case "tick":
      return `tick ${cmd.jiffies ?? 1}`;
    case "cpu_offline":
    case "cpu_online":
      return `${cmd.op} ${cmd.cpu}`;
  }
}

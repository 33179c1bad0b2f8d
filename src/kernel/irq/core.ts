/**
 * What the generic irq core (kernel/irq/*.c) works on: the descriptors, cpu_online_mask and the
 * kernel log. The arch code and the simulator hand one of these to every core function.
 */

import type { KernelRelease } from "../arch/x86/vector";
import type { CpuMask } from "../cpumask";
import type { KernelConfig } from "../kconfig";
import type { IrqDescTable } from "./irqdesc";

/** Kernel log lines at the levels the core prints them. */
export interface KernelLog {
  /** pr_warn(), pr_err(), WARN(). */
  warn(message: string): void;
  /** pr_debug() (dynamic debug on, as in the reference recordings). */
  debug(message: string): void;
}

export interface IrqCore {
  readonly descs: IrqDescTable;
  /** cpu_online_mask. */
  readonly online: CpuMask;
  readonly kernel: KernelRelease;
  /** The build options that decide which rows and files exist. */
  readonly kconfig: KernelConfig;
  readonly log: KernelLog;
}

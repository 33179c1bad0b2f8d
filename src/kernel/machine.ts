/** Builds a machine's interrupt core from its config, as the boot CPU and then the secondaries bring it up. */
import {
  allocVectorMatrix,
  defaultSystemVectors,
  type KernelRelease,
  lapicAssignSystemVectors,
} from "./arch/x86/vector";
import { CpuMask } from "./cpumask";
import type { IrqMatrix, MatrixObserver } from "./irq/matrix";

export interface MachineConfig {
  /** Possible CPUs (nr_cpu_ids), all brought online at boot. */
  readonly cpus: number;
  /** The kernel release whose behaviour the model follows. */
  readonly kernel: KernelRelease;
  /** A legacy PIC: vector 50 is the cascade, 48–63 start out on CPU 0. */
  readonly legacyPic: boolean;
  /** IDT system vectors (list form); a typical x86-64 config by default. */
  readonly systemVectors?: string;
}

export const DEFAULT_MACHINE: MachineConfig = { cpus: 4, kernel: "6.12", legacyPic: true };
export const MAX_CPUS = 512;
export const KERNEL_RELEASES: readonly KernelRelease[] = ["6.12", "6.6", "6.1"];

export interface Machine {
  readonly config: MachineConfig;
  readonly matrix: IrqMatrix;
  /** cpu_online_mask. */
  readonly online: CpuMask;
}

/** mirrors arch_early_irq_init() + lapic_assign_system_vectors() on CPU 0, then lapic_online() per secondary. */
export function bootMachine(config: MachineConfig, observer?: MatrixObserver): Machine {
  const matrix = allocVectorMatrix(config.cpus, config.kernel, observer);
  lapicAssignSystemVectors(matrix, {
    systemVectors: config.systemVectors ?? defaultSystemVectors(config.kernel),
    legacyPic: config.legacyPic,
  });
  const online = CpuMask.of(config.cpus, [0]);
  for (let cpu = 1; cpu < config.cpus; cpu++) {
    matrix.online(cpu);
    online.set(cpu);
  }
  return { config, matrix, online };
}

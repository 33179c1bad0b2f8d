/** Builds a machine's interrupt core from its config, as the boot CPU and then the secondaries bring it up. */
import {
  allocVectorMatrix,
  type KernelRelease,
  kernelAtLeast,
  lapicAssignSystemVectors,
  NR_LEGACY_IRQS,
  NR_VECTORS,
  systemVectorsOf,
} from "./arch/x86/vector";
import { type VectorDomainObserver, X86VectorDomain } from "./arch/x86/vector-domain";
import { CpuMask } from "./cpumask";
import type { IrqCore, KernelLog } from "./irq/core";
import { IrqDescTable } from "./irq/irqdesc";
import type { IrqMatrix, MatrixObserver } from "./irq/matrix";
import { DISTRIBUTION_KCONFIG, type KernelConfig } from "./kconfig";

export interface MachineConfig {
  /** Possible CPUs (nr_cpu_ids), all brought online at boot. */
  readonly cpus: number;
  /** The kernel release whose behaviour the model follows. */
  readonly kernel: KernelRelease;
  /** A legacy PIC: vector 50 is the cascade, 48–63 start out on CPU 0. */
  readonly legacyPic: boolean;
  /** The build options that change which vectors and files exist; a distribution kernel's by default. */
  readonly kconfig?: KernelConfig;
  /** x2APIC (physical destinations always); xAPIC otherwise. */
  readonly x2apic?: boolean;
  /** IDT system vectors (list form); by default those of a typical x86-64 build with `kconfig`. */
  readonly systemVectors?: string;
}

export const DEFAULT_MACHINE: MachineConfig = { cpus: 4, kernel: "6.12", legacyPic: true };
export const MAX_CPUS = 512;
export const KERNEL_RELEASES: readonly KernelRelease[] = ["6.12", "6.6", "6.1"];

/** gsi_top on q35: one IO-APIC with 24 pins. Dynamic irqs start above it (arch_dynirq_lower_bound()). */
export const Q35_GSI_TOP = 24;
/** NR_IRQS with Debian's CONFIG_NR_CPUS=8192, and IRQ_BITMAP_BITS = NR_IRQS + 8196. */
const NR_IRQS = NR_VECTORS + 64 * 8192;
const IRQ_BITMAP_BITS = NR_IRQS + 8196;

/** mirrors arch_probe_nr_irqs(): the boot value of nr_irqs. */
export function archProbeNrIrqs(cpus: number, gsiTop: number, legacyIrqs: number): number {
  let nrIrqs = Math.min(NR_IRQS, NR_VECTORS * cpus);
  let nr = gsiTop + legacyIrqs + 8 * cpus;
  nr += gsiTop <= NR_LEGACY_IRQS ? 8 * cpus : gsiTop * 16;
  if (nr < nrIrqs) nrIrqs = nr;
  return nrIrqs;
}

/** Everything the model's kernel log and tracepoints go to. */
export interface MachineObserver extends MatrixObserver {
  /** An irq_vectors tracepoint line (after the event name's colon). */
  vectorTrace?(line: string): void;
  /** The same tracepoint as its printer and fields (preferred to `vectorTrace`: printed only if wanted). */
  vectorTracepoint?: VectorDomainObserver["tracepoint"];
  log?: KernelLog;
}

export interface Machine {
  readonly config: MachineConfig;
  readonly matrix: IrqMatrix;
  /** cpu_online_mask. */
  readonly online: CpuMask;
  readonly descs: IrqDescTable;
  readonly vector: X86VectorDomain;
  /** jiffies: advanced by the simulator's clock ticks. */
  readonly clock: { jiffies: number };
  /** What the generic irq core works on. */
  readonly core: IrqCore;
  /** Drivers' CPU hotplug callbacks (cpuhp_setup_state_multi()), run by cpuDown()/cpuUp(). */
  readonly cpuhp: CpuHotplugCallbacks;
}

/**
 * The hotplug states drivers register: `downPrep` (CPUHP_AP_ONLINE_DYN teardown, before the CPU's
 * irqs move), `dead` (a *_DEAD state, after it is gone), `online` (CPUHP_AP_ONLINE_DYN, after the
 * irq core restarted its managed irqs).
 */
export interface CpuHotplugCallbacks {
  readonly downPrep: CpuhpInstance[];
  readonly dead: CpuhpInstance[];
  readonly online: CpuhpInstance[];
}

/** One driver instance's callback on a multi-instance state (its hlist_node): removed by its owner. */
export interface CpuhpInstance {
  /** The device whose driver added it (cpuhp_state_add_instance_nocalls()). */
  readonly owner: string;
  readonly callback: (cpu: number) => void;
}

export function kconfigOf(config: MachineConfig): KernelConfig {
  return config.kconfig ?? DISTRIBUTION_KCONFIG;
}

const SILENT_LOG: KernelLog = { warn: () => {}, debug: () => {} };

/** mirrors smp_prepare_cpus() (the node map) and smp_init() bringing each secondary up: online, then lapic_online(). */
function bringUpSecondaries(online: CpuMask, vector: X86VectorDomain, cpus: number): void {
  for (let cpu = 0; cpu < cpus; cpu++) vector.nodeCpus.set(cpu);
  for (let cpu = 1; cpu < cpus; cpu++) {
    online.set(cpu);
    vector.lapicOnline(cpu);
  }
}

/** The secondaries of a machine booted with `"later"`, once the boot CPU's interrupt setup is done. */
export function smpInit(machine: Machine): void {
  bringUpSecondaries(machine.online, machine.vector, machine.config.cpus);
}

/**
 * mirrors arch_early_irq_init() + lapic_assign_system_vectors() on CPU 0, then lapic_online() per
 * secondary (or, with `"later"`, when the caller runs smpInit()); early_irq_init() makes the legacy
 * descriptors.
 */
export function bootMachine(
  config: MachineConfig,
  observer: MachineObserver = {},
  secondaries: "online" | "later" = "online",
): Machine {
  const matrix = allocVectorMatrix(config.cpus, config.kernel, observer);
  lapicAssignSystemVectors(matrix, {
    systemVectors: config.systemVectors ?? systemVectorsOf(config.kernel, "generic", kconfigOf(config)),
    legacyPic: config.legacyPic,
  });
  const online = CpuMask.of(config.cpus, [0]);
  const legacyIrqs = config.legacyPic ? NR_LEGACY_IRQS : 0;
  const descs = new IrqDescTable(
    archProbeNrIrqs(config.cpus, Q35_GSI_TOP, legacyIrqs),
    config.cpus,
    legacyIrqs,
    IRQ_BITMAP_BITS,
  );
  descs.dynirqLowerBound = Q35_GSI_TOP;
  const clock = { jiffies: 0 };
  const log = observer.log ?? SILENT_LOG;
  const vector = new X86VectorDomain(
    descs,
    matrix,
    online,
    { trace: observer.vectorTrace, tracepoint: observer.vectorTracepoint, warn: (m) => log.warn(m) },
    {
      cleanup: kernelAtLeast(config.kernel, 6, 6) ? "timer" : "ipi",
      clock,
      // q35 has an IO-APIC: every legacy irq is an IO-APIC irq (io_apic_irqs), so none is PIC-driven.
      legacyPicIrqs: 0,
      msiParent: kernelAtLeast(config.kernel, 6, 2),
      // mirrors physflat_probe()/flat_probe(): logical flat while at most 8 CPUs and no x2APIC, until
      // v6.9 made 64-bit always physical.
      destModeLogical: !kernelAtLeast(config.kernel, 6, 9) && !config.x2apic && config.cpus <= 8,
    },
  );
  if (secondaries === "online") bringUpSecondaries(online, vector, config.cpus);
  // Until smp_prepare_cpus() the NUMA node map holds no CPU.
  else for (let cpu = 0; cpu < config.cpus; cpu++) vector.nodeCpus.clear(cpu);
  const cpuhp: CpuHotplugCallbacks = { downPrep: [], dead: [], online: [] };
  return {
    config,
    matrix,
    online,
    descs,
    vector,
    clock,
    core: { descs, online, kernel: config.kernel, kconfig: kconfigOf(config), log },
    cpuhp,
  };
}

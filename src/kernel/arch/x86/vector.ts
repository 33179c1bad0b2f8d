/**
 * The x86 vector domain's use of the matrix (arch/x86/kernel/apic/vector.c): vector space constants,
 * boot seeding and the CPU unplug check. The irq-level state machine builds on this file.
 */
import { bitmapParseList, bitmapToArray } from "../../bitmap";
import { IrqMatrix, type MatrixObserver, type MatrixVariant } from "../../irq/matrix";
import { type KernelConfig, postedMsiBuilt } from "../../kconfig";

/** NR_VECTORS: IDT entries per CPU. */
export const NR_VECTORS = 256;
/** FIRST_EXTERNAL_VECTOR: 0–31 are exceptions. */
export const FIRST_EXTERNAL_VECTOR = 0x20;
/** ISA_IRQ_VECTOR(0): legacy IRQ n sits on 0x30 + n. */
export const ISA_IRQ_VECTOR_BASE = 0x30;
export const NR_LEGACY_IRQS = 16;
/** PIC_CASCADE_IR: IRQ 2 chains the slave PIC and never gets a vector of its own. */
export const PIC_CASCADE_IR = 2;
/** The parking vector of inactive and shut-down interrupts; never a system vector. */
export const MANAGED_IRQ_SHUTDOWN_VECTOR = 0xef;

/**
 * FIRST_SYSTEM_VECTOR, the end of the device-vector window: POSTED_MSI_NOTIFICATION_VECTOR (0xeb)
 * from v6.10, LOCAL_TIMER_VECTOR (0xec) from v4.15 to v6.9.
 */
export function firstSystemVector(kernel: KernelRelease): number {
  return kernelAtLeast(kernel, 6, 10) ? 0xeb : 0xec;
}

/** A kernel release as the model's knobs name it: "6.12", "6.1". */
export type KernelRelease = `${number}.${number}`;

export function kernelAtLeast(kernel: KernelRelease, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = kernel.split(".").map(Number);
  return maj > major || (maj === major && min >= minor);
}

/** irq_matrix_allocated() excludes managed vectors from v6.7 on. */
export function matrixVariantOf(kernel: KernelRelease): MatrixVariant {
  return kernelAtLeast(kernel, 6, 7) ? "v6.7+" : "pre-v6.7";
}

/**
 * The system vectors a typical x86-64 config installs in the IDT (spec §2), without the PIC cascade.
 * Only 128 (IA32 syscall) falls inside the window; before v6.6 so did 32 (IRQ_MOVE_CLEANUP_VECTOR).
 */
export const DEFAULT_SYSTEM_VECTORS = "0-19,21,128,236,240-242,244,246-255";

/** The IDT gates of a board's kernel besides the config-dependent ones below. */
const BOARD_SYSTEM_VECTORS = {
  // spec §2's typical config, without KVM's posted-interrupt gates
  generic: "0-19,21,128,236,244,246-255",
  // Debian's config on QEMU q35: also the TDX #VE (20) and SEV #VC (29) gates
  q35: "0-21,29,128,236,244,246-255",
} as const;

/**
 * mirrors the gates idt_setup_apic_and_irq_gates() installs and marks in system_vectors: the board's
 * fixed set, IRQ_MOVE_CLEANUP_VECTOR (32) before v6.6, POSTED_INTR_{NESTED_,WAKEUP_,}VECTOR
 * (0xf0–0xf2) with KVM, POSTED_MSI_NOTIFICATION_VECTOR (0xeb) with X86_POSTED_MSI (v6.10+).
 */
export function systemVectorsOf(
  kernel: KernelRelease,
  board: keyof typeof BOARD_SYSTEM_VECTORS,
  k: KernelConfig,
): string {
  const parts: string[] = [];
  if (!kernelAtLeast(kernel, 6, 6)) parts.push("32");
  parts.push(BOARD_SYSTEM_VECTORS[board]);
  if (postedMsiBuilt(k, kernel)) parts.push("235");
  if (k.kvm) parts.push("240-242");
  return parts.join(",");
}

export interface VectorBootConfig {
  /** The IDT gates installed as system vectors (bitmap-list form). */
  readonly systemVectors: string;
  /** nr_legacy_irqs() > 1: a PIC exists, so vector 50 (cascade) is a system vector and 48–63 are preassigned. */
  readonly legacyPic: boolean;
}

/** mirrors irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR) in arch_early_irq_init(). */
export function allocVectorMatrix(nrCpus: number, kernel: KernelRelease, observer?: MatrixObserver): IrqMatrix {
  return new IrqMatrix(
    nrCpus,
    NR_VECTORS,
    FIRST_EXTERNAL_VECTOR,
    firstSystemVector(kernel),
    matrixVariantOf(kernel),
    observer,
  );
}

/**
 * mirrors lapic_assign_system_vectors(): system vectors, the PIC cascade, the boot CPU online,
 * then the legacy ISA vectors marked as allocated on CPU 0.
 */
export function lapicAssignSystemVectors(matrix: IrqMatrix, cfg: VectorBootConfig): void {
  const system = bitmapParseList(cfg.systemVectors, NR_VECTORS);
  if (!system.ok) throw new RangeError(`system vectors: ${system.reason}`);
  for (const bit of bitmapToArray(system.map, NR_VECTORS)) matrix.assignSystem(bit, false, 0);
  if (cfg.legacyPic) matrix.assignSystem(ISA_IRQ_VECTOR_BASE + PIC_CASCADE_IR, false, 0);
  matrix.online(0);
  if (!cfg.legacyPic) return;
  for (let irq = 0; irq < NR_LEGACY_IRQS; irq++) {
    if (irq !== PIC_CASCADE_IR) matrix.assign(ISA_IRQ_VECTOR_BASE + irq, 0);
  }
}

export interface UnplugCheck {
  readonly ok: boolean;
  /** irq_matrix_allocated() on the dying CPU: what would have to move. */
  readonly toMove: number;
  /** irq_matrix_available(cpudown=true): room on the other online CPUs. */
  readonly available: number;
  /** The kernel's pr_warn lines, if any. */
  readonly messages: readonly string[];
}

/** mirrors lapic_can_unplug_cpu(), evaluated as if running on `cpu`. */
export function lapicCanUnplugCpu(matrix: IrqMatrix, cpu: number): UnplugCheck {
  const toMove = matrix.allocated(cpu);
  const available = matrix.available(true, cpu);
  if (available < toMove) {
    const msg = `CPU ${cpu} has ${toMove} vectors, ${available} available. Cannot disable CPU`;
    matrix.observer.prWarn?.(msg);
    return { ok: false, toMove, available, messages: [msg] };
  }
  const reserved = matrix.reserved();
  if (available < reserved) {
    const msg = `Reserved vectors ${reserved} > available ${available}. IRQ request may fail`;
    matrix.observer.prWarn?.(msg);
    return { ok: true, toMove, available, messages: [msg] };
  }
  return { ok: true, toMove, available, messages: [] };
}

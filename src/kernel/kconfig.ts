import { type KernelRelease, kernelAtLeast } from "./arch/x86/vector";

/**
 * The kernel build options that change which irqs, vectors and /proc or debugfs files exist. A
 * distribution kernel (Debian's 6.1 and 6.12) is the default: KVM as a module, no irq debugfs, no
 * posted MSI. Rebuilt kernels (the shared q35 recordings) turn debugfs on and KVM off.
 */
export interface KernelConfig {
  /** CONFIG_KVM (6.1: CONFIG_HAVE_KVM): the posted-interrupt IDT gates 0xf0–0xf2 and the PIN/NPI/PIW rows. */
  readonly kvm: boolean;
  /** CONFIG_GENERIC_IRQ_DEBUGFS: /sys/kernel/debug/irq exists. */
  readonly genericIrqDebugfs: boolean;
  /** CONFIG_X86_POSTED_MSI (v6.10+): the gate 0xeb and the PMN row; posting itself needs `intremap=posted_msi`. */
  readonly x86PostedMsi: boolean;
}

/** Debian's build of 6.1 and 6.12 (bookworm, bookworm-backports). */
export const DISTRIBUTION_KCONFIG: KernelConfig = { kvm: true, genericIrqDebugfs: false, x86PostedMsi: false };

/** The options by their Kconfig names, as scenario files and the knobs show them. */
export const KCONFIG_NAMES = {
  kvm: "KVM",
  genericIrqDebugfs: "GENERIC_IRQ_DEBUGFS",
  x86PostedMsi: "X86_POSTED_MSI",
} as const satisfies Record<keyof KernelConfig, string>;

/** A KernelConfig under the Kconfig names (`{ KVM, GENERIC_IRQ_DEBUGFS, X86_POSTED_MSI }`). */
export type KconfigByName = { [K in keyof KernelConfig as (typeof KCONFIG_NAMES)[K]]: boolean };

export function kconfigByName(k: KernelConfig): KconfigByName {
  return { KVM: k.kvm, GENERIC_IRQ_DEBUGFS: k.genericIrqDebugfs, X86_POSTED_MSI: k.x86PostedMsi };
}

export function kernelConfigFromNames(n: KconfigByName): KernelConfig {
  return { kvm: n.KVM, genericIrqDebugfs: n.GENERIC_IRQ_DEBUGFS, x86PostedMsi: n.X86_POSTED_MSI };
}

/** X86_POSTED_MSI exists from v6.10 on: the one release rule of these options. */
export function postedMsiBuilt(k: KernelConfig, kernel: KernelRelease): boolean {
  return k.x86PostedMsi && kernelAtLeast(kernel, 6, 10);
}

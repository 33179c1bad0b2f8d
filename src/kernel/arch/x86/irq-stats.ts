/** arch/x86/kernel/irq.c's part of /proc/interrupts: the architecture's own event rows. */
import { type KernelConfig, postedMsiBuilt } from "../../kconfig";
import type { KernelRelease } from "./vector";
/**
 * The per-CPU rows arch_show_interrupts() always adds under the irqs on a Debian build in a QEMU guest
 * (no hypervisor or platform-IPI rows). The model counts none of these events.
 */
export const X86_ARCH_INTERRUPT_ROWS: readonly (readonly [string, string])[] = [
  ["NMI", "Non-maskable interrupts"],
  ["LOC", "Local timer interrupts"],
  ["SPU", "Spurious interrupts"],
  ["PMI", "Performance monitoring interrupts"],
  ["IWI", "IRQ work interrupts"],
  ["RTR", "APIC ICR read retries"],
  ["RES", "Rescheduling interrupts"],
  ["CAL", "Function call interrupts"],
  ["TLB", "TLB shootdowns"],
  ["TRM", "Thermal event interrupts"],
  ["THR", "Threshold APIC interrupts"],
  ["DFR", "Deferred Error APIC interrupts"],
  ["MCE", "Machine check exceptions"],
  ["MCP", "Machine check polls"],
];

/** The rows KVM's posted-interrupt handlers count (CONFIG_KVM; CONFIG_HAVE_KVM before v6.9). */
const KVM_ROWS: readonly (readonly [string, string])[] = [
  ["PIN", "Posted-interrupt notification event"],
  ["NPI", "Nested posted-interrupt event"],
  ["PIW", "Posted-interrupt wakeup event"],
];

/**
 * mirrors arch_show_interrupts(): the rows above with a count per online CPU, the ERR and MIS totals,
 * then KVM's rows and, with CONFIG_X86_POSTED_MSI (v6.10+), the posted-MSI notification row.
 */
export function archShowInterrupts(prec: number, onlineCpus: number, k: KernelConfig, kernel: KernelRelease): string[] {
  const zeros = " ".repeat(9).concat("0 ").repeat(onlineCpus);
  const row = ([label, text]: readonly [string, string]) => `${label.padStart(prec)}: ${zeros}  ${text}`;
  const rows = [
    ...X86_ARCH_INTERRUPT_ROWS.map(row),
    `${"ERR".padStart(prec)}: ${"0".padStart(10)}`,
    `${"MIS".padStart(prec)}: ${"0".padStart(10)}`,
  ];
  if (k.kvm) rows.push(...KVM_ROWS.map(row));
  if (postedMsiBuilt(k, kernel)) rows.push(row(["PMN", "Posted MSI notification event"]));
  return rows;
}

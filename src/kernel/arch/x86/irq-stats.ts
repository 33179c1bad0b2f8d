/** arch/x86/kernel/irq.c's part of /proc/interrupts: the architecture's own event rows. */
/**
 * The per-CPU rows arch_show_interrupts() adds under the irqs, as a 6.12 guest without KVM prints
 * them (no posted-interrupt, hypervisor or platform-IPI rows). The model counts none of these events.
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

/** mirrors arch_show_interrupts(): the rows above with a count per online CPU, then the ERR and MIS totals. */
export function archShowInterrupts(prec: number, onlineCpus: number): string[] {
  const zeros = " ".repeat(9).concat("0 ").repeat(onlineCpus);
  return [
    ...X86_ARCH_INTERRUPT_ROWS.map(([label, text]) => `${label.padStart(prec)}: ${zeros}  ${text}`),
    `${"ERR".padStart(prec)}: ${"0".padStart(10)}`,
    `${"MIS".padStart(prec)}: ${"0".padStart(10)}`,
  ];
}

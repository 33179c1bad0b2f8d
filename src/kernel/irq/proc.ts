/** /proc/interrupts and /proc/irq/N/smp_affinity[_list] (kernel/irq/proc.c). */
import { archShowInterrupts } from "../arch/x86/irq-stats";
import { kernelAtLeast } from "../arch/x86/vector";
import { type CpuListResult, parseCpuList, parseCpuMaskHex } from "../cpumask";
import { type KernelError, kernelError } from "../errno";
import type { IrqCore } from "./core";
import { IRQD } from "./irqdesc";
import { irqCanSetAffinityUsr, irqSetAffinityLocked } from "./manage";

/** The irq column's width: 3, plus one per extra decimal digit of nr_irqs (show_interrupts()). */
export function interruptsPrecision(nrIrqs: number): number {
  let prec = 3;
  for (let j = 1000; prec < 10 && j <= nrIrqs; j *= 10) prec++;
  return prec;
}

/**
 * mirrors show_interrupts() for the header and every irq with a handler or a count: counts of the
 * online CPUs, the outermost chip, its hwirq, the flow name and the handlers.
 */
export function showInterrupts(core: IrqCore): string {
  const prec = interruptsPrecision(core.descs.nrIrqs);
  const cpus = [...core.online];
  const lines = [" ".repeat(prec + 8) + cpus.map((c) => `CPU${String(c).padEnd(8)}`).join("")];
  for (const irq of core.descs.irqs()) {
    const desc = core.descs.desc(irq);
    if (!desc) continue;
    const anyCount = desc.counts.some((n) => n !== 0);
    if (desc.actions.length === 0 && !anyCount) continue;
    let row = `${String(irq).padStart(prec)}:`;
    for (const c of cpus) row += ` ${String(desc.counts[c] ?? 0).padStart(10)}`;
    const data = desc.data;
    row += ` ${(data?.chip || "None").padStart(8)}`;
    row += data ? ` ${String(data.hwirq).padStart(prec)}` : ` ${" ".repeat(prec)}`;
    if (desc.flowName) row += `-${desc.flowName.padEnd(8)}`;
    if (desc.actions.length > 0) row += `  ${desc.actions.map((a) => a.name).join(", ")}`;
    lines.push(row);
  }
  lines.push(...archShowInterrupts(prec, cpus.length, core.kconfig, core.kernel));
  return `${lines.join("\n")}\n`;
}

/** mirrors show_irq_affinity(): the pending mask while a move waits, else the affinity. */
export function shownAffinity(core: IrqCore, irq: number): string {
  const desc = core.descs.desc(irq);
  if (!desc) return "";
  return (desc.has(IRQD.SETAFFINITY_PENDING) ? desc.pendingMask : desc.affinity).toList();
}

/**
 * mirrors write_irq_affinity(): managed irqs refuse (-EPERM from 6.12, -EIO before), the text must
 * parse, and a mask with no online CPU is -EINVAL on x86. Otherwise irq_set_affinity().
 */
export function writeIrqAffinity(
  core: IrqCore,
  irq: number,
  text: string,
  form: "list" | "mask",
): KernelError | undefined {
  const desc = core.descs.desc(irq);
  if (!desc) return kernelError("ENOENT", `/proc/irq/${irq} does not exist: irq ${irq} is not allocated`);
  if (!irqCanSetAffinityUsr(desc)) {
    const why = desc.has(IRQD.AFFINITY_MANAGED)
      ? `irq ${irq} is managed: the kernel owns its affinity`
      : desc.has(IRQD.NO_BALANCING)
        ? `irq ${irq} is pinned: its driver requested it with IRQF_NOBALANCING`
        : `irq ${irq} cannot be balanced or has no chip that can set affinity`;
    return kernelError(kernelAtLeast(core.kernel, 6, 12) ? "EPERM" : "EIO", why);
  }
  const nbits = core.online.nbits;
  const parsed: CpuListResult = form === "list" ? parseCpuList(text, nbits) : parseCpuMaskHex(text, nbits);
  if (!parsed.ok) return parsed;
  if (!parsed.mask.intersects(core.online)) {
    const list = parsed.mask.toList();
    return kernelError("EINVAL", list ? `no CPU of ${list} is online` : "the mask names no CPU");
  }
  return irqSetAffinityLocked(core, desc, parsed.mask, false);
}

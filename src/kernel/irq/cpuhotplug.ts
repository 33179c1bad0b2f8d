/** Moving irqs off a dying CPU and back onto a returning one (kernel/irq/cpuhotplug.c). */
import { ERRNO } from "../errno";
import { irqShutdownAndDeactivate, irqStartup } from "./chip";
import type { IrqCore } from "./core";
import { IRQD, type IrqDesc } from "./irqdesc";
import { irqDoSetAffinity, irqSetAffinityLocked } from "./manage";
import { irqFixupMovePending } from "./migration";

/** mirrors irq_force_complete_move(): the first level whose chip can force a move to complete does so. */
function irqForceCompleteMove(desc: IrqDesc, cpu: number): void {
  for (let d = desc.data; d; d = d.parent) {
    const force = d.domain.ops.forceCompleteMove;
    if (force) {
      force(d.domain, d, cpu);
      return;
    }
  }
}

/** mirrors irq_needs_fixup(): the effective affinity (or the affinity if none) names the outgoing CPU. */
function irqNeedsFixup(core: IrqCore, desc: IrqDesc, cpu: number): boolean {
  const m = desc.effective.isEmpty() ? desc.affinity : desc.effective;
  const hasCpu = m.has(cpu);
  const othersExist = hasCpu ? m.weight() > 1 : !m.isEmpty();
  if (othersExist && !m.intersects(core.online)) {
    core.log.warn(
      `Eff. affinity ${m.toList()} of IRQ ${desc.irq} contains only offline CPUs after offlining CPU ${cpu}`,
    );
    return true;
  }
  return hasCpu;
}

/** mirrors migrate_one_irq(). Returns whether the irq's affinity had to be broken. */
function migrateOneIrq(core: IrqCore, desc: IrqDesc, cpu: number): boolean {
  // The model's legacy irqs have no chip at all; the kernel would pr_debug() about them too.
  if (!desc.data) return false;
  if (!desc.data.domain.ops.setAffinity) {
    core.log.debug(`IRQ ${desc.irq}: Unable to migrate away`);
    return false;
  }
  irqForceCompleteMove(desc, cpu);
  if (desc.has(IRQD.PER_CPU) || !desc.has(IRQD.STARTED) || !irqNeedsFixup(core, desc, cpu)) {
    irqFixupMovePending(core, desc, false);
    return false;
  }
  let affinity = irqFixupMovePending(core, desc, true) ? desc.pendingMask.copy() : desc.affinity.copy();
  let brokeAffinity = false;
  if (affinity.and(core.online).isEmpty()) {
    if (desc.has(IRQD.AFFINITY_MANAGED)) {
      desc.set(IRQD.MANAGED_SHUTDOWN);
      irqShutdownAndDeactivate(desc);
      return false;
    }
    affinity = core.online.copy();
    brokeAffinity = true;
  }
  let err = irqDoSetAffinity(core, desc, affinity, false);
  if (err?.errno === "ENOSPC" && !desc.has(IRQD.AFFINITY_MANAGED) && !brokeAffinity) {
    core.log.debug(`IRQ${desc.irq}: set affinity failed for ${affinity.toList()}, re-try with online CPUs`);
    affinity = core.online.copy();
    brokeAffinity = true;
    err = irqDoSetAffinity(core, desc, affinity, false);
  }
  if (err) {
    core.log.warn(`IRQ${desc.irq}: set affinity failed(-${ERRNO[err.errno]}).`);
    brokeAffinity = false;
  }
  return brokeAffinity;
}

/** mirrors irq_migrate_all_off_this_cpu(), run on `cpu` after it left cpu_online_mask. */
export function irqMigrateAllOffThisCpu(core: IrqCore, cpu: number): void {
  for (const irq of core.descs.irqs()) {
    const desc = core.descs.desc(irq);
    if (!desc) continue;
    if (migrateOneIrq(core, desc, cpu)) core.log.debug(`IRQ ${irq}: no longer affine to CPU${cpu}`);
  }
}

/**
 * mirrors irq_affinity_online_cpu() → irq_restore_affinity_of_irq(): requested managed irqs whose
 * mask holds the new CPU start again if they were shut down; single-target ones otherwise stay put.
 */
export function irqAffinityOnlineCpu(core: IrqCore, cpu: number): void {
  for (const irq of core.descs.irqs()) {
    const desc = core.descs.desc(irq);
    if (!desc?.has(IRQD.AFFINITY_MANAGED) || desc.actions.length === 0 || !desc.data || !desc.affinity.has(cpu)) {
      continue;
    }
    if (desc.has(IRQD.MANAGED_SHUTDOWN)) {
      irqStartup(core, desc, false);
      continue;
    }
    if (!desc.has(IRQD.SINGLE_TARGET)) irqSetAffinityLocked(core, desc, desc.affinity, false);
  }
}

/** Deferred affinity changes (kernel/irq/migration.c): applied from the interrupt path. */
import type { IrqCore } from "./core";
import { IRQD, type IrqDesc, noCpus } from "./irqdesc";
import { irqDoSetAffinity } from "./manage";

/**
 * mirrors irq_move_masked_irq(), called on each interrupt (irq_move_irq()): a pending mask with an
 * online CPU is applied now; a busy vector domain keeps it pending for the next interrupt.
 */
export function irqMoveIrq(core: IrqCore, desc: IrqDesc): void {
  if (!desc.has(IRQD.SETAFFINITY_PENDING)) return;
  desc.clear(IRQD.SETAFFINITY_PENDING);
  if (desc.pendingMask.isEmpty() || !desc.data?.domain.ops.setAffinity) return;
  if (!desc.pendingMask.and(core.online).isEmpty()) {
    const err = irqDoSetAffinity(core, desc, desc.pendingMask, false);
    if (err?.errno === "EBUSY") {
      desc.set(IRQD.SETAFFINITY_PENDING);
      return;
    }
  }
  desc.pendingMask = noCpus(desc.pendingMask.nbits);
}

/**
 * mirrors irq_fixup_move_pending(): on CPU unplug, a pending move whose only targets are offline is
 * dropped; otherwise it reports the pending mask as usable (and clears the flag when asked).
 */
export function irqFixupMovePending(core: IrqCore, desc: IrqDesc, forceClear: boolean): boolean {
  if (!desc.has(IRQD.SETAFFINITY_PENDING)) return false;
  if (desc.pendingMask.and(core.online).isEmpty()) {
    desc.clear(IRQD.SETAFFINITY_PENDING);
    return false;
  }
  if (forceClear) desc.clear(IRQD.SETAFFINITY_PENDING);
  return true;
}
